//! The WIJ-team worker's journeys through the pages with a cookie session: filing a request
//! with its private part, the request's page with suggestions and proposals, the dashboard
//! and the hours decision, a matching round, the social map and key figures. What the pages
//! store is read back through the API; what they refuse stores nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{Browser, Html, assert_page_shape, attr, text};
use crate::fixtures::{self, ADDRESS, NOTES, REQUESTER, WIJK, created, ok};
use crate::helpers::{PASSWORD, TestApp, spawn_app, unique_email};

/// Log in through the login page.
async fn log_in(browser: &mut Browser<'_>, email: &str) {
    let csrf = browser.token("/inloggen").await;
    let page = browser
        .post(
            "/inloggen",
            &[("csrf", &csrf), ("email", email), ("wachtwoord", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

/// A worker of the team covering [`WIJK`] (or of `team`), registered and logged in through
/// the pages: their token.
async fn worker_in(app: &TestApp, browser: &mut Browser<'_>, team: Option<&str>) -> String {
    let team = match team {
        Some(t) => t.to_owned(),
        None => app.team_id("WIJ Oosterparkwijk").await,
    };
    let email = unique_email("wijwerker");
    browser.register("Wendy van WIJ", &email).await;
    let token = browser.cookies["wm_session"].clone();
    let me = ok(app.get("/api/v1/me", Some(&token)).await).await;
    let (_, admin) = app.admin().await;
    ok(app
        .put(
            &format!("/api/v1/users/{}/roles", me["id"].as_str().unwrap()),
            Some(&admin),
            &json!({"roles": ["team_worker"], "wij_team_id": team}),
        )
        .await)
    .await;
    // A role change ends the session: log in again, as a worker.
    log_in(browser, &email).await;
    browser.cookies["wm_session"].clone()
}

/// A volunteer logged in in `browser`: their token.
async fn volunteer_in(app: &TestApp, browser: &mut Browser<'_>, name: &str) -> String {
    browser.register(name, &unique_email("vrijwilliger")).await;
    let token = browser.cookies["wm_session"].clone();
    ok(app
        .put(
            "/api/v1/volunteers/me",
            Some(&token),
            &fixtures::profile(name, "propose"),
        )
        .await)
    .await;
    token
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The request form as a resident's request is filed: weekly on Tuesday morning.
fn request_fields(csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf", csrf.to_owned()),
        ("titel", "Boodschappen op dinsdag".into()),
        ("omschrijving", "Wekelijks boodschappen doen".into()),
        ("categorie", "groceries".into()),
        ("wijk", WIJK.into()),
        ("urgentie", "high".into()),
        ("aantal", "1".into()),
        ("uren", "1,5".into()),
        ("vorm", "recurring".into()),
        ("wanneer", "wekelijks".into()),
        ("dag2-ochtend", "on".into()),
        ("vaardigheid", "cycling".into()),
        ("taal", "nl".into()),
        ("prive-naam", REQUESTER.into()),
        ("prive-contact", "06-99999999".into()),
        ("prive-adres", ADDRESS.into()),
        ("prive-notities", NOTES.into()),
    ]
}

fn set(fields: &mut [(&'static str, String)], name: &str, value: &str) {
    for (k, v) in fields.iter_mut() {
        if *k == name {
            *v = value.to_owned();
        }
    }
}

/// The message shown beside a field: the `.field-error` inside the field's wrapper.
fn beside(html: &Html, id: &str) -> bool {
    html.all("span")
        .iter()
        .any(|s| attr(s, "id").as_deref() == Some(&format!("{id}-fout")))
}

/// How many reads of the request's private part the audit log holds.
async fn private_reads(app: &TestApp, admin: &str, id: &str) -> i64 {
    let log = ok(app
        .get(&format!("/api/v1/audit?subject={id}"), Some(admin))
        .await)
    .await;
    log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "read_private")
        .map(|e| e["count"].as_i64().unwrap())
        .sum()
}

fn private_parts_absent(body: &str) {
    for secret in [REQUESTER, ADDRESS, NOTES, "06-99999999"] {
        assert!(!body.contains(secret), "{secret} on a non-manager's page");
    }
}

#[actix_web::test]
async fn a_worker_files_a_request_proposes_a_volunteer_and_confirms_the_hours() {
    let app = spawn_app().await;
    let (_, volunteer, offer_id) = fixtures::helper(&app, "Fatima", "propose", 2).await;
    let mut browser = Browser::new(&app);
    let worker = worker_in(&app, &mut browser, None).await;

    // The menu shows the worker's pages; the dashboard is empty.
    let page = browser.get("/team").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_page_shape(&page, "nl", "/team");
    let links = page.html().hrefs();
    assert!(links.contains(&"/team".to_owned()));
    assert!(links.contains(&"/wijken/WK001404/sociale-kaart".to_owned()));

    // The form offers the team's wijken only, and the private part apart, saying who sees it.
    let page = browser.get("/verzoeken/nieuw").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_page_shape(&page, "nl", "/verzoeken/nieuw");
    let html = page.html();
    let wijken: Vec<String> = html
        .all("option")
        .iter()
        .filter(|o| attr(o, "value").unwrap_or_default().starts_with("WK0014"))
        .filter_map(|o| attr(o, "value"))
        .collect();
    let team = ok(app
        .get(
            &format!(
                "/api/v1/wij-teams/{}",
                app.team_id("WIJ Oosterparkwijk").await
            ),
            None,
        )
        .await)
    .await;
    let mut covered: Vec<String> = team["wijk_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_owned())
        .collect();
    covered.sort();
    let mut offered = wijken.clone();
    offered.sort();
    assert_eq!(offered, covered);
    assert!(
        page.body
            .contains("Alleen de beheerders van deze hulpvraag zien dit")
    );
    let csrf = html.input("csrf");
    let requests_before = app.count("requests");

    // Without this session's token: refused, nothing stored.
    let mut forged = request_fields("vervalst");
    let page = browser.post("/verzoeken/nieuw", &pairs(&forged)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("requests"), requests_before);

    // Mistakes: summarised, beside each field, typed values kept, nothing stored.
    set(&mut forged, "csrf", &csrf);
    let mut wrong = forged.clone();
    set(&mut wrong, "titel", "");
    set(&mut wrong, "aantal", "veel");
    set(&mut wrong, "prive-naam", "");
    let page = browser.post("/verzoeken/nieuw", &pairs(&wrong)).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let html = page.html();
    assert!(html.title().starts_with("Fout: "), "{}", html.title());
    assert_eq!(html.error_links(), ["#titel", "#aantal", "#prive-naam"]);
    for field in ["titel", "aantal", "prive-naam"] {
        assert!(beside(&html, field), "{field}");
    }
    assert_eq!(html.input("aantal"), "veel");
    assert_eq!(html.input("prive-adres"), ADDRESS, "kept for the manager");
    assert!(attr(&html.with("input", "id", "dag2-ochtend")[0], "checked").is_some());
    assert_eq!(app.count("requests"), requests_before);

    let mut no_slot = forged.clone();
    no_slot.retain(|(k, _)| *k != "dag2-ochtend");
    let page = browser.post("/verzoeken/nieuw", &pairs(&no_slot)).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#dag1-ochtend"]);

    let mut bad_once = forged.clone();
    set(&mut bad_once, "wanneer", "eenmalig");
    bad_once.push(("eenmalig-datum", "3 juni".into()));
    bad_once.push(("eenmalig-van", "10:00".into()));
    bad_once.push(("eenmalig-tot", "09:00".into()));
    let page = browser.post("/verzoeken/nieuw", &pairs(&bad_once)).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#eenmalig-datum"]);
    set(&mut bad_once, "eenmalig-datum", "2031-06-03");
    let page = browser.post("/verzoeken/nieuw", &pairs(&bad_once)).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        page.html().error_links(),
        ["#eenmalig-tot"],
        "ends after it starts"
    );

    // A wijk of another team: refused beside the wijk.
    let mut elsewhere = forged.clone();
    set(&mut elsewhere, "wijk", "WK001400");
    let page = browser.post("/verzoeken/nieuw", &pairs(&elsewhere)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(page.html().error_links(), ["#wijk"]);
    assert_eq!(app.count("requests"), requests_before);

    // Filed through the API's own call: the API reads it back.
    let page = browser.post("/verzoeken/nieuw", &pairs(&forged)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let request_path = page.location().split('?').next().unwrap().to_owned();
    let request_id = request_path.rsplit('/').next().unwrap().to_owned();
    let stored = ok(app
        .get(&format!("/api/v1/requests/{request_id}"), Some(&worker))
        .await)
    .await;
    assert_eq!(stored["hours_estimate"], 1.5);
    assert_eq!(stored["urgency"], "high");
    assert_eq!(stored["mode"], "recurring");
    assert_eq!(
        stored["schedule"],
        json!({"kind": "weekly", "slots": [{"weekday": 2, "start": "09:00", "end": "12:00"}]})
    );
    assert_eq!(stored["skills"], json!(["cycling"]));
    assert_eq!(stored["private"]["requester_name"], REQUESTER);
    assert_eq!(stored["private"]["address"], ADDRESS);

    // The manager's page: the private part with its rule (audited), the suggestions with
    // their reasons as sentences, no codes.
    let (_, admin) = app.admin().await;
    let reads = private_reads(&app, &admin, &request_id).await;
    let page = browser.get(&page.location()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_page_shape(&page, "nl", &request_path);
    assert_eq!(page.html().with("div", "role", "status").len(), 1);
    for said in [
        REQUESTER,
        ADDRESS,
        NOTES,
        "Je ziet dit omdat je deze hulpvraag beheert",
        "Fatima",
        "Woont in de wijk",
        "Kan op de gevraagde tijden",
        "Spreekt Nederlands",
        "Kan wat er gevraagd wordt: fietsen",
    ] {
        assert!(page.body.contains(said), "{said}");
    }
    for code in ["overlap_minutes", "cycling", "groceries", "WK001404"] {
        assert!(!page.body.contains(code), "{code} in the page");
    }
    assert_eq!(
        private_reads(&app, &admin, &request_id).await,
        reads + 1,
        "the page's read of the private part is audited"
    );

    // Proposing: a forged form stores nothing; the real one makes a proposal.
    let csrf = page.html().input("csrf");
    let propose = format!("{request_path}/voorstellen");
    let matches_before = app.count("matches");
    let page = browser
        .post(&propose, &[("csrf", "vervalst"), ("aanbod", &offer_id)])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("matches"), matches_before);
    let page = browser
        .post(&propose, &[("csrf", &csrf), ("aanbod", &offer_id)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let mine = ok(app.get("/api/v1/matches", Some(&volunteer)).await).await;
    let proposal = mine["items"][0].clone();
    assert_eq!(proposal["status"], "proposed");
    assert_eq!(proposal["request_id"], request_id.as_str());
    let match_id = proposal["id"].as_str().unwrap().to_owned();
    // Proposing the same pair again: the API's 409, said on the page, nothing stored.
    let page = browser
        .post(&propose, &[("csrf", &csrf), ("aanbod", &offer_id)])
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert_eq!(page.html().with("div", "role", "alert").len(), 1);
    assert_eq!(app.count("matches"), matches_before + 1);

    // The dashboard: the request in the queue, the proposal waiting.
    let page = browser.get("/team").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html().hrefs().contains(&request_path));
    assert!(page.body.contains("Voorstellen die wachten op antwoord"));
    private_parts_absent(&page.body);

    // The volunteer accepts through the API; the page shows the helper agreed.
    ok(fixtures::act(&app, &volunteer, &match_id, "accept").await).await;
    let page = browser.get(&request_path).await;
    let html = page.html();
    let agreed = html
        .all("h2")
        .into_iter()
        .position(|h| text(&h) == "Afgesproken helpers")
        .expect("a group of agreed helpers");
    assert!(agreed > 0);
    assert!(page.body.contains("Fatima"));
    // The helper now gets the private part too, as the API gives it, with their rule.
    let mut helper = Browser::new(&app);
    helper
        .cookies
        .insert("wm_session".to_owned(), volunteer.clone());
    let page = helper.get(&request_path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(ADDRESS));
    assert!(page.body.contains("Alleen het WIJ-team en jij zien dit"));
    assert!(!page.body.contains("/voorstellen"), "not a manager");

    // Hours logged by the volunteer wait on the dashboard; confirmed there.
    let today = crate::hours::today().format("%Y-%m-%d").to_string();
    let entry = created(
        app.post(
            &format!("/api/v1/matches/{match_id}/hours"),
            Some(&volunteer),
            &json!({"date": today, "hours": 2, "note": "Samen naar de markt"}),
        )
        .await,
    )
    .await;
    let entry_id = entry["id"].as_str().unwrap().to_owned();
    let page = browser.get("/team").await;
    assert!(page.body.contains("Samen naar de markt"));
    let confirm = format!("/team/uren/{entry_id}/bevestigen");
    assert_eq!(page.html().with("form", "action", &confirm).len(), 1);
    let csrf = page.html().input("csrf");
    let page = browser.post(&confirm, &[("csrf", "vervalst")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let hours = ok(app.get("/api/v1/me/hours", Some(&volunteer)).await).await;
    assert_eq!(hours["items"][0]["status"], "logged");
    let page = browser.post(&confirm, &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/team?klaar=bevestigd");
    let hours = ok(app.get("/api/v1/me/hours", Some(&volunteer)).await).await;
    assert_eq!(hours["items"][0]["status"], "confirmed");
    // Decided already: the API's 409, said on the dashboard.
    let page = browser
        .post(
            &format!("/team/uren/{entry_id}/afwijzen"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert_eq!(page.html().with("div", "role", "alert").len(), 1);
    let hours = ok(app.get("/api/v1/me/hours", Some(&volunteer)).await).await;
    assert_eq!(hours["items"][0]["status"], "confirmed");

    // The English page says the same in English.
    let page = browser.get(&format!("{request_path}?lang=en")).await;
    assert!(page.body.contains("Helpers agreed"));
}

#[actix_web::test]
async fn applications_are_answered_and_a_request_closed_on_its_page() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let worker = worker_in(&app, &mut browser, None).await;
    let request_id = fixtures::new_request(&app, &worker, 2).await;
    let (_, first, first_offer) = fixtures::helper(&app, "Ahmed", "propose", 1).await;
    let (_, second, second_offer) = fixtures::helper(&app, "Bram", "only_when_i_ask", 1).await;
    let applied = fixtures::matched(&app, &first, &request_id, &first_offer).await;
    let other = fixtures::matched(&app, &second, &request_id, &second_offer).await;
    let path = format!("/verzoeken/{request_id}");
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Vrijwilligers die zich aanmeldden"));
    assert!(page.body.contains("Ahmed") && page.body.contains("Bram"));
    // Each application with why the volunteer suits, in sentences.
    assert!(page.body.contains("Kan wat er gevraagd wordt: fietsen"));
    assert!(page.body.contains("Spreekt Nederlands"));
    let csrf = page.html().input("csrf");
    let accept = format!(
        "{path}/koppelingen/{}/accepteren",
        applied["id"].as_str().unwrap()
    );
    let decline = format!(
        "{path}/koppelingen/{}/afwijzen",
        other["id"].as_str().unwrap()
    );
    assert_eq!(page.html().with("form", "action", &accept).len(), 1);

    let page = browser.post(&accept, &[("csrf", "vervalst")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let stored = ok(app
        .get(
            &format!("/api/v1/matches/{}", applied["id"].as_str().unwrap()),
            Some(&first),
        )
        .await)
    .await;
    assert_eq!(stored["status"], "applied");
    let page = browser.post(&accept, &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let stored = ok(app
        .get(
            &format!("/api/v1/matches/{}", applied["id"].as_str().unwrap()),
            Some(&first),
        )
        .await)
    .await;
    assert_eq!(stored["status"], "confirmed");
    let page = browser.post(&decline, &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let stored = ok(app
        .get(
            &format!("/api/v1/matches/{}", other["id"].as_str().unwrap()),
            Some(&second),
        )
        .await)
    .await;
    assert_eq!(stored["status"], "declined");
    // Answered already: the API's 409, said on the request's page.
    let page = browser.post(&decline, &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    // A match of another request is not found under this one.
    let elsewhere = fixtures::new_request(&app, &worker, 1).await;
    let page = browser
        .post(
            &format!(
                "/verzoeken/{elsewhere}/koppelingen/{}/afwijzen",
                applied["id"].as_str().unwrap()
            ),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);

    // Closing: asked once more, forged refused, then closed as the API closes.
    let close = format!("{path}/sluiten");
    let page = browser.get(&close).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", &close);
    let page = browser.post(&close, &[("csrf", "vervalst")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let stored = ok(app
        .get(&format!("/api/v1/requests/{request_id}"), Some(&worker))
        .await)
    .await;
    assert_ne!(stored["status"], "closed");
    let page = browser.post(&close, &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let stored = ok(app
        .get(&format!("/api/v1/requests/{request_id}"), Some(&worker))
        .await)
    .await;
    assert_eq!(stored["status"], "closed");
    // Closed: 404 to a volunteer who does not help with it, as in the API.
    let mut stranger = Browser::new(&app);
    volunteer_in(&app, &mut stranger, "Karel").await;
    assert_eq!(stranger.get(&path).await.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn others_get_what_the_api_gives_them_and_never_the_private_part() {
    let app = spawn_app().await;
    let w = fixtures::world(&app, 1).await;
    let path = format!("/verzoeken/{}", w.request_id);

    // Not logged in: to the login, and back after.
    let mut anonymous = Browser::new(&app);
    for page in [
        "/team",
        "/verzoeken/nieuw",
        path.as_str(),
        "/team/koppelronde",
    ] {
        let answer = anonymous.get(page).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{page}");
        assert!(answer.location().starts_with("/inloggen?terug="), "{page}");
    }

    // A volunteer: 403 pages for the team's pages, the public face of an open request.
    let mut browser = Browser::new(&app);
    volunteer_in(&app, &mut browser, "Karel").await;
    for page in [
        "/team",
        "/team/koppelronde",
        "/team/sleutelfiguren",
        "/wijken/WK001404/sociale-kaart",
        "/verzoeken/nieuw",
    ] {
        let answer = browser.get(page).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{page}");
        assert_page_shape(&answer, "nl", page);
        assert!(answer.html().title().starts_with("Fout: "), "{page}");
    }
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", &path);
    assert!(page.body.contains("Boodschappen op dinsdag"));
    private_parts_absent(&page.body);
    assert!(!page.body.contains("/voorstellen"), "no proposing");
    assert!(
        !page.html().hrefs().contains(&"/team".to_owned()),
        "no team menu"
    );
    let csrf = browser.token("/account/profiel").await;
    let closed = browser
        .post(&format!("{path}/sluiten"), &[("csrf", &csrf)])
        .await;
    assert_eq!(closed.status, StatusCode::FORBIDDEN);
    assert_eq!(
        browser
            .get("/verzoeken/00000000-0000-4000-8000-000000000000")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // A worker of another team: the public face, no private part, no suggestions.
    let other_team = app.new_team("WIJ Elders", &["WK001400"]).await;
    let mut elsewhere = Browser::new(&app);
    worker_in(&app, &mut elsewhere, Some(&other_team)).await;
    let page = elsewhere.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    private_parts_absent(&page.body);
    assert!(
        !page
            .body
            .contains("Vrijwilligers die bij deze hulpvraag passen")
    );
    let stored = ok(app
        .get(
            &format!("/api/v1/requests/{}", w.request_id),
            Some(&w.worker),
        )
        .await)
    .await;
    assert_eq!(stored["status"], "open");
}

#[actix_web::test]
async fn a_matching_round_is_previewed_then_sent() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let worker = worker_in(&app, &mut browser, None).await;
    let first = fixtures::new_request(&app, &worker, 1).await;
    fixtures::helper(&app, "Fatima", "propose", 1).await;
    let page = browser.get("/team/koppelronde").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", "/team/koppelronde");
    let html = page.html();
    let csrf = html.input("csrf");
    assert!(attr(&html.with("input", "id", "wijk-WK001404")[0], "checked").is_some());
    let matches_before = app.count("matches");

    // Forged, or no wijk, or another team's wijk: refused, nothing stored.
    let page = browser
        .post(
            "/team/koppelronde",
            &[("csrf", "vervalst"), ("stap", "versturen"), ("wijk", WIJK)],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = browser
        .post(
            "/team/koppelronde",
            &[("csrf", &csrf), ("stap", "versturen")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#wijken"]);
    let page = browser
        .post(
            "/team/koppelronde",
            &[("csrf", &csrf), ("stap", "versturen"), ("wijk", "WK001400")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(page.html().error_links(), ["#wijken"]);
    assert_eq!(app.count("matches"), matches_before);

    // The preview writes nothing and names the request.
    let page = browser
        .post(
            "/team/koppelronde",
            &[("csrf", &csrf), ("stap", "voorbeeld"), ("wijk", WIJK)],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Boodschappen op dinsdag"));
    assert!(page.html().hrefs().contains(&format!("/verzoeken/{first}")));
    assert!(page.body.contains("Voorstellen versturen"));
    assert_eq!(app.count("matches"), matches_before);

    // Another writing run meanwhile: the API's 409, said on the page.
    {
        let _busy = app.ctx.run_lock.try_hold(&app.ctx.db).unwrap();
        let page = browser
            .post(
                "/team/koppelronde",
                &[("csrf", &csrf), ("stap", "versturen"), ("wijk", WIJK)],
            )
            .await;
        assert_eq!(page.status, StatusCode::CONFLICT);
        assert_eq!(page.html().error_links(), ["#wijken"]);
        assert_eq!(app.count("matches"), matches_before);
    }

    // Sent: the proposals are stored as the API's run stores them.
    let page = browser
        .post(
            "/team/koppelronde",
            &[("csrf", &csrf), ("stap", "versturen"), ("wijk", WIJK)],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(app.count("matches"), matches_before + 1);
    let listed = ok(app
        .get("/api/v1/matches?status=proposed", Some(&worker))
        .await)
    .await;
    assert_eq!(listed["items"][0]["request_id"], first.as_str());
}

#[actix_web::test]
async fn the_social_map_filters_and_key_figures_are_recorded_with_consent() {
    let app = spawn_app().await;
    fixtures::volunteer(&app, "Fatima", "propose").await;
    let mut browser = Browser::new(&app);
    worker_in(&app, &mut browser, None).await;

    let path = "/wijken/WK001404/sociale-kaart";
    let page = browser.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_page_shape(&page, "nl", path);
    assert_eq!(page.html().all("svg").len(), 1, "the wijk's map");
    assert!(page.body.contains("Fatima"));
    let page = browser.get(&format!("{path}?soort=sleutelfiguur")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Fatima"), "only key figures");
    let page = browser.get(&format!("{path}?thema=geen-thema")).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#thema"]);
    let page = browser.get(&format!("{path}?soort=iets")).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#soort"]);
    assert_eq!(
        browser.get("/wijken/WK009999/sociale-kaart").await.status,
        StatusCode::NOT_FOUND
    );

    // Key figures: consent is asked for, mistakes are said, nothing stored until right.
    let page = browser.get("/team/sleutelfiguren").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_page_shape(&page, "nl", "/team/sleutelfiguren");
    let csrf = page.html().input("csrf");
    let today = crate::hours::today().format("%Y-%m-%d").to_string();
    let fields = |csrf: &str, name: &str, consent: bool| -> Vec<(&'static str, String)> {
        let mut f = vec![
            ("csrf", csrf.to_owned()),
            ("naam", name.to_owned()),
            ("organisatie", "Buurthuis De Hoek".into()),
            ("omschrijving", "Kent iedereen in de straat".into()),
            ("wijk", WIJK.into()),
            ("verbindt", "Ouderen in de flat".into()),
            ("contact", "06-12345678".into()),
            ("zichtbaar", "team_only".into()),
            ("toestemming-datum", today.clone()),
            ("vastgelegd-door", "Wendy".into()),
        ];
        if consent {
            f.push(("toestemming", "ja".into()));
        }
        f
    };
    let before = app.count("key_figures");
    let page = browser
        .post(
            "/team/sleutelfiguren",
            &pairs(&fields("vervalst", "Ans", true)),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = browser
        .post("/team/sleutelfiguren", &pairs(&fields(&csrf, "Ans", false)))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#toestemming"]);
    assert_eq!(page.html().input("organisatie"), "Buurthuis De Hoek");
    let page = browser
        .post("/team/sleutelfiguren", &pairs(&fields(&csrf, " ", true)))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#naam"]);
    assert!(beside(&page.html(), "naam"));
    assert_eq!(app.count("key_figures"), before);
    let page = browser
        .post("/team/sleutelfiguren", &pairs(&fields(&csrf, "Ans", true)))
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(app.count("key_figures"), before + 1);
    let page = browser.get("/team/sleutelfiguren?klaar=nieuw").await;
    assert!(page.body.contains("Ans") && page.body.contains("Buurthuis De Hoek"));
    let listed: Value = ok(app.get("/api/v1/key-figures?wijk=WK001404", None).await).await;
    assert!(
        listed["items"].as_array().unwrap().is_empty(),
        "team-only: not public"
    );
    let page = browser.get(&format!("{path}?soort=sleutelfiguur")).await;
    assert!(page.body.contains("Ans"));
}

#[actix_web::test]
async fn a_coordinator_files_for_their_initiative_without_a_private_part() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let token = volunteer_in(&app, &mut browser, "Coördinator").await;
    let made = crate::initiatives::create(
        &app,
        &token,
        &crate::initiatives::initiative("Buurttuin Oosterpark", WIJK),
    )
    .await;
    let id = made["id"].as_str().unwrap().to_owned();
    let page = browser
        .get(&format!("/verzoeken/nieuw?initiatief={id}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_page_shape(&page, "nl", "/verzoeken/nieuw");
    assert!(page.body.contains("Buurttuin Oosterpark"));
    let html = page.html();
    assert_eq!(html.input("initiatief"), id);
    let wijken = html
        .all("option")
        .iter()
        .filter(|o| attr(o, "value").unwrap_or_default().starts_with("WK"))
        .count();
    assert!(wijken > 1, "a coordinator may file in any wijk");
    let mut fields = request_fields(&html.input("csrf"));
    for private in [
        "prive-naam",
        "prive-contact",
        "prive-adres",
        "prive-notities",
    ] {
        set(&mut fields, private, "");
    }
    fields.push(("initiatief", id.clone()));
    let page = browser.post("/verzoeken/nieuw", &pairs(&fields)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let request_path = page.location().split('?').next().unwrap().to_owned();
    let request_id = request_path.rsplit('/').next().unwrap().to_owned();
    let stored = ok(app
        .get(&format!("/api/v1/requests/{request_id}"), Some(&token))
        .await)
    .await;
    assert_eq!(stored["initiative_id"], id.as_str());
    assert_eq!(stored["private"], Value::Null);
    // Its manager's page, without the team's links.
    let page = browser.get(&request_path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Vrijwilligers die bij deze hulpvraag passen")
    );
    assert!(!page.html().hrefs().contains(&"/team".to_owned()));
    // An initiative that does not exist.
    let page = browser
        .get("/verzoeken/nieuw?initiatief=00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}
