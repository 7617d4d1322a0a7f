//! Portable text search: both backends compare a folded copy of the text (Unicode
//! lowercase, compatibility-decomposed, combining marks removed) with `LIKE … ESCAPE '\'`,
//! because `lower()` and `LIKE` fold differently on SQLite and PostgreSQL.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Fold text for searching: "Coöperatieve" → "cooperatieve", "CAFÉ" → "cafe".
pub fn fold(text: &str) -> String {
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// A `LIKE` pattern matching folded text that contains `query`.
pub fn contains_pattern(query: &str) -> String {
    let mut pattern = String::from("%");
    for c in fold(query.trim()).chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Coöperatieve wijkraad"), "cooperatieve wijkraad");
        assert_eq!(fold("COOPERATIE"), "cooperatie");
        assert_eq!(fold("coöperatie"), "cooperatie");
        assert_eq!(fold("CAFÉ Ǆ"), "cafe dz");
        assert!(fold("Coöperatieve wijkraad Beijum").contains(&fold("COÖPERATIE")));
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(contains_pattern("  Tuin "), "%tuin%");
    }
}
