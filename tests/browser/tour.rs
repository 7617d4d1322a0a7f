//! What every journey uses: the app, the browser, and the checks made on every page it
//! visits (axe-core at two sizes, no sideways scrolling at 320 px, screenshots).

use std::cell::RefCell;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::driver::{Element, Session, say};
use crate::helpers::TestApp;

/// The sizes every page is checked at: a laptop and a phone.
pub const WIDE: (i64, i64) = (1280, 800);
pub const PHONE: (i64, i64) = (390, 844);
/// The narrowest width WCAG's reflow criterion asks for.
const NARROW: i64 = 320;

/// The WCAG 2.0 and 2.1 rules at levels A and AA.
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

pub struct Tour {
    pub app: TestApp,
    pub browser: Session,
    /// axe-core's `axe.min.js`, or None when this run checks without it.
    axe: Option<String>,
    screenshots: PathBuf,
    /// Every page checked, and what was wrong there.
    pub pages: RefCell<Vec<String>>,
    problems: RefCell<Vec<String>>,
}

impl Tour {
    pub fn new(app: TestApp, browser: Session, axe: Option<String>, screenshots: PathBuf) -> Self {
        Self {
            app,
            browser,
            axe,
            screenshots,
            pages: RefCell::default(),
            problems: RefCell::default(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        self.app.url(path)
    }

    /// The page's path and query, without the app's origin.
    pub async fn path(&self) -> String {
        let url = self.browser.current_url().await;
        url.strip_prefix(&self.app.base).unwrap_or(&url).to_owned()
    }

    pub async fn goto(&self, path: &str) {
        self.browser.goto(&self.url(path)).await;
    }

    pub async fn find(&self, css: &str) -> Element {
        self.browser.find(css).await
    }

    /// Clicks and waits for the page that follows (a link or a form's button).
    pub async fn follow(&self, css: &str) {
        let before = self.page_id().await;
        let element = self.find(css).await;
        self.browser.click(&element).await;
        self.wait_for_new_page(&before).await;
    }

    /// Presses keys on whatever has the focus and waits for the page that follows.
    pub async fn press_to_new_page(&self, keys: &[&str]) {
        let before = self.page_id().await;
        self.browser.press(keys).await;
        self.wait_for_new_page(&before).await;
    }

    /// A mark on the current document, gone once another page is loaded.
    async fn page_id(&self) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        self.browser
            .script("window.__tour = arguments[0];", json!([id]))
            .await;
        id
    }

    async fn wait_for_new_page(&self, before: &str) {
        self.browser
            .wait_until(
                "the next page",
                "return window.__tour !== arguments[0] && document.readyState === 'complete';",
                json!([before]),
            )
            .await;
    }

    /// The page's visible text.
    pub async fn text(&self) -> String {
        let body = self.find("body").await;
        self.browser.text(&body).await
    }

    pub async fn focused_id(&self) -> String {
        self.browser
            .script(
                "return document.activeElement ? document.activeElement.id : '';",
                json!([]),
            )
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The checks every page gets: axe-core at the laptop's and the phone's size (and in
    /// dark mode), no sideways scrolling at 320 px. With a `name`, screenshots at both
    /// sizes too.
    pub async fn check(&self, name: Option<&str>) {
        let path = self.path().await;
        self.pages.borrow_mut().push(path.clone());
        for (width, height) in [WIDE, PHONE] {
            self.browser.viewport(width, height).await;
            self.axe(&format!("{path} at {width}×{height}")).await;
            if let Some(name) = name {
                self.save_screenshot(&format!("{name}-{width}x{height}.png"))
                    .await;
            }
        }
        // The dark mode has colours of its own: their contrast too.
        self.browser.color_scheme("dark").await;
        self.axe(&format!("{path} in dark mode")).await;
        self.browser.color_scheme("light").await;
        self.browser.viewport(NARROW, PHONE.1).await;
        let scroll = self
            .browser
            .script("return document.documentElement.scrollWidth;", json!([]))
            .await
            .as_i64()
            .unwrap_or(i64::MAX);
        if scroll > NARROW {
            let wide = self
                .browser
                .script(
                    "return [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > arguments[0]
                            || e.scrollWidth > e.clientWidth + 1)
                        .slice(0, 8)
                        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                            + (e.className && typeof e.className === 'string' ? '.' + e.className : ''));",
                    json!([NARROW]),
                )
                .await;
            self.problem(format!(
                "{path}: scrolls sideways at {NARROW} px wide (scrollWidth {scroll}); too wide: {wide}"
            ));
        }
        self.browser.viewport(WIDE.0, WIDE.1).await;
    }

    /// Screenshots at both sizes with the element `css` at the top of the viewport, for
    /// what lies below the fold (the focus stays where it is).
    pub async fn screenshot_of(&self, name: &str, css: &str) {
        for (width, height) in [WIDE, PHONE] {
            self.browser.viewport(width, height).await;
            self.browser
                .script(
                    "document.querySelector(arguments[0]).scrollIntoView({block: 'start'});",
                    json!([css]),
                )
                .await;
            self.save_screenshot(&format!("{name}-{width}x{height}.png"))
                .await;
        }
        self.browser.viewport(WIDE.0, WIDE.1).await;
    }

    async fn save_screenshot(&self, file: &str) {
        let png = self.browser.screenshot().await;
        let file = self.screenshots.join(file);
        std::fs::write(&file, png)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
    }

    fn problem(&self, text: String) {
        say(&format!("browser tests: {text}"));
        self.problems.borrow_mut().push(text);
    }

    /// Shows that the axe check can fail: a picture without a text, put in the current
    /// page, is reported, and the page is loaded again without it.
    pub async fn axe_finds_a_known_violation(&self) {
        if self.axe.is_none() {
            return;
        }
        self.browser
            .script(
                "const img = document.createElement('img');
                 img.src = '/static/none.png';
                 document.querySelector('main').append(img);",
                json!([]),
            )
            .await;
        let found = self.axe_violations("the self-check").await;
        let ids: Vec<&str> = found.iter().filter_map(|v| v["id"].as_str()).collect();
        // The page's own violations, if any, are reported by its regular check.
        assert!(
            ids.contains(&"image-alt"),
            "axe-core finds a picture without a text: {ids:?}"
        );
        self.browser.call("POST", "/refresh", json!({})).await;
    }

    /// axe-core over the whole document, the WCAG 2.0/2.1 A and AA rules: every violation
    /// is a problem.
    async fn axe(&self, place: &str) {
        for v in self.axe_violations(place).await {
            let mut text = format!(
                "{place}: axe {} ({}): {}\n  {}",
                v["id"].as_str().unwrap_or_default(),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or_default(),
                v["url"].as_str().unwrap_or_default(),
            );
            for n in v["nodes"].as_array().into_iter().flatten() {
                text.push_str(&format!(
                    "\n  - {}\n    {}\n    {}",
                    n["target"].as_str().unwrap_or_default(),
                    n["html"].as_str().unwrap_or_default(),
                    n["summary"]
                        .as_str()
                        .unwrap_or_default()
                        .replace('\n', "\n    "),
                ));
            }
            self.problem(text);
        }
    }

    async fn axe_violations(&self, place: &str) -> Vec<Value> {
        let Some(source) = &self.axe else {
            return Vec::new();
        };
        let loaded = self
            .browser
            .script(
                &format!("{source}\n;return typeof window.axe === 'object';"),
                json!([]),
            )
            .await;
        assert_eq!(
            loaded,
            Value::Bool(true),
            "axe-core did not load on {place}"
        );
        let outcome = self
            .browser
            .script_async(
                "const done = arguments[arguments.length - 1];
                 window.axe.run(document, {
                     runOnly: {type: 'tag', values: arguments[0]},
                     resultTypes: ['violations'],
                 }).then(r => done({violations: r.violations.map(v => ({
                     id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
                     nodes: v.nodes.map(n => ({
                         target: n.target.join(' '),
                         html: n.html,
                         summary: n.failureSummary,
                     })),
                 }))}), e => done({error: String(e)}));",
                json!([AXE_TAGS]),
            )
            .await;
        if let Some(error) = outcome.get("error") {
            panic!("axe-core failed on {place}: {error}");
        }
        outcome["violations"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Fails the test with every problem the checks found, all at once.
    pub fn assert_no_problems(&self) {
        let problems = self.problems.borrow();
        assert!(
            problems.is_empty(),
            "{} problem(s) on the pages:\n\n{}",
            problems.len(),
            problems.join("\n\n")
        );
    }
}
