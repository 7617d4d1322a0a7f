//! What a caller reads of a match, and whether it shows who the volunteer is.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::DbConnection;
use crate::db::matches::{self as repo, MatchRow};
use crate::db::requests::RequestRow;
use crate::domain::account::Caller;
use crate::domain::status::{InitiatedBy, MatchStatus};
use crate::error::AppResult;
use crate::service::requests::Relation;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchView {
    pub id: String,
    pub request_id: String,
    pub offer_id: String,
    /// The volunteer's user id. `null` for a manager who is not vetted (not an admin, nor a
    /// worker of a team covering the request's wijk) until the volunteer applies to or
    /// accepts a match with the request.
    #[schema(required = true)]
    pub volunteer_id: Option<String>,
    pub status: MatchStatus,
    pub initiated_by: InitiatedBy,
    /// 0–100, as the engine scored the pair when the match was made.
    pub score: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The whole match: for its volunteer and for vetted managers.
pub fn view(row: &MatchRow) -> AppResult<MatchView> {
    view_as(row, true)
}

pub(super) fn view_as(row: &MatchRow, shows_volunteer: bool) -> AppResult<MatchView> {
    Ok(MatchView {
        id: row.id.clone(),
        request_id: row.request_id.clone(),
        offer_id: row.offer_id.clone(),
        volunteer_id: shows_volunteer.then(|| row.volunteer_id.clone()),
        status: row.status,
        initiated_by: row.initiated_by,
        score: i64::from(row.score),
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}

/// Has the volunteer of this match made themselves known to the request's managers, by
/// applying or by accepting (a match that was ever confirmed)?
fn volunteer_came_forward(row: &MatchRow) -> bool {
    row.initiated_by == InitiatedBy::Volunteer || row.confirmed_at.is_some()
}

/// For each match (with its request's wijk): may the caller see who its volunteer is? Their
/// own matches, those of requests they are vetted for, and those whose volunteer came
/// forward on that request, through this match or another one. Coordinators thus never
/// learn a volunteer's id from a proposal the volunteer has not answered.
pub fn volunteer_shown(
    conn: &mut DbConnection,
    caller: &Caller,
    rel: &Relation,
    rows: &[(&MatchRow, &str)],
) -> AppResult<Vec<bool>> {
    let mut shown: Vec<bool> = rows
        .iter()
        .map(|(row, wijk)| {
            row.volunteer_id == caller.user_id || rel.vetted_in(wijk) || volunteer_came_forward(row)
        })
        .collect();
    let mut open: Vec<String> = rows
        .iter()
        .zip(&shown)
        .filter(|(_, known)| !**known)
        .map(|((row, _), _)| row.request_id.clone())
        .collect();
    if open.is_empty() {
        return Ok(shown);
    }
    open.sort_unstable();
    open.dedup();
    let came_forward: HashSet<(String, String)> =
        repo::consented_pairs(conn, &open)?.into_iter().collect();
    for ((row, _), known) in rows.iter().zip(shown.iter_mut()) {
        *known =
            *known || came_forward.contains(&(row.request_id.clone(), row.volunteer_id.clone()));
    }
    Ok(shown)
}

/// The match as this caller may see it.
pub(super) fn view_for(
    conn: &mut DbConnection,
    caller: &Caller,
    rel: &Relation,
    row: &MatchRow,
    request: &RequestRow,
) -> AppResult<MatchView> {
    let shown = volunteer_shown(conn, caller, rel, &[(row, request.wijk_code.as_str())])?;
    view_as(row, shown.first().copied().unwrap_or(false))
}
