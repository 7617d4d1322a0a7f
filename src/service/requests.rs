//! Support requests: filed by team workers for residents, by coordinators for their
//! initiative, or by admins. Each has a public face and a private part about the resident.
//!
//! Who sees what is decided in exactly one place, [`projection`]: the request's managers
//! (workers of a team covering its wijk at the time of the call, coordinators of its
//! initiative, admins) get the full view; everyone else the public face, whose
//! location is the wijk centroid and which has no `private` key. Every answer that carries a
//! private part writes one `read_private` audit entry per request shown, in one transaction
//! ([`present`]).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::{self, Action};

use super::usage::{self, Limited};
use crate::config::LimitSettings;
use crate::db::requests::{
    self as repo, ManagedScope, PrivateColumns, RequestChangeset, RequestFilter, RequestRow,
};
use crate::db::{DbConnection, initiatives, matches, new_id, now};
use crate::domain::account::Caller;
use crate::domain::codes::Codes;
use crate::domain::geo::GeoPoint;
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::patch;
use crate::domain::schedule::{self, Mode, Schedule, Urgency};
use crate::domain::status::RequestStatus;
use crate::domain::validation::{Checker, one_of};
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Noun, Text};
use crate::reference::{self, vocabulary};

pub const SUBJECT: &str = "request";
pub const MAX_SKILLS: usize = 20;
pub const MAX_LANGUAGES: usize = 10;
pub const MAX_HELPERS: i64 = 50;
pub const MAX_HOURS: f64 = 24.0;

pub use crate::domain::schedule::ScheduleInput;

/// The private part: about the resident, for the request's managers only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivateInput {
    /// 1–100 characters.
    pub requester_name: String,
    /// Phone or e-mail, at most 200 characters.
    #[serde(default)]
    pub requester_contact: Option<String>,
    /// At most 4000 characters.
    #[serde(default)]
    pub private_notes: Option<String>,
    /// At most 200 characters.
    #[serde(default)]
    pub address: Option<String>,
    /// Exact location; give `lat` and `lon` together.
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PrivateView {
    pub requester_name: Option<String>,
    pub requester_contact: Option<String>,
    pub private_notes: Option<String>,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRequestInput {
    /// 1–200 characters.
    pub title: String,
    /// 1–4000 characters.
    pub description: String,
    /// A category id from the vocabulary.
    pub category: String,
    /// Skill ids (at most 20; default none).
    #[serde(default)]
    pub skills: Vec<String>,
    pub wijk_code: String,
    /// ISO 639-1 codes (at most 10; default none).
    #[serde(default)]
    pub languages: Vec<String>,
    pub mode: Mode,
    #[serde(default)]
    pub schedule: Option<ScheduleInput>,
    /// Hours per occasion, > 0 and ≤ 24.
    pub hours_estimate: f64,
    /// 1–50, default 1.
    #[serde(default = "one")]
    pub helpers_needed: i64,
    #[serde(default)]
    pub urgency: Urgency,
    /// The initiative recruiting helpers (its coordinators may file).
    #[serde(default)]
    pub initiative_id: Option<String>,
    /// Required when filing for a resident (no `initiative_id`).
    #[serde(default)]
    pub private: Option<PrivateInput>,
}

fn one() -> i64 {
    1
}

/// Any field but `status` and `initiative_id` (those are refused as unknown fields).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestPatch {
    #[serde(default, deserialize_with = "patch::not_null")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub skills: Option<Vec<String>>,
    /// Team workers: only to a wijk their team covers; admins: any.
    #[serde(default, deserialize_with = "patch::not_null")]
    pub wijk_code: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub languages: Option<Vec<String>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub mode: Option<Mode>,
    /// `null` means any time.
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(value_type = Option<ScheduleInput>)]
    pub schedule: Option<Option<ScheduleInput>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub hours_estimate: Option<f64>,
    /// Not below `places_held` (409).
    #[serde(default, deserialize_with = "patch::not_null")]
    pub helpers_needed: Option<i64>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub urgency: Option<Urgency>,
    /// Replaces the whole private part.
    #[serde(default, deserialize_with = "patch::not_null")]
    pub private: Option<PrivateInput>,
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

