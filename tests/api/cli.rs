//! The binary itself: `wijkmatch solve` reads stdin and needs no configuration or database.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

fn solve(input: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wijkmatch"))
        .arg("solve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn solve_prints_the_optimal_assignment() {
    let instance = json!({
        "requests": [{"id": "r1"}, {"id": "r2", "capacity": 1}],
        "offers": [{"id": "o1"}, {"id": "o2"}],
        "edges": [
            {"request": "r1", "offer": "o1", "score": 90},
            {"request": "r1", "offer": "o2", "score": 80},
            {"request": "r2", "offer": "o1", "score": 70},
            {"request": "r1", "offer": "o1", "score": 10}
        ]
    });
    let (code, out, err) = solve(&instance.to_string());
    assert_eq!(code, 0, "{err}");
    let answer: Value = serde_json::from_str(&out).unwrap();
    // Both places filled beats the single best edge: r1-o2 (80) + r2-o1 (70).
    assert_eq!(answer["matched"], 2);
    assert_eq!(answer["total_score"], 150);
}

#[test]
fn solve_rejects_bad_input_with_exit_code_2() {
    for bad in [
        "{",
        r#"{"requests": [{"id": "r1"}], "offers": [], "edges": [{"request": "r1", "offer": "nope", "score": 1}]}"#,
        r#"{"requests": [{"id": "r1", "capacity": 0}], "offers": [], "edges": []}"#,
        r#"{"requests": [{"id": "r1"}], "offers": [{"id": "o1"}], "edges": [{"request": "r1", "offer": "o1", "score": 1000001}]}"#,
    ] {
        let (code, out, err) = solve(bad);
        assert_eq!(code, 2, "{bad}");
        assert!(out.is_empty());
        assert!(!err.is_empty() && !err.contains("panicked"), "{err}");
    }
}
