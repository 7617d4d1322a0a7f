//! Sets of codes (skills, languages, categories, wijk codes, modes) as records hold them:
//! sorted and without duplicates, so two equal sets are stored as the same text and compare
//! equal. The database keeps a set in one text column (see `db::codec`).

use serde::{Serialize, Serializer};

use crate::text_enum::TextEnum;

/// An element of a [`CodeSet`]: written as a code without commas.
pub trait Code: Ord + Clone + Send + Sync + 'static {
    fn code(&self) -> &str;
    fn from_code(code: &str) -> Option<Self>;
}

impl Code for String {
    fn code(&self) -> &str {
        self
    }

    fn from_code(code: &str) -> Option<Self> {
        Some(code.to_owned())
    }
}

impl<T: TextEnum + Ord + Send + Sync> Code for T {
    fn code(&self) -> &str {
        self.as_str()
    }

    fn from_code(code: &str) -> Option<Self> {
        T::parse(code)
    }
}

/// A sorted set of codes without duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodeSet<T>(Vec<T>);

/// Free-form codes checked against the vocabulary on input (skills, languages, …).
pub type Codes = CodeSet<String>;

impl<T: Code> CodeSet<T> {
    pub fn new(items: impl IntoIterator<Item = T>) -> Self {
        let mut items: Vec<T> = items.into_iter().collect();
        items.sort_unstable();
        items.dedup();
        Self(items)
    }

    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<T> {
        self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    pub fn contains(&self, item: &T) -> bool {
        self.0.binary_search(item).is_ok()
    }

    /// The stored form: codes joined by commas.
    pub fn joined(&self) -> String {
        let codes: Vec<&str> = self.0.iter().map(Code::code).collect();
        codes.join(",")
    }

    /// Reads the stored form; `None` when a code is not a `T`.
    pub fn parse_joined(text: &str) -> Option<Self> {
        text.split(',')
            .filter(|c| !c.is_empty())
            .map(T::from_code)
            .collect::<Option<Vec<T>>>()
            .map(Self::new)
    }
}

impl<T: Code> Default for CodeSet<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: Code> FromIterator<T> for CodeSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self::new(iter)
    }
}

impl<'a, T: Code> IntoIterator for &'a CodeSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: Code + Serialize> Serialize for CodeSet<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::matching::Mode;

    proptest! {
        #[test]
        fn the_stored_form_reads_back_as_the_same_set(
            codes in proptest::collection::vec("[a-z_]{1,12}", 0..12)
        ) {
            let set = Codes::new(codes.clone());
            prop_assert_eq!(Codes::parse_joined(&set.joined()), Some(set.clone()));
            let mut expected = codes;
            expected.sort();
            expected.dedup();
            prop_assert_eq!(set.into_vec(), expected);
        }
    }

    #[test]
    fn enum_sets_refuse_unknown_codes() {
        let modes = CodeSet::new([Mode::Project, Mode::OneOff, Mode::Project]);
        assert_eq!(modes.joined(), "one_off,project");
        assert_eq!(
            CodeSet::<Mode>::parse_joined("one_off,project"),
            Some(modes)
        );
        assert_eq!(CodeSet::<Mode>::parse_joined("one_off,sometimes"), None);
        assert_eq!(CodeSet::<Mode>::parse_joined(""), Some(CodeSet::default()));
    }
}
