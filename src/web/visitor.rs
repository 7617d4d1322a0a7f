//! Who is asking, in which language, and the cookies that carry it: the session (the same
//! bearer token and server-side session the API uses, in an `HttpOnly` cookie), the chosen
//! language, and the anonymous visitor's CSRF binding.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieAge};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use rand::RngCore;

use super::Chrome;
use crate::auth::csrf::{Binding, CsrfKey};
use crate::config::SecureCookies;
use crate::domain::account::Caller;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::service::AppContext;
use crate::service::sessions::{self, SessionLimits};

pub const SESSION_COOKIE: &str = "wm_session";
pub const LANG_COOKIE: &str = "wm_lang";
pub const ANON_COOKIE: &str = "wm_anon";

/// How long an anonymous visitor's form binding lives: a login form left open longer is
/// refused as expired, and reloading it fixes that.
const ANON_HOURS: i64 = 12;

/// The visitor of one request.
pub struct Visitor {
    pub lang: Lang,
    /// The logged-in account behind the session cookie, if its session is alive.
    pub caller: Option<Caller>,
    pub display_name: Option<String>,
    /// The language came from `?lang=`: remember it.
    remember_lang: bool,
    /// The anonymous binding, and whether it is new (a cookie to set).
    anon: String,
    new_anon: bool,
    /// A session cookie was sent whose session has ended: clear it.
    stale_session: bool,
    /// Set by a login: the new session's token and lifetime in seconds.
    new_session: Option<(String, i64)>,
    /// Set by a logout.
    ended: bool,
    secure: bool,
    csrf: Option<CsrfKey>,
    switch_href: String,
}

