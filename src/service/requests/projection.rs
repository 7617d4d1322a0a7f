//! Who sees what of a request, decided in one place: [`projection`]. The request's managers
//! (workers of a team covering its wijk at the time of the call, coordinators of its
//! initiative, admins) and the volunteer of a confirmed match get the full view; everyone
//! else the public face. Every answer that carries a private part writes one `read_private`
//! audit entry per request shown, in one transaction ([`present`]).

use std::collections::HashSet;

use super::SUBJECT;
use super::views::{FullRequestView, RequestView, private_part, public_face};
use crate::db::requests::{ManagedScope, RequestRow};
use crate::db::{DbConnection, now};
use crate::domain::account::Caller;
use crate::domain::status::RequestStatus;
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Action};

use crate::db::requests as repo;

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

pub(super) fn present_one(
    conn: &mut DbConnection,
    caller: &Caller,
    rel: &Relation,
    row: RequestRow,
) -> AppResult<RequestView> {
    present(conn, caller, rel, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("no view"))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::domain::codes::Codes;
    use crate::domain::schedule::{Mode, Urgency};

    pub(in crate::service::requests) fn row(
        status: RequestStatus,
        initiative: Option<&str>,
        creator: &str,
    ) -> RequestRow {
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
}
