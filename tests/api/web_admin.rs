//! The admin's journeys through the pages (accounts and their roles, WIJ-teams), and the
//! start page each person lands on after logging in. What the pages store is read back
//! through the API; every refusal stores nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{Browser, Page, assert_page_shape, attr};
use crate::fixtures::{WIJK, ok};
use crate::helpers::{PASSWORD, TestApp, spawn_app};
use crate::initiatives::{create, initiative};

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Log in through the login form, maybe asking to come back to `back`.
async fn log_in(browser: &mut Browser<'_>, email: &str, back: Option<&str>) -> Page {
    let form = match back {
        Some(b) => format!("/inloggen?terug={b}"),
        None => "/inloggen".to_owned(),
    };
    let csrf = browser.token(&form).await;
    let mut fields = vec![("csrf", csrf), ("email", email.to_owned())];
    fields.push(("wachtwoord", PASSWORD.to_owned()));
    if let Some(b) = back {
        fields.push(("terug", b.to_owned()));
    }
    browser.post("/inloggen", &pairs(&fields)).await
}

/// An account with these roles (and team), made by an admin through the API: its email.
async fn account_with(app: &TestApp, name: &str, roles: Value, team: Value) -> String {
    let (id, email) = app.register(name).await;
    let (_, admin) = app.admin().await;
    ok(app
        .put(
            &format!("/api/v1/users/{id}/roles"),
            Some(&admin),
            &json!({"roles": roles, "wij_team_id": team}),
        )
        .await)
    .await;
    email
}

/// The account's roles and team as the API's user search finds them.
async fn roles_of(app: &TestApp, admin: &str, email: &str) -> (Value, Value) {
    let found = ok(app
        .get(&format!("/api/v1/users?email={email}"), Some(admin))
        .await)
    .await;
    let user = &found["items"][0];
    (user["roles"].clone(), user["wij_team_id"].clone())
}

#[actix_web::test]
async fn each_person_lands_on_their_own_start_page_unless_a_page_was_asked_for() {
    let app = spawn_app().await;
    let team = app.team_id("WIJ Oosterparkwijk").await;
    let admin = account_with(&app, "Ans Admin", json!(["admin"]), Value::Null).await;
    let worker = account_with(&app, "Wim Werker", json!(["team_worker"]), json!(team)).await;
    let (_, volunteer) = app.register("Vera").await;
    let (_, coordinator) = app.register("Coby").await;
    let token = app.token_for(&coordinator).await;
    create(&app, &token, &initiative("Buurtapp", WIJK)).await;

    for (email, start, menu) in [
        (&admin, "/beheer/gebruikers", Some("/beheer/wij-teams")),
        (&worker, "/team", Some("/team")),
        (
            &coordinator,
            "/account/initiatieven",
            Some("/account/initiatieven"),
        ),
        (&volunteer, "/account", None),
    ] {
        let mut browser = Browser::new(&app);
        let page = log_in(&mut browser, email, None).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{email}");
        assert_eq!(page.location(), start, "{email}");
        // The account page and the menu show the parts that fit the roles.
        let page = browser.get("/account").await;
        assert_page_shape(&page, "nl", "/account");
        let hrefs = page.html().hrefs();
        for part in ["/beheer/wij-teams", "/team", "/account/initiatieven"] {
            assert_eq!(
                hrefs.contains(&part.to_owned()),
                menu == Some(part),
                "{email}: {part}"
            );
        }
        assert_eq!(
            hrefs.contains(&"/account/aanbod".to_owned()),
            start == "/account" || start == "/account/initiatieven",
            "{email}: the volunteer's parts only for volunteers"
        );
        // Logged in already, the login page sends them on to their start page.
        let page = browser.get("/inloggen").await;
        assert_eq!(page.location(), start, "{email}");

        // A page asked for wins over the start page.
        let mut browser = Browser::new(&app);
        let page = log_in(&mut browser, email, Some("/initiatieven")).await;
        assert_eq!(page.location(), "/initiatieven", "{email}");
    }
}

