//! The web app: HTML pages for residents, volunteers and WIJ-team workers, in Dutch (English
//! on request), served beside the API from the same binary.
//!
//! Handlers are as thin as the API's: they read the form or the query, call the same
//! service functions inside one blocking database call, and render a template (askama,
//! checked at compile time, escaped by default). Every text comes from the catalogue
//! (`i18n::Ui` and the API's own messages). How pages, sessions, CSRF and the language
//! switch work: `docs/WEB.md`.

mod account;
mod admin;
mod assets;
mod coordinator;
mod data;
mod hours;
mod map;
mod matches;
mod offers;
mod profile;
mod public;
mod reasons;
mod requests;
mod runs;
mod social;
mod team;
mod visitor;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::error::AppError;
use crate::i18n::{Lang, Ui};
pub use visitor::Visitor;

/// Paths that belong to the API and the service's own endpoints; everything else is the
/// web app.
const NOT_PAGES: [&str; 8] = [
    "/api",
    "/hsds",
    "/api-docs",
    "/docs",
    "/calendar",
    "/metrics",
    "/health",
    "/ready",
];

/// Whether `path` is the web app's (a page, or a page that does not exist).
pub fn is_page_path(path: &str) -> bool {
    !NOT_PAGES.iter().any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The pages' routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::FormConfig::default()
            .limit(16 * 1024)
            .error_handler(|err, req| {
                let visitor = Visitor::without_session(req);
                let response = error_page(&visitor, StatusCode::BAD_REQUEST, Ui::ErrorTitle, None);
                actix_web::error::InternalError::from_response(err, response).into()
            }),
    )
    .route("/static/{name}", web::get().to(assets::serve))
    .route("/", web::get().to(public::home))
    .route("/wijken/{code}", web::get().to(public::wijk))
    .route("/initiatieven", web::get().to(public::initiatives))
    .route("/initiatieven/{id}", web::get().to(public::initiative))
    .route("/inloggen", web::get().to(account::login_form))
    .route("/inloggen", web::post().to(account::login))
    .route("/registreren", web::get().to(account::register_form))
    .route("/registreren", web::post().to(account::register))
    .route("/wachtwoord-vergeten", web::get().to(account::forgot_form))
    .route("/wachtwoord-vergeten", web::post().to(account::forgot))
    .route("/wachtwoord-herstellen", web::get().to(account::reset_form))
    .route("/wachtwoord-herstellen", web::post().to(account::reset))
    .route("/uitloggen", web::post().to(account::logout))
    .route("/account", web::get().to(account::overview))
    .route("/account/wachtwoord", web::get().to(account::password_form))
    .route(
        "/account/wachtwoord",
        web::post().to(account::change_password),
    )
    .route("/account/profiel", web::get().to(profile::form))
    .route("/account/profiel", web::post().to(profile::save))
    .route("/account/aanbod", web::get().to(offers::list))
    .route("/account/aanbod/nieuw", web::get().to(offers::new_form))
    .route("/account/aanbod/nieuw", web::post().to(offers::create))
    .route("/account/aanbod/{id}", web::get().to(offers::show))
    .route(
        "/account/aanbod/{id}/aanmelden",
        web::post().to(offers::apply),
    )
    .route(
        "/account/aanbod/{id}/intrekken",
        web::get().to(offers::withdraw_form),
    )
    .route(
        "/account/aanbod/{id}/intrekken",
        web::post().to(offers::withdraw),
    )
    .route("/account/koppelingen", web::get().to(matches::list))
    .route("/account/koppelingen/{id}", web::get().to(matches::show))
    .route(
        "/account/koppelingen/{id}/accepteren",
        web::post().to(matches::accept),
    )
    .route(
        "/account/koppelingen/{id}/afwijzen",
        web::post().to(matches::decline),
    )
    .route(
        "/account/koppelingen/{id}/uren",
        web::post().to(matches::add_hours),
    )
    .route("/account/uren", web::get().to(hours::list))
    .route("/account/uren/verklaring", web::get().to(hours::statement))
    .route("/account/gegevens", web::get().to(data::overview))
    .route("/account/gegevens/download", web::post().to(data::download))
    .route("/account/verwijderen", web::get().to(data::delete_form))
    .route("/account/verwijderen", web::post().to(data::delete))
    .route("/account/initiatieven", web::get().to(coordinator::list))
    .route(
        "/account/initiatieven/nieuw",
        web::get().to(coordinator::new_form),
    )
    .route(
        "/account/initiatieven/nieuw",
        web::post().to(coordinator::create),
    )
    .route(
        "/account/initiatieven/{id}",
        web::get().to(coordinator::show),
    )
    .route(
        "/account/initiatieven/{id}/bewerken",
        web::get().to(coordinator::edit_form),
    )
    .route(
        "/account/initiatieven/{id}/bewerken",
        web::post().to(coordinator::update),
    )
    .route(
        "/account/initiatieven/{id}/partners",
        web::get().to(coordinator::partners),
    )
    .route(
        "/account/initiatieven/{id}/partners",
        web::post().to(coordinator::link),
    )
    .route(
        "/account/initiatieven/{id}/partners/{link_id}/ontkoppelen",
        web::get().to(coordinator::unlink_form),
    )
    .route(
        "/account/initiatieven/{id}/partners/{link_id}/ontkoppelen",
        web::post().to(coordinator::unlink),
    )
    .route(
        "/account/initiatieven/{id}/coordinatoren",
        web::post().to(coordinator::add_coordinator_form),
    )
    .route(
        "/account/initiatieven/{id}/coordinatoren/{user_id}/verwijderen",
        web::get().to(coordinator::remove_coordinator_form),
    )
    .route(
        "/account/initiatieven/{id}/coordinatoren/{user_id}/verwijderen",
        web::post().to(coordinator::remove_coordinator),
    )
    .route("/beheer/gebruikers", web::get().to(admin::users))
    .route(
        "/beheer/gebruikers/{id}/rollen",
        web::get().to(admin::roles_page),
    )
    .route(
        "/beheer/gebruikers/{id}/rollen",
        web::post().to(admin::save_roles),
    )
    .route("/beheer/wij-teams", web::get().to(admin::teams_list))
    .route(
        "/beheer/wij-teams/nieuw",
        web::get().to(admin::new_team_form),
    )
    .route("/beheer/wij-teams/nieuw", web::post().to(admin::create))
    .route(
        "/beheer/wij-teams/{id}/bewerken",
        web::get().to(admin::edit_team_form),
    )
    .route(
        "/beheer/wij-teams/{id}/bewerken",
        web::post().to(admin::update),
    )
    .route("/team", web::get().to(team::dashboard))
    .route(
        "/team/uren/{id}/bevestigen",
        web::post().to(team::confirm_hours),
    )
    .route(
        "/team/uren/{id}/afwijzen",
        web::post().to(team::reject_hours),
    )
    .route("/verzoeken/nieuw", web::get().to(requests::new_form))
    .route("/verzoeken/nieuw", web::post().to(requests::create))
    .route("/verzoeken/{id}", web::get().to(requests::show))
    .route(
        "/verzoeken/{id}/voorstellen",
        web::post().to(requests::propose),
    )
    .route(
        "/verzoeken/{id}/koppelingen/{match}/accepteren",
        web::post().to(requests::accept),
    )
    .route(
        "/verzoeken/{id}/koppelingen/{match}/afwijzen",
        web::post().to(requests::decline),
    )
    .route(
        "/verzoeken/{id}/sluiten",
        web::get().to(requests::close_form),
    )
    .route("/verzoeken/{id}/sluiten", web::post().to(requests::close))
    .route("/team/koppelronde", web::get().to(runs::form))
    .route("/team/koppelronde", web::post().to(runs::run))
    .route("/team/sleutelfiguren", web::get().to(social::key_figures))
    .route(
        "/team/sleutelfiguren",
        web::post().to(social::add_key_figure),
    )
    .route(
        "/wijken/{code}/sociale-kaart",
        web::get().to(social::social_map),
    );
}

