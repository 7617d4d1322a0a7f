//! A small W3C WebDriver client over reqwest, and the chromedriver and Chromium it drives.
//!
//! Only the commands the journeys use. The crates that do this were weighed and left out:
//! fantoccini builds on Mozilla's `webdriver` crate (MPL-2.0, which `deny.toml` refuses), and
//! thirtyfour turns on serde_json's `preserve_order` for every test build, so the app under
//! test would order its JSON differently from the binary that ships.

use std::io::Write as _;
use std::net::TcpListener;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

/// Chromium's switches: headless, no sandbox (CI runs as root in a container), and nothing
/// that reaches out to the network on its own.
const CHROMIUM_ARGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// The WebDriver key for Tab and Enter (the spec's private-use code points).
pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";

/// Says something on the test run's own stderr, past the test harness's capture, so a
/// skipped part is seen in a normal `cargo test`.
pub fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// Whether this run is CI's, where nothing may be skipped.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The program named by `var` if it exists, else the first of `candidates` that exists
/// (as a path or on PATH).
pub fn program(var: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    candidates.iter().find_map(|c| {
        let direct = PathBuf::from(c);
        if direct.is_absolute() {
            return direct.is_file().then_some(direct);
        }
        std::env::split_paths(&path)
            .map(|dir| dir.join(c))
            .find(|p| p.is_file())
    })
}

/// chromedriver on a free port, in its own process group so that the Chromium it starts
/// goes with it.
pub struct Chromedriver {
    child: Child,
    pub url: String,
}

