//! Kinds that records carry: who may see a key figure, what a partner link points to,
//! what an item of the social map is.

use std::collections::BTreeSet;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use super::validation::{FieldError, one_of};

crate::text_enum! {
    /// Who may see a key figure: team workers and admins only, or everyone.
    #[derive(Default)]
    pub enum Visibility {
        #[default]
        TeamOnly = "team_only",
        Public = "public",
    }
}

crate::text_enum! {
    /// What an initiative's partner link points to.
    pub enum PartnerKind {
        Volunteer = "volunteer",
        KeyFigure = "key_figure",
        WijContact = "wij_contact",
    }
}

crate::text_enum! {
    /// What an item of a wijk's social map is. Organisations are not partners yet, so
    /// `organisation` is refused as an unknown kind.
    #[derive(PartialOrd, Ord)]
    pub enum MapKind {
        Initiative = "initiative",
        KeyFigure = "key_figure",
        WijContact = "wij_contact",
        Volunteer = "volunteer",
    }
}

crate::text_enum_schema!(Visibility, PartnerKind, MapKind);

impl MapKind {
    /// A comma list of kinds (`?kind=initiative,volunteer`), each one known (a repeat is
    /// harmless). Every unknown entry is an error on `field`.
    pub fn parse_list(field: &str, raw: &str) -> Result<BTreeSet<MapKind>, Vec<FieldError>> {
        let mut kinds = BTreeSet::new();
        let mut errors = Vec::new();
        for text in raw.split(',') {
            match one_of::<MapKind>(field, text) {
                Ok(kind) => {
                    kinds.insert(kind);
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(kinds)
        } else {
            Err(errors)
        }
    }

    /// The schema of a comma list of kinds: the pattern [`Self::parse_list`] accepts.
    pub fn list_schema() -> RefOr<Schema> {
        let one = Self::ALL
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join("|");
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(format!("^({one})(,({one}))*$")))
            .description(Some(format!(
                "A comma list of kinds, each one of: {}.",
                Self::ALL
                    .iter()
                    .map(|k| format!("`{}`", k.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_list_names_every_unknown_entry() {
        let all = MapKind::parse_list("kind", "volunteer,initiative,volunteer").unwrap();
        assert_eq!(
            all.into_iter().collect::<Vec<_>>(),
            [MapKind::Initiative, MapKind::Volunteer]
        );
        for bad in [
            "",
            "organisation",
            "volunteer,",
            "Volunteer",
            "volunteer, initiative",
        ] {
            let errors = MapKind::parse_list("kind", bad).unwrap_err();
            assert!(
                !errors.is_empty() && errors.iter().all(|e| e.field == "kind"),
                "{bad}"
            );
        }
        assert_eq!(
            MapKind::parse_list("kind", "x,initiative,y")
                .unwrap_err()
                .len(),
            2
        );
    }

    #[test]
    fn the_list_pattern_accepts_what_the_parser_accepts() {
        let RefOr::T(Schema::Object(o)) = MapKind::list_schema() else {
            panic!("an object schema");
        };
        let pattern = regex::Regex::new(o.pattern.as_deref().unwrap()).unwrap();
        for text in [
            "initiative",
            "key_figure,wij_contact",
            "volunteer,initiative,volunteer",
            "",
            "organisation",
            "volunteer,",
            "volunteer, initiative",
        ] {
            assert_eq!(
                pattern.is_match(text),
                MapKind::parse_list("kind", text).is_ok(),
                "{text:?}"
            );
        }
    }
}