fn random_value() -> String {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `?lang=` of a query string, if it names a language of the catalogue.
fn lang_param(query: &str) -> Option<Lang> {
    query
        .split('&')
        .filter_map(|pair| pair.strip_prefix("lang="))
        .find_map(Lang::from_tag)
}

/// This page in the other language: its path and query with `lang` replaced.
fn switch_href(req: &HttpRequest, other: Lang) -> String {
    let mut query: Vec<&str> = req
        .query_string()
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .collect();
    let lang = format!("lang={}", other.tag());
    query.push(&lang);
    format!("{}?{}", req.path(), query.join("&"))
}

/// Whether the request reached us over TLS, as configured.
fn is_secure(req: &HttpRequest, ctx: Option<&AppContext>) -> bool {
    let Some(ctx) = ctx else { return false };
    match ctx.settings.server.secure_cookies {
        SecureCookies::Always => true,
        SecureCookies::Never => false,
        SecureCookies::Auto => {
            // Only a trusted proxy may say so; the server itself speaks plain HTTP.
            let from_proxy = req
                .peer_addr()
                .is_some_and(|p| ctx.settings.server.trusted_proxies.contains(&p.ip()));
            from_proxy
                && req
                    .headers()
                    .get("x-forwarded-proto")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
        }
    }
}

impl Visitor {
    /// The visitor as the request's cookies and headers show them, without asking the
    /// database (error pages): never logged in.
    pub fn without_session(req: &HttpRequest) -> Self {
        let ctx = req.app_data::<web::Data<AppContext>>();
        let from_query = lang_param(req.query_string());
        let lang = from_query
            .or_else(|| {
                req.cookie(LANG_COOKIE)
                    .and_then(|c| Lang::from_tag(c.value()))
            })
            .unwrap_or_else(|| {
                Lang::negotiate_or(
                    req.headers()
                        .get(header::ACCEPT_LANGUAGE)
                        .and_then(|v| v.to_str().ok()),
                    Lang::Nl,
                )
            });
        let sent_anon = req
            .cookie(ANON_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|v| v.len() == 48 && v.bytes().all(|b| b.is_ascii_hexdigit()));
        let other = match lang {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        };
        Self {
            lang,
            caller: None,
            display_name: None,
            remember_lang: from_query.is_some(),
            new_anon: sent_anon.is_none(),
            anon: sent_anon.unwrap_or_else(random_value),
            stale_session: false,
            new_session: None,
            ended: false,
            secure: is_secure(req, ctx.map(|c| c.get_ref())),
            csrf: ctx.map(|c| c.csrf.clone()),
            switch_href: switch_href(req, other),
        }
    }

    /// The visitor with their session, if the session cookie names a live one. A cookie
    /// whose session has ended makes an anonymous visitor (and is cleared).
    pub async fn load(ctx: &AppContext, req: &HttpRequest) -> Result<Self, AppError> {
        let mut visitor = Self::without_session(req);
        let Some(cookie) = req.cookie(SESSION_COOKIE) else {
            return Ok(visitor);
        };
        let now = ctx.clock.now().timestamp();
        let Ok(claims) = ctx.tokens.verify(cookie.value(), now) else {
            visitor.stale_session = true;
            return Ok(visitor);
        };
        let limits = SessionLimits::from_settings(&ctx.settings.auth);
        let found = crate::api::run(ctx, move |conn| {
            match sessions::authenticate(conn, &claims, &limits, crate::db::now()) {
                Ok(caller) => {
                    let me = crate::service::accounts::me(conn, &caller)?;
                    Ok(Some((caller, me.display_name)))
                }
                Err(AppError::Unauthorized { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        })
        .await
        .map_err(|e| e.0)?;
        match found {
            Some((caller, name)) => {
                visitor.caller = Some(caller);
                visitor.display_name = Some(name);
            }
            None => visitor.stale_session = true,
        }
        Ok(visitor)
    }

    fn binding(&self) -> Binding<'_> {
        match &self.caller {
            Some(caller) => Binding::Session(&caller.session_id),
            None => Binding::Anonymous(&self.anon),
        }
    }

    /// The token this visitor's forms carry.
    pub fn csrf_token(&self) -> String {
        self.csrf
            .as_ref()
            .map(|k| k.token(self.binding()))
            .unwrap_or_default()
    }

    /// Whether a posted form carries this visitor's token. A new anonymous visitor (no
    /// cookie sent) never passes: their binding was made just now.
    pub fn csrf_ok(&self, sent: &str) -> bool {
        if self.caller.is_none() && self.new_anon {
            return false;
        }
        self.csrf
            .as_ref()
            .is_some_and(|k| k.verify(self.binding(), sent))
    }

    pub fn chrome(&self, title: &str) -> Chrome {
        Chrome {
            lang: self.lang,
            title: format!(
                "{title} - {}",
                crate::i18n::Ui::TitleSuffix.render(self.lang)
            ),
            user_name: self.display_name.clone(),
            team_worker: self.caller.as_ref().is_some_and(|c| c.team().is_some()),
            csrf: self.csrf_token(),
            switch_href: self.switch_href.clone(),
            stylesheet: super::assets::stylesheet_path(),
        }
    }

    /// After a login: the session cookie holds the new session's token.
    pub fn start_session(&mut self, token: String, lifetime_secs: i64) {
        self.new_session = Some((token, lifetime_secs));
    }

    /// After a logout: the session cookie goes.
    pub fn end_session(&mut self) {
        self.ended = true;
        self.caller = None;
        self.display_name = None;
    }

    fn cookie<'c>(&self, name: &'c str, value: String, max_age: CookieAge) -> Cookie<'c> {
        Cookie::build(name, value)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure)
            .max_age(max_age)
            .finish()
    }

    /// The cookies this visit changes.
    pub fn set_cookies(&self, response: &mut HttpResponse) {
        let mut cookies = Vec::new();
        if self.remember_lang {
            cookies.push(self.cookie(
                LANG_COOKIE,
                self.lang.tag().to_owned(),
                CookieAge::days(365),
            ));
        }
        if self.new_anon {
            cookies.push(self.cookie(ANON_COOKIE, self.anon.clone(), CookieAge::hours(ANON_HOURS)));
        }
        if let Some((token, secs)) = &self.new_session {
            cookies.push(self.cookie(SESSION_COOKIE, token.clone(), CookieAge::seconds(*secs)));
        } else if self.ended || self.stale_session {
            cookies.push(self.cookie(SESSION_COOKIE, String::new(), CookieAge::ZERO));
        }
        for cookie in cookies {
            if let Err(e) = response.add_cookie(&cookie) {
                tracing::error!(error = %e, "setting a cookie");
            }
        }
    }
}

/// A path to return to after logging in: only a path on this site, never another site
/// (`//host`, `/\host`, `https://…` are refused) and never the API.
pub fn local_path(raw: &str) -> Option<&str> {
    let ok = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && !raw.chars().any(char::is_control)
        && raw.len() <= 500
        && super::is_page_path(raw.split(['?', '#']).next().unwrap_or(raw));
    ok.then_some(raw)
}

/// Percent-encode a value for a query string.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_returned_to() {
        for ok in [
            "/",
            "/account",
            "/initiatieven?wijk=WK001404",
            "/wijken/WK001400#kaart",
        ] {
            assert_eq!(local_path(ok), Some(ok));
        }
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "evil.example",
            "",
            "/\r\nSet-Cookie: x=1",
            "javascript:alert(1)",
            "/api/v1/me",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(encode_query_value("/a b?c=d&e"), "/a%20b%3Fc%3Dd%26e");
        assert_eq!(encode_query_value("é"), "%C3%A9");
    }
}
