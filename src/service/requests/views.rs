//! What a caller reads of a request: the public face, and the full view with the private
//! part for those [`super::projection`] allows.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::requests::RequestRow;
use crate::domain::geo::GeoPoint;
use crate::domain::schedule::{Mode, ScheduleInput, Urgency};
use crate::domain::status::RequestStatus;
use crate::error::{AppError, AppResult};
use crate::reference;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PrivateView {
    pub requester_name: Option<String>,
    pub requester_contact: Option<String>,
    pub private_notes: Option<String>,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// The public face: what anyone logged in may see of an open request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicRequestView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub skills: Vec<String>,
    pub wijk_code: String,
    /// The wijk's centroid, never the resident's address.
    pub location: GeoPoint,
    pub languages: Vec<String>,
    pub mode: Mode,
    pub schedule: Option<ScheduleInput>,
    pub hours_estimate: f64,
    pub helpers_needed: i64,
    pub places_held: i64,
    pub urgency: Urgency,
    pub status: RequestStatus,
    pub initiative_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The public face plus the private part (`null` when none was given or it was erased).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FullRequestView {
    #[serde(flatten)]
    pub face: PublicRequestView,
    /// Always present in the full view.
    #[schema(required = true)]
    pub private: Option<PrivateView>,
}

/// A request as one caller may see it: full for its managers, else the public face.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RequestView {
    Full(FullRequestView),
    Public(PublicRequestView),
}

// `anyOf`, not the derived `oneOf`: a full view is also a valid public face (it only adds
// `private`), so a document saying "exactly one of" would call every full view invalid.
impl utoipa::PartialSchema for RequestView {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AnyOfBuilder, Ref};
        AnyOfBuilder::new()
            .item(Ref::from_schema_name(FullRequestView::name()))
            .item(Ref::from_schema_name(PublicRequestView::name()))
            .description(Some(
                "A request as one caller may see it: full (with `private`) for its managers, \
                 else the public face.",
            ))
            .into()
    }
}

impl ToSchema for RequestView {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        use utoipa::PartialSchema;
        schemas.push((FullRequestView::name().into(), FullRequestView::schema()));
        <FullRequestView as ToSchema>::schemas(schemas);
        schemas.push((
            PublicRequestView::name().into(),
            PublicRequestView::schema(),
        ));
        <PublicRequestView as ToSchema>::schemas(schemas);
    }
}

pub fn public_face(row: &RequestRow) -> AppResult<PublicRequestView> {
    let bad = |what: &str| AppError::internal(format!("request {}: {what}", row.id));
    let wijk = reference::wijk(&row.wijk_code).ok_or_else(|| bad("unknown wijk"))?;
    let schedule = row.schedule.as_ref().map(ScheduleInput::from_schedule);
    Ok(PublicRequestView {
        id: row.id.clone(),
        title: row.title.clone(),
        description: row.description.clone(),
        category: row.category.clone(),
        skills: row.skills.as_slice().to_vec(),
        wijk_code: row.wijk_code.clone(),
        location: GeoPoint {
            lat: wijk.lat,
            lon: wijk.lon,
        },
        languages: row.languages.as_slice().to_vec(),
        mode: row.mode,
        schedule,
        hours_estimate: row.hours_estimate,
        helpers_needed: i64::from(row.helpers_needed),
        places_held: i64::from(row.places_held),
        urgency: row.urgency,
        status: row.status,
        initiative_id: row.initiative_id.clone(),
        created_at: row.created_at.and_utc(),
    })
}

pub(super) fn private_part(row: &RequestRow) -> Option<PrivateView> {
    row.requester_name.as_ref().map(|_| PrivateView {
        requester_name: row.requester_name.clone(),
        requester_contact: row.requester_contact.clone(),
        private_notes: row.private_notes.clone(),
        address: row.address.clone(),
        lat: row.lat,
        lon: row.lon,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::status::RequestStatus;
    use crate::service::requests::projection::tests::row;

    #[test]
    fn the_public_face_has_the_centroid_and_no_private_key() {
        let r = row(RequestStatus::Open, None, "creator");
        let public = serde_json::to_value(RequestView::Public(public_face(&r).unwrap())).unwrap();
        assert!(public.get("private").is_none());
        assert!(!public.to_string().contains("Anna"));
        let wijk = reference::wijk("WK001404").unwrap();
        assert_eq!(public["location"]["lat"], wijk.lat);
        let full = serde_json::to_value(RequestView::Full(FullRequestView {
            face: public_face(&r).unwrap(),
            private: private_part(&r),
        }))
        .unwrap();
        assert_eq!(full["private"]["requester_name"], "Anna");
    }
}
