use super::*;
use crate::i18n::ErrorCode;

/// Renders every message of one part of the catalogue in both languages: none is empty,
/// each shows every parameter in both, and the Dutch differs from the English unless the
/// text is the same word in both (`same`).
fn check_part<T: std::fmt::Debug>(
    samples: Samples<T>,
    render: impl Fn(&T, Lang) -> String,
    same: &[&str],
) {
    for (message, args) in samples {
        let en = render(&message, Lang::En);
        let nl = render(&message, Lang::Nl);
        assert!(!en.trim().is_empty(), "{message:?}: no English");
        assert!(!nl.trim().is_empty(), "{message:?}: no Dutch");
        if !same.contains(&en.as_str()) {
            assert_ne!(en, nl, "{message:?}: the Dutch is the English");
        }
        for (name, [arg_en, arg_nl]) in args {
            assert!(
                en.contains(&arg_en),
                "{message:?}: English lacks {name}: {en}"
            );
            if name == "english" {
                assert!(
                    !nl.contains(&arg_nl),
                    "{message:?}: Dutch shows English: {nl}"
                );
            } else {
                assert!(
                    nl.contains(&arg_nl),
                    "{message:?}: Dutch lacks {name}: {nl}"
                );
            }
        }
    }
}

#[test]
fn every_message_has_both_translations_with_every_parameter() {
    check_part(Text::samples(), Text::render, &["Conflict"]);
    check_part(FieldText::samples(), FieldText::render, &[]);
    check_part(Noun::samples(), Noun::render, &["wijk", "WIJ-team"]);
    check_part(Reason::samples(), Reason::render, &[]);
    check_part(
        Ui::samples(),
        Ui::render,
        &["wijkmatch Groningen", "Wijk", "Website"],
    );
    check_part(Mail::samples(), Mail::render, &[]);
}

#[test]
fn every_field_message_has_a_code_and_every_code_a_message() {
    let mut used = std::collections::HashSet::new();
    for (message, _) in FieldText::samples() {
        let code = message.implied_code();
        assert!(code.is_some(), "{message:?} declares no code");
        used.extend(code);
    }
    for code in ErrorCode::ALL {
        assert!(used.contains(code), "no message has the code {code}");
    }
}

/// Every key of the catalogue is used somewhere in the code outside it, so the files hold
/// no dead text (the engine's reasons are reached through `From<Infeasible>`).
#[test]
fn every_key_is_used() {
    fn sources(dir: &std::path::Path, into: &mut String) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.ends_with("i18n") {
                continue;
            }
            if path.is_dir() {
                sources(&path, into);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                into.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    let mut code = String::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    sources(&root.join("src"), &mut code);
    // The web pages' templates.
    sources(&root.join("templates"), &mut code);
    for (part, keys) in [
        ("Text", Text::KEYS),
        ("FieldText", FieldText::KEYS),
        ("Noun", Noun::KEYS),
        ("Ui", Ui::KEYS),
        ("Mail", Mail::KEYS),
    ] {
        for key in keys {
            let name = format!("{part}::{key}");
            let used = code.match_indices(&name).any(|(at, _)| {
                !code[at + name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            });
            assert!(used, "{name} is never used");
        }
    }
}

#[test]
fn accept_language_prefers_dutch_only_when_the_client_does() {
    for (header, expected) in [
        (None, Lang::En),
        (Some(""), Lang::En),
        (Some("nl"), Lang::Nl),
        (Some("nl-NL"), Lang::Nl),
        (Some("NL-be"), Lang::Nl),
        (Some("en"), Lang::En),
        (Some("de, fr"), Lang::En),
        (Some("*"), Lang::En),
        (Some("en, nl"), Lang::En),
        (Some("nl, en"), Lang::Nl),
        (Some("en;q=0.5, nl;q=0.8"), Lang::Nl),
        (Some("nl;q=0.5, en;q=0.8"), Lang::En),
        (Some("fr, nl;q=0.3"), Lang::Nl),
        (Some("nl;q=0"), Lang::En),
        (Some("nl;q=0, en;q=0.1"), Lang::En),
        (Some("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7"), Lang::Nl),
        (Some("en-GB,en;q=0.9,nl;q=0.8"), Lang::En),
        (Some("nl;q=bad, en;q=0.2"), Lang::En),
        (Some("nl;q=1.5"), Lang::En),
        (Some("nld"), Lang::En),
    ] {
        assert_eq!(Lang::negotiate(header), expected, "{header:?}");
    }
}

#[test]
fn parameters_follow_the_language() {
    let choices = Choices(vec!["a", "b", "c"]);
    assert_eq!(choices.show(Lang::En), "a, b or c");
    assert_eq!(choices.show(Lang::Nl), "a, b of c");
    assert_eq!(2.5f64.show(Lang::Nl), "2,5");
    let missing = Text::NotFound {
        what: Noun::Initiative,
    };
    assert_eq!(missing.render(Lang::En), "initiative not found");
    assert_eq!(
        missing.render(Lang::Nl),
        "Niet gevonden: bewonersinitiatief."
    );
}