#[actix_web::test]
async fn an_admin_changes_roles_through_the_pages_with_a_recent_login() {
    let app = spawn_app().await;
    let team = app.team_id("WIJ Oosterparkwijk").await;
    let (_, api_admin) = app.admin().await;
    let admin = account_with(&app, "Ans Admin", json!(["admin"]), Value::Null).await;
    let (target_id, target) = app.register("Tineke").await;
    let mut browser = Browser::new(&app);
    log_in(&mut browser, &admin, None).await;

    // The list, with the API's search by email.
    let search = format!("/beheer/gebruikers?email={target}");
    let page = browser.get(&search).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", "/beheer/gebruikers");
    assert!(page.body.contains("Tineke"));
    assert!(!page.body.contains(&admin), "only what the search finds");
    let form = format!("/beheer/gebruikers/{target_id}/rollen");
    assert!(page.html().hrefs().contains(&form));
    let page = browser.get("/beheer/gebruikers").await;
    assert!(page.body.contains(&target) && page.body.contains(&admin));

    let page = browser.get(&form).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", &form);
    assert!(
        page.body.contains("minder dan 10 minuten"),
        "the rule is said"
    );
    let html = page.html();
    let csrf = html.input("csrf");
    assert!(attr(&html.with("input", "id", "rol-volunteer")[0], "checked").is_some());
    let fields = |csrf: &str, roles: &[&str], team: &str| {
        let mut f = vec![("csrf", csrf.to_owned()), ("team", team.to_owned())];
        for r in roles {
            f.push(("rol", (*r).to_owned()));
        }
        f
    };
    let unchanged = (json!(["volunteer"]), Value::Null);

    // Refused: a forged token; a worker without a team; no role at all; a team without the
    // worker's role. Beside the field, and nothing changes.
    let page = browser
        .post(&form, &pairs(&fields("vervalst", &["team_worker"], &team)))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    for (roles, team, field) in [
        (&["volunteer", "team_worker"][..], "", "#team"),
        (&[][..], "", "#rol-volunteer"),
        (&["volunteer"][..], team.as_str(), "#team"),
    ] {
        let page = browser
            .post(&form, &pairs(&fields(&csrf, roles, team)))
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{roles:?}");
        let html = page.html();
        assert!(html.title().starts_with("Fout: "));
        assert_eq!(html.error_links(), [field], "{roles:?}");
        assert_eq!(roles_of(&app, &api_admin, &target).await, unchanged);
    }

    // A login older than 10 minutes: the API's refusal, said on the form; nothing changes.
    app.advance(chrono::Duration::minutes(11));
    let page = browser
        .post(
            &form,
            &pairs(&fields(&csrf, &["volunteer", "team_worker"], &team)),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(page.html().error_links(), ["#rol-volunteer"]);
    assert!(page.body.contains("Log opnieuw in"));
    assert_eq!(roles_of(&app, &api_admin, &target).await, unchanged);
    // Logging in again (while logged in) comes back to the form.
    let again = page
        .html()
        .hrefs()
        .into_iter()
        .find(|h| h.starts_with("/inloggen?opnieuw=1"))
        .expect("a link to log in again");
    let page = browser.get(&again).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "the login form, though logged in"
    );
    let login_csrf = page.html().input("csrf");
    let back = page.html().input("terug");
    assert_eq!(back, form);
    let page = browser
        .post(
            "/inloggen",
            &[
                ("csrf", &login_csrf),
                ("email", &admin),
                ("wachtwoord", PASSWORD),
                ("terug", &back),
            ],
        )
        .await;
    assert_eq!(page.location(), form);
    let csrf = browser.token(&form).await;
    let page = browser
        .post(
            &form,
            &pairs(&fields(&csrf, &["volunteer", "team_worker"], &team)),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/beheer/gebruikers?klaar=rollen");
    assert_eq!(
        roles_of(&app, &api_admin, &target).await,
        (json!(["volunteer", "team_worker"]), json!(team))
    );

    // Not an admin: the API's 403 for the list, the form and the post.
    let mut other = Browser::new(&app);
    log_in(&mut other, &target, None).await;
    assert_eq!(
        other.get("/beheer/gebruikers").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(other.get(&form).await.status, StatusCode::FORBIDDEN);
    let their_csrf = other.token("/account").await;
    let page = other
        .post(&form, &pairs(&fields(&their_csrf, &["admin"], "")))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        roles_of(&app, &api_admin, &target).await,
        (json!(["volunteer", "team_worker"]), json!(team))
    );
}

#[actix_web::test]
async fn an_admin_creates_and_edits_a_team_with_its_wijken_through_the_pages() {
    let app = spawn_app().await;
    let admin = account_with(&app, "Ans Admin", json!(["admin"]), Value::Null).await;
    let mut browser = Browser::new(&app);
    log_in(&mut browser, &admin, None).await;
    let page = browser.get("/beheer/wij-teams").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", "/beheer/wij-teams");
    assert!(page.body.contains("WIJ Oosterparkwijk"));
    let page = browser.get("/beheer/wij-teams/nieuw").await;
    assert_page_shape(&page, "nl", "/beheer/wij-teams/nieuw");
    let csrf = page.html().input("csrf");
    let teams = app.count("wij_teams");
    let fields = |csrf: &str, name: &str, walk_in: &str, wijken: &[&str]| {
        let mut f = vec![
            ("csrf", csrf.to_owned()),
            ("naam", name.to_owned()),
            ("adres", "Zonnelaan 1".to_owned()),
            ("inloop", walk_in.to_owned()),
        ];
        for w in wijken {
            f.push(("wijk", (*w).to_owned()));
        }
        f
    };

    let page = browser
        .post(
            "/beheer/wij-teams/nieuw",
            &pairs(&fields("vervalst", "WIJ Test", "ma 9-12", &[WIJK])),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = browser
        .post(
            "/beheer/wij-teams/nieuw",
            &pairs(&fields(&csrf, "", &"x".repeat(201), &["WK999999"])),
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let html = page.html();
    assert!(html.title().starts_with("Fout: "));
    let links = html.error_links();
    assert_eq!(links.len(), 3, "{links:?}");
    assert_eq!(links[0], "#naam");
    assert!(links[1].starts_with("#wijk-WK"), "{links:?}");
    assert_eq!(links[2], "#inloop");
    assert_eq!(html.input("adres"), "Zonnelaan 1");
    assert_eq!(app.count("wij_teams"), teams);

    let page = browser
        .post(
            "/beheer/wij-teams/nieuw",
            &pairs(&fields(
                &csrf,
                "WIJ Proef",
                "ma-vr 9-12",
                &[WIJK, "WK001400"],
            )),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/beheer/wij-teams?klaar=nieuw");
    let id = app.team_id("WIJ Proef").await;
    let stored = ok(app.get(&format!("/api/v1/wij-teams/{id}"), None).await).await;
    assert_eq!(stored["wijk_codes"], json!(["WK001400", WIJK]));
    assert_eq!(stored["walk_in_hours"], "ma-vr 9-12");

    // Editing: the form shows what is stored; a mistake changes nothing.
    let edit = format!("/beheer/wij-teams/{id}/bewerken");
    assert!(
        browser
            .get("/beheer/wij-teams")
            .await
            .html()
            .hrefs()
            .contains(&edit)
    );
    let page = browser.get(&edit).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_page_shape(&page, "nl", &edit);
    let html = page.html();
    assert_eq!(html.input("naam"), "WIJ Proef");
    assert!(
        attr(
            &html.with("input", "id", &format!("wijk-{WIJK}"))[0],
            "checked"
        )
        .is_some()
    );
    let page = browser
        .post(&edit, &pairs(&fields(&csrf, "", "ma-vr 9-12", &[WIJK])))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.html().error_links(), ["#naam"]);
    assert_eq!(
        ok(app.get(&format!("/api/v1/wij-teams/{id}"), None).await).await,
        stored
    );
    let page = browser
        .post(
            &edit,
            &pairs(&fields(&csrf, "WIJ Proef Oost", "", &["WK001400"])),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let saved = ok(app.get(&format!("/api/v1/wij-teams/{id}"), None).await).await;
    assert_eq!(saved["name"], "WIJ Proef Oost");
    assert_eq!(saved["wijk_codes"], json!(["WK001400"]));
    assert_eq!(saved["walk_in_hours"], Value::Null);

    // Not an admin: a volunteer, and the team's own worker (who may not change its
    // wijken): the API's 403, and nothing changes.
    let worker = account_with(&app, "Wim", json!(["team_worker"]), json!(id)).await;
    {
        let mut other = Browser::new(&app);
        log_in(&mut other, &worker, None).await;
        assert_eq!(
            other.get("/beheer/wij-teams").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(other.get(&edit).await.status, StatusCode::FORBIDDEN);
        let their_csrf = other.token("/account").await;
        let page = other
            .post(&edit, &pairs(&fields(&their_csrf, "Gekaapt", "", &[WIJK])))
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        let page = other
            .post(
                "/beheer/wij-teams/nieuw",
                &pairs(&fields(&their_csrf, "WIJ Nep", "ma", &[WIJK])),
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
    }
    let (_, volunteer) = app.register("Vera").await;
    let mut other = Browser::new(&app);
    log_in(&mut other, &volunteer, None).await;
    assert_eq!(
        other.get("/beheer/wij-teams/nieuw").await.status,
        StatusCode::FORBIDDEN
    );
    let their_csrf = other.token("/account").await;
    let page = other
        .post(
            "/beheer/wij-teams/nieuw",
            &pairs(&fields(&their_csrf, "WIJ Nep", "ma", &[WIJK])),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("wij_teams"), teams + 1);
    assert_eq!(
        ok(app.get(&format!("/api/v1/wij-teams/{id}"), None).await).await,
        saved
    );
}
