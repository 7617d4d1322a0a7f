//! A wijk's social map for team workers and admins (as `GET /api/v1/wijken/{code}/partners`):
//! the list, nearest first, with the wijk's map and filters by kind and theme; and the key
//! figures of the team's wijken, with a form that records a new one and their consent (as
//! the key-figures API).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

use super::offers::{local_date, long_date};
use super::profile::Choice;
use super::public::{signed_in, visitor};
use super::requests::Radio;
use super::team::{team_worker, wijk_name};
use super::{Chrome, FormErrors, Visitor, app_error_page, redirect, render};
use crate::db::DbConnection;
use crate::domain::account::Caller;
use crate::domain::kinds::Visibility;
use crate::domain::paging::{DEFAULT_LIMIT, PageRequest};
use crate::domain::vocabulary::WijkCode;
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Lang, Text, Ui};
use crate::reference::{self, vocabulary};
use crate::service::AppContext;
use crate::service::key_figures::{self, Consent, KeyFigureInput, KeyFigureView, NewKeyFigure};
use crate::service::social_map::{self, MapFilter, MapItem, MapKind};
use crate::service::teams;

/// The kinds of the social map as the filter names them.
const KINDS: [(&str, MapKind, Ui); 4] = [
    ("initiatief", MapKind::Initiative, Ui::KindInitiative),
    ("sleutelfiguur", MapKind::KeyFigure, Ui::KindKeyFigure),
    ("wij-contact", MapKind::WijContact, Ui::KindWijContact),
    ("vrijwilliger", MapKind::Volunteer, Ui::KindVolunteer),
];

fn kind_label(kind: MapKind) -> Ui {
    KINDS
        .iter()
        .find(|(_, k, _)| *k == kind)
        .map_or(Ui::KindInitiative, |(_, _, ui)| ui.clone())
}