impl Chromedriver {
    pub async fn start(binary: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let driver = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = match http.get(format!("{}/status", driver.url)).send().await {
                Ok(r) => r
                    .json::<Value>()
                    .await
                    .is_ok_and(|v| v["value"]["ready"] == true),
                Err(_) => false,
            };
            if ready {
                return driver;
            }
            assert!(Instant::now() < deadline, "chromedriver did not get ready");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // The whole group: chromedriver and any Chromium it left.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One WebDriver session: one Chromium, with its own profile and download folder.
pub struct Session {
    http: reqwest::Client,
    base: String,
    pub downloads: tempfile::TempDir,
    _profile: tempfile::TempDir,
}

/// An element, as WebDriver names it.
#[derive(Clone, Debug)]
pub struct Element(String);

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Session {
    pub async fn new(driver: &Chromedriver, chromium: &Path) -> Self {
        let profile = tempfile::tempdir().expect("a profile folder");
        let downloads = tempfile::tempdir().expect("a download folder");
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| (*a).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push("--window-size=1280,800".into());
        // A browser set to Dutch, as most of the app's visitors have.
        args.push("--lang=nl-NL".into());
        let http = reqwest::Client::new();
        let answer: Value = http
            .post(format!("{}/session", driver.url))
            .json(&json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium,
                    "args": args,
                    "prefs": {
                        "download.default_directory": downloads.path(),
                        "download.prompt_for_download": false,
                        "intl.accept_languages": "nl-NL,nl",
                    },
                },
            }}}))
            .send()
            .await
            .expect("chromedriver answers")
            .json()
            .await
            .expect("a JSON answer");
        let id = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_owned();
        let session = Self {
            http,
            base: format!("{}/session/{id}", driver.url),
            downloads,
            _profile: profile,
        };
        session
            .call(
                "POST",
                "/timeouts",
                json!({"script": 60_000, "pageLoad": 30_000}),
            )
            .await;
        session
    }

    /// One command; its `value`. A WebDriver error fails the test with its message.
    pub async fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let (answer, ok) = self.try_call(method, path, body).await;
        assert!(ok, "WebDriver {method} {path}: {answer}");
        answer
    }

    async fn try_call(&self, method: &str, path: &str, body: Value) -> (Value, bool) {
        let url = format!("{}{path}", self.base);
        let request = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body),
        };
        let response = request.send().await.expect("chromedriver answers");
        let ok = response.status().is_success();
        let answer: Value = response.json().await.expect("a JSON answer");
        (answer["value"].clone(), ok)
    }

    pub async fn quit(&self) {
        let _ = self.try_call("DELETE", "", Value::Null).await;
    }

    pub async fn clear_cookies(&self) {
        self.call("DELETE", "/cookie", Value::Null).await;
    }

    pub async fn goto(&self, url: &str) {
        self.call("POST", "/url", json!({"url": url})).await;
    }

    pub async fn current_url(&self) -> String {
        self.call("GET", "/url", Value::Null)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub async fn title(&self) -> String {
        self.call("GET", "/title", Value::Null)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The one element `css` selects; fails the test when there is none.
    pub async fn find(&self, css: &str) -> Element {
        let (answer, ok) = self
            .try_call(
                "POST",
                "/element",
                json!({"using": "css selector", "value": css}),
            )
            .await;
        assert!(ok, "no element {css} on {}", self.current_url().await);
        Element(answer[ELEMENT_KEY].as_str().unwrap_or_default().to_owned())
    }

    /// Clicks, as a pointer does (scrolled into view; fails if something covers it).
    pub async fn click(&self, element: &Element) {
        self.call("POST", &format!("/element/{}/click", element.0), json!({}))
            .await;
    }

    /// Types `text` into the element, as a keyboard does.
    pub async fn type_into(&self, element: &Element, text: &str) {
        self.call("POST", &format!("/element/{}/clear", element.0), json!({}))
            .await;
        self.call(
            "POST",
            &format!("/element/{}/value", element.0),
            json!({"text": text}),
        )
        .await;
    }

    pub async fn text(&self, element: &Element) -> String {
        self.call("GET", &format!("/element/{}/text", element.0), Value::Null)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Presses and releases each key in turn on whatever has the focus.
    pub async fn press(&self, keys: &[&str]) {
        let actions: Vec<Value> = keys
            .iter()
            .flat_map(|k| {
                [
                    json!({"type": "keyDown", "value": k}),
                    json!({"type": "keyUp", "value": k}),
                ]
            })
            .collect();
        self.call(
            "POST",
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        )
        .await;
        self.call("DELETE", "/actions", Value::Null).await;
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page.
    pub async fn script(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": args}),
        )
        .await
    }

    /// Runs `script` whose last argument is the callback that ends it.
    pub async fn script_async(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/async",
            json!({"script": script, "args": args}),
        )
        .await
    }

    /// Sets the viewport (not the window) to `width` × `height` CSS pixels, through the
    /// DevTools protocol: a headless window cannot grow past its screen, and its frame's
    /// size differs between versions.
    pub async fn viewport(&self, width: i64, height: i64) {
        self.call(
            "POST",
            "/goog/cdp/execute",
            json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false,
            }}),
        )
        .await;
        let inner = self
            .script("return [window.innerWidth, window.innerHeight];", json!([]))
            .await;
        assert_eq!(inner, json!([width, height]), "the viewport");
    }

    /// Emulates the visitor's colour preference (`prefers-color-scheme`).
    pub async fn color_scheme(&self, scheme: &str) {
        self.call(
            "POST",
            "/goog/cdp/execute",
            json!({"cmd": "Emulation.setEmulatedMedia", "params": {
                "features": [{"name": "prefers-color-scheme", "value": scheme}],
            }}),
        )
        .await;
        let now = self
            .script(
                "return matchMedia('(prefers-color-scheme: ' + arguments[0] + ')').matches;",
                json!([scheme]),
            )
            .await;
        assert_eq!(now, Value::Bool(true), "prefers-color-scheme: {scheme}");
    }

    /// The viewport as a PNG.
    pub async fn screenshot(&self) -> Vec<u8> {
        let encoded = self.call("GET", "/screenshot", Value::Null).await;
        base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().unwrap_or_default())
            .expect("a base64 PNG")
    }

    /// Waits until `script` returns true (the page navigated, a file arrived, …).
    pub async fn wait_until(&self, what: &str, script: &str, args: Value) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if self.script(script, args.clone()).await == Value::Bool(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "waited in vain for {what} on {}",
                self.current_url().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
