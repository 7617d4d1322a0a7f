//! A volunteer's offers: the list, a new one, withdrawing one (asked once more, on a page),
//! the requests that suit an offer with the reasons in sentences, and applying. The same
//! service calls as the API's offer and match endpoints.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::public::{signed_in, visitor};
use super::reasons::{self, label};
use super::{Chrome, FormErrors, Visitor, app_error_page, redirect, render};
use crate::api::offers::SUGGESTIONS_DEFAULT_LIMIT;
use crate::db::DbConnection;
use crate::domain::account::Caller;
use crate::domain::status::OfferStatus;
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Lang, Ui};
use crate::reference::{self, vocabulary};
use crate::service::AppContext;
use crate::service::matches::{self, MatchView, NewMatch, NewMatchInput};
use crate::service::offers::{self, NewOffer, NewOfferInput, OfferView};
use crate::service::suggestions;

/// A date in Dutch style: "3 juni 2025" / "3 June 2025".
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    use chrono::Datelike;
    match lang {
        Lang::Nl => format!(
            "{} {} {}",
            date.day(),
            NL[date.month0() as usize],
            date.year()
        ),
        Lang::En => date.format("%-d %B %Y").to_string(),
    }
}

/// An instant as a date in the Netherlands.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&chrono_tz::Europe::Amsterdam).date_naive()
}

pub fn offer_status(status: OfferStatus) -> Ui {
    match status {
        OfferStatus::Active => Ui::OfferActive,
        OfferStatus::Expired => Ui::OfferExpired,
        OfferStatus::Withdrawn => Ui::OfferWithdrawn,
    }
}

pub struct OfferItem {
    pub id: String,
    pub title: String,
    pub status: String,
    pub active: bool,
    pub until: String,
    pub categories: String,
}

fn item(o: &OfferView, lang: Lang) -> OfferItem {
    let categories: Vec<String> = o
        .categories
        .iter()
        .map(|c| label(vocabulary::CATEGORIES, c, lang))
        .collect();
    OfferItem {
        id: o.id.clone(),
        title: o.title.clone(),
        status: offer_status(o.status).render(lang),
        active: o.status == OfferStatus::Active,
        until: long_date(local_date(o.valid_until), lang),
        categories: reasons::join(&categories, lang),
    }
}

#[derive(Template)]
#[template(path = "offers.html")]
struct OffersPage {
    c: Chrome,
    status: Option<String>,
    offers: Vec<OfferItem>,
}

#[derive(Deserialize)]
pub struct StatusQuery {
    #[serde(default)]
    klaar: String,
}

fn done_message(code: &str) -> Option<Ui> {
    match code {
        "nieuw" => Some(Ui::OfferCreated),
        "ingetrokken" => Some(Ui::OfferWithdrawnStatus),
        _ => None,
    }
}

/// My offers, newest first.
pub async fn list(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<StatusQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let cursors = ctx.cursors.clone();
    let found = crate::api::run(&ctx, move |conn| {
        let page = crate::domain::paging::PageRequest::parse(
            &cursors,
            offers::LIST_KIND,
            Some("200"),
            None,
            200,
        )?;
        offers::list_mine(conn, &caller, &page, &cursors)
    })
    .await;
    match found {
        Ok(page) => {
            let lang = visitor.lang;
            let c = visitor.chrome(&Ui::OffersTitle.render(lang));
            render(
                &visitor,
                StatusCode::OK,
                &OffersPage {
                    c,
                    status: done_message(&query.klaar).map(|u| u.render(lang)),
                    offers: page.items.iter().map(|o| item(o, lang)).collect(),
                },
            )
        }
        Err(e) => app_error_page(&visitor, e.0),
    }
}

