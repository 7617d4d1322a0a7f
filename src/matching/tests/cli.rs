use super::super::cli::run_solve;

fn run(input: &str) -> (i32, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = run_solve(input.as_bytes(), &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn solves_the_example_of_the_issue() {
    let (code, out, err) = run(
        r#"{"objective": "max_matched_then_score", "requests": [{"id": "r1", "capacity": 1}],
            "offers": [{"id": "o1", "capacity": 2}], "edges": [{"request": "r1", "offer": "o1", "score": 87}]}"#,
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"assignments": [{"request": "r1", "offer": "o1", "score": 87}], "matched": 1, "total_score": 87})
    );
}

#[test]
fn defaults_objective_and_capacities_and_repeated_pair_takes_highest_score() {
    let (code, out, _) = run(
        r#"{"requests": [{"id": "r1"}, {"id": "r2"}], "offers": [{"id": "o1"}],
            "edges": [{"request": "r1", "offer": "o1", "score": 10}, {"request": "r1", "offer": "o1", "score": 30},
                      {"request": "r2", "offer": "o1", "score": 20}]}"#,
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"assignments": [{"request": "r1", "offer": "o1", "score": 30}], "matched": 1, "total_score": 30})
    );
}

#[test]
fn a_null_objective_is_the_default() {
    let input = r#"{"objective": null, "requests": [{"id": "a"}, {"id": "b"}], "offers": [{"id": "x"}, {"id": "y"}],
        "edges": [{"request": "a", "offer": "x", "score": 100}, {"request": "a", "offer": "y", "score": 1}, {"request": "b", "offer": "x", "score": 1}]}"#;
    let (code, out, err) = run(input);
    assert_eq!((code, err.as_str()), (0, ""));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Both places filled (max_matched_then_score), not the single best pair.
    assert_eq!(
        (v["matched"].as_u64(), v["total_score"].as_u64()),
        (Some(2), Some(2))
    );
}