/// How a caller stands to requests, established once per call.
#[derive(Debug, Clone)]
pub struct Relation {
    pub admin: bool,
    pub user_id: String,
    pub coordinated: HashSet<String>,
    /// The wijken the caller's team covers now.
    pub covered: HashSet<String>,
    /// Requests the caller helps with through a match that is confirmed, or completed
    /// less than [`MATCHED_ACCESS_DAYS`] ago.
    pub matched: HashSet<String>,
}

/// How long after completion the matched volunteer still reads the private part.
pub const MATCHED_ACCESS_DAYS: i64 = 30;

impl Relation {
    pub fn of(conn: &mut DbConnection, caller: &Caller) -> AppResult<Self> {
        let covered = match caller.team() {
            Some(team) => repo::covered_by(conn, team)?.into_iter().collect(),
            None => HashSet::new(),
        };
        let since = now() - chrono::Duration::days(MATCHED_ACCESS_DAYS);
        Ok(Self {
            admin: caller.is_admin(),
            user_id: caller.user_id.clone(),
            coordinated: repo::coordinated_by(conn, &caller.user_id)?
                .into_iter()
                .collect(),
            covered,
            matched: crate::db::matches::private_access(conn, &caller.user_id, since)?
                .into_iter()
                .collect(),
        })
    }

    /// Is the caller one of the request's managers? Having filed a request gives no lasting
    /// right: its creator manages it only while they still hold the role or relation that
    /// let them file it (a covering team, the initiative, admin), which the clauses below
    /// already say.
    pub fn manages(&self, row: &RequestRow) -> bool {
        self.admin
            || self.covered.contains(&row.wijk_code)
            || row
                .initiative_id
                .as_ref()
                .is_some_and(|i| self.coordinated.contains(i))
    }

    /// Is the caller vetted for this request: an admin, or a worker of a team covering its
    /// wijk? Other managers (coordinators) learn who a volunteer is only once the
    /// volunteer applies to or accepts a match with the request.
    pub fn vetted_for(&self, row: &RequestRow) -> bool {
        self.vetted_in(&row.wijk_code)
    }

    /// As [`Self::vetted_for`], by the request's wijk.
    pub fn vetted_in(&self, wijk_code: &str) -> bool {
        self.admin || self.covered.contains(wijk_code)
    }

