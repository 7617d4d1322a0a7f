//! Accounts on the web: register, log in (and back to the page wanted), log out, change the
//! password. The same service functions, throttles and sessions as the API's; the session
//! lives in an `HttpOnly` cookie instead of a bearer header.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::public::visitor;
use super::visitor::{encode_query_value, local_path};
use super::{Chrome, FormErrors, Visitor, app_error_page, error_page, redirect, render};
use crate::api::extract::client_address;
use crate::api::throttle;
use crate::domain::account::email_key;
use crate::error::AppError;
use crate::i18n::{FieldText, Text, Ui};
use crate::service::AppContext;
use crate::service::accounts::{self, PasswordChangeError};
use crate::service::initiatives::overview;
use crate::service::sessions::{self, SessionLimits};

/// One input of a form.
pub struct Field {
    pub id: &'static str,
    pub label: String,
    pub hint: Option<String>,
    pub kind: &'static str,
    /// What was entered (never a password).
    pub value: String,
    pub autocomplete: &'static str,
    pub error: Option<String>,
}

impl Field {
    fn new(
        id: &'static str,
        label: Ui,
        kind: &'static str,
        autocomplete: &'static str,
        v: &Visitor,
    ) -> Self {
        Self {
            id,
            label: label.render(v.lang),
            hint: None,
            kind,
            value: String::new(),
            autocomplete,
            error: None,
        }
    }

    fn hint(mut self, hint: Ui, v: &Visitor) -> Self {
        self.hint = Some(hint.render(v.lang));
        self
    }

    fn value(mut self, value: &str) -> Self {
        self.value = value.to_owned();
        self
    }

