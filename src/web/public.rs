//! Pages for anyone: find your wijk, a wijk, the initiatives directory and one initiative.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, FormErrors, Visitor, app_error_page, redirect, render};
use crate::domain::paging::{Page, PageRequest};
use crate::i18n::{Arg, Lang, Ui};
use crate::reference::{self, vocabulary};
use crate::service::AppContext;
use crate::service::initiatives::{self, InitiativeView, overview};
use crate::service::stats::{self, PublicCount};
use crate::service::teams::{self, TeamView};
use crate::service::wijken::{self, WijkView};

/// The visitor, or the page that says why there is none (the database is away).
macro_rules! visitor {
    ($ctx:expr, $req:expr) => {
        match Visitor::load(&$ctx, &$req).await {
            Ok(v) => v,
            Err(e) => return app_error_page(&Visitor::without_session(&$req), e),
        }
    };
}
pub(super) use visitor;

/// The caller behind a page's session; a visitor without one is sent to log in first, and
/// comes back to this page after.
macro_rules! signed_in {
    ($visitor:expr, $req:expr) => {
        match $visitor.caller.clone() {
            Some(caller) => caller,
            None => return super::account::login_first(&$visitor, &$req),
        }
    };
}
pub(super) use signed_in;

/// A wijk in a list: its name and where its page is.
pub struct WijkLink {
    pub name: &'static str,
    pub href: String,
}

fn wijk_link(w: &reference::Wijk) -> WijkLink {
    WijkLink {
        name: w.name,
        href: format!("/wijken/{}", w.code),
    }
}

fn all_wijken() -> Vec<WijkLink> {
    reference::wijken().iter().map(wijk_link).collect()
}

fn wijk_name(code: &str) -> &'static str {
    reference::wijk(code).map_or("", |w| w.name)
}

fn theme_label(id: &str, lang: Lang) -> String {
    vocabulary::THEMES.iter().find(|t| t.id == id).map_or_else(
        || id.to_owned(),
        |t| match lang {
            Lang::Nl => t.label_nl.to_owned(),
            Lang::En => t.label_en.to_owned(),
        },
    )
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    c: Chrome,
    errors: FormErrors,
    search: String,
    /// The wijken a search found; `None` before searching.
    found: Option<Vec<WijkLink>>,
    by_postcode: bool,
    wijken: Vec<WijkLink>,
}

#[derive(Deserialize)]
pub struct HomeQuery {
    #[serde(default)]
    zoek: String,
}

/// "In welke wijk woon je?": a postcode or a name leads to the wijk.
pub async fn home(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<HomeQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let search = query.into_inner().zoek.trim().to_owned();
    let title = Ui::HomeTitle.render(visitor.lang);
    let mut page = Home {
        c: visitor.chrome(&title),
        errors: FormErrors::default(),
        search: search.clone(),
        found: None,
        by_postcode: false,
        wijken: all_wijken(),
    };
    if search.is_empty() {
        return render(&visitor, StatusCode::OK, &page);
    }
    // Digits first: a postcode; anything else: a name.
    let by_postcode = search.starts_with(|c: char| c.is_ascii_digit());
    let s = search.clone();
    let found = crate::api::run(&ctx, move |conn| {
        if by_postcode {
            wijken::lookup(conn, Some(&s), None)
        } else {
            wijken::lookup(conn, None, Some(&s))
        }
    })
    .await;
    match found {
        Ok((found, _)) if found.len() == 1 => {
            redirect(&visitor, &format!("/wijken/{}", found[0].code))
        }
        Ok((found, _)) => {
            page.by_postcode = by_postcode && found.len() > 1;
            page.found = Some(
                found
                    .iter()
                    .filter_map(|w| reference::wijk(&w.code).map(wijk_link))
                    .collect(),
            );
            render(&visitor, StatusCode::OK, &page)
        }
        Err(e) => match e.0 {
            e @ crate::error::AppError::Validation(_) => {
                page.errors = FormErrors::from_app_error(e, visitor.lang, "zoek", |_| None);
                page.c =
                    visitor.chrome(&format!("{}{title}", Ui::ErrorPrefix.render(visitor.lang)));
                render(&visitor, StatusCode::BAD_REQUEST, &page)
            }
            other => app_error_page(&visitor, other),
        },
    }
}

/// One row of the figures table.
pub struct StatRow {
    pub label: String,
    pub value: String,
}

/// A whole number with thousands marked the way the reader's language does: 12.970, 12,970.
fn thousands(n: i64, lang: Lang) -> String {
    let digits = n.unsigned_abs().to_string();
    let mark = match lang {
        Lang::Nl => '.',
        Lang::En => ',',
    };
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(mark);
        }
        out.push(d);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn count(c: &PublicCount, lang: Lang) -> String {
    match c {
        PublicCount::Exact(n) => thousands(*n, lang),
        PublicCount::Suppressed(_) => Ui::FewerThanFive.render(lang),
    }
}