    /// The role in which the caller manages this request, for the audit log: the most
    /// specific relation first.
    pub fn acting_role(&self, row: &RequestRow) -> &'static str {
        if self.covered.contains(&row.wijk_code) {
            "team_worker"
        } else if row
            .initiative_id
            .as_ref()
            .is_some_and(|i| self.coordinated.contains(i))
        {
            "coordinator"
        } else if self.admin {
            "admin"
        } else {
            "matched_volunteer"
        }
    }

    pub fn scope(&self) -> ManagedScope {
        ManagedScope {
            all: self.admin,
            user_id: self.user_id.clone(),
            initiative_ids: self.coordinated.iter().cloned().collect(),
            wijk_codes: self.covered.iter().cloned().collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Projection {
    Full,
    Public,
}

/// The one place that decides what a caller sees of a request: its managers, and the
/// volunteer of a confirmed match (or one completed less than 30 days ago), get the full
/// view; everyone else the public face.
pub fn projection(rel: &Relation, row: &RequestRow) -> Projection {
    if rel.manages(row) || rel.matched.contains(&row.id) {
        Projection::Full
    } else {
        Projection::Public
    }
}

/// May the caller know this request exists? Open ones are public; others only to those
/// who get the full view.
pub fn visible(rel: &Relation, row: &RequestRow) -> bool {
    row.status == RequestStatus::Open || projection(rel, row) == Projection::Full
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

fn private_part(row: &RequestRow) -> Option<PrivateView> {
    row.requester_name.as_ref().map(|_| PrivateView {
        requester_name: row.requester_name.clone(),
        requester_contact: row.requester_contact.clone(),
        private_notes: row.private_notes.clone(),
        address: row.address.clone(),
        lat: row.lat,
        lon: row.lon,
    })
}

/// Project each row for the caller and write one `read_private` audit entry per request
/// whose private part is in the answer, all in one transaction.
pub fn present(
    conn: &mut DbConnection,
    caller: &Caller,
    rel: &Relation,
    rows: Vec<RequestRow>,
) -> AppResult<Vec<RequestView>> {
    let mut views = Vec::with_capacity(rows.len());
    let mut read: Vec<(String, &'static str)> = Vec::new();
    for row in &rows {
        let face = public_face(row)?;
        views.push(match projection(rel, row) {
            Projection::Full => {
                let private = private_part(row);
                if private.is_some() {
                    read.push((row.id.clone(), rel.acting_role(row)));
                }
                RequestView::Full(FullRequestView { face, private })
            }
            Projection::Public => RequestView::Public(face),
        });
    }
    if !read.is_empty() {
        conn.write_tx(|conn| {
            for (id, role) in &read {
                audit::record_as(
                    conn,
                    Some(caller),
                    Some(role),
                    Action::ReadPrivate,
                    SUBJECT,
                    id,
                )?;
            }
            Ok::<_, AppError>(())
        })?;
    }
    Ok(views)
}

fn present_one(
    conn: &mut DbConnection,
    caller: &Caller,
    rel: &Relation,
    row: RequestRow,
) -> AppResult<RequestView> {
    present(conn, caller, rel, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("no view"))
}

/// At most `max` items, each one `known` (errors name the item: `skills[2]`).
pub fn check_list(
    check: &mut Checker,
    field: &str,
    items: &[String],
    max: usize,
    known: impl Fn(&str) -> bool,
    unknown: FieldText,
) {
    check.check(items.len() <= max, field, FieldText::TooMany { max });
    for (i, item) in items.iter().enumerate() {
        check.check(known(item), &format!("{field}[{i}]"), unknown.clone());
    }
}

fn check_schedule(check: &mut Checker, schedule: &ScheduleInput) {
    match schedule {
        ScheduleInput::Weekly { slots } => {
            check.check(
                !slots.is_empty(),
                "schedule.slots",
                FieldText::AtLeastOneSlot,
            );
            if let Err(errors) = schedule::parse_slots("schedule.slots", slots) {
                for e in errors {
                    check.push(e);
                }
            }
        }
        ScheduleInput::Once { starts_at, ends_at } => {
            check.check(
                ends_at > starts_at,
                "schedule.ends_at",
                FieldText::EndsAfterStarts,
            );
        }
    }
}

fn check_hours(check: &mut Checker, hours: f64) {
    check.check(
        hours.is_finite() && hours > 0.0 && hours <= MAX_HOURS,
        "hours_estimate",
        FieldText::PositiveUpTo { max: 24 },
    );
}

fn check_helpers(check: &mut Checker, n: i64) {
    check.check(
        (1..=MAX_HELPERS).contains(&n),
        "helpers_needed",
        FieldText::Range { min: 1, max: 50 },
    );
}

fn check_private(check: &mut Checker, p: &PrivateInput) {
    check.text("private.requester_name", &p.requester_name, 100, false);
    if let Some(v) = &p.requester_contact {
        check.text("private.requester_contact", v, 200, false);
    }
    if let Some(v) = &p.private_notes {
        check.text("private.private_notes", v, 4000, true);
    }
    if let Some(v) = &p.address {
        check.text("private.address", v, 200, false);
    }
    match (p.lat, p.lon) {
        (Some(lat), Some(lon)) => {
            check.take(GeoPoint::parse("private", lat, lon));
        }
        (None, None) => {}
        _ => check.fail("private.lat", FieldText::LatLonTogether),
    }
}

fn private_columns(p: &PrivateInput) -> PrivateColumns {
    PrivateColumns {
        requester_name: Some(p.requester_name.clone()),
        requester_contact: p.requester_contact.clone(),
        private_notes: p.private_notes.clone(),
        address: p.address.clone(),
        lat: p.lat,
        lon: p.lon,
    }
}

/// A schedule already checked by `check_schedule`.
fn checked_schedule(s: &ScheduleInput) -> AppResult<Schedule> {
    s.parse("schedule")
        .map_err(|_| AppError::internal("the schedule was checked"))
}

/// Who may file requests at all (a worker of a team covering some wijk, a coordinator of
/// some initiative, an admin): the others hear 403 before any word about the body.
pub fn require_filer(conn: &mut DbConnection, caller: &Caller) -> AppResult<Relation> {
    let rel = Relation::of(conn, caller)?;
    if !rel.admin && rel.covered.is_empty() && rel.coordinated.is_empty() {
        return Err(AppError::Forbidden(Text::RequestFilers));
    }
    Ok(rel)
}

/// File a request: a team worker for a wijk their team covers, a coordinator of
/// `initiative_id`, or an admin. Answers the full view.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewRequestInput,
    limits: &LimitSettings,
) -> AppResult<RequestView> {
    let rel = require_filer(conn, caller)?;
    // Anyone can start an initiative and so file for it; vetted staff are not counted.
    if !caller.is_admin() && caller.team().is_none() {
        usage::consume(conn, caller, Limited::RequestByNonStaff, limits, now())?;
    }
    let mut check = Checker::new();
    check.text("title", &input.title, 200, false);
    check.text("description", &input.description, 4000, true);
    check.check(
        vocabulary::is_category(&input.category),
        "category",
        FieldText::UnknownCategory,
    );
    check_list(
        &mut check,
        "skills",
        &input.skills,
        MAX_SKILLS,
        vocabulary::is_skill,
        FieldText::UnknownSkill,
    );
    check_list(
        &mut check,
        "languages",
        &input.languages,
        MAX_LANGUAGES,
        vocabulary::is_language,
        FieldText::UnknownLanguage,
    );
    check.check(
        reference::is_wijk(&input.wijk_code),
        "wijk_code",
        FieldText::UnknownWijk,
    );
    if let Some(s) = &input.schedule {
        check_schedule(&mut check, s);
    }
    check_hours(&mut check, input.hours_estimate);
    check_helpers(&mut check, input.helpers_needed);
    match (&input.private, &input.initiative_id) {
        (Some(p), _) => check_private(&mut check, p),
        (None, None) => check.fail("private", FieldText::PrivateRequired),
        (None, Some(_)) => {}
    }
    if let Some(i) = &input.initiative_id {
        check.check(
            initiatives::find(conn, i)?.is_some(),
            "initiative_id",
            FieldText::NoSuchInitiative,
        );
    }
    check.finish()?;
    let allowed = rel.admin
        || rel.covered.contains(&input.wijk_code)
        || input
            .initiative_id
            .as_ref()
            .is_some_and(|i| rel.coordinated.contains(i));
    if !allowed {
        return Err(AppError::Forbidden(Text::RequestFilers));
    }
    let at = now();
    let private = input
        .private
        .as_ref()
        .map(private_columns)
        .unwrap_or_default();
    let row = RequestRow {
        id: new_id(),
        title: input.title.clone(),
        description: input.description.clone(),
        category: input.category.clone(),
        skills: Codes::new(input.skills.iter().cloned()),
        languages: Codes::new(input.languages.iter().cloned()),
        wijk_code: input.wijk_code.clone(),
        mode: input.mode,
        schedule: input.schedule.as_ref().map(checked_schedule).transpose()?,
        hours_estimate: input.hours_estimate,
        helpers_needed: i32::try_from(input.helpers_needed).map_err(AppError::internal)?,
        places_held: 0,
        urgency: input.urgency,
        status: RequestStatus::Open,
        initiative_id: input.initiative_id.clone(),
        created_by: Some(caller.user_id.clone()),
        created_at: at,
        updated_at: at,
        closed_at: None,
        requester_name: private.requester_name,
        requester_contact: private.requester_contact,
        private_notes: private.private_notes,
        address: private.address,
        lat: private.lat,
        lon: private.lon,
        private_erased_at: None,
    };
    conn.write_tx(|conn| {
        repo::insert(conn, &row)?;
        audit::record(conn, Some(caller), Action::Create, SUBJECT, &row.id)
    })?;
    present_one(conn, caller, &rel, row)
}

/// One request, full or public; a request that is not open is 404 to non-managers.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<RequestView> {
    let rel = Relation::of(conn, caller)?;
    let row = repo::find(conn, id)?
        .filter(|r| visible(&rel, r))
        .ok_or(AppError::NotFound(Noun::Request))?;
    present_one(conn, caller, &rel, row)
}

pub const LIST_KIND: &str = "requests";

/// One list, newest first then id: every open request, plus (for managers) the requests they
/// manage in any status. Each item is projected for the caller on its own: full for the
/// requests they manage, the public face for the rest.
/// The list's filters as the caller wrote them.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub wijk_code: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
}

pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: &ListFilter,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<RequestView>> {
    let mut check = Checker::new();
    if let Some(w) = &filter.wijk_code {
        check.check(reference::is_wijk(w), "wijk", FieldText::UnknownWijk);
    }
    if let Some(c) = &filter.category {
        check.check(
            vocabulary::is_category(c),
            "category",
            FieldText::UnknownCategory,
        );
    }
    let status = filter
        .status
        .as_deref()
        .and_then(|s| check.take(one_of::<RequestStatus>("status", s)));
    check.finish()?;
    let filter = RequestFilter {
        wijk_code: filter.wijk_code.clone(),
        category: filter.category.clone(),
        status,
    };
    let rel = Relation::of(conn, caller)?;
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::list(conn, &filter, &rel.scope(), after, page.fetch_limit())?;
    let page = Page::from_rows(rows, page, cursors, LIST_KIND, |r| {
        vec![r.created_at.and_utc().to_rfc3339(), r.id.clone()]
    });
    let next_cursor = page.next_cursor;
    let items = present(conn, caller, &rel, page.items)?;
    Ok(Page { items, next_cursor })
}

/// The request, when the caller manages it: 404 if they may not know it exists, else 403.
pub fn managed(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> AppResult<(RequestRow, Relation)> {
    let rel = Relation::of(conn, caller)?;
    let row = repo::find(conn, id)?
        .filter(|r| visible(&rel, r))
        .ok_or(AppError::NotFound(Noun::Request))?;
    if !rel.manages(&row) {
        return Err(AppError::Forbidden(Text::RequestManagersOnly));
    }
    Ok((row, rel))
}

pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    p: &RequestPatch,
) -> AppResult<RequestView> {
    let (current, rel) = managed(conn, caller, id)?;
    let mut check = Checker::new();
    if let Some(v) = &p.title {
        check.text("title", v, 200, false);
    }
    if let Some(v) = &p.description {
        check.text("description", v, 4000, true);
    }
    if let Some(v) = &p.category {
        check.check(
            vocabulary::is_category(v),
            "category",
            FieldText::UnknownCategory,
        );
    }
    if let Some(v) = &p.skills {
        check_list(
            &mut check,
            "skills",
            v,
            MAX_SKILLS,
            vocabulary::is_skill,
            FieldText::UnknownSkill,
        );
    }
    if let Some(v) = &p.languages {
        check_list(
            &mut check,
            "languages",
            v,
            MAX_LANGUAGES,
            vocabulary::is_language,
            FieldText::UnknownLanguage,
        );
    }
    if let Some(v) = &p.wijk_code {
        check.check(reference::is_wijk(v), "wijk_code", FieldText::UnknownWijk);
    }
    if let Some(Some(s)) = &p.schedule {
        check_schedule(&mut check, s);
    }
    if let Some(h) = p.hours_estimate {
        check_hours(&mut check, h);
    }
    if let Some(n) = p.helpers_needed {
        check_helpers(&mut check, n);
    }
    if let Some(pr) = &p.private {
        check_private(&mut check, pr);
    }
    check.finish()?;
    if let Some(w) = &p.wijk_code {
        if *w != current.wijk_code && !rel.admin && !rel.covered.contains(w) {
            return Err(AppError::Forbidden(Text::RequestMovesWithinTeam));
        }
    }
    let skills = p.skills.as_deref().map(|v| Codes::new(v.iter().cloned()));
    let languages = p
        .languages
        .as_deref()
        .map(|v| Codes::new(v.iter().cloned()));
    let schedule = match &p.schedule {
        Some(Some(s)) => Some(Some(checked_schedule(s)?)),
        Some(None) => Some(None),
        None => None,
    };
    let helpers = p
        .helpers_needed
        .map(i32::try_from)
        .transpose()
        .map_err(AppError::internal)?;
    conn.write_tx(|conn| {
        let changed = repo::update_guarded(
            conn,
            id,
            &RequestChangeset {
                title: p.title.as_deref(),
                description: p.description.as_deref(),
                category: p.category.as_deref(),
                skills: skills.as_ref(),
                languages: languages.as_ref(),
                wijk_code: p.wijk_code.as_deref(),
                mode: p.mode,
                schedule: schedule.as_ref().map(|s| s.as_ref()),
                hours_estimate: p.hours_estimate,
                helpers_needed: helpers,
                urgency: p.urgency,
                updated_at: Some(now()),
            },
        )?;
        if !changed {
            let now_row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Request))?;
            return Err(AppError::Conflict(
                if now_row.status == RequestStatus::Closed {
                    Text::RequestClosed
                } else {
                    Text::HelpersBelowHeld {
                        held: now_row.places_held.into(),
                    }
                },
            ));
        }
        if let Some(pr) = &p.private {
            repo::set_private(conn, id, &private_columns(pr))?;
        }
        settle_places(conn, id, now())?;
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)
    })?;
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Request))?;
    present_one(conn, caller, &rel, row)
}