    /// The ids that describe the input: its hint and its error.
    pub fn described_by(&self) -> Option<String> {
        let ids: Vec<String> = [
            self.hint.as_ref().map(|_| format!("{}-hint", self.id)),
            self.error.as_ref().map(|_| format!("{}-fout", self.id)),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A link under a form ("No account yet? Create one").
pub struct AfterLink {
    pub text: String,
    pub href: String,
    pub link: String,
}

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage {
    c: Chrome,
    errors: FormErrors,
    heading: String,
    intro: Option<String>,
    /// A message about what just happened ("You are logged out").
    status: Option<String>,
    action: String,
    hidden: Vec<(&'static str, String)>,
    fields: Vec<Field>,
    button: String,
    after: Vec<AfterLink>,
}

/// Render a form; with errors, the title starts with "Fout: " and each field shows its own.
fn form_page(
    visitor: &Visitor,
    status: StatusCode,
    heading: Ui,
    mut page: FormPage,
) -> HttpResponse {
    let heading = heading.render(visitor.lang);
    let title = if page.errors.is_empty() {
        heading.clone()
    } else {
        format!("{}{heading}", Ui::ErrorPrefix.render(visitor.lang))
    };
    page.c = visitor.chrome(&title);
    page.heading = heading;
    for f in &mut page.fields {
        f.error = page.errors.for_field(f.id).map(str::to_owned);
    }
    render(visitor, status, &page)
}

fn blank_form(visitor: &Visitor, action: &str, button: Ui) -> FormPage {
    FormPage {
        c: visitor.chrome(""),
        errors: FormErrors::default(),
        heading: String::new(),
        intro: None,
        status: None,
        action: action.to_owned(),
        hidden: Vec::new(),
        fields: Vec::new(),
        button: button.render(visitor.lang),
        after: Vec::new(),
    }
}

/// The refusal of a form without this visitor's token: nothing was done.
pub(super) fn expired(visitor: &Visitor) -> HttpResponse {
    error_page(visitor, StatusCode::FORBIDDEN, Ui::FormExpiredTitle, None)
}

fn too_many(visitor: &Visitor, errors: &mut FormErrors, field: &str) -> StatusCode {
    errors.add(field, Text::TooManyAttempts.render(visitor.lang));
    StatusCode::TOO_MANY_REQUESTS
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    terug: String,
    /// Set after a logout.
    #[serde(default)]
    uit: String,
    /// Log in again while logged in (a new login replaces the session).
    #[serde(default)]
    opnieuw: String,
    /// Set after a password reset.
    #[serde(default)]
    hersteld: String,
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    wachtwoord: String,
    #[serde(default)]
    terug: String,
}

fn login_page(
    visitor: &Visitor,
    email: &str,
    back: &str,
    errors: FormErrors,
    status: StatusCode,
    notice: Option<Ui>,
) -> HttpResponse {
    let mut page = blank_form(visitor, "/inloggen", Ui::LogInButton);
    page.errors = errors;
    page.status = notice.map(|n| n.render(visitor.lang));
    if let Some(back) = local_path(back) {
        page.hidden.push(("terug", back.to_owned()));
        page.intro = Some(Ui::LogInToContinue.render(visitor.lang));
    }
    page.fields = vec![
        Field::new("email", Ui::EmailLabel, "email", "username", visitor).value(email),
        Field::new(
            "wachtwoord",
            Ui::PasswordLabel,
            "password",
            "current-password",
            visitor,
        ),
    ];
    page.after = vec![
        AfterLink {
            text: String::new(),
            href: "/wachtwoord-vergeten".into(),
            link: Ui::ForgotLink.render(visitor.lang),
        },
        AfterLink {
            text: Ui::NoAccountYet.render(visitor.lang),
            href: "/registreren".into(),
            link: Ui::NavRegister.render(visitor.lang),
        },
    ];
    form_page(visitor, status, Ui::LogInTitle, page)
}

/// Where to go after logging in: the page wanted, if it is one of ours, else the
/// person's own start page.
fn after_login<'a>(back: &'a str, start: &'a str) -> &'a str {
    local_path(back).unwrap_or(start)
}

pub async fn login_form(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<LoginQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    // Logged in already: on, unless asked to log in again (for a step that needs a
    // recent login).
    if let Some(caller) = &visitor.caller {
        if query.opnieuw.is_empty() {
            let start = super::start_page(caller, visitor.coordinates);
            return redirect(&visitor, after_login(&query.terug, start));
        }
    }
    let notice = if !query.uit.is_empty() {
        Some(Ui::LoggedOut)
    } else if !query.hersteld.is_empty() {
        Some(Ui::ResetDone)
    } else {
        None
    };
    login_page(
        &visitor,
        "",
        &query.terug,
        FormErrors::default(),
        StatusCode::OK,
        notice,
    )
}

pub async fn login(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<LoginForm>,
) -> HttpResponse {
    let mut visitor = visitor!(ctx, req);
    let form = form.into_inner();
    if !visitor.csrf_ok(&form.csrf) {
        return expired(&visitor);
    }
    let mut errors = FormErrors::default();
    let key = email_key(&form.email);
    let addr = client_address(&req);
    if let Err(e) = throttle::check_login(&ctx, &key, addr).await {
        if !matches!(e.0, AppError::TooManyRequests { .. }) {
            return app_error_page(&visitor, e.0);
        }
        let status = too_many(&visitor, &mut errors, "email");
        return login_page(&visitor, &form.email, &form.terug, errors, status, None);
    }
    let permit = ctx.hasher.permit().await;
    let limits = SessionLimits::from_settings(&ctx.settings.auth);
    let (tokens, hasher) = (ctx.tokens.clone(), ctx.hasher.clone());
    let (email, password) = (form.email.clone(), form.wachtwoord);
    let previous = visitor.caller.clone();
    let outcome = crate::api::run(&ctx, move |conn| {
        let outcome = accounts::login(
            conn,
            &email,
            &password,
            hasher.dummy_hash(),
            &limits,
            &tokens,
        )?;
        // A new login replaces the session this browser had.
        if let Some(previous) = previous {
            accounts::logout(conn, &previous)?;
        }
        // Where this person starts, read through the new session as every page reads it.
        let at = crate::db::now();
        let claims = tokens
            .verify(&outcome.access_token, at.and_utc().timestamp())
            .map_err(|_| AppError::internal("a token just issued does not verify"))?;
        let caller = sessions::authenticate(conn, &claims, &limits, at)?;
        let coordinates = overview::coordinates_any(conn, &caller)?;
        Ok((outcome, super::start_page(&caller, coordinates)))
    })
    .await;
    drop(permit);
    match outcome {
        Ok((outcome, start)) => {
            if let Err(e) = throttle::login_succeeded(&ctx, &key).await {
                return app_error_page(&visitor, e.0);
            }
            visitor.start_session(outcome.access_token, outcome.expires_in);
            redirect(&visitor, after_login(&form.terug, start))
        }
        Err(e) => match e.0 {
            AppError::InvalidCredentials => {
                if let Err(e) = throttle::login_failed(&ctx, &key, addr).await {
                    return app_error_page(&visitor, e.0);
                }
                errors.add("email", Text::WrongCredentials.render(visitor.lang));
                login_page(
                    &visitor,
                    &form.email,
                    &form.terug,
                    errors,
                    StatusCode::BAD_REQUEST,
                    None,
                )
            }
            other => app_error_page(&visitor, other),
        },
    }
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    wachtwoord: String,
    #[serde(default)]
    naam: String,
}

fn register_page(
    visitor: &Visitor,
    email: &str,
    name: &str,
    errors: FormErrors,
    status: StatusCode,
) -> HttpResponse {
    let mut page = blank_form(visitor, "/registreren", Ui::RegisterButton);
    page.errors = errors;
    page.intro = Some(Ui::RegisterIntro.render(visitor.lang));
    page.fields = vec![
        Field::new("naam", Ui::NameLabel, "text", "name", visitor)
            .hint(Ui::NameHint, visitor)
            .value(name),
        Field::new("email", Ui::EmailLabel, "email", "email", visitor).value(email),
        Field::new(
            "wachtwoord",
            Ui::PasswordLabel,
            "password",
            "new-password",
            visitor,
        )
        .hint(Ui::PasswordHint, visitor),
    ];
    page.after = vec![AfterLink {
        text: Ui::HaveAccount.render(visitor.lang),
        href: "/inloggen".into(),
        link: Ui::NavLogIn.render(visitor.lang),
    }];
    form_page(visitor, status, Ui::RegisterTitle, page)
}

fn register_field(api_field: &str) -> Option<&'static str> {
    match api_field {
        "email" => Some("email"),
        "password" => Some("wachtwoord"),
        "display_name" => Some("naam"),
        _ => None,
    }
}

pub async fn register_form(ctx: web::Data<AppContext>, req: HttpRequest) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    register_page(&visitor, "", "", FormErrors::default(), StatusCode::OK)
}

pub async fn register(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<RegisterForm>,
) -> HttpResponse {
    let mut visitor = visitor!(ctx, req);
    let form = form.into_inner();
    if !visitor.csrf_ok(&form.csrf) {
        return expired(&visitor);
    }
    let lang = visitor.lang;
    let mut errors = FormErrors::default();
    if let Err(e) = throttle::register_attempt(&ctx, client_address(&req)).await {
        if !matches!(e.0, AppError::TooManyRequests { .. }) {
            return app_error_page(&visitor, e.0);
        }
        let status = too_many(&visitor, &mut errors, "email");
        return register_page(&visitor, &form.email, &form.naam, errors, status);
    }
    let input = match accounts::parse_registration(
        &ctx.password_policy,
        &form.email,
        &form.wachtwoord,
        &form.naam,
    ) {
        Ok(input) => input,
        Err(e) => {
            let errors = FormErrors::from_app_error(e, lang, "email", register_field);
            return register_page(
                &visitor,
                &form.email,
                &form.naam,
                errors,
                StatusCode::BAD_REQUEST,
            );
        }
    };
    let _permit = ctx.hasher.permit().await;
    let limits = SessionLimits::from_settings(&ctx.settings.auth);
    let (tokens, hasher) = (ctx.tokens.clone(), ctx.hasher.clone());
    let (email, password) = (form.email.clone(), form.wachtwoord);
    let created = crate::api::run(&ctx, move |conn| {
        accounts::register(conn, &input)?;
        accounts::login(
            conn,
            &email,
            &password,
            hasher.dummy_hash(),
            &limits,
            &tokens,
        )
    })
    .await;
    match created {
        Ok(outcome) => {
            visitor.start_session(outcome.access_token, outcome.expires_in);
            redirect(&visitor, "/account?nieuw=1")
        }
        Err(e) => match e.0 {
            e @ (AppError::Validation(_) | AppError::Conflict(_)) => {
                let errors = FormErrors::from_app_error(e, lang, "email", register_field);
                register_page(
                    &visitor,
                    &form.email,
                    &form.naam,
                    errors,
                    StatusCode::BAD_REQUEST,
                )
            }
            other => app_error_page(&visitor, other),
        },
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// End the session: the cookie and the session row (so the same session's API token stops
/// working too).
pub async fn logout(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<CsrfOnly>,
) -> HttpResponse {
    let mut visitor = visitor!(ctx, req);
    let Some(caller) = visitor.caller.clone() else {
        return redirect(&visitor, "/");
    };
    if !visitor.csrf_ok(&form.csrf) {
        return expired(&visitor);
    }
    match crate::api::run(&ctx, move |conn| accounts::logout(conn, &caller)).await {
        Ok(()) => {
            visitor.end_session();
            redirect(&visitor, "/inloggen?uit=1")
        }
        Err(e) => app_error_page(&visitor, e.0),
    }
}

/// A page for logged-in visitors only: others go to the login, and come back after.
pub(super) fn login_first(visitor: &Visitor, req: &HttpRequest) -> HttpResponse {
    let back = match req.query_string() {
        "" => req.path().to_owned(),
        q => format!("{}?{q}", req.path()),
    };
    redirect(
        visitor,
        &format!("/inloggen?terug={}", encode_query_value(&back)),
    )
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    status: Option<String>,
    name: String,
    email: String,
    /// What a coordinator needs to add this person or invite them as a partner.
    account_id: String,
    menu: super::Menu,
}

#[derive(Deserialize)]
pub struct AccountQuery {
    #[serde(default)]
    nieuw: String,
    #[serde(default)]
    wachtwoord: String,
}

pub async fn overview(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<AccountQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let Some(caller) = visitor.caller.clone() else {
        return login_first(&visitor, &req);
    };
    let me = match crate::api::run(&ctx, move |conn| accounts::me(conn, &caller)).await {
        Ok(me) => me,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let status = if !query.nieuw.is_empty() {
        Some(Ui::Registered)
    } else if !query.wachtwoord.is_empty() {
        Some(Ui::PasswordChanged)
    } else {
        None
    };
    let page = AccountPage {
        c: visitor.chrome(&Ui::AccountTitle.render(visitor.lang)),
        status: status.map(|s| s.render(visitor.lang)),
        name: me.display_name,
        email: me.email,
        account_id: me.id,
        menu: super::Menu::of(visitor.caller.as_ref(), visitor.coordinates),
    };
    render(&visitor, StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    huidig: String,
    #[serde(default)]
    nieuw: String,
}

fn password_page(visitor: &Visitor, errors: FormErrors, status: StatusCode) -> HttpResponse {
    let mut page = blank_form(visitor, "/account/wachtwoord", Ui::ChangePassword);
    page.errors = errors;
    page.fields = vec![
        Field::new(
            "huidig",
            Ui::CurrentPasswordLabel,
            "password",
            "current-password",
            visitor,
        ),
        Field::new(
            "nieuw",
            Ui::NewPasswordLabel,
            "password",
            "new-password",
            visitor,
        )
        .hint(Ui::PasswordHint, visitor),
    ];
    form_page(visitor, status, Ui::ChangePassword, page)
}

pub async fn password_form(ctx: web::Data<AppContext>, req: HttpRequest) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    if visitor.caller.is_none() {
        return login_first(&visitor, &req);
    }
    password_page(&visitor, FormErrors::default(), StatusCode::OK)
}

pub async fn change_password(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<PasswordForm>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let Some(caller) = visitor.caller.clone() else {
        return login_first(&visitor, &req);
    };
    let form = form.into_inner();
    if !visitor.csrf_ok(&form.csrf) {
        return expired(&visitor);
    }
    let mut errors = FormErrors::default();
    // Guessing the current password here counts like failed logins for the account.
    let key = format!("user:{}", caller.user_id);
    let addr = client_address(&req);
    if let Err(e) = throttle::check_login(&ctx, &key, addr).await {
        if !matches!(e.0, AppError::TooManyRequests { .. }) {
            return app_error_page(&visitor, e.0);
        }
        let status = too_many(&visitor, &mut errors, "huidig");
        return password_page(&visitor, errors, status);
    }
    let _permit = ctx.hasher.permit().await;
    let policy = ctx.password_policy.clone();
    let outcome = crate::api::run(&ctx, move |conn| {
        match accounts::change_password(conn, &policy, &caller, &form.huidig, &form.nieuw) {
            Ok(()) => Ok(true),
            Err(PasswordChangeError::WrongCurrentPassword) => Ok(false),
            Err(PasswordChangeError::Other(e)) => Err(e),
        }
    })
    .await;
    match outcome {
        Ok(true) => {
            if let Err(e) = throttle::login_succeeded(&ctx, &key).await {
                return app_error_page(&visitor, e.0);
            }
            redirect(&visitor, "/account?wachtwoord=1")
        }
        Ok(false) => {
            if let Err(e) = throttle::login_failed(&ctx, &key, addr).await {
                return app_error_page(&visitor, e.0);
            }
            errors.add("huidig", FieldText::PasswordIncorrect.render(visitor.lang));
            password_page(&visitor, errors, StatusCode::BAD_REQUEST)
        }
        Err(e) => match e.0 {
            e @ AppError::Validation(_) => {
                let errors = FormErrors::from_app_error(e, visitor.lang, "nieuw", |_| None);
                password_page(&visitor, errors, StatusCode::BAD_REQUEST)
            }
            other => app_error_page(&visitor, other),
        },
    }
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
}

fn forgot_page(
    visitor: &Visitor,
    email: &str,
    errors: FormErrors,
    status: StatusCode,
    sent: bool,
) -> HttpResponse {
    let mut page = blank_form(visitor, "/wachtwoord-vergeten", Ui::ForgotButton);
    page.errors = errors;
    page.intro = Some(Ui::ForgotIntro.render(visitor.lang));
    page.status = sent.then(|| Ui::ForgotSent.render(visitor.lang));
    page.fields =
        vec![Field::new("email", Ui::EmailLabel, "email", "username", visitor).value(email)];
    page.after = vec![AfterLink {
        text: String::new(),
        href: "/inloggen".into(),
        link: Ui::NavLogIn.render(visitor.lang),
    }];
    form_page(visitor, status, Ui::ForgotTitle, page)
}

/// The form that asks for a reset link (`POST /api/v1/auth/password-reset`).
pub async fn forgot_form(ctx: web::Data<AppContext>, req: HttpRequest) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    forgot_page(&visitor, "", FormErrors::default(), StatusCode::OK, false)
}

/// Ask for a reset link: the same answer whether or not an account has the address.
pub async fn forgot(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<ForgotForm>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let form = form.into_inner();
    if !visitor.csrf_ok(&form.csrf) {
        return expired(&visitor);
    }
    let mut errors = FormErrors::default();
    let key = format!("reset:{}", email_key(&form.email));
    let addr = client_address(&req);
    if let Err(e) = throttle::check_login(&ctx, &key, addr).await {
        if !matches!(e.0, AppError::TooManyRequests { .. }) {
            return app_error_page(&visitor, e.0);
        }
        let status = too_many(&visitor, &mut errors, "email");
        return forgot_page(&visitor, &form.email, errors, status, false);
    }
    if let Err(e) = throttle::login_failed(&ctx, &key, addr).await {
        return app_error_page(&visitor, e.0);
    }
    let reset_key = ctx.reset_key.clone();
    let email = form.email.clone();
    let asked = crate::api::run(&ctx, move |conn| {
        crate::service::password_reset::request(conn, &email, &reset_key)
    })
    .await;
    match asked {
        Ok(()) => forgot_page(&visitor, "", FormErrors::default(), StatusCode::OK, true),
        Err(e) => app_error_page(&visitor, e.0),
    }
}

#[derive(Deserialize, Default)]
pub struct ResetQuery {
    #[serde(default)]
    token: String,
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    wachtwoord: String,
}

fn reset_page(
    visitor: &Visitor,
    token: &str,
    errors: FormErrors,
    status: StatusCode,
) -> HttpResponse {
    let mut page = blank_form(visitor, "/wachtwoord-herstellen", Ui::ResetButton);
    page.errors = errors;
    page.hidden.push(("token", token.to_owned()));
    page.fields = vec![
        Field::new(
            "wachtwoord",
            Ui::NewPasswordLabel,
            "password",
            "new-password",
            visitor,
        )
        .hint(Ui::PasswordHint, visitor),
    ];
    page.after = vec![AfterLink {
        text: String::new(),
        href: "/wachtwoord-vergeten".into(),
        link: Ui::ResetAskNew.render(visitor.lang),
    }];
    form_page(visitor, status, Ui::ResetTitle, page)
}

/// The page a reset link opens: choose a new password.
pub async fn reset_form(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<ResetQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    reset_page(
        &visitor,
        &query.token,
        FormErrors::default(),
        StatusCode::OK,
    )
}

/// Set the new password (`POST /api/v1/auth/password-reset/confirm`); then log in.
pub async fn reset(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<ResetForm>,
) -> HttpResponse {
    let mut visitor = visitor!(ctx, req);
    let form = form.into_inner();
    if !visitor.csrf_ok(&form.csrf) {
        return expired(&visitor);
    }
    let lang = visitor.lang;
    let _permit = ctx.hasher.permit().await;
    let policy = ctx.password_policy.clone();
    let (token, password) = (form.token.clone(), form.wachtwoord);
    let outcome = crate::api::run(&ctx, move |conn| {
        crate::service::password_reset::confirm(conn, &policy, &token, &password)
    })
    .await;
    match outcome {
        Ok(()) => {
            // Every session of the account ended, this browser's too if it had one.
            visitor.end_session();
            redirect(&visitor, "/inloggen?hersteld=1")
        }
        Err(e) => match e.0 {
            e @ (AppError::Validation(_) | AppError::BadRequest(_)) => {
                let errors = FormErrors::from_app_error(e, lang, "wachtwoord", |f| {
                    (f == "new_password").then_some("wachtwoord")
                });
                reset_page(&visitor, &form.token, errors, StatusCode::BAD_REQUEST)
            }
            other => app_error_page(&visitor, other),
        },
    }
}
