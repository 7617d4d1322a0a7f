//! A volunteer, from registering to logging out: log in, the profile with its availability
//! grid by keyboard, an offer, the requests that suit it, applying, the match once the team
//! accepted, hours, the statement, the data download.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::driver::{ENTER, TAB};
use crate::fixtures::{self, REQUESTER, ok, world};
use crate::helpers::{PASSWORD, unique_email};
use crate::tour::Tour;

/// The space bar, as WebDriver names it.
const SPACE: &str = " ";

/// Types into each field (by id) in turn.
async fn fill(tour: &Tour, fields: &[(&str, &str)]) {
    for (id, value) in fields {
        let field = tour.find(&format!("#{id}")).await;
        tour.browser.type_into(&field, value).await;
    }
}

/// A date field's value. Typing a date depends on the browser's locale (dd-mm-jjjj or
/// mm/dd/yyyy), so the value is set as the date picker sets it.
async fn set_date(tour: &Tour, id: &str, date: &str) {
    tour.browser
        .script(
            "document.getElementById(arguments[0]).value = arguments[1];",
            json!([id, date]),
        )
        .await;
}

async fn is_checked(tour: &Tour, id: &str) -> bool {
    tour.browser
        .script(
            "return document.getElementById(arguments[0]).checked;",
            json!([id]),
        )
        .await
        == Value::Bool(true)
}

