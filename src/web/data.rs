//! My data: download everything stored about me (the same export as
//! `GET /api/v1/me/export`) and delete my account (asked once more, on a page; the same
//! recent-login rule as `DELETE /api/v1/me`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::offers::{ConfirmPage, TokenForm};
use super::public::{signed_in, visitor};
use super::{Chrome, Visitor, app_error_page, render};
use crate::error::AppError;
use crate::i18n::Ui;
use crate::service::AppContext;
use crate::service::accounts;

#[derive(Template)]
#[template(path = "data.html")]
struct DataPage {
    c: Chrome,
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    c: Chrome,
    heading: String,
    text: String,
    link: Option<(String, String)>,
}

/// What the page can do with my data.
pub async fn overview(ctx: web::Data<AppContext>, req: HttpRequest) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    if visitor.caller.is_none() {
        return super::account::login_first(&visitor, &req);
    }
    let c = visitor.chrome(&Ui::MyDataTitle.render(visitor.lang));
    render(&visitor, StatusCode::OK, &DataPage { c })
}

/// The export as a JSON file (a form with a token: each export counts toward a daily limit).
pub async fn download(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if !visitor.csrf_ok(&form.csrf) {
        return super::account::expired(&visitor);
    }
    let limits = ctx.settings.limits.clone();
    match crate::api::run(&ctx, move |conn| accounts::export(conn, &caller, &limits)).await {
        Ok(export) => {
            let mut response = HttpResponse::Ok()
                .insert_header((
                    "Content-Disposition",
                    "attachment; filename=\"wijkmatch-export.json\"",
                ))
                .json(export);
            super::secure_headers(&mut response);
            visitor.set_cookies(&mut response);
            response
        }
        Err(e) => app_error_page(&visitor, e.0),
    }
}

/// "Delete your account?": asked once more, on a page.
pub async fn delete_form(ctx: web::Data<AppContext>, req: HttpRequest) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    if visitor.caller.is_none() {
        return super::account::login_first(&visitor, &req);
    }
    let lang = visitor.lang;
    let heading = Ui::DeleteAccountTitle.render(lang);
    let page = ConfirmPage {
        c: visitor.chrome(&heading),
        heading,
        text: vec![
            Ui::DeleteAccountText.render(lang),
            Ui::DeleteAccountKept.render(lang),
        ],
        action: "/account/verwijderen".into(),
        hidden: Vec::new(),
        button: Ui::DeleteAccountButton.render(lang),
        back_href: "/account/gegevens".into(),
        back: Ui::KeepAccount.render(lang),
    };
    render(&visitor, StatusCode::OK, &page)
}

/// Delete the account, as `DELETE /api/v1/me`: every session ends, this one too.
pub async fn delete(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    let mut visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if !visitor.csrf_ok(&form.csrf) {
        return super::account::expired(&visitor);
    }
    let lang = visitor.lang;
    match crate::api::run(&ctx, move |conn| accounts::erase(conn, &caller)).await {
        Ok(()) => {
            visitor.end_session();
            let heading = Ui::AccountDeletedTitle.render(lang);
            let page = MessagePage {
                c: visitor.chrome(&heading),
                heading,
                text: Ui::AccountDeletedText.render(lang),
                link: Some(("/".into(), Ui::ToHome.render(lang))),
            };
            render(&visitor, StatusCode::OK, &page)
        }
        // The login is too old: log in again, then come back here.
        Err(e) if matches!(e.0, AppError::ReauthenticationRequired) => {
            let heading = Ui::LogInAgainTitle.render(lang);
            let page = MessagePage {
                c: visitor.chrome(&heading),
                heading,
                text: Ui::LogInAgainText.render(lang),
                link: Some((
                    "/inloggen?terug=/account/verwijderen".into(),
                    Ui::LogInAgainLink.render(lang),
                )),
            };
            render(&visitor, StatusCode::FORBIDDEN, &page)
        }
        Err(e) => app_error_page(&visitor, e.0),
    }
}
