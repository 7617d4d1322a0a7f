//! A volunteer's hours: the list, and a printable statement of confirmed hours for a
//! period, as `GET /api/v1/me/hours` and `/me/hours/statement` give them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use super::matches::{HoursItem, hours_item, hours_text};
use super::offers::long_date;
use super::public::{signed_in, visitor};
use super::{Chrome, FormErrors, Visitor, app_error_page, render};
use crate::domain::paging::PageRequest;
use crate::error::AppError;
use crate::i18n::{FieldText, Ui};
use crate::service::AppContext;
use crate::service::hours;

#[derive(Template)]
#[template(path = "hours.html")]
struct HoursPage {
    c: Chrome,
    errors: FormErrors,
    hours: Vec<HoursItem>,
    from: String,
    to: String,
}

#[derive(Template)]
#[template(path = "statement.html")]
struct StatementPage {
    c: Chrome,
    name: String,
    period: String,
    total: String,
    entries: Vec<HoursItem>,
}

#[derive(Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    van: String,
    #[serde(default)]
    tot: String,
}

fn date(field: &'static str, raw: &str) -> Result<Option<NaiveDate>, (&'static str, FieldText)> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| (field, FieldText::Date))
}

fn form_field(api_field: &str) -> &'static str {
    match api_field {
        "to" => "tot",
        _ => "van",
    }
}

async fn hours_page(
    ctx: &AppContext,
    req: &HttpRequest,
    query: &PeriodQuery,
    errors: FormErrors,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let Some(caller) = visitor.caller.clone() else {
        return super::account::login_first(&visitor, req);
    };
    let cursors = ctx.cursors.clone();
    let found = crate::api::run(ctx, move |conn| {
        let page = PageRequest::parse(&cursors, hours::LIST_KIND, Some("200"), None, 200)?;
        hours::mine(conn, &caller, None, None, &page, &cursors)
    })
    .await;
    let list = match found {
        Ok(page) => page.items,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let lang = visitor.lang;
    let heading = Ui::MyHoursTitle.render(lang);
    let (title, status) = if errors.is_empty() {
        (heading, StatusCode::OK)
    } else {
        (
            format!("{}{heading}", Ui::ErrorPrefix.render(lang)),
            StatusCode::BAD_REQUEST,
        )
    };
    let today = hours::today();
    let page = HoursPage {
        c: visitor.chrome(&title),
        errors,
        hours: list.iter().map(|h| hours_item(h, lang)).collect(),
        from: if query.van.is_empty() {
            today.format("%Y-01-01").to_string()
        } else {
            query.van.clone()
        },
        to: if query.tot.is_empty() {
            today.format("%Y-%m-%d").to_string()
        } else {
            query.tot.clone()
        },
    };
    render(&visitor, status, &page)
}

/// My hours, and the form for a statement.
pub async fn list(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<PeriodQuery>,
) -> HttpResponse {
    hours_page(&ctx, &req, &query, FormErrors::default()).await
}

/// The printable statement of confirmed hours between two dates (a GET form: it changes
/// nothing).
pub async fn statement(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<PeriodQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let lang = visitor.lang;
    let (from, to) = match (date("van", &query.van), date("tot", &query.tot)) {
        (Ok(from), Ok(to)) => (from, to),
        (from, to) => {
            let mut errors = FormErrors::default();
            for (field, text) in [from.err(), to.err()].into_iter().flatten() {
                errors.add(field, text.render(lang));
            }
            return hours_page(&ctx, &req, &query, errors).await;
        }
    };
    let found = crate::api::run(&ctx, move |conn| hours::statement(conn, &caller, from, to)).await;
    let statement = match found {
        Ok(s) => s,
        Err(e) => match e.0 {
            e @ AppError::Validation(_) => {
                let errors = FormErrors::from_app_error(e, lang, "van", |f| Some(form_field(f)));
                return hours_page(&ctx, &req, &query, errors).await;
            }
            other => return app_error_page(&visitor, other),
        },
    };
    let heading = Ui::StatementTitle.render(lang);
    let page = StatementPage {
        c: visitor.chrome(&heading),
        name: statement.volunteer_display_name.clone(),
        period: Ui::StatementPeriod {
            from: long_date(statement.from, lang),
            to: long_date(statement.to, lang),
        }
        .render(lang),
        total: hours_text(statement.total_confirmed_hours, lang),
        entries: statement
            .entries
            .iter()
            .map(|h| hours_item(h, lang))
            .collect(),
    };
    render(&visitor, StatusCode::OK, &page)
}
