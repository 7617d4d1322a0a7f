//! What an initiative's coordinators see of it at a glance: the requests filed for it that
//! are not closed, how many applications to each wait for their answer, and the helpers
//! who agreed to help. Only the requests' public faces are read for this (no private part,
//! so nothing to audit), and a helper is named only where the matches API would show
//! the coordinator who the volunteer is.

use std::collections::HashMap;

use super::commands::{InitiativeView, get, require_manager, view};
use crate::db::initiatives as repo;
use crate::db::{
    DbConnection, matches as match_repo, offers as offer_repo, requests as request_repo,
};
use crate::domain::account::Caller;
use crate::domain::status::{MatchStatus, RequestStatus};
use crate::error::AppResult;
use crate::service::matches::volunteer_shown;
use crate::service::requests::Relation;

/// A request of the initiative, as the overview lists it.
#[derive(Debug, Clone)]
pub struct RequestSummary {
    pub id: String,
    pub title: String,
    pub status: RequestStatus,
    pub helpers_needed: i64,
    pub places_held: i64,
    /// Volunteers who applied and wait for the coordinators' answer.
    pub waiting_applications: usize,
}

/// A helper who agreed to help with one of the initiative's requests.
#[derive(Debug, Clone)]
pub struct HelperSummary {
    pub request_id: String,
    pub request_title: String,
    pub display_name: String,
}

#[derive(Debug, Clone)]
pub struct InitiativeOverview {
    pub initiative: InitiativeView,
    pub requests: Vec<RequestSummary>,
    pub helpers: Vec<HelperSummary>,
}

/// The initiatives the caller coordinates, newest first, each with its requests and helpers.
pub fn mine(conn: &mut DbConnection, caller: &Caller) -> AppResult<Vec<InitiativeOverview>> {
    let rows = repo::coordinated_by(conn, &caller.user_id)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let mut themes = repo::themes_of(conn, &ids)?;
    let initiatives = rows
        .into_iter()
        .map(|row| {
            let t = themes.remove(&row.id).unwrap_or_default();
            view(row, t)
        })
        .collect();
    overviews(conn, caller, initiatives)
}

/// One initiative with its requests and helpers, for its coordinators and admins (else 403;
/// an unknown id 404).
pub fn one(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<InitiativeOverview> {
    require_manager(conn, caller, id)?;
    let initiative = get(conn, id)?;
    let mut all = overviews(conn, caller, vec![initiative])?;
    Ok(all.remove(0))
}

/// Whether the caller coordinates any initiative (their start page says so).
pub fn coordinates_any(conn: &mut DbConnection, caller: &Caller) -> AppResult<bool> {
    Ok(!request_repo::coordinated_by(conn, &caller.user_id)?.is_empty())
}

fn overviews(
    conn: &mut DbConnection,
    caller: &Caller,
    initiatives: Vec<InitiativeView>,
) -> AppResult<Vec<InitiativeOverview>> {
    let ids: Vec<String> = initiatives.iter().map(|i| i.id.clone()).collect();
    let requests = request_repo::of_initiatives(conn, &ids)?;
    let request_ids: Vec<String> = requests.iter().map(|r| r.id.clone()).collect();
    let matches = match_repo::of_requests(conn, &request_ids)?;
    let by_request: HashMap<&str, &crate::db::requests::RequestRow> =
        requests.iter().map(|r| (r.id.as_str(), r)).collect();

    // Confirmed helpers, named only where the matches API names them to this caller.
    let rel = Relation::of(conn, caller)?;
    let confirmed: Vec<(&crate::db::matches::MatchRow, &str)> = matches
        .iter()
        .filter(|m| m.status == MatchStatus::Confirmed)
        .filter_map(|m| {
            by_request
                .get(m.request_id.as_str())
                .map(|r| (m, r.wijk_code.as_str()))
        })
        .collect();
    let shown = volunteer_shown(conn, caller, &rel, &confirmed)?;
    let named: Vec<String> = confirmed
        .iter()
        .zip(&shown)
        .filter(|(_, shown)| **shown)
        .map(|((m, _), _)| m.volunteer_id.clone())
        .collect();
    let names = offer_repo::display_names(conn, &named)?;

    let mut out: Vec<InitiativeOverview> = initiatives
        .into_iter()
        .map(|initiative| InitiativeOverview {
            initiative,
            requests: Vec::new(),
            helpers: Vec::new(),
        })
        .collect();
    let position: HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(i, o)| (o.initiative.id.clone(), i))
        .collect();
    for r in &requests {
        let Some(&i) = r.initiative_id.as_ref().and_then(|id| position.get(id)) else {
            continue;
        };
        if r.status != RequestStatus::Open {
            continue;
        }
        out[i].requests.push(RequestSummary {
            id: r.id.clone(),
            title: r.title.clone(),
            status: r.status,
            helpers_needed: i64::from(r.helpers_needed),
            places_held: i64::from(r.places_held),
            waiting_applications: matches
                .iter()
                .filter(|m| m.request_id == r.id && m.status == MatchStatus::Applied)
                .count(),
        });
    }
    for ((m, _), shown) in confirmed.iter().zip(shown) {
        let (Some(r), true) = (by_request.get(m.request_id.as_str()), shown) else {
            continue;
        };
        let (Some(&i), Some(name)) = (
            r.initiative_id.as_ref().and_then(|id| position.get(id)),
            names.get(&m.volunteer_id),
        ) else {
            continue;
        };
        out[i].helpers.push(HelperSummary {
            request_id: r.id.clone(),
            request_title: r.title.clone(),
            display_name: name.clone(),
        });
    }
    Ok(out)
}
