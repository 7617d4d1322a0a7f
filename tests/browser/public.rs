//! Anyone: the home page and its postcode lookup, a wijk, the initiatives directory with its
//! filters, and one initiative.

use serde_json::json;

use crate::driver::{ENTER, TAB};
use crate::fixtures::created;
use crate::tour::Tour;

/// Two initiatives in two wijken, made through the API: the filters have something to
/// leave out.
async fn initiatives(tour: &Tour) {
    let app = &tour.app;
    let (_, token) = app.volunteer("Coördinator").await;
    for (name, wijk) in [
        ("Buurttuin Oosterpark", "WK001404"),
        ("Schooltuin Centrum", "WK001400"),
    ] {
        created(
            app.post(
                "/api/v1/initiatives",
                Some(&token),
                &json!({
                    "name": name,
                    "description": format!("{name}: samen met de buurt"),
                    "wijk_code": wijk,
                    "themes": ["samenleving_in_de_buurt"],
                }),
            )
            .await,
        )
        .await;
    }
}

pub async fn anyone(tour: &Tour) {
    initiatives(tour).await;

    // Home: the first Tab reaches the skip link, which takes the focus to the content.
    tour.goto("/").await;
    tour.check(Some("home")).await;
    tour.browser.press(&[TAB]).await;
    let skip = tour
        .browser
        .script(
            "const e = document.activeElement; const r = e.getBoundingClientRect();
             return [e.className, r.top >= 0 && r.bottom <= innerHeight && r.width > 0,
                     getComputedStyle(e).outlineStyle];",
            json!([]),
        )
        .await;
    assert_eq!(skip[0], "skip-link", "the first Tab: {skip}");
    assert_eq!(skip[1], true, "the skip link is seen once it has the focus");
    assert_ne!(skip[2], "none", "the focus is visible");
    tour.browser.press(&[ENTER]).await;
    assert_eq!(
        tour.focused_id().await,
        "inhoud",
        "the content has the focus"
    );

    // A postcode with a typo: the error summary has the focus, the field says why.
    let search = tour.find("#zoek").await;
    tour.browser.type_into(&search, "97").await;
    tour.press_to_new_page(&[ENTER]).await;
    tour.check(None).await;
    let title = tour.browser.title().await;
    assert!(
        title.starts_with("Fout: "),
        "{title} on {}",
        tour.path().await
    );
    let focused = tour
        .browser
        .script(
            "return document.activeElement.getAttribute('role');",
            json!([]),
        )
        .await;
    assert_eq!(focused, "alert", "the error summary has the focus");

    // A postcode in two wijken: a list, the wijk with most of it first.
    let search = tour.find("#zoek").await;
    tour.browser.type_into(&search, "9713").await;
    tour.press_to_new_page(&[ENTER]).await;
    assert_eq!(tour.path().await, "/?zoek=9713");
    tour.check(None).await;
    tour.follow("section[aria-labelledby=gevonden] li:first-child a")
        .await;
    assert_eq!(tour.path().await, "/wijken/WK001404");
    tour.check(Some("wijk")).await;
    assert!(tour.text().await.contains("Buurttuin Oosterpark"));

    // The directory: filtered by wijk and words, through the form.
    tour.follow("nav a[href='/initiatieven']").await;
    tour.check(Some("initiatives")).await;
    let all = tour.text().await;
    assert!(all.contains("Buurttuin Oosterpark") && all.contains("Schooltuin Centrum"));
    tour.browser
        .click(&tour.find("#wijk option[value=WK001404]").await)
        .await;
    let words = tour.find("#woorden").await;
    tour.browser.type_into(&words, "tuin").await;
    tour.follow("form[action='/initiatieven'] button[type=submit]")
        .await;
    let path = tour.path().await;
    assert!(
        path.contains("wijk=WK001404") && path.contains("woorden=tuin"),
        "{path}"
    );
    tour.check(None).await;
    let filtered = tour.text().await;
    assert!(filtered.contains("Buurttuin Oosterpark"));
    assert!(!filtered.contains("Schooltuin Centrum"), "filtered out");

    // One initiative.
    tour.follow("ul.cards h2 a").await;
    assert!(tour.path().await.starts_with("/initiatieven/"));
    tour.check(Some("initiative")).await;
    assert!(tour.text().await.contains("samen met de buurt"));
}