/// Where a person starts after logging in: the admin at the accounts, a team worker at
/// the team's page, a coordinator at their initiatives, anyone else at their account.
pub fn start_page(caller: &crate::domain::account::Caller, coordinates: bool) -> &'static str {
    if caller.is_admin() {
        "/beheer/gebruikers"
    } else if caller.is_team_worker() {
        "/team"
    } else if coordinates {
        "/account/initiatieven"
    } else {
        "/account"
    }
}

/// The menu's links for the roles and relations of the logged-in person.
#[derive(Debug, Clone, Copy, Default)]
pub struct Menu {
    pub admin: bool,
    pub team_worker: bool,
    pub coordinator: bool,
    pub volunteer: bool,
}

impl Menu {
    pub fn of(caller: Option<&crate::domain::account::Caller>, coordinates: bool) -> Self {
        caller.map_or_else(Self::default, |c| Self {
            admin: c.is_admin(),
            team_worker: c.is_team_worker(),
            coordinator: coordinates,
            volunteer: c.roles.contains(crate::domain::roles::Role::Volunteer),
        })
    }
}

/// What every page shows around its content: the language, the title, the menu, the
/// language switch and the form token.
pub struct Chrome {
    pub lang: Lang,
    /// The whole `<title>`: "Fout: " first on a page with errors.
    pub title: String,
    /// The logged-in visitor's display name.
    pub user_name: Option<String>,
    /// The links of the menu that fit the visitor's roles.
    pub menu: Menu,
    /// The CSRF token for this page's forms.
    pub csrf: String,
    /// This page in the other language.
    pub switch_href: String,
    pub stylesheet: &'static str,
}

impl Chrome {
    pub fn t(&self, text: Ui) -> String {
        text.render(self.lang)
    }