pub async fn volunteer(tour: &Tour) {
    let app = &tour.app;
    // A request of the WIJ-team of Oosterparkwijk, for groceries on Tuesday morning.
    let w = world(app, 1).await;
    let email = unique_email("vrijwilliger");

    // Register; a form sent empty says what is missing, with the summary focused.
    tour.goto("/").await;
    tour.follow("nav a[href='/registreren']").await;
    tour.check(Some("register")).await;
    tour.follow("main form button[type=submit]").await;
    let title = tour.browser.title().await;
    assert!(
        title.starts_with("Fout: "),
        "{title} on {}",
        tour.path().await
    );
    tour.check(None).await;
    let focused = tour
        .browser
        .script(
            "return document.activeElement.getAttribute('role');",
            json!([]),
        )
        .await;
    assert_eq!(focused, "alert", "the error summary has the focus");
    fill(
        tour,
        &[
            ("naam", "Noor"),
            ("email", &email),
            ("wachtwoord", PASSWORD),
        ],
    )
    .await;
    tour.follow("main form button[type=submit]").await;
    assert_eq!(tour.path().await, "/account?nieuw=1");
    tour.check(Some("account")).await;

    // Log out and in again, the password sent with Enter.
    tour.follow("form[action='/uitloggen'] button").await;
    assert_eq!(tour.path().await, "/inloggen?uit=1");
    tour.check(None).await;
    fill(tour, &[("email", &email), ("wachtwoord", PASSWORD)]).await;
    tour.press_to_new_page(&[ENTER]).await;
    assert_eq!(tour.path().await, "/account");

    // The profile. The availability grid by keyboard: Tab from the last field before it
    // walks the grid in reading order, the focus visible; Space ticks the box.
    tour.follow("main a[href='/account/profiel']").await;
    tour.check(Some("profile")).await;
    tour.browser
        .click(&tour.find("#wijk option[value=WK001404]").await)
        .await;
    fill(tour, &[("afstand", "3"), ("uren", "4")]).await;
    let mut walked = Vec::new();
    while walked.len() < 10 {
        tour.browser.press(&[TAB]).await;
        walked.push(tour.focused_id().await);
        if walked.last().is_some_and(|id| id == "dag2-ochtend") {
            break;
        }
    }
    assert_eq!(
        walked,
        ["dag1-ochtend", "dag1-middag", "dag1-avond", "dag2-ochtend"],
        "Tab walks the grid day by day"
    );
    let outline = tour
        .browser
        .script(
            "return getComputedStyle(document.activeElement).outlineStyle;",
            json!([]),
        )
        .await;
    assert_ne!(outline, "none", "the focus is visible");
    assert!(!is_checked(tour, "dag2-ochtend").await);
    tour.browser.press(&[SPACE]).await;
    assert!(
        is_checked(tour, "dag2-ochtend").await,
        "Space ticks the box"
    );
    tour.screenshot_of(
        "profile-grid",
        "fieldset[aria-describedby=beschikbaar-hint]",
    )
    .await;
    for mode in ["vorm-one_off", "vorm-recurring"] {
        if !is_checked(tour, mode).await {
            tour.browser
                .click(&tour.find(&format!("label[for={mode}]")).await)
                .await;
        }
    }
    tour.follow("main form button[type=submit]").await;
    assert_eq!(tour.path().await, "/account/profiel?opgeslagen=1");
    tour.check(None).await;
    assert!(is_checked(tour, "dag2-ochtend").await, "kept");

    // A new offer.
    tour.goto("/account").await;
    tour.follow("main a[href='/account/aanbod']").await;
    tour.check(None).await;
    tour.follow("main a[href='/account/aanbod/nieuw']").await;
    tour.check(Some("offer-new")).await;
    fill(
        tour,
        &[
            ("titel", "Ik fiets naar de markt"),
            ("uren", "3"),
            ("aantal", "1"),
        ],
    )
    .await;
    for choice in ["categorie-groceries", "vaardigheid-cycling"] {
        tour.browser
            .click(&tour.find(&format!("label[for={choice}]")).await)
            .await;
    }
    let until = (app.now() + chrono::Duration::days(60))
        .format("%Y-%m-%d")
        .to_string();
    set_date(tour, "geldig_tot", &until).await;
    tour.follow("main form button[type=submit]").await;
    assert_eq!(tour.path().await, "/account/aanbod?klaar=nieuw");
    tour.check(Some("offers")).await;

    // The requests that suit it, with the reasons in sentences; apply.
    tour.follow("ul.cards h2 a").await;
    tour.check(Some("suggestions")).await;
    let page = tour.text().await;
    assert!(page.contains("Boodschappen op dinsdag"), "{page}");
    assert!(
        page.contains("Je bent dinsdagochtend beschikbaar"),
        "{page}"
    );
    tour.follow("form[action$='/aanmelden'] button").await;
    let path = tour.path().await;
    let match_path = path.split('?').next().unwrap_or_default().to_owned();
    assert!(match_path.starts_with("/account/koppelingen/"), "{path}");
    tour.check(None).await;
    assert!(!tour.text().await.contains(REQUESTER), "not yet agreed");

    // The team accepts, through the API; my matches show it, with whom to help.
    let match_id = match_path.rsplit('/').next().unwrap_or_default();
    ok(fixtures::act(app, &w.worker, match_id, "accept").await).await;
    tour.goto("/account").await;
    tour.follow("main a[href='/account/koppelingen']").await;
    tour.check(Some("matches")).await;
    tour.follow(&format!("main a[href='{match_path}']")).await;
    tour.check(Some("match")).await;
    assert!(tour.text().await.contains(REQUESTER), "agreed: who to help");

    // Hours: logged on the match's page, confirmed by the team through the API.
    let today = app
        .now()
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    set_date(tour, "datum", &today).await;
    fill(tour, &[("uren", "1,5"), ("notitie", "Samen naar de markt")]).await;
    tour.follow("form[action$='/uren'] button").await;
    let path = tour.path().await;
    assert!(
        path.ends_with("?klaar=uren"),
        "{path}: {}",
        tour.text().await
    );
    tour.check(None).await;
    let token = app.token_for(&email).await;
    let mine = ok(app.get("/api/v1/me/hours", Some(&token)).await).await;
    assert_eq!(mine["items"][0]["hours"], 1.5);
    let entry = mine["items"][0]["id"].as_str().unwrap_or_default();
    ok(app
        .post(
            &format!("/api/v1/hours/{entry}/confirm"),
            Some(&w.worker),
            &json!({}),
        )
        .await)
    .await;

    // The statement of confirmed hours, for a period chosen on the hours page.
    tour.goto("/account").await;
    tour.follow("main a[href='/account/uren']").await;
    tour.check(Some("hours")).await;
    set_date(tour, "van", "2020-01-01").await;
    set_date(tour, "tot", &today).await;
    tour.follow("form[action='/account/uren/verklaring'] button")
        .await;
    assert!(tour.path().await.starts_with("/account/uren/verklaring?"));
    tour.check(Some("statement")).await;
    assert!(tour.text().await.contains("1,5"));

    // My data: the download arrives as a file holding my account.
    tour.goto("/account").await;
    tour.follow("main a[href='/account/gegevens']").await;
    tour.check(None).await;
    tour.browser
        .click(
            &tour
                .find("form[action='/account/gegevens/download'] button")
                .await,
        )
        .await;
    let file = tour.browser.downloads.path().join("wijkmatch-export.json");
    let deadline = Instant::now() + Duration::from_secs(15);
    let export: Value = loop {
        // Chromium writes to a temporary name and renames the file once complete.
        if let Ok(text) = std::fs::read_to_string(&file) {
            break serde_json::from_str(&text).expect("the export is JSON");
        }
        assert!(Instant::now() < deadline, "no {} arrived", file.display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(export.to_string().contains(&email), "the export is mine");

    // Log out: said on the page, and the account's pages ask to log in again.
    tour.follow("form[action='/uitloggen'] button").await;
    assert_eq!(tour.path().await, "/inloggen?uit=1");
    let status = tour.find("[role=status]").await;
    assert!(tour.browser.text(&status).await.contains("uitgelogd"));
    tour.goto("/account").await;
    assert!(tour.path().await.starts_with("/inloggen?terug="));
}
