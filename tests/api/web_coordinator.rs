//! A coordinator's journeys through the pages: register an initiative, edit it, link and
//! unlink a partner, and see its requests, waiting applications and confirmed helpers.
//! What the pages store is read back through the API; every refusal stores nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{Browser, assert_page_shape, attr};
use crate::fixtures::{self, WIJK, act, created, helper, matched, ok};
use crate::helpers::{TestApp, spawn_app, unique_email};
use crate::initiatives::{create, initiative};

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn initiative_fields(
    csrf: &str,
    name: &str,
    email: &str,
    themes: &[&str],
) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("csrf", csrf.to_owned()),
        ("naam", name.to_owned()),
        (
            "beschrijving",
            "Samen tuinieren achter de school".to_owned(),
        ),
        ("wijk", WIJK.to_owned()),
        ("adres", "Tuinpad 3".to_owned()),
        ("email", email.to_owned()),
        ("website", String::new()),
    ];
    for t in themes {
        fields.push(("thema", (*t).to_owned()));
    }
    fields
}

/// The id in a path like `/account/initiatieven/{id}?klaar=nieuw`.
fn id_from(location: &str) -> String {
    location
        .trim_start_matches("/account/initiatieven/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

#[actix_web::test]
async fn a_coordinator_registers_and_edits_an_initiative_through_the_pages() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.register("Coby", &unique_email("coordinator")).await;
    let page = browser.get("/account/initiatieven/nieuw").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", "/account/initiatieven/nieuw");
    let csrf = page.html().input("csrf");
    let before = app.count("initiatives");

    // Without this session's token: refused, nothing stored.
    let forged = initiative_fields("vervalst", "Buurttuin", "", &["samenleving_in_de_buurt"]);
    let page = browser
        .post("/account/initiatieven/nieuw", &pairs(&forged))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.html().title().starts_with("Fout: "));
    assert_eq!(app.count("initiatives"), before);

    // Mistakes: summarised, beside each field, typed values kept, nothing stored.
    let wrong = initiative_fields(&csrf, "", "geen-adres", &[]);
    let page = browser
        .post("/account/initiatieven/nieuw", &pairs(&wrong))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let html = page.html();
    assert!(html.title().starts_with("Fout: "), "{}", html.title());
    assert_eq!(
        html.error_links(),
        ["#naam", "#thema-samenleving_in_de_buurt", "#email"]
    );
    assert_eq!(html.input("email"), "geen-adres");
    assert_eq!(html.input("adres"), "Tuinpad 3");
    let name_input = &html.with("input", "id", "naam")[0];
    assert_eq!(attr(name_input, "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        attr(name_input, "aria-describedby").as_deref(),
        Some("naam-fout")
    );
    assert_eq!(html.with("span", "id", "naam-fout").len(), 1);
    assert_eq!(app.count("initiatives"), before);

    // Registered through the API's own call: the API reads it back, with the visitor as
    // its coordinator.
    let good = initiative_fields(
        &csrf,
        "Buurttuin De Wortel",
        "tuin@example.org",
        &["samenleving_in_de_buurt", "actief_in_de_samenleving"],
    );
    let page = browser
        .post("/account/initiatieven/nieuw", &pairs(&good))
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let id = id_from(&page.location());
    assert_eq!(
        page.location(),
        format!("/account/initiatieven/{id}?klaar=nieuw")
    );
    let stored = ok(app.get(&format!("/api/v1/initiatives/{id}"), None).await).await;
    assert_eq!(stored["name"], "Buurttuin De Wortel");
    assert_eq!(stored["wijk_code"], WIJK);
    assert_eq!(stored["address"], "Tuinpad 3");
    assert_eq!(stored["contact_email"], "tuin@example.org");
    assert_eq!(stored["website"], Value::Null);
    assert_eq!(
        stored["themes"],
        json!(["actief_in_de_samenleving", "samenleving_in_de_buurt"])
    );
    let coordinators = ok(app
        .get(&format!("/api/v1/initiatives/{id}/coordinators"), None)
        .await)
    .await;
    assert_eq!(coordinators["items"][0]["display_name"], "Coby");

    // Its page for coordinators, and "my initiatives" with the way to ask for help.
    let path = format!("/account/initiatieven/{id}?klaar=nieuw");
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", &path);
    assert_eq!(page.html().with("div", "role", "status").len(), 1);
    let page = browser.get("/account/initiatieven").await;
    assert_page_shape(&page, "nl", "/account/initiatieven");
    let hrefs = page.html().hrefs();
    assert!(hrefs.contains(&format!("/verzoeken/nieuw?initiatief={id}")));
    assert!(hrefs.contains(&format!("/account/initiatieven/{id}/bewerken")));
    assert!(hrefs.contains(&format!("/account/initiatieven/{id}/partners")));
    assert!(
        hrefs.contains(&"/account/initiatieven".to_owned()),
        "the menu has my initiatives now"
    );

    // Editing: the form shows what is stored; a mistake changes nothing.
    let edit = format!("/account/initiatieven/{id}/bewerken");
    let page = browser.get(&edit).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", &edit);
    let html = page.html();
    assert_eq!(html.input("naam"), "Buurttuin De Wortel");
    assert_eq!(html.input("email"), "tuin@example.org");
    assert!(
        attr(
            &html.with("input", "id", "thema-actief_in_de_samenleving")[0],
            "checked"
        )
        .is_some()
    );
    let mut bad = initiative_fields(&csrf, "Buurttuin", "", &["samenleving_in_de_buurt"]);
    bad.retain(|(k, _)| *k != "website");
    bad.push(("website", "javascript:alert(1)".into()));
    let page = browser.post(&edit, &pairs(&bad)).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#website"]);
    assert_eq!(page.html().input("website"), "javascript:alert(1)");
    let unchanged = ok(app.get(&format!("/api/v1/initiatives/{id}"), None).await).await;
    assert_eq!(unchanged, stored);

    // Saved as the API's PATCH: an emptied field is cleared.
    let changed = initiative_fields(&csrf, "Buurttuin De Peen", "", &["mantelzorg"]);
    let page = browser.post(&edit, &pairs(&changed)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(
        page.location(),
        format!("/account/initiatieven/{id}?klaar=opgeslagen")
    );
    let saved = ok(app.get(&format!("/api/v1/initiatives/{id}"), None).await).await;
    assert_eq!(saved["name"], "Buurttuin De Peen");
    assert_eq!(saved["contact_email"], Value::Null);
    assert_eq!(saved["themes"], json!(["mantelzorg"]));

    // Someone else: the API's 403, on the form and on the post, and nothing changes.
    let mut other = Browser::new(&app);
    other.register("Olaf", &unique_email("ander")).await;
    let page = other.get(&edit).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let their_csrf = other.token("/account/initiatieven/nieuw").await;
    let theirs = initiative_fields(&their_csrf, "Overgenomen", "", &["mantelzorg"]);
    assert_eq!(
        other.post(&edit, &pairs(&theirs)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        other
            .get(&format!("/account/initiatieven/{id}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        other
            .get(&format!("/account/initiatieven/{id}/partners"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let after = ok(app.get(&format!("/api/v1/initiatives/{id}"), None).await).await;
    assert_eq!(after["name"], "Buurttuin De Peen");
    // Not logged in: to the login, and back here after.
    let page = Browser::new(&app).get(&edit).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location().starts_with("/inloggen?terug="));
}

#[actix_web::test]
async fn a_coordinator_links_and_unlinks_a_partner_through_the_pages() {
    let app = spawn_app().await;
    let team = app.team_id("WIJ Oosterparkwijk").await;
    let (_, admin) = app.admin().await;
    let contact = created(
        app.post(
            &format!("/api/v1/wij-teams/{team}/contacts"),
            Some(&admin),
            &json!({"name": "Sanne Bakker", "role": "wijkwerker", "email": "sanne@wij.example.org",
                    "phone": "+31 50 123 4567", "expertise": "schulden"}),
        )
        .await,
    )
    .await;
    let contact_id = contact["id"].as_str().unwrap().to_owned();

    let mut browser = Browser::new(&app);
    browser.register("Coby", &unique_email("coordinator")).await;
    let token = browser.cookies["wm_session"].clone();
    let id = create(&app, &token, &initiative("Koffie-inloop", WIJK)).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/account/initiatieven/{id}/partners");
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", &path);
    let html = page.html();
    let csrf = html.input("csrf");
    assert!(page.body.contains("Coby"), "the coordinators are listed");
    let links = app.count("partner_links");

    // Refused: a forged token; no kind; an unknown contact; an empty role. Nothing stored.
    let post = |csrf: &str, kind: &str, partner: &str, role: &str| {
        vec![
            ("csrf", csrf.to_owned()),
            ("soort", kind.to_owned()),
            ("partner", partner.to_owned()),
            ("rol", role.to_owned()),
        ]
    };
    let page = browser
        .post(
            &path,
            &pairs(&post("vervalst", "wij_contact", &contact_id, "Adviseert")),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = browser
        .post(&path, &pairs(&post(&csrf, "", &contact_id, "Adviseert")))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let html = page.html();
    assert!(html.title().starts_with("Fout: "));
    assert_eq!(html.error_links(), ["#soort-volunteer"]);
    assert_eq!(html.input("partner"), contact_id, "what was typed stays");
    let unknown = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
    let page = browser
        .post(
            &path,
            &pairs(&post(&csrf, "wij_contact", unknown, "Adviseert")),
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#partner"]);
    let page = browser
        .post(&path, &pairs(&post(&csrf, "wij_contact", &contact_id, "")))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#rol"]);
    assert!(
        attr(
            &page.html().with("input", "id", "soort-wij_contact")[0],
            "checked"
        )
        .is_some()
    );
    assert_eq!(app.count("partner_links"), links);

    // Linked through the API's own call.
    let page = browser
        .post(
            &path,
            &pairs(&post(&csrf, "wij_contact", &contact_id, "Adviseert")),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), format!("{path}?klaar=gekoppeld"));
    let listed = ok(app
        .get(&format!("/api/v1/initiatives/{id}/partners"), None)
        .await)
    .await;
    assert_eq!(listed["items"][0]["display"], "Sanne Bakker");
    assert_eq!(listed["items"][0]["role"], "Adviseert");
    let link_id = listed["items"][0]["link_id"].as_str().unwrap().to_owned();
    // The same partner twice: the API's 409, said beside the field.
    let page = browser
        .post(
            &path,
            &pairs(&post(&csrf, "wij_contact", &contact_id, "Nog eens")),
        )
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert_eq!(page.html().error_links(), ["#partner"]);
    assert_eq!(app.count("partner_links"), links + 1);
    let page = browser.get(&format!("{path}?klaar=gekoppeld")).await;
    assert!(page.body.contains("Sanne Bakker"));
    assert_eq!(page.html().with("div", "role", "status").len(), 1);

    // Unlinking asks once more, on a page; a forged confirmation changes nothing.
    let unlink = format!("{path}/{link_id}/ontkoppelen");
    assert!(page.html().hrefs().contains(&unlink));
    let page = browser.get(&unlink).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", &unlink);
    assert_eq!(page.html().with("form", "action", &unlink).len(), 1);
    assert_eq!(
        browser.post(&unlink, &[("csrf", "vervalst")]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("partner_links"), links + 1);
    // Someone else may not unlink it.
    let mut other = Browser::new(&app);
    other.register("Olaf", &unique_email("ander")).await;
    let their_csrf = other.token("/account").await;
    assert_eq!(other.get(&unlink).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        other.post(&unlink, &[("csrf", &their_csrf)]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        other
            .post(
                &path,
                &pairs(&post(&their_csrf, "wij_contact", &contact_id, "X"))
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("partner_links"), links + 1);
    let page = browser.post(&unlink, &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), format!("{path}?klaar=ontkoppeld"));
    let listed = ok(app
        .get(&format!("/api/v1/initiatives/{id}/partners"), None)
        .await)
    .await;
    assert_eq!(listed["items"], json!([]));
    assert_eq!(app.count("partner_links"), links);

    // Coordinators: added by account number (shown on that person's account page),
    // removed after the question page, never the last one.
    let their_token = other.cookies["wm_session"].clone();
    let olaf = ok(app.get("/api/v1/me", Some(&their_token)).await).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        other.get("/account").await.body.contains(&olaf),
        "the account number is on /account"
    );
    let add = format!("/account/initiatieven/{id}/coordinatoren");
    let coordinators = app.count("initiative_coordinators");
    let page = browser
        .post(&add, &[("csrf", "vervalst"), ("account", &olaf)])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = browser
        .post(&add, &[("csrf", &csrf), ("account", unknown)])
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#account"]);
    assert_eq!(page.html().input("account"), unknown);
    assert_eq!(app.count("initiative_coordinators"), coordinators);
    let page = browser
        .post(&add, &[("csrf", &csrf), ("account", &olaf)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), format!("{path}?klaar=toegevoegd"));
    let page = browser
        .post(&add, &[("csrf", &csrf), ("account", &olaf)])
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert_eq!(page.html().error_links(), ["#account"]);
    let listed = ok(app
        .get(&format!("/api/v1/initiatives/{id}/coordinators"), None)
        .await)
    .await;
    assert_eq!(listed["items"][1]["display_name"], "Olaf");
    // Now Olaf may manage it too.
    assert_eq!(other.get(&path).await.status, StatusCode::OK);
    let remove = format!("/account/initiatieven/{id}/coordinatoren/{olaf}/verwijderen");
    assert!(browser.get(&path).await.html().hrefs().contains(&remove));
    let page = browser.get(&remove).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", &remove);
    assert_eq!(
        browser.post(&remove, &[("csrf", "vervalst")]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("initiative_coordinators"), coordinators + 1);
    let page = browser.post(&remove, &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), format!("{path}?klaar=verwijderd"));
    assert_eq!(app.count("initiative_coordinators"), coordinators);
    // The last coordinator stays: the API's 409, said on a page.
    let me = ok(app.get("/api/v1/me", Some(&token)).await).await;
    let last = format!(
        "/account/initiatieven/{id}/coordinatoren/{}/verwijderen",
        me["id"].as_str().unwrap()
    );
    let page = browser.post(&last, &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert_eq!(app.count("initiative_coordinators"), coordinators);
}

/// A request for the initiative, filed by its coordinator.
async fn initiative_request(app: &TestApp, token: &str, initiative_id: &str) -> String {
    let mut body = fixtures::request_body(2);
    body["initiative_id"] = json!(initiative_id);
    created(app.post("/api/v1/requests", Some(token), &body).await).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[actix_web::test]
async fn the_coordinators_see_open_requests_waiting_applications_and_confirmed_helpers() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.register("Coby", &unique_email("coordinator")).await;
    let token = browser.cookies["wm_session"].clone();
    let id = create(&app, &token, &initiative("Schooltuin", WIJK)).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let request = initiative_request(&app, &token, &id).await;
    let (_, helper_token, offer) = helper(&app, "Henk Helper", "propose", 2).await;
    let applied = matched(&app, &helper_token, &request, &offer).await;
    assert_eq!(applied["status"], "applied");

    let path = format!("/account/initiatieven/{id}");
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.html()
            .hrefs()
            .contains(&format!("/verzoeken/{request}"))
    );
    assert!(page.body.contains("Boodschappen op dinsdag"));
    assert!(page.body.contains("0 van de 2 helpers gevonden"));
    assert!(
        page.body
            .contains("Aanmeldingen die wachten op je antwoord: 1")
    );
    assert!(!page.body.contains("Henk Helper"), "not agreed yet");
    let list = browser.get("/account/initiatieven").await;
    assert!(
        list.body
            .contains("Aanmeldingen die wachten op je antwoord: 1")
    );

    // The coordinator accepts (the request pages do this; here through the API).
    ok(act(&app, &token, applied["id"].as_str().unwrap(), "accept").await).await;
    let page = browser.get(&path).await;
    assert!(
        page.body.contains("Henk Helper"),
        "a confirmed helper is named"
    );
    assert!(page.body.contains("1 van de 2 helpers gevonden"));
    assert!(
        page.body
            .contains("Aanmeldingen die wachten op je antwoord: 0")
    );
    // The initiative's own page shows this to its coordinators only.
    let public = format!("/initiatieven/{id}");
    let page = browser.get(&public).await;
    assert_page_shape(&page, "nl", &public);
    assert!(page.body.contains("Henk Helper"));
    assert!(page.html().hrefs().contains(&path));
    let mut other = Browser::new(&app);
    other.register("Olaf", &unique_email("ander")).await;
    for page in [
        Browser::new(&app).get(&public).await,
        other.get(&public).await,
    ] {
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("Henk Helper"));
        assert!(!page.body.contains("Boodschappen op dinsdag"));
        assert!(!page.html().hrefs().contains(&path));
    }
    let page = browser.get(&format!("{path}?lang=en")).await;
    assert_eq!(page.html().lang(), "en");
    assert!(page.body.contains("1 of 2 helpers found"));
}