/// One kind to filter on.
pub struct KindChoice {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

pub struct MapEntry {
    pub kind: String,
    pub name: String,
    pub distance: String,
    pub why: String,
}

#[derive(Template)]
#[template(path = "social_map.html")]
struct SocialMapPage {
    c: Chrome,
    errors: FormErrors,
    heading: String,
    code: String,
    kinds: Vec<KindChoice>,
    themes: Vec<Choice>,
    map: Option<String>,
    items: Vec<MapEntry>,
    next_href: Option<String>,
}

#[derive(Deserialize)]
pub struct MapQuery {
    #[serde(default)]
    soort: String,
    #[serde(default)]
    thema: String,
    /// The `next_cursor` of the page before.
    #[serde(default)]
    na: String,
}

/// The social map of a wijk, a page at a time (nearest first).
pub async fn social_map(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    code: web::Path<String>,
    query: web::Query<MapQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let code = code.into_inner();
    let lang = visitor.lang;
    let mut errors = FormErrors::default();
    let kind = match query.soort.as_str() {
        "" => None,
        slug => match KINDS.iter().find(|(s, _, _)| *s == slug) {
            Some((_, kind, _)) => Some(*kind),
            None => {
                errors.add(
                    "soort",
                    FieldText::OneOf {
                        choices: crate::i18n::Choices(KINDS.iter().map(|k| k.0).collect()),
                    }
                    .render(lang),
                );
                None
            }
        },
    };
    let theme = (!query.thema.is_empty()).then(|| query.thema.clone());
    let after = (!query.na.is_empty()).then(|| query.na.clone());
    let cursors = ctx.cursors.clone();
    let found = {
        let code = code.clone();
        crate::api::run(&ctx, move |conn| {
            // As the API: the role first, then the query, then the wijk.
            crate::api::require_role(caller.is_staff(), Text::SocialMapForStaff)?;
            let listed = MapFilter::parse(kind.map(MapKind::as_str), theme.as_deref())
                .map_err(AppError::from)
                .and_then(|filter| {
                    let page = PageRequest::parse(
                        &cursors,
                        social_map::LIST_KIND,
                        None,
                        after.as_deref(),
                        DEFAULT_LIMIT,
                    )?;
                    social_map::for_wijk(conn, &caller, &code, &filter, &page, &cursors, lang)
                });
            match listed {
                Ok(page) => Ok(Ok(page)),
                Err(e @ AppError::Validation(_)) => Ok(Err(e)),
                Err(e) => Err(e),
            }
        })
        .await
    };
    let (items, next_cursor, status) = match found {
        Ok(Ok(page)) if errors.is_empty() => (page.items, page.next_cursor, StatusCode::OK),
        Ok(Ok(_)) => (Vec::new(), None, StatusCode::BAD_REQUEST),
        Ok(Err(e)) => {
            // Only the theme and a cursor from an old link can be refused here (the kind
            // was read above): both are said beside the theme.
            for err in FormErrors::from_app_error(e, lang, "thema", |_| Some("thema")).0 {
                errors.add(&err.field, err.message);
            }
            (Vec::new(), None, StatusCode::BAD_REQUEST)
        }
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let wijk = wijk_name(&code);
    let heading = Ui::SocialMapOf { wijk }.render(lang);
    let title = if errors.is_empty() {
        heading.clone()
    } else {
        format!("{}{heading}", Ui::ErrorPrefix.render(lang))
    };
    let next_href = next_cursor.map(|c| {
        format!(
            "/wijken/{code}/sociale-kaart?soort={}&thema={}&na={}",
            super::visitor::encode_query_value(&query.soort),
            super::visitor::encode_query_value(&query.thema),
            super::visitor::encode_query_value(&c)
        )
    });
    let items: Vec<MapEntry> = items
        .iter()
        .map(|i: &MapItem| MapEntry {
            kind: kind_label(i.kind).render(lang),
            name: i.display.clone(),
            distance: Ui::DistanceKm { km: i.distance_km }.render(lang),
            why: i.why.clone(),
        })
        .collect();
    let page = SocialMapPage {
        c: visitor.chrome(&title),
        errors,
        map: super::map::svg(&code, &Ui::MapTitle.render(lang)),
        heading,
        code,
        kinds: KINDS
            .iter()
            .map(|(slug, _, ui)| KindChoice {
                value: slug,
                label: ui.render(lang),
                selected: *slug == query.soort,
            })
            .collect(),
        themes: vocabulary::THEMES
            .iter()
            .map(|t| Choice {
                value: t.id,
                label: match lang {
                    Lang::Nl => t.label_nl,
                    Lang::En => t.label_en,
                },
                selected: t.id == query.thema,
            })
            .collect(),
        items,
        next_href,
    };
    render(&visitor, status, &page)
}

/// A key figure in the list.
pub struct FigureShown {
    pub name: String,
    pub organisation: String,
    pub wijk: String,
    pub connects: String,
    pub contact: String,
    pub visibility: String,
    pub consent: String,
}

#[derive(Template)]
#[template(path = "key_figures.html")]
struct KeyFiguresPage {
    c: Chrome,
    status_message: Option<String>,
    errors: FormErrors,
    figures: Vec<FigureShown>,
    wijken: Vec<Choice>,
    visibilities: Vec<Radio>,
    name: String,
    description: String,
    organisation: String,
    connects: String,
    contact: String,
    consent: bool,
    consent_date: String,
    recorded_by: String,
}

/// What the key figure form holds, as typed.
#[derive(Default, Clone)]
struct FigureFields {
    name: String,
    description: String,
    organisation: String,
    wijk: String,
    connects: String,
    contact: String,
    visibility: String,
    consent: bool,
    consent_date: String,
    recorded_by: String,
}

impl FigureFields {
    fn from_form(fields: &[(String, String)]) -> Self {
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map_or(String::new(), |(_, v)| v.trim().to_owned())
        };
        Self {
            name: get("naam"),
            description: get("omschrijving"),
            organisation: get("organisatie"),
            wijk: get("wijk"),
            connects: get("verbindt"),
            contact: get("contact"),
            visibility: get("zichtbaar"),
            consent: get("toestemming") == "ja",
            consent_date: get("toestemming-datum"),
            recorded_by: get("vastgelegd-door"),
        }
    }
}

/// When consent was given: today means now (it may not lie in the future), an earlier
/// day noon in Groningen.
fn consent_at(date: NaiveDate) -> Option<chrono::DateTime<Utc>> {
    let now = crate::clock::now();
    if date == local_date(now) {
        return Some(now);
    }
    date.and_time(NaiveTime::from_hms_opt(12, 0, 0)?)
        .and_local_timezone(chrono_tz::Europe::Amsterdam)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The wire input the API takes, from the form; `Err` names the fields no input can carry:
/// no consent ticked (the API has no key figure without one) or a date that is none.
fn figure_input(f: &FigureFields) -> Result<KeyFigureInput, Vec<(&'static str, Ui)>> {
    let mut errors = Vec::new();
    if !f.consent {
        errors.push(("toestemming", Ui::ConsentNeeded));
    }
    let given_at = NaiveDate::parse_from_str(&f.consent_date, "%Y-%m-%d")
        .ok()
        .and_then(consent_at);
    if given_at.is_none() {
        errors.push(("toestemming-datum", Ui::ConsentDateNeeded));
    }
    let Some(given_at) = given_at.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    Ok(KeyFigureInput {
        name: f.name.clone(),
        description: f.description.clone(),
        organisation: f.organisation.clone(),
        wijk_code: f.wijk.clone(),
        connects: f.connects.clone(),
        contact: f.contact.clone(),
        visibility: Visibility::parse(&f.visibility).unwrap_or_default(),
        consent: Consent {
            given_at,
            recorded_by: (!f.recorded_by.is_empty()).then(|| f.recorded_by.clone()),
        },
    })
}

fn figure_field(api_field: &str) -> &'static str {
    match api_field {
        "name" => "naam",
        "description" => "omschrijving",
        "organisation" => "organisatie",
        "wijk_code" => "wijk",
        "connects" => "verbindt",
        "contact" => "contact",
        "consent.recorded_by" => "vastgelegd-door",
        f if f.starts_with("consent") => "toestemming-datum",
        _ => "naam",
    }
}

/// The key figures of the team's wijken, as `GET /api/v1/key-figures?wijk=` for each.
fn team_figures(
    conn: &mut DbConnection,
    caller: &Caller,
    team: &str,
    cursors: &crate::domain::paging::CursorCodec,
) -> AppResult<(Vec<String>, Vec<KeyFigureView>)> {
    let wijken = teams::get(conn, team)?.wijk_codes;
    let mut figures = Vec::new();
    for code in &wijken {
        let page = PageRequest::parse(cursors, key_figures::LIST_KIND, Some("200"), None, 200)?;
        let wijk =
            WijkCode::parse("wijk", code).map_err(crate::domain::validation::Invalid::from)?;
        figures.extend(key_figures::list(conn, Some(caller), Some(wijk), &page, cursors)?.items);
    }
    Ok((wijken, figures))
}

fn figures_page(
    visitor: &Visitor,
    found: (Vec<String>, Vec<KeyFigureView>),
    shown: &FigureFields,
    errors: FormErrors,
    message: Option<Ui>,
) -> KeyFiguresPage {
    let lang = visitor.lang;
    let (wijken, figures) = found;
    let heading = Ui::KeyFiguresTitle.render(lang);
    let title = if errors.is_empty() {
        heading
    } else {
        format!("{}{heading}", Ui::ErrorPrefix.render(lang))
    };
    KeyFiguresPage {
        c: visitor.chrome(&title),
        status_message: message.map(|m| m.render(lang)),
        errors,
        figures: figures
            .iter()
            .map(|k| FigureShown {
                name: k.name.clone(),
                organisation: k.organisation.clone(),
                wijk: wijk_name(&k.wijk_code),
                connects: k.connects.clone(),
                contact: k.contact.clone().unwrap_or_default(),
                visibility: visibility_text(k.visibility).render(lang),
                consent: k
                    .consent
                    .as_ref()
                    .map(|c| long_date(local_date(c.given_at), lang))
                    .unwrap_or_default(),
            })
            .collect(),
        wijken: wijken
            .iter()
            .filter_map(|c| reference::wijk(c))
            .map(|w| Choice {
                value: w.code,
                label: w.name,
                selected: w.code == shown.wijk,
            })
            .collect(),
        visibilities: [
            (Visibility::TeamOnly, Ui::VisibilityTeamOnly),
            (Visibility::Public, Ui::VisibilityPublic),
        ]
        .iter()
        .map(|(v, ui)| Radio {
            id: format!("zichtbaar-{}", v.as_str()),
            value: v.as_str(),
            label: ui.render(lang),
            checked: v.as_str() == shown.visibility,
        })
        .collect(),
        name: shown.name.clone(),
        description: shown.description.clone(),
        organisation: shown.organisation.clone(),
        connects: shown.connects.clone(),
        contact: shown.contact.clone(),
        consent: shown.consent,
        consent_date: shown.consent_date.clone(),
        recorded_by: shown.recorded_by.clone(),
    }
}

fn visibility_text(v: Visibility) -> Ui {
    match v {
        Visibility::TeamOnly => Ui::VisibilityTeamOnly,
        Visibility::Public => Ui::VisibilityPublic,
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    klaar: String,
}

/// The team's key figures and the form for a new one.
pub async fn key_figures(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<DoneQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let team = team_worker!(visitor, caller);
    let cursors = ctx.cursors.clone();
    let found = crate::api::run(&ctx, move |conn| {
        team_figures(conn, &caller, &team, &cursors)
    })
    .await;
    let found = match found {
        Ok(f) => f,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let shown = FigureFields {
        wijk: found.0.first().cloned().unwrap_or_default(),
        visibility: Visibility::TeamOnly.as_str().into(),
        consent_date: local_date(crate::clock::now())
            .format("%Y-%m-%d")
            .to_string(),
        recorded_by: visitor.display_name.clone().unwrap_or_default(),
        ..FigureFields::default()
    };
    let message = (query.klaar == "nieuw").then_some(Ui::KeyFigureSaved);
    let page = figures_page(&visitor, found, &shown, FormErrors::default(), message);
    render(&visitor, StatusCode::OK, &page)
}

/// The one call the form makes: exactly `POST /api/v1/key-figures`.
fn record_figure(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &KeyFigureInput,
) -> AppResult<KeyFigureView> {
    key_figures::require_staff(caller)?;
    key_figures::create(conn, caller, &NewKeyFigure::try_from(input)?, false)
}

/// Record a key figure with their consent.
pub async fn add_key_figure(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let fields = form.into_inner();
    let sent = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map_or("", |(_, v)| v);
    if !visitor.csrf_ok(sent) {
        return super::account::expired(&visitor);
    }
    let team = team_worker!(visitor, caller);
    let shown = FigureFields::from_form(&fields);
    let input = figure_input(&shown);
    let cursors = ctx.cursors.clone();
    let lang = visitor.lang;
    let outcome = crate::api::run(&ctx, move |conn| {
        let recorded = match input {
            Ok(input) => record_figure(conn, &caller, &input).map(|_| ()),
            Err(fields) => {
                let mut errors = FormErrors::default();
                for (field, text) in fields {
                    errors.add(field, text.render(lang));
                }
                return Ok((team_figures(conn, &caller, &team, &cursors)?, Err(errors)));
            }
        };
        match recorded {
            Ok(()) => Ok((Default::default(), Ok(()))),
            Err(e @ (AppError::Validation(_) | AppError::Forbidden(_))) => {
                let errors = FormErrors::from_app_error(e, lang, "wijk", |f| Some(figure_field(f)));
                Ok((team_figures(conn, &caller, &team, &cursors)?, Err(errors)))
            }
            Err(e) => Err(e),
        }
    })
    .await;
    match outcome {
        Ok((_, Ok(()))) => redirect(&visitor, "/team/sleutelfiguren?klaar=nieuw"),
        Ok((found, Err(errors))) => render(
            &visitor,
            StatusCode::BAD_REQUEST,
            &figures_page(&visitor, found, &shown, errors, None),
        ),
        Err(e) => app_error_page(&visitor, e.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_figure_needs_a_ticked_consent_and_its_date() {
        let f = FigureFields {
            name: "Ans".into(),
            consent: false,
            consent_date: "gisteren".into(),
            ..FigureFields::default()
        };
        let fields: Vec<&str> = figure_input(&f)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["toestemming", "toestemming-datum"]);
        let ok = FigureFields {
            consent: true,
            consent_date: "2024-03-01".into(),
            visibility: "public".into(),
            ..f
        };
        let input = figure_input(&ok).unwrap();
        assert_eq!(
            input.consent.given_at.to_rfc3339(),
            "2024-03-01T11:00:00+00:00"
        );
        assert_eq!(input.visibility, Visibility::Public);
        assert_eq!(input.consent.recorded_by, None);
    }
}