/// One checkbox of a list of vocabulary terms.
pub struct TermBox {
    pub id: String,
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

pub fn term_boxes(
    prefix: &str,
    terms: &[vocabulary::Term],
    chosen: &[String],
    lang: Lang,
) -> Vec<TermBox> {
    terms
        .iter()
        .map(|t| TermBox {
            id: format!("{prefix}-{}", t.id),
            value: t.id,
            label: match lang {
                Lang::Nl => t.label_nl,
                Lang::En => t.label_en,
            },
            checked: chosen.iter().any(|c| c == t.id),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "offer_form.html")]
struct OfferForm {
    c: Chrome,
    errors: FormErrors,
    title: String,
    categories: Vec<TermBox>,
    skills: Vec<TermBox>,
    wijken: Vec<super::profile::Choice>,
    hours: String,
    count: String,
    until: String,
}

/// What the form holds, as typed.
#[derive(Default, Clone)]
struct OfferFields {
    title: String,
    categories: Vec<String>,
    skills: Vec<String>,
    wijk: String,
    hours: String,
    count: String,
    until: String,
}

impl OfferFields {
    fn from_form(fields: &[(String, String)]) -> Self {
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map_or(String::new(), |(_, v)| v.trim().to_owned())
        };
        let all = |name: &str| {
            fields
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .collect()
        };
        Self {
            title: get("titel"),
            categories: all("categorie"),
            skills: all("vaardigheid"),
            wijk: get("wijk"),
            hours: get("uren"),
            count: get("aantal"),
            until: get("geldig_tot"),
        }
    }
}

fn offer_form(visitor: &Visitor, shown: &OfferFields, errors: FormErrors) -> OfferForm {
    let lang = visitor.lang;
    let heading = Ui::NewOfferTitle.render(lang);
    let title = if errors.is_empty() {
        heading
    } else {
        format!("{}{heading}", Ui::ErrorPrefix.render(lang))
    };
    OfferForm {
        c: visitor.chrome(&title),
        errors,
        title: shown.title.clone(),
        categories: term_boxes("categorie", vocabulary::CATEGORIES, &shown.categories, lang),
        skills: term_boxes("vaardigheid", vocabulary::SKILLS, &shown.skills, lang),
        wijken: reference::wijken()
            .iter()
            .map(|w| super::profile::Choice {
                value: w.code,
                label: w.name,
                selected: w.code == shown.wijk,
            })
            .collect(),
        hours: shown.hours.clone(),
        count: shown.count.clone(),
        until: shown.until.clone(),
    }
}

/// The form for a new offer.
pub async fn new_form(ctx: web::Data<AppContext>, req: HttpRequest) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    if visitor.caller.is_none() {
        return super::account::login_first(&visitor, &req);
    }
    let until = crate::service::hours::today() + chrono::Days::new(90);
    let shown = OfferFields {
        hours: "2".into(),
        count: "1".into(),
        until: until.format("%Y-%m-%d").to_string(),
        ..OfferFields::default()
    };
    render(
        &visitor,
        StatusCode::OK,
        &offer_form(&visitor, &shown, FormErrors::default()),
    )
}

/// A number as people type it: `2`, `2,5`, `2.5`.
fn number(raw: &str) -> f64 {
    raw.trim().replace(',', ".").parse().unwrap_or(f64::NAN)
}