/// After a request's places or capacity changed: `filled` when every place is held (its
/// pending matches are then cancelled: they could never be accepted), `open` again when
/// a place frees. In the caller's transaction. (A request that was filled already has no
/// pending matches: they went when it filled, and matches are made for open requests only.)
pub fn settle_places(
    conn: &mut DbConnection,
    id: &str,
    at: chrono::NaiveDateTime,
) -> AppResult<()> {
    if repo::sync_filled(conn, id)? {
        matches::cancel_pending_for_request(conn, id, at)?;
    }
    Ok(())
}

/// Close a request (managers); already closed → 409.
pub fn close(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<RequestView> {
    let (_, rel) = managed(conn, caller, id)?;
    conn.write_tx(|conn| {
        let at = now();
        if !repo::close(conn, id, at)? {
            return Err(AppError::Conflict(Text::RequestAlreadyClosed));
        }
        matches::cancel_pending_for_request(conn, id, at)?;
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)
    })?;
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Request))?;
    present_one(conn, caller, &rel, row)
}

/// Delete a request (managers): the private part is erased and the request closed.
pub fn delete(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<()> {
    managed(conn, caller, id)?;
    conn.write_tx(|conn| {
        let at = now();
        repo::close(conn, id, at)?;
        matches::cancel_pending_for_request(conn, id, at)?;
        repo::erase_private(conn, id, at)?;
        audit::record(conn, Some(caller), Action::Delete, SUBJECT, id)
    })
}

/// Erase the private part of requests closed more than `retention_days` before `at`; each
/// erasure is audited (actor: the system). Returns how many were erased.
pub fn erase_expired_private(
    conn: &mut DbConnection,
    at: chrono::NaiveDateTime,
    retention_days: i64,
) -> AppResult<usize> {
    let cutoff = at - chrono::Duration::days(retention_days);
    conn.write_tx(|conn| {
        let ids = repo::closed_with_private_before(conn, cutoff)?;
        for id in &ids {
            repo::erase_private(conn, id, at)?;
            audit::record(conn, None, Action::Erase, SUBJECT, id)?;
        }
        Ok(ids.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: RequestStatus, initiative: Option<&str>, creator: &str) -> RequestRow {
        let at = now();
        RequestRow {
            id: "r1".into(),
            title: "t".into(),
            description: "d".into(),
            category: "groceries".into(),
            skills: Codes::default(),
            languages: Codes::new(["nl".to_owned()]),
            wijk_code: "WK001404".into(),
            mode: Mode::OneOff,
            schedule: None,
            hours_estimate: 1.0,
            helpers_needed: 1,
            places_held: 0,
            urgency: Urgency::Normal,
            status,
            initiative_id: initiative.map(str::to_owned),
            created_by: Some(creator.into()),
            created_at: at,
            updated_at: at,
            closed_at: None,
            requester_name: Some("Anna".into()),
            requester_contact: None,
            private_notes: None,
            address: None,
            lat: None,
            lon: None,
            private_erased_at: None,
        }
    }

    fn rel(user: &str, admin: bool, coordinated: &[&str], covered: &[&str]) -> Relation {
        Relation {
            admin,
            user_id: user.into(),
            coordinated: coordinated.iter().map(|s| (*s).to_owned()).collect(),
            covered: covered.iter().map(|s| (*s).to_owned()).collect(),
            matched: HashSet::new(),
        }
    }

    #[test]
    fn only_admins_and_workers_of_a_covering_team_are_vetted() {
        let r = row(RequestStatus::Open, Some("i1"), "creator");
        let cases = [
            (rel("a", true, &[], &[]), true, "admin"),
            (rel("w", false, &[], &["WK001404"]), true, "covering team"),
            (
                rel("wc", false, &["i1"], &["WK001404"]),
                true,
                "covering team and coordinator",
            ),
            (rel("c", false, &["i1"], &[]), false, "coordinator"),
            (
                rel("o", false, &["i1"], &["WK001406"]),
                false,
                "coordinator in another team",
            ),
        ];
        for (who, expected, label) in cases {
            assert!(who.manages(&r), "{label}");
            assert_eq!(who.vetted_for(&r), expected, "{label}");
        }
    }

    #[test]
    fn managers_get_the_full_view_everyone_else_the_public_face() {
        let r = row(RequestStatus::Open, Some("i1"), "creator");
        let cases = [
            (rel("a", true, &[], &[]), Projection::Full, "admin"),
            (
                rel("w", false, &[], &["WK001404"]),
                Projection::Full,
                "covering team",
            ),
            (
                rel("c", false, &["i1"], &[]),
                Projection::Full,
                "coordinator",
            ),
            // Filing gave no lasting right: a creator who lost the role is no manager.
            (
                rel("creator", false, &[], &[]),
                Projection::Public,
                "creator without the role",
            ),
            (rel("v", false, &[], &[]), Projection::Public, "volunteer"),
            (
                rel("o", false, &["i2"], &["WK001406"]),
                Projection::Public,
                "unrelated",
            ),
        ];
        for (who, expected, label) in cases {
            assert_eq!(projection(&who, &r), expected, "{label}");
        }
    }

    #[test]
    fn requests_that_are_not_open_are_invisible_to_non_managers() {
        let volunteer = rel("v", false, &[], &[]);
        let worker = rel("w", false, &[], &["WK001404"]);
        for status in [RequestStatus::Filled, RequestStatus::Closed] {
            let r = row(status, None, "creator");
            assert!(!visible(&volunteer, &r), "{status}");
            assert!(visible(&worker, &r), "{status}");
        }
        assert!(visible(
            &volunteer,
            &row(RequestStatus::Open, None, "creator")
        ));
    }

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