    pub fn lang_tag(&self) -> &'static str {
        self.lang.tag()
    }

    pub fn other_lang_tag(&self) -> &'static str {
        match self.lang {
            Lang::Nl => "en",
            Lang::En => "nl",
        }
    }
}

/// A field error as a form shows it: in the summary (a link to the field) and beside it.
#[derive(Debug, Clone)]
pub struct FormError {
    /// The id of the input it is about.
    pub field: String,
    pub message: String,
}

/// The errors of one form, by field.
#[derive(Debug, Clone, Default)]
pub struct FormErrors(pub Vec<FormError>);

impl FormErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message beside a field, if it has one.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn add(&mut self, field: &str, message: String) {
        self.0.push(FormError {
            field: field.to_owned(),
            message,
        });
    }

    /// A service's refusal as form errors: validation errors field by field (named as the
    /// API names them; `rename` maps them to the form's fields), anything else on `field`.
    pub fn from_app_error(
        err: AppError,
        lang: Lang,
        field: &str,
        rename: impl Fn(&str) -> Option<&'static str>,
    ) -> Self {
        let mut errors = Self::default();
        match err {
            AppError::Validation(list) => {
                for e in list {
                    errors.add(rename(&e.field).unwrap_or(field), e.text.render(lang));
                }
            }
            other => errors.add(field, crate::api::problem::status_and_detail(other, lang).1),
        }
        errors
    }
}

/// The security headers of every page: a strict content security policy (no script at
/// all, styles from this origin only, no framing), no referrer to other sites.
const PAGE_CSP: &str = "default-src 'self'; script-src 'none'; style-src 'self'; \
     img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

pub(super) fn secure_headers(response: &mut HttpResponse) {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PAGE_CSP),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Cookie, Accept-Language"),
    );
}

/// A rendered page with its status, headers and the visitor's cookies.
pub fn render(visitor: &Visitor, status: StatusCode, page: &impl Template) -> HttpResponse {
    match page.render() {
        Ok(html) => {
            let mut response = HttpResponse::build(status)
                .content_type("text/html; charset=utf-8")
                .body(html);
            secure_headers(&mut response);
            visitor.set_cookies(&mut response);
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "rendering a page");
            let mut response = HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body(Ui::ErrorTitle.render(visitor.lang));
            secure_headers(&mut response);
            response
        }
    }
}

/// A redirect after a form (303: the browser follows with a GET).
pub fn redirect(visitor: &Visitor, location: &str) -> HttpResponse {
    let mut response = HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish();
    secure_headers(&mut response);
    visitor.set_cookies(&mut response);
    response
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    heading: String,
    text: String,
}

/// A page that says what went wrong, in the visitor's language.
pub fn error_page(
    visitor: &Visitor,
    status: StatusCode,
    heading: Ui,
    text: Option<String>,
) -> HttpResponse {
    let heading_text = heading.render(visitor.lang);
    let text = text.unwrap_or_else(|| match heading {
        Ui::NotFoundTitle => Ui::NotFoundText.render(visitor.lang),
        Ui::FormExpiredTitle => Ui::FormExpiredText.render(visitor.lang),
        _ => String::new(),
    });
    let c = visitor.chrome(&format!(
        "{}{heading_text}",
        Ui::ErrorPrefix.render(visitor.lang)
    ));
    render(
        visitor,
        status,
        &ErrorPage {
            c,
            heading: heading_text,
            text,
        },
    )
}

/// A service's error as a page: 404 for what does not exist, the API's words otherwise.
pub fn app_error_page(visitor: &Visitor, err: AppError) -> HttpResponse {
    match err {
        AppError::NotFound(_) => {
            error_page(visitor, StatusCode::NOT_FOUND, Ui::NotFoundTitle, None)
        }
        other => {
            if let AppError::Internal(cause) = &other {
                tracing::error!(cause = %crate::error::chain(cause.as_ref()), "a page failed");
            }
            let (status, text) = crate::api::problem::status_and_detail(other, visitor.lang);
            error_page(visitor, status, Ui::ErrorTitle, Some(text))
        }
    }
}

/// No page here: the HTML 404 of the web app (the API's unknown paths keep problem+json).
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    let visitor = Visitor::without_session(&req);
    error_page(&visitor, StatusCode::NOT_FOUND, Ui::NotFoundTitle, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_and_service_endpoints_are_not_pages() {
        for path in [
            "/api",
            "/api/v1/wijken",
            "/hsds/",
            "/docs",
            "/docs/index.html",
            "/api-docs/openapi.json",
            "/calendar/x.ics",
            "/metrics",
            "/health",
            "/ready",
        ] {
            assert!(!is_page_path(path), "{path}");
        }
        for path in [
            "/",
            "/wijken/WK001404",
            "/apis",
            "/healthy",
            "/documenten",
            "/static/x.css",
        ] {
            assert!(is_page_path(path), "{path}");
        }
    }
}