#[test]
fn max_score_objective_is_honoured() {
    let input = r#"{"objective": "max_score", "requests": [{"id": "a"}, {"id": "b"}], "offers": [{"id": "x"}, {"id": "y"}],
        "edges": [{"request": "a", "offer": "x", "score": 100}, {"request": "a", "offer": "y", "score": 1}, {"request": "b", "offer": "x", "score": 1}]}"#;
    let (code, out, _) = run(input);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["matched"].as_u64(), v["total_score"].as_u64()),
        (Some(1), Some(100))
    );
    let (_, out, _) = run(&input.replace("max_score", "max_matched_then_score"));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["matched"].as_u64(), v["total_score"].as_u64()),
        (Some(2), Some(2))
    );
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let base_r = r#""requests": [{"id": "r1"}]"#;
    let base_o = r#""offers": [{"id": "o1"}]"#;
    let cases: Vec<(String, &str)> = vec![
        ("{not json".into(), "invalid input JSON"),
        ("".into(), "invalid input JSON"),
        (
            format!(
                r#"{{{base_r}, {base_o}, "edges": [{{"request": "r9", "offer": "o1", "score": 1}}]}}"#
            ),
            "unknown request id \"r9\"",
        ),
        (
            format!(
                r#"{{{base_r}, {base_o}, "edges": [{{"request": "r1", "offer": "o9", "score": 1}}]}}"#
            ),
            "unknown offer id \"o9\"",
        ),
        (
            format!(r#"{{"requests": [{{"id": "r1", "capacity": 0}}], {base_o}, "edges": []}}"#),
            "capacity must be an integer from 1",
        ),
        (
            format!(r#"{{{base_r}, "offers": [{{"id": "o1", "capacity": -3}}], "edges": []}}"#),
            "capacity must be an integer from 1",
        ),
        (
            format!(
                r#"{{{base_r}, {base_o}, "edges": [{{"request": "r1", "offer": "o1", "score": 1000001}}]}}"#
            ),
            "score must be an integer from 0 to 1000000",
        ),
        (
            format!(
                r#"{{{base_r}, {base_o}, "edges": [{{"request": "r1", "offer": "o1", "score": -1}}]}}"#
            ),
            "score must be an integer from 0 to 1000000",
        ),
        (
            format!(
                r#"{{{base_r}, {base_o}, "edges": [{{"request": "r1", "offer": "o1", "score": 1.5}}]}}"#
            ),
            "invalid input JSON",
        ),
        (
            format!(r#"{{{base_r}, {base_o}, "edges": [{{"request": "r1", "offer": "o1"}}]}}"#),
            "missing field `score`",
        ),
        (
            format!(r#"{{"objective": "greedy", {base_r}, {base_o}, "edges": []}}"#),
            "unknown variant `greedy`",
        ),
        (
            format!(r#"{{"requests": [{{"id": "r1"}}, {{"id": "r1"}}], {base_o}, "edges": []}}"#),
            "duplicate id \"r1\"",
        ),
        (
            format!(r#"{{{base_r}, {base_o}}}"#),
            "missing field `edges`",
        ),
    ];
    for (input, expected) in cases {
        let (code, out, err) = run(&input);
        assert_eq!(code, 2, "input {input}");
        assert!(out.is_empty(), "no output for {input}");
        assert!(
            err.contains(expected),
            "{input}: expected {expected:?} in {err:?}"
        );
    }
}

#[test]
fn invalid_utf8_is_bad_input() {
    let mut out = Vec::new();
    let mut err = Vec::new();
    assert_eq!(run_solve(&[0xff, 0xfe][..], &mut out, &mut err), 2);
}

#[test]
fn huge_capacities_are_fine_and_quick() {
    let t = std::time::Instant::now();
    let (code, out, _) = run(
        r#"{"requests": [{"id": "r", "capacity": 4000000000}], "offers": [{"id": "a", "capacity": 4294967295}, {"id": "b"}],
            "edges": [{"request": "r", "offer": "a", "score": 1000000}, {"request": "r", "offer": "b", "score": 0}]}"#,
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["matched"].as_u64(), v["total_score"].as_u64()),
        (Some(2), Some(1_000_000))
    );
    assert!(t.elapsed() < std::time::Duration::from_secs(5));
    let (code, _, err) =
        run(r#"{"requests": [{"id": "r", "capacity": 4294967296}], "offers": [], "edges": []}"#);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn fields_may_come_in_any_order() {
    // Edges first: they are kept and resolved once both id lists are known.
    let input = r#"{"edges": [{"request": "r1", "offer": "o2", "score": 5}, {"request": "r2", "offer": "o1", "score": 7}],
        "offers": [{"id": "o1"}, {"id": "o2"}], "objective": "max_score", "requests": [{"id": "r1"}, {"id": "r2"}]}"#;
    let (code, out, err) = run(input);
    assert_eq!((code, err.as_str()), (0, ""));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"assignments": [{"request": "r1", "offer": "o2", "score": 5},
            {"request": "r2", "offer": "o1", "score": 7}], "matched": 2, "total_score": 12})
    );
    // The same errors on that path, with their clean messages.
    let (code, out, err) = run(
        r#"{"edges": [{"request": "r1", "offer": "o9", "score": 1}], "requests": [{"id": "r1"}], "offers": [{"id": "o1"}]}"#,
    );
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err, "wijkmatch solve: edges[0]: unknown offer id \"o9\"\n");
}

#[test]
fn errors_found_while_reading_are_not_called_syntax_errors() {
    let (code, _, err) = run(r#"{"requests": [{"id": "r1"}], "offers": [{"id": "o1"}],
            "edges": [{"request": "r1", "offer": "o1", "score": 1}, {"request": "r7", "offer": "o1", "score": 1}]}"#);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "wijkmatch solve: edges[1]: unknown request id \"r7\"\n"
    );
}

#[test]
fn structural_mistakes_are_bad_input() {
    for (input, expected) in [
        (
            r#"{"requests": [], "requests": [], "offers": [], "edges": []}"#,
            "duplicate field `requests`",
        ),
        (
            r#"{"requests": [], "offers": [], "edges": [], "edges": []}"#,
            "duplicate field `edges`",
        ),
        (
            r#"{"requests": [], "offers": [], "edges": [], "extra": 1}"#,
            "unknown field `extra`",
        ),
        // An array would otherwise fill the fields by position.
        (r#"["max_score", [], [], []]"#, "invalid input JSON"),
        (r#"{"edges": [], "offers": []}"#, "missing field `requests`"),
        (
            r#"{"requests": [], "offers": [], "edges": []} trailing"#,
            "trailing characters",
        ),
    ] {
        let (code, out, err) = run(input);
        assert_eq!(code, 2, "{input}");
        assert!(out.is_empty(), "{input}");
        assert!(err.contains(expected), "{input}: {err}");
    }
}