/// The wire input the API takes, from the form; `Err` names a field no input can carry.
/// The offer is valid until the end of the chosen day.
fn offer_input(f: &OfferFields) -> Result<NewOfferInput, (&'static str, FieldText)> {
    let until = NaiveDate::parse_from_str(&f.until, "%Y-%m-%d")
        .map_err(|_| ("geldig_tot", FieldText::Date))?;
    let valid_until = until
        .and_hms_opt(23, 59, 0)
        .and_then(|t| {
            t.and_local_timezone(chrono_tz::Europe::Amsterdam)
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .ok_or(("geldig_tot", FieldText::Date))?;
    Ok(NewOfferInput {
        title: f.title.clone(),
        categories: f.categories.clone(),
        skills: f.skills.clone(),
        wijk_codes: if f.wijk.is_empty() {
            Vec::new()
        } else {
            vec![f.wijk.clone()]
        },
        // Distance, availability and modes come from the profile.
        max_distance_km: None,
        availability: None,
        hours_per_week: number(&f.hours),
        max_matches: f.count.trim().parse().unwrap_or(0),
        modes: None,
        valid_until,
    })
}

/// The one call the form makes: exactly `POST /api/v1/offers`.
fn create_offer(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewOfferInput,
) -> AppResult<OfferView> {
    offers::create(conn, caller, &NewOffer::try_from(input)?)
}

fn offer_field(api_field: &str) -> &'static str {
    match api_field {
        "title" => "titel",
        f if f.starts_with("categories") => "categorie-groceries",
        f if f.starts_with("skills") => "vaardigheid-listening",
        f if f.starts_with("wijk_codes") => "wijk",
        "hours_per_week" => "uren",
        "max_matches" => "aantal",
        "valid_until" => "geldig_tot",
        _ => "titel",
    }
}

/// Create the offer; mistakes come back beside their fields, with what was typed.
pub async fn create(
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
    let shown = OfferFields::from_form(&fields);
    let refused = |errors: FormErrors| {
        render(
            &visitor,
            StatusCode::BAD_REQUEST,
            &offer_form(&visitor, &shown, errors),
        )
    };
    let input = match offer_input(&shown) {
        Ok(input) => input,
        Err((field, text)) => {
            let mut errors = FormErrors::default();
            errors.add(field, text.render(visitor.lang));
            return refused(errors);
        }
    };
    match crate::api::run(&ctx, move |conn| create_offer(conn, &caller, &input)).await {
        Ok(_) => redirect(&visitor, "/account/aanbod?klaar=nieuw"),
        Err(e) => match e.0 {
            e @ AppError::Validation(_) => {
                refused(FormErrors::from_app_error(e, visitor.lang, "titel", |f| {
                    Some(offer_field(f))
                }))
            }
            // No profile yet (409): the API's words, beside the first field.
            e @ AppError::Conflict(_) => {
                refused(FormErrors::from_app_error(e, visitor.lang, "titel", |_| {
                    None
                }))
            }
            other => app_error_page(&visitor, other),
        },
    }
}

#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub c: Chrome,
    pub heading: String,
    pub text: Vec<String>,
    pub action: String,
    pub hidden: Vec<(&'static str, String)>,
    pub button: String,
    pub back_href: String,
    pub back: String,
}

/// "Withdraw this offer?": asked once more, on a page.
pub async fn withdraw_form(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let id = id.into_inner();
    let found = {
        let id = id.clone();
        crate::api::run(&ctx, move |conn| offers::owned(conn, &caller, &id)).await
    };
    let row = match found {
        Ok(row) => row,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let lang = visitor.lang;
    let heading = Ui::WithdrawOfferTitle.render(lang);
    let page = ConfirmPage {
        c: visitor.chrome(&heading),
        heading,
        text: vec![
            Ui::WithdrawOfferWhich { title: row.title }.render(lang),
            Ui::WithdrawOfferText.render(lang),
        ],
        action: format!("/account/aanbod/{id}/intrekken"),
        hidden: Vec::new(),
        button: Ui::WithdrawOfferButton.render(lang),
        back_href: "/account/aanbod".into(),
        back: Ui::KeepOffer.render(lang),
    };
    render(&visitor, StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub csrf: String,
}

/// Withdraw the offer, as `DELETE /api/v1/offers/{id}`.
pub async fn withdraw(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if !visitor.csrf_ok(&form.csrf) {
        return super::account::expired(&visitor);
    }
    let id = id.into_inner();
    let done = crate::api::run(&ctx, move |conn| {
        offers::owned(conn, &caller, &id)?;
        offers::withdraw(conn, &caller, &id)
    })
    .await;
    match done {
        Ok(()) => redirect(&visitor, "/account/aanbod?klaar=ingetrokken"),
        Err(e) => app_error_page(&visitor, e.0),
    }
}

/// A suggested request as the page shows it.
pub struct Suggestion {
    pub id: String,
    pub title: String,
    pub description: String,
    pub what: String,
    pub wijk: String,
    pub reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "offer.html")]
struct OfferPage {
    c: Chrome,
    offer: OfferItem,
    suggestions: Vec<Suggestion>,
    /// The refusal of an application, in the API's words.
    refusal: Option<String>,
}

async fn offer_page(
    ctx: &AppContext,
    visitor: &Visitor,
    caller: Caller,
    id: String,
    refusal: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let weights = ctx.settings.matching.weights.clone();
    let live = ctx.live.clone();
    let live_index = ctx.settings.matching.live_index;
    let found = crate::api::run(ctx, move |conn| {
        let offer = offers::get(conn, &caller, &id)?;
        offers::owned(conn, &caller, &id)?;
        let source = suggestions::Source::of(&live, live_index);
        let items = suggestions::for_offer_from(
            conn,
            source,
            &caller,
            &id,
            SUGGESTIONS_DEFAULT_LIMIT,
            &weights,
        )?;
        Ok((offer, items))
    })
    .await;
    let (offer, items) = match found {
        Ok(found) => found,
        Err(e) => return app_error_page(visitor, e.0),
    };
    let lang = visitor.lang;
    let suggestions = items
        .iter()
        .map(|s| Suggestion {
            id: s.request.id.clone(),
            title: s.request.title.clone(),
            description: s.request.description.clone(),
            what: label(vocabulary::CATEGORIES, &s.request.category, lang),
            wijk: reference::wijk(&s.request.wijk_code)
                .map_or_else(String::new, |w| w.name.to_owned()),
            reasons: reasons::sentences(
                &s.reasons,
                s.request.schedule.as_ref(),
                &offer.availability,
                lang,
            ),
        })
        .collect();
    let c = visitor.chrome(&offer.title);
    render(
        visitor,
        status,
        &OfferPage {
            c,
            offer: item(&offer, lang),
            suggestions,
            refusal,
        },
    )
}

/// One offer with "verzoeken die bij je passen".
pub async fn show(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    offer_page(
        &ctx,
        &visitor,
        caller,
        id.into_inner(),
        None,
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
pub struct ApplyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    verzoek: String,
}

/// The one call applying makes: exactly `POST /api/v1/matches` by the offer's volunteer.
fn apply_to(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewMatchInput,
    ctx: (&crate::matching::Weights, &crate::config::LimitSettings),
) -> AppResult<MatchView> {
    matches::create(conn, caller, &NewMatch::try_from(input)?, ctx.0, ctx.1)
}

/// Apply for a suggested request with this offer.
pub async fn apply(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<ApplyForm>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if !visitor.csrf_ok(&form.csrf) {
        return super::account::expired(&visitor);
    }
    let id = id.into_inner();
    let input = NewMatchInput {
        request_id: form.verzoek.clone(),
        offer_id: id.clone(),
    };
    let weights = ctx.settings.matching.weights.clone();
    let limits = ctx.settings.limits.clone();
    let applied = {
        let caller = caller.clone();
        crate::api::run(&ctx, move |conn| {
            apply_to(conn, &caller, &input, (&weights, &limits))
        })
        .await
    };
    match applied {
        Ok(m) => redirect(
            &visitor,
            &format!("/account/koppelingen/{}?klaar=aangemeld", m.id),
        ),
        // Taken meanwhile, or no longer possible: say so on the offer's page.
        Err(e) => match e.0 {
            e @ (AppError::Conflict(_)
            | AppError::Validation(_)
            | AppError::TooManyRequests { .. }) => {
                let (status, text) = crate::api::problem::status_and_detail(e, visitor.lang);
                offer_page(&ctx, &visitor, caller, id, Some(text), status).await
            }
            other => app_error_page(&visitor, other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_in_dutch_style() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 3).unwrap();
        assert_eq!(long_date(d, Lang::Nl), "3 juni 2025");
        assert_eq!(long_date(d, Lang::En), "3 June 2025");
    }

    #[test]
    fn the_form_becomes_the_api_input() {
        let f = OfferFields {
            title: "Boodschappen".into(),
            categories: vec!["groceries".into()],
            skills: vec![],
            wijk: String::new(),
            hours: "2,5".into(),
            count: "2".into(),
            until: "2031-01-31".into(),
        };
        let input = offer_input(&f).unwrap();
        assert_eq!(input.hours_per_week, 2.5);
        assert_eq!(input.max_matches, 2);
        assert!(input.wijk_codes.is_empty());
        assert_eq!(input.valid_until.to_rfc3339(), "2031-01-31T22:59:00+00:00");
        let bad = OfferFields {
            until: "31-01-2031".into(),
            ..f
        };
        assert!(matches!(
            offer_input(&bad),
            Err(("geldig_tot", FieldText::Date))
        ));
    }
}