fn amount(v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(
        || Ui::NotEnoughData.render(lang),
        |v| ((v * 10.0).round() / 10.0).show(lang),
    )
}

/// An initiative in a list.
pub struct InitiativeItem {
    pub name: String,
    pub href: String,
    pub wijk: &'static str,
    pub themes: String,
    pub summary: String,
}

fn item(i: &InitiativeView, lang: Lang) -> InitiativeItem {
    let summary: String = i.description.chars().take(200).collect();
    InitiativeItem {
        name: i.name.clone(),
        href: format!("/initiatieven/{}", i.id),
        wijk: wijk_name(&i.wijk_code),
        themes: i
            .themes
            .iter()
            .map(|t| theme_label(t, lang))
            .collect::<Vec<_>>()
            .join(", "),
        summary: if summary.len() < i.description.len() {
            format!("{summary}…")
        } else {
            summary
        },
    }
}

#[derive(Template)]
#[template(path = "wijk.html")]
struct WijkPage {
    c: Chrome,
    wijk: WijkView,
    population: String,
    map: Option<String>,
    buurten: Vec<&'static str>,
    neighbours: Vec<WijkLink>,
    teams: Vec<TeamView>,
    initiatives: Vec<InitiativeItem>,
    more_initiatives: bool,
    all_initiatives_href: String,
    stats: Vec<StatRow>,
}

const WIJK_INITIATIVES: u32 = 20;

/// A wijk: its initiatives, its WIJ-team(s), a map and its public figures.
pub async fn wijk(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    code: web::Path<String>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let code = code.into_inner();
    let cursors = ctx.cursors.clone();
    let found = crate::api::run(&ctx, move |conn| {
        let wijk = wijken::get(conn, &code)?;
        let teams = wijk
            .wij_team_ids
            .iter()
            .map(|id| teams::get(conn, id))
            .collect::<Result<Vec<_>, _>>()?;
        let page = PageRequest {
            limit: WIJK_INITIATIVES,
            after: None,
        };
        let filter = initiatives::ListFilter::parse(Some(&code), None, None)?;
        let initiatives = initiatives::list(conn, &filter, &page, &cursors)?;
        let figures = stats::wijken(conn)?.into_iter().find(|s| s.code == code);
        Ok((wijk, teams, initiatives, figures))
    })
    .await;
    let (wijk, teams, initiatives, figures) = match found {
        Ok(found) => found,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let lang = visitor.lang;
    let stats = figures
        .map(|s| {
            vec![
                StatRow {
                    label: Ui::StatsVolunteers.render(lang),
                    value: count(&s.volunteers, lang),
                },
                StatRow {
                    label: Ui::StatsInitiatives.render(lang),
                    value: count(&s.initiatives, lang),
                },
                StatRow {
                    label: Ui::StatsOpenRequests.render(lang),
                    value: count(&s.open_requests, lang),
                },
                StatRow {
                    label: Ui::StatsMatches.render(lang),
                    value: count(&s.confirmed_matches_30d, lang),
                },
                StatRow {
                    label: Ui::StatsHoursToMatch.render(lang),
                    value: amount(s.median_hours_to_match, lang),
                },
                StatRow {
                    label: Ui::StatsHoursGiven.render(lang),
                    value: amount(s.hours_confirmed_30d, lang),
                },
            ]
        })
        .unwrap_or_default();
    let map_title = format!("{}: {}", Ui::MapTitle.render(lang), wijk.name);
    let page = WijkPage {
        c: visitor.chrome(&wijk.name),
        population: thousands(wijk.population, lang),
        map: super::map::svg(&wijk.code, &map_title),
        buurten: reference::buurten()
            .iter()
            .filter(|b| b.wijk_code == wijk.code)
            .map(|b| b.name)
            .collect(),
        neighbours: super::map::neighbours(&wijk.code)
            .into_iter()
            .map(wijk_link)
            .collect(),
        teams,
        more_initiatives: initiatives.next_cursor.is_some(),
        initiatives: initiatives.items.iter().map(|i| item(i, lang)).collect(),
        all_initiatives_href: format!("/initiatieven?wijk={}", wijk.code),
        stats,
        wijk,
    };
    render(&visitor, StatusCode::OK, &page)
}

/// A choice in a filter's select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "initiatives.html")]
struct InitiativesPage {
    c: Chrome,
    errors: FormErrors,
    wijken: Vec<Choice>,
    themes: Vec<Choice>,
    words: String,
    items: Vec<InitiativeItem>,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Deserialize)]
pub struct InitiativesQuery {
    #[serde(default)]
    wijk: String,
    #[serde(default)]
    thema: String,
    #[serde(default)]
    woorden: String,
    #[serde(default)]
    na: String,
}

const DIRECTORY_PAGE: u32 = 20;

