//! The pair a client names to propose or apply, and the domain value it becomes.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::id::{OfferId, RecordId, RequestId};
use crate::domain::validation::{Checker, Invalid};
use crate::parse_fields;

/// A request and an offer to match; both must exist and be visible to the caller (404
/// otherwise, which the schema cannot state).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMatchInput {
    #[schema(schema_with = RecordId::schema)]
    pub request_id: String,
    #[schema(schema_with = RecordId::schema)]
    pub offer_id: String,
}

/// The pair to match, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMatch {
    pub request_id: RequestId,
    pub offer_id: OfferId,
}

impl TryFrom<&NewMatchInput> for NewMatch {
    type Error = Invalid;

    fn try_from(raw: &NewMatchInput) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            NewMatch {
                request_id: RequestId::parse("request_id", &raw.request_id),
                offer_id: OfferId::parse("offer_id", &raw.offer_id),
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;

    #[test]
    fn a_pair_names_two_record_ids_and_both_are_checked() {
        let raw = |request_id: &str, offer_id: &str| NewMatchInput {
            request_id: request_id.to_owned(),
            offer_id: offer_id.to_owned(),
        };
        let errors = NewMatch::try_from(&raw("", "nope")).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["request_id", "offer_id"]);
        let (r, o) = (db::new_id(), db::new_id());
        let pair = NewMatch::try_from(&raw(&r, &o)).unwrap();
        assert_eq!(
            (pair.request_id.as_str(), pair.offer_id.as_str()),
            (&*r, &*o)
        );
    }
}
