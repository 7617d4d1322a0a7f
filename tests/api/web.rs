//! The web pages: structure read with a real HTML5 parser, cookies kept by hand like a
//! browser does.

use std::collections::HashMap;

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, SET_COOKIE};
use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, spawn_app, spawn_app_with, unique_email};
use crate::initiatives::{create, initiative};

/// A parsed page.
struct Html {
    root: Handle,
}

impl Html {
    fn parse(text: &str) -> Self {
        let dom = html5ever::parse_document(RcDom::default(), Default::default())
            .from_utf8()
            .read_from(&mut text.as_bytes())
            .unwrap();
        Self {
            root: dom.document.clone(),
        }
    }

    fn all(&self, tag: &str) -> Vec<Handle> {
        fn walk(node: &Handle, tag: &str, out: &mut Vec<Handle>) {
            if let NodeData::Element { name, .. } = &node.data {
                if &*name.local == tag {
                    out.push(node.clone());
                }
            }
            for child in node.children.borrow().iter() {
                walk(child, tag, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.root, tag, &mut out);
        out
    }

    fn one(&self, tag: &str) -> Handle {
        let all = self.all(tag);
        assert_eq!(all.len(), 1, "one <{tag}>");
        all[0].clone()
    }

    /// Elements of `tag` whose `attr` is `value`.
    fn with(&self, tag: &str, attr_name: &str, value: &str) -> Vec<Handle> {
        self.all(tag)
            .into_iter()
            .filter(|e| attr(e, attr_name).as_deref() == Some(value))
            .collect()
    }

    fn title(&self) -> String {
        text(&self.one("title"))
    }

    fn lang(&self) -> String {
        attr(&self.one("html"), "lang").unwrap_or_default()
    }

    /// The value of the input named `name`.
    fn input(&self, name: &str) -> String {
        let inputs = self.with("input", "name", name);
        assert!(!inputs.is_empty(), "an input {name}");
        attr(&inputs[0], "value").unwrap_or_default()
    }

    /// The links of the error summary (role=alert): their targets.
    fn error_links(&self) -> Vec<String> {
        let alerts = self.with("div", "role", "alert");
        assert_eq!(alerts.len(), 1, "one error summary");
        let mut links = Vec::new();
        collect(&alerts[0], "a", &mut links);
        links.iter().filter_map(|a| attr(a, "href")).collect()
    }

    fn hrefs(&self) -> Vec<String> {
        self.all("a")
            .iter()
            .filter_map(|a| attr(a, "href"))
            .collect()
    }
}

fn collect(node: &Handle, tag: &str, out: &mut Vec<Handle>) {
    for child in node.children.borrow().iter() {
        if let NodeData::Element { name, .. } = &child.data {
            if &*name.local == tag {
                out.push(child.clone());
            }
        }
        collect(child, tag, out);
    }
}

fn attr(node: &Handle, wanted: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == wanted)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

fn text(node: &Handle) -> String {
    let mut out = String::new();
    fn walk(node: &Handle, out: &mut String) {
        if let NodeData::Text { contents } = &node.data {
            out.push_str(&contents.borrow());
        }
        for child in node.children.borrow().iter() {
            walk(child, out);
        }
    }
    walk(node, &mut out);
    out.trim().to_owned()
}

/// A browser: keeps the cookies the app sets, sends them back, follows no redirect.
struct Browser<'a> {
    app: &'a TestApp,
    cookies: HashMap<String, String>,
    accept_language: Option<&'static str>,
}

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Page {
    fn html(&self) -> Html {
        Html::parse(&self.body)
    }

    fn location(&self) -> String {
        self.headers
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }

    /// The Set-Cookie line for `name`.
    fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with(&format!("{name}=")))
    }
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            cookies: HashMap::new(),
            accept_language: None,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> Page {
        let mut req = req.header("Cookie", self.cookie_header());
        if let Some(lang) = self.accept_language {
            req = req.header("Accept-Language", lang);
        }
        let r = req.send().await.unwrap();
        let headers = r.headers().clone();
        for line in headers.get_all(SET_COOKIE) {
            let line = line.to_str().unwrap();
            let pair = line.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || line.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        Page {
            status: r.status(),
            headers,
            body: r.text().await.unwrap(),
        }
    }

    async fn get(&mut self, path: &str) -> Page {
        let req = self.app.client.get(self.app.url(path));
        self.send(req).await
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body: String = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let req = self
            .app
            .client
            .post(self.app.url(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body);
        self.send(req).await
    }

    /// The CSRF token of the form on `path`.
    async fn token(&mut self, path: &str) -> String {
        let page = self.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        page.html().input("csrf")
    }

    async fn register(&mut self, name: &str, email: &str) -> Page {
        let csrf = self.token("/registreren").await;
        self.post(
            "/registreren",
            &[
                ("csrf", &csrf),
                ("naam", name),
                ("email", email),
                ("wachtwoord", PASSWORD),
            ],
        )
        .await
    }
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// What every page has: its language, one h1, landmarks, a skip link, the language switch,
/// no script, and the security headers.
fn assert_page_shape(page: &Page, lang: &str, path: &str) {
    let html = page.html();
    assert_eq!(html.lang(), lang, "{path}");
    assert_eq!(html.all("h1").len(), 1, "{path}: one h1");
    for landmark in ["header", "nav", "main", "footer"] {
        assert_eq!(html.all(landmark).len(), 1, "{path}: one <{landmark}>");
    }
    assert_eq!(attr(&html.one("main"), "id").as_deref(), Some("inhoud"));
    assert!(
        html.hrefs().contains(&"#inhoud".to_owned()),
        "{path}: skip link"
    );
    assert!(
        html.hrefs().iter().any(|h| h.contains("lang=")),
        "{path}: language switch"
    );
    assert!(html.all("script").is_empty(), "{path}: no script");
    let header = |name: &str| {
        page.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let csp = header("content-security-policy");
    assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
    assert_eq!(header("referrer-policy"), "same-origin", "{path}");
    assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
    assert!(header("content-type").starts_with("text/html"), "{path}");
}

async fn volunteer_initiative(app: &TestApp, name: &str, wijk: &str) -> Value {
    let (_, token) = app.volunteer("Coördinator").await;
    create(app, &token, &initiative(name, wijk)).await
}

#[actix_web::test]
async fn every_page_has_its_language_one_h1_landmarks_and_strict_headers() {
    let app = spawn_app().await;
    let made = volunteer_initiative(&app, "Buurttuin Oosterpark", "WK001404").await;
    let mut browser = Browser::new(&app);
    let initiative_path = format!("/initiatieven/{}", made["id"].as_str().unwrap());
    for (path, status) in [
        ("/", StatusCode::OK),
        ("/?zoek=9713", StatusCode::OK),
        ("/wijken/WK001404", StatusCode::OK),
        ("/initiatieven", StatusCode::OK),
        (initiative_path.as_str(), StatusCode::OK),
        ("/inloggen", StatusCode::OK),
        ("/registreren", StatusCode::OK),
        ("/bestaat-niet", StatusCode::NOT_FOUND),
        ("/wijken/WK009999", StatusCode::NOT_FOUND),
        (
            "/initiatieven/00000000-0000-4000-8000-000000000000",
            StatusCode::NOT_FOUND,
        ),
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status, status, "{path}");
        assert_page_shape(&page, "nl", path);
    }
    // The stylesheet is served from the binary, cached for long under a hashed name.
    let home = browser.get("/").await.html();
    let css = home
        .all("link")
        .iter()
        .find_map(|l| attr(l, "href"))
        .unwrap();
    assert!(
        css.starts_with("/static/site-") && css.ends_with(".css"),
        "{css}"
    );
    let r = app.client.get(app.url(&css)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(
        browser.get("/static/site-0.css").await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn the_api_keeps_its_answers_beside_the_pages() {
    let app = spawn_app().await;
    let r = app.get("/api/v1/bestaat-niet", None).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json")
    );
    let r = app.get("/hsds/bestaat-niet", None).await;
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json")
    );
    assert_eq!(app.get("/health", None).await.status(), StatusCode::OK);
    assert_eq!(
        app.get("/api/v1/wijken", None).await.status(),
        StatusCode::OK
    );
    let r = app.get("/", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}

#[actix_web::test]
async fn pages_are_dutch_by_default_and_english_on_switch() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let page = browser.get("/").await;
    assert_eq!(text(&page.html().one("h1")), "In welke wijk woon je?");
    // The switch link leads to the same page in English, and the choice is remembered.
    let switch = page
        .html()
        .hrefs()
        .into_iter()
        .find(|h| h.contains("lang=en"))
        .unwrap();
    assert_eq!(switch, "/?lang=en");
    let page = browser.get(&switch).await;
    assert_page_shape(&page, "en", &switch);
    assert_eq!(text(&page.html().one("h1")), "Which wijk do you live in?");
    assert!(
        page.set_cookie("wm_lang")
            .unwrap()
            .starts_with("wm_lang=en")
    );
    let page = browser.get("/initiatieven").await;
    assert_eq!(page.html().lang(), "en", "remembered");
    // Back to Dutch; the other query parameters stay.
    let page = browser.get("/initiatieven?wijk=WK001404&lang=nl").await;
    assert_eq!(page.html().lang(), "nl");
    assert!(
        page.html()
            .hrefs()
            .contains(&"/initiatieven?wijk=WK001404&lang=en".to_owned())
    );
    // A browser that prefers English gets English; one that names neither gets Dutch.
    for (header, lang) in [
        ("en-GB,en;q=0.9", "en"),
        ("de, fr", "nl"),
        ("nl, en;q=0.5", "nl"),
    ] {
        let mut b = Browser::new(&app);
        b.accept_language = Some(header);
        assert_eq!(b.get("/").await.html().lang(), lang, "{header}");
    }
}

fn found_wijken(page: &Page) -> Vec<String> {
    let html = page.html();
    let section = html.with("section", "aria-labelledby", "gevonden");
    assert_eq!(section.len(), 1, "a result list");
    let mut links = Vec::new();
    collect(&section[0], "a", &mut links);
    links.iter().filter_map(|a| attr(a, "href")).collect()
}

#[actix_web::test]
async fn the_home_page_finds_the_wijk_by_postcode_or_name() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    // 9713 lies mostly in Oud-Oost, partly in Centrum: both, Oud-Oost first.
    for search in ["9713", "9713%20AB", "9713ab"] {
        let page = browser.get(&format!("/?zoek={search}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let found = found_wijken(&page);
        assert_eq!(
            found.first().map(String::as_str),
            Some("/wijken/WK001404"),
            "{search}"
        );
        assert!(found.contains(&"/wijken/WK001400".to_owned()), "{search}");
    }
    // One wijk: straight to its page. By former name, any case and accents.
    for search in ["Oosterparkwijk", "oud-oost", "OOSTERPÄRK"] {
        let page = browser.get(&format!("/?zoek={}", encode(search))).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{search}");
        assert_eq!(page.location(), "/wijken/WK001404");
    }
    let page = browser.get("/?zoek=haren").await;
    assert_eq!(
        found_wijken(&page),
        ["/wijken/WK001417", "/wijken/WK001418"]
    );
    // Nothing found: said so, with the full list still there.
    let page = browser.get("/?zoek=Amsterdam").await;
    assert!(found_wijken(&page).is_empty());
    assert!(page.html().hrefs().contains(&"/wijken/WK001419".to_owned()));
    // A malformed postcode: an error page in the form's pattern, the input kept.
    let page = browser.get("/?zoek=97").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let html = page.html();
    assert!(html.title().starts_with("Fout: "), "{}", html.title());
    assert_eq!(html.error_links(), ["#zoek"]);
    assert_eq!(html.input("zoek"), "97");
}

#[actix_web::test]
async fn a_wijk_page_shows_its_initiatives_team_map_and_figures() {
    let app = spawn_app().await;
    let made = volunteer_initiative(&app, "Koffie-inloop Oosterpark", "WK001404").await;
    volunteer_initiative(&app, "Schooltuin Centrum", "WK001400").await;
    let mut browser = Browser::new(&app);
    let page = browser.get("/wijken/WK001404").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert_eq!(text(&html.one("h1")), "Oud-Oost");
    let hrefs = html.hrefs();
    assert!(hrefs.contains(&format!("/initiatieven/{}", made["id"].as_str().unwrap())));
    assert!(
        !page.body.contains("Schooltuin Centrum"),
        "only this wijk's initiatives"
    );
    assert!(
        page.body.contains("WIJ Oosterparkwijk"),
        "the covering team"
    );
    // The map: an inline SVG with the wijk's outline, named, and its text alternative.
    let svg = html.one("svg");
    assert_eq!(attr(&svg, "role").as_deref(), Some("img"));
    let mut paths = Vec::new();
    collect(&svg, "path", &mut paths);
    let outline: Vec<_> = paths
        .iter()
        .filter(|p| attr(p, "class").as_deref() == Some("wijk"))
        .collect();
    assert_eq!(outline.len(), 1);
    assert!(attr(outline[0], "d").unwrap().starts_with('M'));
    assert!(
        page.body.contains("Gorechtbuurt"),
        "the buurten are listed beside the map"
    );
    assert!(
        hrefs.contains(&"/wijken/WK001400".to_owned()),
        "neighbours are links"
    );
    // The public figures, suppressed below 5 as the API's are.
    let rows: Vec<String> = html.all("tr").iter().map(text).collect();
    assert!(
        rows.iter()
            .any(|r| r.contains("Bewonersinitiatieven") && r.contains("minder dan 5")),
        "{rows:?}"
    );
}

#[actix_web::test]
async fn the_initiatives_directory_filters_and_pages() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Coördinator").await;
    for i in 0..21 {
        create(
            &app,
            &token,
            &initiative(&format!("Buurtapp {i:02}"), "WK001404"),
        )
        .await;
    }
    create(
        &app,
        &token,
        &initiative("Coöperatieve wijkraad", "WK001400"),
    )
    .await;
    let mut browser = Browser::new(&app);
    let cards = |page: &Page| -> Vec<String> {
        let html = page.html();
        let lists = html.with("ul", "class", "cards");
        let mut items = Vec::new();
        if let Some(list) = lists.first() {
            collect(list, "h2", &mut items);
        }
        items.iter().map(text).collect()
    };
    let page = browser.get("/initiatieven?woorden=COOPERATIEVE").await;
    assert_eq!(cards(&page), ["Coöperatieve wijkraad"]);
    let page = browser.get("/initiatieven?wijk=WK001400").await;
    assert_eq!(cards(&page), ["Coöperatieve wijkraad"]);
    // The choices stay selected.
    let selected = page.html().with("option", "value", "WK001400");
    assert!(attr(&selected[0], "selected").is_some());
    // 21 in Oud-Oost: a page of 20, then the 21st, filters kept.
    let page = browser.get("/initiatieven?wijk=WK001404").await;
    let first = cards(&page);
    assert_eq!(first.len(), 20);
    let next = page
        .html()
        .with("a", "rel", "next")
        .first()
        .and_then(|a| attr(a, "href"))
        .unwrap();
    assert!(
        next.starts_with("/initiatieven?wijk=WK001404&na="),
        "{next}"
    );
    let page = browser.get(&next).await;
    let second = cards(&page);
    assert_eq!(second.len(), 1);
    assert!(!first.contains(&second[0]));
    assert!(page.html().with("a", "rel", "next").is_empty());
    // A filter that is not a code: the error summary links to the field.
    let page = browser.get("/initiatieven?wijk=WK9&thema=geen").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let html = page.html();
    assert!(html.title().starts_with("Fout: "));
    assert_eq!(html.error_links(), ["#wijk", "#thema"]);
    let page = browser.get("/initiatieven?na=vervalst").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn register_log_out_and_log_in_with_a_cookie_session() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let email = unique_email("web");
    let page = browser.register("Anna de Vries", &email).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/account?nieuw=1");
    let cookie = page.set_cookie("wm_session").unwrap();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP without a proxy: {cookie}"
    );
    let page = browser.get("/account?nieuw=1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.html().with("div", "role", "status").len(), 1);
    assert!(page.body.contains(&email) && page.body.contains("Anna de Vries"));
    // The cookie holds the API's own session: its token works as a bearer token...
    let token = browser.cookies["wm_session"].clone();
    assert_eq!(
        app.get("/api/v1/me", Some(&token)).await.status(),
        StatusCode::OK
    );
    // ...until the logout ends the session, on the web and in the API alike.
    let csrf = page.html().input("csrf");
    let page = browser.post("/uitloggen", &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.set_cookie("wm_session").unwrap().contains("Max-Age=0"));
    assert_eq!(
        app.get("/api/v1/me", Some(&token)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let page = browser.get("/account").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/inloggen?terug=/account");
    // The old cookie, replayed, is no session either.
    let mut replay = Browser::new(&app);
    replay.cookies.insert("wm_session".into(), token);
    let page = replay.get("/account").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.set_cookie("wm_session").unwrap().contains("Max-Age=0"));
    // Log in again, back to the page wanted.
    let csrf = browser.token("/inloggen?terug=/account").await;
    let page = browser
        .post(
            "/inloggen",
            &[
                ("csrf", &csrf),
                ("email", &email.to_uppercase()),
                ("wachtwoord", PASSWORD),
                ("terug", "/account"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/account");
    assert_eq!(browser.get("/account").await.status, StatusCode::OK);
}

#[actix_web::test]
async fn a_wrong_password_shows_the_form_again_with_the_email_kept() {
    let app = spawn_app().await;
    let (_, email) = app.register("Bert").await;
    let mut browser = Browser::new(&app);
    let csrf = browser.token("/inloggen").await;
    let page = browser
        .post(
            "/inloggen",
            &[
                ("csrf", &csrf),
                ("email", &email),
                ("wachtwoord", "niet het goede wachtwoord"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.set_cookie("wm_session").is_none());
    let html = page.html();
    assert!(html.title().starts_with("Fout: "), "{}", html.title());
    assert_eq!(html.error_links(), ["#email"]);
    assert!(
        page.body
            .contains("Het e-mailadres of het wachtwoord klopt niet.")
    );
    assert_eq!(html.input("email"), email);
    assert_eq!(
        html.input("wachtwoord"),
        "",
        "a password is never sent back"
    );
    let email_input = &html.with("input", "name", "email")[0];
    assert_eq!(attr(email_input, "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        attr(email_input, "aria-describedby").as_deref(),
        Some("email-fout")
    );
}

#[actix_web::test]
async fn after_login_only_local_paths_are_returned_to() {
    let app = spawn_app().await;
    let (_, email) = app.register("Carla").await;
    for (back, expected) in [
        ("https://evil.example/", "/account"),
        ("//evil.example/pad", "/account"),
        ("/\\evil.example", "/account"),
        ("/api/v1/me", "/account"),
        ("/initiatieven?wijk=WK001404", "/initiatieven?wijk=WK001404"),
    ] {
        let mut browser = Browser::new(&app);
        let csrf = browser.token("/inloggen").await;
        let page = browser
            .post(
                "/inloggen",
                &[
                    ("csrf", &csrf),
                    ("email", &email),
                    ("wachtwoord", PASSWORD),
                    ("terug", back),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{back}");
        assert_eq!(page.location(), expected, "{back}");
    }
    // The form does not even carry a foreign target along.
    let page = Browser::new(&app)
        .get("/inloggen?terug=https://evil.example/")
        .await;
    assert!(page.html().with("input", "name", "terug").is_empty());
}

#[actix_web::test]
async fn a_form_without_its_token_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let users = app.count("users");
    let mut browser = Browser::new(&app);
    let good = browser.token("/registreren").await;
    let mut other = Browser::new(&app);
    let others = other.token("/registreren").await;
    for token in ["", "vervalst", others.as_str()] {
        let page = browser
            .post(
                "/registreren",
                &[
                    ("csrf", token),
                    ("naam", "Dirk"),
                    ("email", &unique_email("csrf")),
                    ("wachtwoord", PASSWORD),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{token}");
        let html = page.html();
        assert_eq!(html.lang(), "nl");
        assert_eq!(text(&html.one("h1")), "Dit formulier is verlopen");
        assert!(html.title().starts_with("Fout: "));
        assert!(page.set_cookie("wm_session").is_none());
    }
    // A page from elsewhere has no cookie of ours at all.
    let mut stranger = Browser::new(&app);
    let page = stranger
        .post(
            "/registreren",
            &[
                ("csrf", &good),
                ("naam", "Dirk"),
                ("email", &unique_email("csrf")),
                ("wachtwoord", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("users"), users, "nothing stored");
    // Logged in, the token is bound to the session: an anonymous token does not log out.
    let page = browser.register("Dirk", &unique_email("csrf")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let token = browser.cookies["wm_session"].clone();
    let page = browser.post("/uitloggen", &[("csrf", &good)]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/api/v1/me", Some(&token)).await.status(),
        StatusCode::OK,
        "still in"
    );
}

#[actix_web::test]
async fn registration_errors_keep_what_was_typed_except_the_password() {
    let app = spawn_app().await;
    let users = app.count("users");
    let mut browser = Browser::new(&app);
    let csrf = browser.token("/registreren").await;
    let page = browser
        .post(
            "/registreren",
            &[
                ("csrf", &csrf),
                ("naam", "Els"),
                ("email", "geen-adres"),
                ("wachtwoord", "kort"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let html = page.html();
    assert!(html.title().starts_with("Fout: "));
    assert_eq!(html.error_links(), ["#email", "#wachtwoord"]);
    assert_eq!(html.input("naam"), "Els");
    assert_eq!(html.input("email"), "geen-adres");
    assert_eq!(html.input("wachtwoord"), "");
    assert_eq!(app.count("users"), users);
    // A taken email is said at the field.
    let (_, taken) = app.register("Eerder").await;
    let csrf = browser.token("/registreren").await;
    let page = browser
        .post(
            "/registreren",
            &[
                ("csrf", &csrf),
                ("naam", "Els"),
                ("email", &taken),
                ("wachtwoord", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#email"]);
    assert!(
        page.body
            .contains("Er is al een account met dit e-mailadres.")
    );
}

#[actix_web::test]
async fn a_password_change_keeps_this_session_and_ends_the_others() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let email = unique_email("web");
    browser.register("Fenna", &email).await;
    let elsewhere = app.token_for(&email).await;
    let csrf = browser.token("/account/wachtwoord").await;
    let page = browser
        .post(
            "/account/wachtwoord",
            &[
                ("csrf", &csrf),
                ("huidig", "fout fout fout fout"),
                ("nieuw", "een heel ander wachtwoord"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#huidig"]);
    assert_eq!(
        app.get("/api/v1/me", Some(&elsewhere)).await.status(),
        StatusCode::OK
    );
    let page = browser
        .post(
            "/account/wachtwoord",
            &[("csrf", &csrf), ("huidig", PASSWORD), ("nieuw", "kort")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#nieuw"]);
    let page = browser
        .post(
            "/account/wachtwoord",
            &[
                ("csrf", &csrf),
                ("huidig", PASSWORD),
                ("nieuw", "een heel ander wachtwoord"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(
        app.get("/api/v1/me", Some(&elsewhere)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        browser.get("/account?wachtwoord=1").await.status,
        StatusCode::OK
    );
    let r = app.login(&email, "een heel ander wachtwoord").await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[actix_web::test]
async fn session_cookies_are_secure_behind_tls() {
    // Configured so (a TLS-terminating proxy in front).
    let app =
        spawn_app_with(|s| s.server.secure_cookies = wijkmatch::config::SecureCookies::Always)
            .await;
    let mut browser = Browser::new(&app);
    let page = browser.register("Gerrit", &unique_email("tls")).await;
    assert!(page.set_cookie("wm_session").unwrap().contains("Secure"));
    // Automatically, when a trusted proxy says the request came over HTTPS.
    let app =
        spawn_app_with(|s| s.server.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let r = app
        .client
        .get(app.url("/"))
        .header("X-Forwarded-Proto", "https")
        .send()
        .await
        .unwrap();
    let cookie = r.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
    let r = app.client.get(app.url("/")).send().await.unwrap();
    assert!(!r.headers()[SET_COOKIE].to_str().unwrap().contains("Secure"));
}

#[actix_web::test]
async fn a_volunteer_keeps_their_profile_with_a_weekly_grid() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let page = browser.get("/account/profiel").await;
    assert_eq!(page.location(), "/inloggen?terug=/account/profiel");
    browser.register("Hanna", &unique_email("profiel")).await;
    let token = browser.cookies["wm_session"].clone();
    let page = browser.get("/account/profiel").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", "/account/profiel");
    let html = page.html();
    // The grid: a table of 7 days × 3 parts, headed by column and row, each box labelled.
    let table = html.with("table", "class", "grid");
    assert_eq!(table.len(), 1);
    let mut heads = Vec::new();
    collect(&table[0], "th", &mut heads);
    assert_eq!(
        heads
            .iter()
            .filter(|h| attr(h, "scope").as_deref() == Some("col"))
            .count(),
        4
    );
    assert_eq!(
        heads
            .iter()
            .filter(|h| attr(h, "scope").as_deref() == Some("row"))
            .count(),
        7
    );
    let boxes: Vec<_> = html
        .all("input")
        .into_iter()
        .filter(|i| attr(i, "id").is_some_and(|id| id.starts_with("dag")))
        .collect();
    assert_eq!(boxes.len(), 21);
    for b in &boxes {
        let id = attr(b, "id").unwrap();
        assert_eq!(html.with("label", "for", &id).len(), 1, "{id} has a label");
    }
    let csrf = html.input("csrf");
    let users_profiles = app.count("volunteer_profiles");

    // Without the token: refused, nothing stored.
    let fields = |csrf: &str| -> Vec<(&'static str, String)> {
        vec![
            ("csrf", csrf.to_owned()),
            ("naam", "Hanna".into()),
            ("wijk", "WK001404".into()),
            ("afstand", "2,5".into()),
            ("uren", "4".into()),
            ("dag2-ochtend", "on".into()),
            ("dag4-avond", "on".into()),
            ("vorm", "one_off".into()),
            ("vorm", "recurring".into()),
            ("voorstellen", "nee".into()),
        ]
    };
    let forged = fields("vervalst");
    let forged: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        browser.post("/account/profiel", &forged).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("volunteer_profiles"), users_profiles);

    // Mistakes: said per field, what was typed kept, nothing stored.
    let page = browser
        .post(
            "/account/profiel",
            &[
                ("csrf", &csrf),
                ("naam", "Hanna"),
                ("wijk", ""),
                ("afstand", "2"),
                ("uren", "veel"),
                ("dag1-avond", "on"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let html = page.html();
    assert!(html.title().starts_with("Fout: "));
    assert_eq!(html.error_links(), ["#wijk", "#uren", "#vorm-one_off"]);
    assert_eq!(html.input("uren"), "veel");
    assert!(attr(&html.with("input", "id", "dag1-avond")[0], "checked").is_some());
    assert_eq!(app.count("volunteer_profiles"), users_profiles);

    // Saved through the same service as the API: the API reads it back.
    let good = fields(&csrf);
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let page = browser.post("/account/profiel", &good).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let profile: Value = app
        .get("/api/v1/volunteers/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["wijk_code"], "WK001404");
    assert_eq!(profile["max_distance_km"], 2.5);
    assert_eq!(profile["hours_per_week"], 4.0);
    assert_eq!(profile["contact_preference"], "only_when_i_ask");
    assert_eq!(
        profile["modes"],
        serde_json::json!(["one_off", "recurring"])
    );
    assert_eq!(
        profile["availability"],
        serde_json::json!([
            {"weekday": 2, "start": "09:00", "end": "12:00"},
            {"weekday": 4, "start": "18:00", "end": "21:00"}
        ])
    );
    // And the page shows it again, with the status announced.
    let page = browser.get("/account/profiel?opgeslagen=1").await;
    let html = page.html();
    assert_eq!(html.with("div", "role", "status").len(), 1);
    let checked: Vec<String> = html
        .all("input")
        .iter()
        .filter(|i| attr(i, "checked").is_some())
        .filter_map(|i| attr(i, "id"))
        .collect();
    assert_eq!(
        checked,
        [
            "dag2-ochtend",
            "dag4-avond",
            "vorm-one_off",
            "vorm-recurring",
            "voorstellen-nee"
        ]
    );
    assert_eq!(html.input("afstand"), "2,5");
}

#[path = "web_volunteer.rs"]
mod volunteer;

#[path = "web_coordinator.rs"]
mod coordinator;

#[path = "web_admin.rs"]
mod admin;

#[path = "web_worker.rs"]
mod worker;

#[actix_web::test]
async fn a_forgotten_password_is_reset_through_the_emailed_link() {
    let sink = crate::smtp::SmtpSink::start();
    let url = sink.url();
    let app = crate::helpers::spawn_app_with(move |s| {
        s.mail.smtp_url = secrecy::SecretString::from(url);
    })
    .await;
    let (_, email) = app.register("Dirk").await;
    let mut browser = Browser::new(&app);
    let login = browser.get("/inloggen").await;
    assert_eq!(
        login.html().with("a", "href", "/wachtwoord-vergeten").len(),
        1
    );
    let sent = "Als er een account is met dit adres";
    for address in [email.as_str(), "niemand-hier@example.nl"] {
        let csrf = browser.token("/wachtwoord-vergeten").await;
        let page = browser
            .post(
                "/wachtwoord-vergeten",
                &[("csrf", &csrf), ("email", address)],
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert_page_shape(&page, "nl", "/wachtwoord-vergeten");
        let status = page.html().with("div", "role", "status");
        assert_eq!(status.len(), 1);
        assert!(
            page.body.contains(sent),
            "the same for any address: {}",
            page.body
        );
    }
    wijkmatch::jobs::outbox::run(app.ctx.clone()).await.unwrap();
    assert_eq!(sink.accepted().len(), 1);
    let mail = &sink.to(&email)[0];
    let start = mail.text.find("/wachtwoord-herstellen?token=").unwrap();
    let path: String = mail.text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let token = path.split_once("token=").unwrap().1.to_owned();

    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.html().input("token"), token);
    let csrf = page.html().input("csrf");
    let new_password = "drie-Fietsen-tegen-de-Martinitoren";
    let fields = [
        ("csrf", csrf.as_str()),
        ("token", token.as_str()),
        ("wachtwoord", new_password),
    ];
    let page = browser.post("/wachtwoord-herstellen", &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/inloggen?hersteld=1");
    let page = browser.get("/inloggen?hersteld=1").await;
    assert!(page.body.contains("Je wachtwoord is veranderd."));
    assert_eq!(
        app.login(&email, new_password).await.status(),
        StatusCode::OK
    );

    // The link works once.
    let page = browser.post("/wachtwoord-herstellen", &fields).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#wachtwoord"]);
    assert!(page.body.contains("al gebruikt of verlopen"));
}