fn filter_query(wijk: &str, theme: &str, words: &str) -> String {
    use super::visitor::encode_query_value as enc;
    [("wijk", wijk), ("thema", theme), ("woorden", words)]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The directory: filter by wijk, theme and words; 20 a page, newest first.
pub async fn initiatives(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<InitiativesQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let lang = visitor.lang;
    let q = query.into_inner();
    let (wijk, theme, words) = (
        q.wijk.trim().to_owned(),
        q.thema.trim().to_owned(),
        q.woorden.trim().to_owned(),
    );
    let cursors = ctx.cursors.clone();
    let (w, t, s, after) = (wijk.clone(), theme.clone(), words.clone(), q.na.clone());
    let found = crate::api::run(&ctx, move |conn| {
        let page = PageRequest::parse(
            &cursors,
            initiatives::LIST_KIND,
            None,
            (!after.is_empty()).then_some(after.as_str()),
            DIRECTORY_PAGE,
        )?;
        let none_if_empty = |v: &str| (!v.is_empty()).then_some(v.to_owned());
        let filter = initiatives::ListFilter::parse(
            none_if_empty(&w).as_deref(),
            none_if_empty(&t).as_deref(),
            none_if_empty(&s).as_deref(),
        )?;
        initiatives::list(conn, &filter, &page, &cursors)
    })
    .await;
    let title = Ui::InitiativesTitle.render(lang);
    let filters = filter_query(&wijk, &theme, &words);
    let mut page = InitiativesPage {
        c: visitor.chrome(&title),
        errors: FormErrors::default(),
        wijken: reference::wijken()
            .iter()
            .map(|w| Choice {
                value: w.code.to_owned(),
                label: w.name.to_owned(),
                selected: w.code == wijk,
            })
            .collect(),
        themes: vocabulary::THEMES
            .iter()
            .map(|t| Choice {
                value: t.id.to_owned(),
                label: theme_label(t.id, lang),
                selected: t.id == theme,
            })
            .collect(),
        words,
        items: Vec::new(),
        next_href: None,
        first_href: (!q.na.is_empty()).then(|| format!("/initiatieven?{filters}")),
    };
    match found {
        Ok(Page { items, next_cursor }) => {
            page.items = items.iter().map(|i| item(i, lang)).collect();
            page.next_href = next_cursor.map(|c| {
                let sep = if filters.is_empty() { "" } else { "&" };
                format!(
                    "/initiatieven?{filters}{sep}na={}",
                    super::visitor::encode_query_value(&c)
                )
            });
            render(&visitor, StatusCode::OK, &page)
        }
        Err(e) => match e.0 {
            e @ crate::error::AppError::Validation(_) => {
                page.errors = FormErrors::from_app_error(e, lang, "woorden", |f| match f {
                    "wijk" => Some("wijk"),
                    "theme" => Some("thema"),
                    _ => None,
                });
                page.c = visitor.chrome(&format!("{}{title}", Ui::ErrorPrefix.render(lang)));
                render(&visitor, StatusCode::BAD_REQUEST, &page)
            }
            other => app_error_page(&visitor, other),
        },
    }
}

#[derive(Template)]
#[template(path = "initiative.html")]
struct InitiativePage {
    c: Chrome,
    initiative: InitiativeView,
    wijk: WijkLink,
    themes: String,
    /// For its coordinators (and admins): its requests and helpers, and what they manage.
    managed: Option<super::coordinator::ManagedInitiative>,
}

/// One initiative, as anyone may see it.
pub async fn initiative(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let id = id.into_inner();
    let caller = visitor.caller.clone();
    let found = crate::api::run(&ctx, move |conn| {
        let initiative = initiatives::get(conn, &id)?;
        // Its managers see more; for anyone else the page is the public one.
        let managed = match &caller {
            Some(caller) => match overview::one(conn, caller, &id) {
                Ok(o) => Some(o),
                Err(crate::error::AppError::Forbidden(_)) => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        Ok((initiative, managed))
    })
    .await;
    let (initiative, managed) = match found {
        Ok(found) => found,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let Some(wijk) = reference::wijk(&initiative.wijk_code).map(wijk_link) else {
        return app_error_page(
            &visitor,
            crate::error::AppError::internal("an initiative in no wijk"),
        );
    };
    let themes = initiative
        .themes
        .iter()
        .map(|t| theme_label(t, visitor.lang))
        .collect::<Vec<_>>()
        .join(", ");
    let page = InitiativePage {
        c: visitor.chrome(&initiative.name),
        initiative,
        wijk,
        themes,
        managed: managed.map(|o| super::coordinator::managed(&o, visitor.lang)),
    };
    render(&visitor, StatusCode::OK, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_marked_per_language() {
        assert_eq!(thousands(12970, Lang::Nl), "12.970");
        assert_eq!(thousands(243750, Lang::En), "243,750");
        assert_eq!(thousands(1000000, Lang::Nl), "1.000.000");
        assert_eq!(thousands(999, Lang::Nl), "999");
        assert_eq!(thousands(0, Lang::En), "0");
    }
}
