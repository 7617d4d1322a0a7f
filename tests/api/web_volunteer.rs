//! The volunteer's journeys through the pages with a cookie session: offers, the requests
//! that suit an offer, applying, proposals, matches, hours, the statement, and my data.
//! What the pages store is read back through the API.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{Browser, assert_page_shape, attr};
use crate::fixtures::{self, ADDRESS, REQUESTER, created, matched, ok, profile, world};
use crate::helpers::{PASSWORD, TestApp, spawn_app, unique_email};

/// A volunteer logged in in `browser`, with the fixtures' profile: their token.
async fn volunteer_in(app: &TestApp, browser: &mut Browser<'_>, name: &str) -> String {
    browser.register(name, &unique_email("vrijwilliger")).await;
    let token = browser.cookies["wm_session"].clone();
    ok(app
        .put(
            "/api/v1/volunteers/me",
            Some(&token),
            &profile(name, "propose"),
        )
        .await)
    .await;
    token
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[actix_web::test]
async fn a_volunteer_creates_and_withdraws_an_offer_through_the_pages() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let token = volunteer_in(&app, &mut browser, "Sanne").await;
    let page = browser.get("/account/aanbod/nieuw").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", "/account/aanbod/nieuw");
    let csrf = page.html().input("csrf");
    let offers = app.count("offers");
    let fields = |csrf: &str, title: &str, count: &str| -> Vec<(&'static str, String)> {
        vec![
            ("csrf", csrf.to_owned()),
            ("titel", title.to_owned()),
            ("categorie", "groceries".into()),
            ("categorie", "companionship".into()),
            ("vaardigheid", "cycling".into()),
            ("wijk", "".into()),
            ("uren", "2,5".into()),
            ("aantal", count.to_owned()),
            ("geldig_tot", "2031-01-31".into()),
        ]
    };

    // Without this session's token: refused, nothing stored.
    let forged = fields("vervalst", "Boodschappen", "1");
    let page = browser.post("/account/aanbod/nieuw", &pairs(&forged)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("offers"), offers);

    // Mistakes: summarised, beside each field, typed values kept, nothing stored.
    let wrong = fields(&csrf, "", "veel");
    let page = browser.post("/account/aanbod/nieuw", &pairs(&wrong)).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let html = page.html();
    assert!(html.title().starts_with("Fout: "), "{}", html.title());
    assert_eq!(html.error_links(), ["#titel", "#aantal"]);
    assert_eq!(html.input("aantal"), "veel");
    assert_eq!(html.input("uren"), "2,5");
    assert!(
        attr(
            &html.with("input", "id", "categorie-companionship")[0],
            "checked"
        )
        .is_some()
    );
    assert_eq!(app.count("offers"), offers);
    let mut bad_date = fields(&csrf, "Boodschappen", "1");
    bad_date.last_mut().unwrap().1 = "31-01-2031".into();
    let page = browser
        .post("/account/aanbod/nieuw", &pairs(&bad_date))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#geldig_tot"]);
    assert_eq!(app.count("offers"), offers);

    // Saved through the API's own call: the API reads it back.
    let good = fields(&csrf, "Ik fiets naar de markt", "2");
    let page = browser.post("/account/aanbod/nieuw", &pairs(&good)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/account/aanbod?klaar=nieuw");
    let mine = ok(app.get("/api/v1/offers/mine", Some(&token)).await).await;
    let offer = &mine["items"][0];
    assert_eq!(offer["title"], "Ik fiets naar de markt");
    assert_eq!(offer["categories"], json!(["companionship", "groceries"]));
    assert_eq!(offer["hours_per_week"], 2.5);
    assert_eq!(offer["max_matches"], 2);
    assert_eq!(offer["max_distance_km"], 3.0, "the profile's");
    assert_eq!(offer["valid_until"], "2031-01-31T22:59:00Z");
    let id = offer["id"].as_str().unwrap().to_owned();
    let page = browser.get("/account/aanbod?klaar=nieuw").await;
    assert_page_shape(&page, "nl", "/account/aanbod");
    assert!(page.body.contains("Ik fiets naar de markt"));
    assert!(page.body.contains("31 januari 2031"), "a Dutch date");
    assert_eq!(page.html().with("div", "role", "status").len(), 1);

    // Withdrawing asks once more, on a page; a forged confirmation changes nothing.
    let path = format!("/account/aanbod/{id}/intrekken");
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", &path);
    assert_eq!(page.html().with("form", "action", &path).len(), 1);
    let page = browser.post(&path, &[("csrf", "vervalst")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let stored = ok(app.get(&format!("/api/v1/offers/{id}"), Some(&token)).await).await;
    assert_eq!(stored["status"], "active");
    let page = browser.post(&path, &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let stored = ok(app.get(&format!("/api/v1/offers/{id}"), Some(&token)).await).await;
    assert_eq!(stored["status"], "withdrawn");

    // Another volunteer's offer is not there for them.
    let mut other = Browser::new(&app);
    volunteer_in(&app, &mut other, "Karel").await;
    assert_eq!(other.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other.get(&format!("/account/aanbod/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn a_volunteer_applies_answers_proposals_logs_hours_and_prints_a_statement() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let mut browser = Browser::new(&app);
    let token = volunteer_in(&app, &mut browser, "Fatima").await;
    let offer = created(
        app.post("/api/v1/offers", Some(&token), &fixtures::offer_body(3))
            .await,
    )
    .await;
    let offer_id = offer["id"].as_str().unwrap().to_owned();

    // The requests that suit the offer, the reasons in sentences, no codes.
    let path = format!("/account/aanbod/{offer_id}");
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_page_shape(&page, "nl", &path);
    for said in [
        "Boodschappen op dinsdag",
        "In je eigen wijk",
        "Je bent dinsdagochtend beschikbaar",
        "Je spreekt Nederlands",
        "Je kunt wat er gevraagd wordt: fietsen",
    ] {
        assert!(page.body.contains(said), "{said}");
    }
    for code in [
        "overlap_minutes",
        "distance_km",
        "skills_matched",
        "cycling",
        "groceries",
        "WK001404",
        REQUESTER,
        ADDRESS,
    ] {
        assert!(!page.body.contains(code), "{code} in the page");
    }
    let page = browser.get(&format!("{path}?lang=en")).await;
    assert!(page.body.contains("You are available on Tuesday morning"));
    browser.get(&format!("{path}?lang=nl")).await;

    // Applying: a forged form stores nothing; the real one makes an application.
    let csrf = browser.token(&path).await;
    let apply = format!("/account/aanbod/{offer_id}/aanmelden");
    let matches_before = app.count("matches");
    let page = browser
        .post(&apply, &[("csrf", "vervalst"), ("verzoek", &w.request_id)])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("matches"), matches_before);
    let page = browser
        .post(&apply, &[("csrf", &csrf), ("verzoek", &w.request_id)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let match_path = page.location().split('?').next().unwrap().to_owned();
    let match_id = match_path.rsplit('/').next().unwrap().to_owned();
    let stored = ok(app
        .get(&format!("/api/v1/matches/{match_id}"), Some(&token))
        .await)
    .await;
    assert_eq!(stored["status"], "applied");
    // Before it is agreed, nothing private is on the page.
    let page = browser.get(&match_path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(REQUESTER));

    // The team accepts; now the page shows who to help, and says who sees it.
    ok(fixtures::act(&app, &w.worker, &match_id, "accept").await).await;
    let page = browser.get(&match_path).await;
    assert_page_shape(&page, "nl", &match_path);
    assert!(page.body.contains(REQUESTER));
    assert!(page.body.contains(ADDRESS));
    assert!(page.body.contains("Alleen het WIJ-team en jij zien dit"));

    // Hours: a forged form stores nothing, mistakes are said, the good ones are stored.
    let csrf = page.html().input("csrf");
    let hours_path = format!("{match_path}/uren");
    let today = crate::hours::today().format("%Y-%m-%d").to_string();
    let hours_before = app.count("hours");
    let page = browser
        .post(
            &hours_path,
            &[("csrf", "vervalst"), ("datum", &today), ("uren", "1,5")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = browser
        .post(
            &hours_path,
            &[
                ("csrf", &csrf),
                ("datum", &today),
                ("uren", "veel"),
                ("notitie", "fijn"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let html = page.html();
    assert_eq!(html.error_links(), ["#uren"]);
    assert_eq!(html.input("uren"), "veel");
    assert!(page.body.contains(">fijn</textarea>"));
    assert_eq!(app.count("hours"), hours_before);
    let page = browser
        .post(
            &hours_path,
            &[
                ("csrf", &csrf),
                ("datum", &today),
                ("uren", "1,5"),
                ("notitie", "Samen naar de markt"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let mine = ok(app.get("/api/v1/me/hours", Some(&token)).await).await;
    assert_eq!(mine["items"][0]["hours"], 1.5);
    assert_eq!(mine["items"][0]["note"], "Samen naar de markt");
    let entry = mine["items"][0]["id"].as_str().unwrap().to_owned();
    ok(app
        .post(
            &format!("/api/v1/hours/{entry}/confirm"),
            Some(&w.worker),
            &json!({}),
        )
        .await)
    .await;
    let page = browser.get("/account/uren").await;
    assert_page_shape(&page, "nl", "/account/uren");
    assert!(page.body.contains("1,5"));
    let statement = format!("/account/uren/verklaring?van=2020-01-01&tot={today}");
    let page = browser.get(&statement).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", "/account/uren/verklaring");
    assert!(page.body.contains("1 januari 2020 tot en met"));
    assert!(page.body.contains("<dd>1,5</dd>"), "{}", page.body);
    let page = browser
        .get("/account/uren/verklaring?van=2020-13-01&tot=2020-01-01")
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#van"]);

    // A proposal from the team: declined without a reason, through the page.
    let second = fixtures::new_request(&app, &w.worker, 1).await;
    let proposal = matched(&app, &w.worker, &second, &offer_id).await;
    let proposal_id = proposal["id"].as_str().unwrap().to_owned();
    let page = browser.get("/account/koppelingen").await;
    assert_page_shape(&page, "nl", "/account/koppelingen");
    assert!(
        page.html()
            .hrefs()
            .contains(&format!("/account/koppelingen/{proposal_id}"))
    );
    let proposal_path = format!("/account/koppelingen/{proposal_id}");
    let csrf = browser.token(&proposal_path).await;
    let page = browser
        .post(
            &format!("{proposal_path}/afwijzen"),
            &[("csrf", "vervalst")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let stored = ok(app
        .get(&format!("/api/v1/matches/{proposal_id}"), Some(&token))
        .await)
    .await;
    assert_eq!(stored["status"], "proposed");
    let page = browser
        .post(&format!("{proposal_path}/afwijzen"), &[("csrf", &csrf)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let stored = ok(app
        .get(&format!("/api/v1/matches/{proposal_id}"), Some(&token))
        .await)
    .await;
    assert_eq!(stored["status"], "declined");

    // And one accepted.
    let third = fixtures::new_request(&app, &w.worker, 1).await;
    let proposal = matched(&app, &w.worker, &third, &offer_id).await;
    let third_id = proposal["id"].as_str().unwrap().to_owned();
    let page = browser
        .post(
            &format!("/account/koppelingen/{third_id}/accepteren"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let stored = ok(app
        .get(&format!("/api/v1/matches/{third_id}"), Some(&token))
        .await)
    .await;
    assert_eq!(stored["status"], "confirmed");

    // Another volunteer cannot see this volunteer's match, nor log hours on it.
    let mut other = Browser::new(&app);
    volunteer_in(&app, &mut other, "Karel").await;
    assert_eq!(other.get(&match_path).await.status, StatusCode::NOT_FOUND);
    let theirs = other.token("/account/profiel").await;
    let page = other
        .post(
            &hours_path,
            &[("csrf", &theirs), ("datum", &today), ("uren", "1")],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(app.count("hours"), hours_before + 1);
}

#[actix_web::test]
async fn a_volunteer_downloads_their_data_and_deletes_their_account() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let email = unique_email("weg");
    browser.register("Wim", &email).await;
    let token = browser.cookies["wm_session"].clone();
    let page = browser.get("/account/gegevens").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", "/account/gegevens");
    let csrf = page.html().input("csrf");

    // The export: the same document as the API's, as a file.
    let page = browser
        .post("/account/gegevens/download", &[("csrf", "vervalst")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = browser
        .post("/account/gegevens/download", &[("csrf", &csrf)])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let export: Value = serde_json::from_str(&page.body).unwrap();
    let from_api = ok(app.get("/api/v1/me/export", Some(&token)).await).await;
    assert_eq!(export["account"], from_api["account"]);
    assert!(page.body.contains(&email));

    // Deleting asks once more, on a page; a forged form deletes nothing.
    let page = browser.get("/account/verwijderen").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", "/account/verwijderen");
    let page = browser
        .post("/account/verwijderen", &[("csrf", "vervalst")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/api/v1/me", Some(&token)).await.status(),
        StatusCode::OK
    );

    // A login older than 10 minutes: log in again first, as the API says.
    app.advance(chrono::Duration::minutes(11));
    let page = browser
        .post("/account/verwijderen", &[("csrf", &csrf)])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.html()
            .hrefs()
            .contains(&"/inloggen?terug=/account/verwijderen".to_owned())
    );
    assert_eq!(
        app.get("/api/v1/me", Some(&token)).await.status(),
        StatusCode::OK
    );

    let mut fresh = Browser::new(&app);
    let login = fresh.token("/inloggen").await;
    let page = fresh
        .post(
            "/inloggen",
            &[
                ("csrf", &login),
                ("email", &email),
                ("wachtwoord", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let fresh_token = fresh.cookies["wm_session"].clone();
    let csrf = fresh.token("/account/verwijderen").await;
    let page = fresh.post("/account/verwijderen", &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.set_cookie("wm_session").unwrap().contains("Max-Age=0"));
    assert_eq!(
        app.get("/api/v1/me", Some(&fresh_token)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(&email, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
}
