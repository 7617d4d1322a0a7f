//! The web app in a real headless Chromium: journeys through the pages as a person makes
//! them (pointer and keyboard), with axe-core's WCAG 2.0/2.1 A and AA rules on every page
//! at a laptop's and a phone's size, no sideways scrolling at 320 px, and screenshots.
//!
//! One app, one chromedriver and one Chromium for the whole target; the journeys run in
//! turn, each from a browser without cookies. Without Chromium (or axe-core) outside CI the
//! test says so and skips that part; with `CI=true` a missing tool fails it. How to run
//! them: `docs/WEB.md`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../api/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

mod driver;
mod public;
mod tour;
mod volunteer;

use std::path::{Path, PathBuf};
use std::rc::Rc;

use driver::{Chromedriver, Session, in_ci, program, say};
use tour::Tour;

/// Where axe-core's script is looked for when `WIJKMATCH_AXE_JS` is not set: where
/// `scripts/fetch-axe-core.sh` puts it.
fn axe_path() -> PathBuf {
    std::env::var_os("WIJKMATCH_AXE_JS").map_or_else(
        || target_dir().join("axe-core/package/axe.min.js"),
        PathBuf::from,
    )
}

/// Cargo's target folder (its `tmp` folder's parent).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .to_path_buf()
}

/// A tool this target needs and cannot find: a failure in CI, a visible skip elsewhere.
fn missing(what: &str) {
    let text = format!(
        "browser tests: {what} not found; see docs/WEB.md (\"Browser tests\") to install it"
    );
    assert!(!in_ci(), "{text} (CI=true: nothing may be skipped)");
    say(&format!("SKIPPED {text}"));
}

#[actix_web::test]
async fn journeys_in_chromium_pass_axe_core_at_every_size() {
    let chromium = program("WIJKMATCH_CHROMIUM", &["/usr/bin/chromium", "chromium"]);
    let chromedriver = program(
        "WIJKMATCH_CHROMEDRIVER",
        &["/usr/bin/chromedriver", "chromedriver"],
    );
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        missing("Chromium or chromedriver (Debian: chromium, chromium-driver)");
        return;
    };
    let axe = match std::fs::read_to_string(axe_path()) {
        Ok(source) => Some(source),
        Err(_) => {
            missing(&format!(
                "axe-core at {} (the axe checks)",
                axe_path().display()
            ));
            None
        }
    };
    let screenshots = target_dir().join("screenshots");
    std::fs::create_dir_all(&screenshots).unwrap();

    let app = helpers::spawn_app().await;
    let driver = Chromedriver::start(&chromedriver).await;
    let browser = Session::new(&driver, &chromium).await;
    let tour = Rc::new(Tour::new(app, browser, axe, screenshots));

    // The journeys run in a task of their own so that the browser is closed even when one
    // fails; the failure is raised again afterwards.
    let journeys = Rc::clone(&tour);
    let outcome = actix_web::rt::spawn(async move {
        journeys.goto("/").await;
        journeys.axe_finds_a_known_violation().await;
        public::anyone(&journeys).await;
        journeys.browser.clear_cookies().await;
        volunteer::volunteer(&journeys).await;
    })
    .await;
    tour.browser.quit().await;
    drop(driver);
    if let Err(e) = outcome {
        assert!(e.is_panic(), "the journeys were cancelled");
        std::panic::resume_unwind(e.into_panic());
    }
    say(&format!(
        "browser tests: {} pages checked",
        tour.pages.borrow().len()
    ));
    tour.assert_no_problems();
}
