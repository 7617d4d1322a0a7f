//! Batch matching runs: the optimal set of proposals over a set of wijken — the most filled
//! places, then the highest total score — exact over each request's best
//! `matching.candidates_per_request` feasible offers.
//!
//! A run has three phases so the solve holds neither the write lock nor a connection:
//! [`read_inputs`], [`solve`] (pure), and [`commit`], which re-checks every proposal against
//! the database as it is now and writes the surviving ones as `proposed` matches, in one
//! transaction. Runs that write are serialised by the caller holding [`RunLock`] across all
//! three.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use uuid::Uuid;

use super::audit::{self, Action};
use super::engine;
use super::matches::SUBJECT as MATCH;
pub use super::run_lock::RunLock;
use super::suggestions::ReasonsView;
use crate::db::matches::MatchRow;
use crate::db::requests::RequestRow;
use crate::db::{self, DbConnection, new_id, now};
use crate::domain::account::Caller;
use crate::domain::changes::{ChangeKind, Entity};
use crate::domain::codes::CodeSet;
use crate::domain::status::{InitiatedBy, MatchStatus, OfferStatus, RequestStatus};
use crate::domain::validation::{Checker, Invalid};
use crate::domain::vocabulary::WijkCode;
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Text};
use crate::matching::{self, BatchPlan, ContactPreference, Ctx, MatchingConfig, Proposer};
use crate::parse_fields;
use crate::reference;

fn wijken_schema() -> RefOr<Schema> {
    WijkCode::list_schema(0, WijkCode::count())
}

/// A run to plan or make. A team worker names only wijken their team covers (403 otherwise,
/// which the schema cannot state).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunInput {
    /// Default: every wijk your team covers (admins: all wijken).
    #[serde(default)]
    #[schema(schema_with = wijken_schema)]
    pub wijk_codes: Option<Vec<String>>,
    /// `true`: plan only, write nothing.
    pub dry_run: bool,
}

/// A run, parsed. Which wijken the caller may run over is for [`wijken_for`] to decide.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRequest {
    /// `None`: the caller's default wijken.
    pub wijk_codes: Option<CodeSet<WijkCode>>,
    pub dry_run: bool,
}

impl TryFrom<&RunInput> for RunRequest {
    type Error = Invalid;

    fn try_from(raw: &RunInput) -> Result<Self, Invalid> {
        let max = WijkCode::count();
        let mut check = Checker::new();
        parse_fields!(
            check,
            RunRequest {
                wijk_codes: raw
                    .wijk_codes
                    .as_deref()
                    .map(|codes| {
                        WijkCode::parse_list(
                            "wijk_codes",
                            codes,
                            0,
                            max,
                            FieldText::TooManyWijken { max },
                        )
                    })
                    .transpose()
                    .map_err(Invalid),
                dry_run: Ok::<_, Invalid>(raw.dry_run),
            }
        )
    }
}

/// One proposal, with what a person reviews it by.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProposalView {
    pub request_id: String,
    pub offer_id: String,
    /// 0–100.
    pub score: i64,
    /// Why the pair scored what it did, as in suggestions.
    pub reasons: ReasonsView,
    pub request_title: String,
    /// The request's wijk.
    #[schema(example = "WK001404")]
    pub wijk_code: String,
    /// The offer's volunteer. Runs are for admins and workers of a team covering the
    /// request's wijk, who may know volunteers by name.
    pub volunteer_display_name: String,
    /// The `proposed` match written (absent on a dry run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnmatchedView {
    pub request_id: String,
    /// A hard-rule code (e.g. `out_of_reach`) when no offer was feasible, `offers_taken` when
    /// the optimum gave the feasible ones to other requests, `changed_during_run` when the
    /// database moved on between solving and writing.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RunView {
    pub proposals: Vec<ProposalView>,
    pub filled_places: u64,
    pub matched_requests: u64,
    pub unmatched: Vec<UnmatchedView>,
    pub total_score: u64,
    /// What the optimum is exact over.
    pub optimal_over: String,
}

/// A solved run, not yet written.
pub struct Planned {
    pub plan: BatchPlan,
    shown: Shown,
    pub dry_run: bool,
}

/// Matching runs are for team workers and admins: the others hear so before any word about
/// the body.
pub fn require_runner(caller: &Caller) -> AppResult<()> {
    if caller.is_admin() || caller.team().is_some() {
        Ok(())
    } else {
        Err(AppError::Forbidden(Text::RunsForStaff))
    }
}

/// Which wijken the run covers (checked before anything else, so a caller who may not run
/// hears 403, not 409, while another run writes): as asked (a team worker only wijken their team covers), or
/// by default every wijk the caller's team covers (admins: all).
pub fn wijken_for(
    conn: &mut DbConnection,
    caller: &Caller,
    asked: Option<&CodeSet<WijkCode>>,
) -> AppResult<Vec<String>> {
    require_runner(caller)?;
    let admin = caller.is_admin();
    let covered: HashSet<String> = match caller.team() {
        Some(team) => db::requests::covered_by(conn, team)?.into_iter().collect(),
        None => HashSet::new(),
    };
    let wijken: BTreeSet<String> = match asked {
        Some(codes) => {
            if !admin && codes.iter().any(|c| !covered.contains(c.as_str())) {
                return Err(AppError::Forbidden(Text::RunOnlyOwnWijken));
            }
            codes.iter().map(|c| c.as_str().to_owned()).collect()
        }
        None if admin => reference::wijken()
            .iter()
            .map(|w| w.code.to_owned())
            .collect(),
        None => covered.into_iter().collect(),
    };
    Ok(wijken.into_iter().collect())
}

/// What a run solves over, read from the database.
pub struct RunInputs {
    requests: Vec<matching::RequestSpec>,
    offers: Vec<matching::OfferSpec>,
    exclusions: matching::ExclusionSet,
    shown: Shown,
    dry_run: bool,
}

/// What a proposal is reviewed by that the engine does not carry: each request's title
/// and wijk, each offer's volunteer.
#[derive(Debug, Default)]
struct Shown {
    requests: HashMap<Uuid, (String, String)>,
    volunteers: HashMap<Uuid, String>,
}

/// Places (of a request) or matches (of an offer) still free: the capacity less what is
/// held and what pending matches speak for.
fn free(capacity: i32, held: i32, pending: i64) -> u32 {
    u32::try_from(i64::from(capacity) - i64::from(held) - pending).unwrap_or(0)
}

/// Read a run's inputs: open requests in the wijken with places that no held or pending
/// match speaks for, and active offers (wherever their volunteer lives) that reach them
/// with matches that no confirmed or pending match speaks for, from volunteers who accept
/// proposals; pairs with any earlier match are left out. So a second run never proposes
/// more helpers than a request still needs, nor an offer beyond its free matches.
pub fn read_inputs(
    conn: &mut DbConnection,
    wijken: &[String],
    dry_run: bool,
) -> AppResult<RunInputs> {
    let mut rows = db::requests::open_with_free_places(conn, wijken, None)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let pending = db::matches::pending_per_request(conn, &ids)?;
    let spoken_for = |r: &RequestRow| pending.get(&r.id).copied().unwrap_or(0);
    rows.retain(|r| free(r.helpers_needed, r.places_held, spoken_for(r)) > 0);
    let mut requests = engine::request_specs(conn, &rows)?;
    for (spec, row) in requests.iter_mut().zip(&rows) {
        spec.free_places = free(row.helpers_needed, row.places_held, spoken_for(row));
    }
    let mut categories: Vec<String> = rows.iter().map(|r| r.category.clone()).collect();
    categories.sort_unstable();
    categories.dedup();
    let candidates = if rows.is_empty() {
        Vec::new()
    } else {
        db::offers::candidates(conn, wijken, &categories, now(), true)?
    };
    let offer_ids: Vec<String> = candidates.iter().map(|c| c.offer.id.clone()).collect();
    let offer_pending = db::matches::pending_per_offer(conn, &offer_ids)?;
    let mut offers = Vec::with_capacity(candidates.len());
    let mut shown = Shown::default();
    for c in &candidates {
        let o = &c.offer;
        let spoken_for = offer_pending.get(&o.id).copied().unwrap_or(0);
        let free_matches = free(o.max_matches, o.confirmed_matches, spoken_for);
        if free_matches == 0 {
            continue;
        }
        let mut spec = engine::offer_spec(c)?;
        spec.free_matches = free_matches;
        shown.volunteers.insert(spec.id, o.volunteer_id.clone());
        offers.push(spec);
    }
    for (spec, row) in requests.iter().zip(&rows) {
        shown
            .requests
            .insert(spec.id, (row.title.clone(), row.wijk_code.clone()));
    }
    let states = db::matches::states_for_requests(conn, &ids)?;
    Ok(RunInputs {
        requests,
        offers,
        exclusions: engine::exclusions(&states, true)?,
        shown,
        dry_run,
    })
}

/// Solve a run: pure, no database (a city-wide run can take minutes; it holds no
/// connection meanwhile).
pub fn solve(inputs: RunInputs, config: &MatchingConfig) -> Planned {
    let ctx = Ctx::new(engine::now_utc(), Proposer::Others, &inputs.exclusions);
    let plan = matching::plan_batch(
        &inputs.requests,
        &inputs.offers,
        &ctx,
        &config.weights,
        config.candidates_per_request,
    );
    Planned {
        plan,
        shown: inputs.shown,
        dry_run: inputs.dry_run,
    }
}

/// The answer: each proposal with what a person reviews it by. Runners are vetted for
/// every request of a run (admins; workers of a team covering its wijk, re-checked when
/// writing), so volunteers show by their display names, never by a coordinator's alias.
fn view_of(
    plan: &BatchPlan,
    shown: &Shown,
    names: &HashMap<String, String>,
    match_ids: Option<&[Option<String>]>,
) -> RunView {
    RunView {
        proposals: plan
            .proposals
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (title, wijk) = shown
                    .requests
                    .get(&p.request_id)
                    .cloned()
                    .unwrap_or_default();
                let name = shown
                    .volunteers
                    .get(&p.offer_id)
                    .and_then(|v| names.get(v))
                    .cloned()
                    .unwrap_or_default();
                ProposalView {
                    request_id: p.request_id.to_string(),
                    offer_id: p.offer_id.to_string(),
                    score: i64::from(p.score),
                    reasons: ReasonsView::from(&p.reasons),
                    request_title: title,
                    wijk_code: wijk,
                    volunteer_display_name: name,
                    match_id: match_ids.and_then(|m| m[i].clone()),
                }
            })
            .collect(),
        filled_places: plan.filled_places,
        matched_requests: plan.matched_requests,
        unmatched: plan
            .unmatched
            .iter()
            .map(|u| UnmatchedView {
                request_id: u.request_id.to_string(),
                reason: u.reason.clone(),
            })
            .collect(),
        total_score: plan.total_score,
        optimal_over: plan.optimal_over.clone(),
    }
}

/// The display names of the volunteers a plan proposes (read for those shown only).
fn names_of(
    conn: &mut DbConnection,
    plan: &BatchPlan,
    shown: &Shown,
) -> AppResult<HashMap<String, String>> {
    let mut ids: Vec<String> = plan
        .proposals
        .iter()
        .filter_map(|p| shown.volunteers.get(&p.offer_id).cloned())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(db::offers::display_names(conn, &ids)?)
}

/// Is the proposal still possible now? Re-read in the write transaction, where the
/// proposals this run wrote before count as pending: the request still open with a place
/// that no held or pending match speaks for, and the caller still vetted for its wijk; the
/// offer still active with a match that no confirmed or pending match speaks for, and its
/// volunteer still accepting proposals; the pair never matched, and the volunteer never
/// declined by the request. The offer's volunteer when it is.
fn still_possible(
    conn: &mut DbConnection,
    caller: &Caller,
    covered: &HashSet<String>,
    request_id: &str,
    offer_id: &str,
) -> AppResult<Option<String>> {
    let Some(r) = db::requests::find(conn, request_id)? else {
        return Ok(None);
    };
    let Some(c) = db::offers::candidate(conn, offer_id)? else {
        return Ok(None);
    };
    let o = &c.offer;
    let request_pending = db::matches::pending_per_request(conn, std::slice::from_ref(&r.id))?;
    let offer_pending = db::matches::pending_per_offer(conn, std::slice::from_ref(&o.id))?;
    let vetted = caller.is_admin() || covered.contains(&r.wijk_code);
    let place = r.status == RequestStatus::Open
        && free(
            r.helpers_needed,
            r.places_held,
            request_pending.get(&r.id).copied().unwrap_or(0),
        ) > 0;
    let usable = o.status == OfferStatus::Active
        && o.valid_until > now()
        && c.contact_preference == ContactPreference::Propose
        && free(
            o.max_matches,
            o.confirmed_matches,
            offer_pending.get(&o.id).copied().unwrap_or(0),
        ) > 0;
    if !vetted || !place || !usable {
        return Ok(None);
    }
    let states = db::matches::states_for_requests(conn, std::slice::from_ref(&r.id))?;
    let taken = states.iter().any(|s| {
        s.offer_id == o.id
            || (s.volunteer_id == o.volunteer_id && s.status == MatchStatus::Declined)
    });
    if taken {
        return Ok(None);
    }
    Ok(Some(o.volunteer_id.clone()))
}

/// Write a planned run (unless it is a dry run): every proposal still possible becomes a
/// `proposed` match, in one transaction.
pub fn commit(conn: &mut DbConnection, caller: &Caller, planned: Planned) -> AppResult<RunView> {
    let Planned {
        mut plan,
        shown,
        dry_run,
    } = planned;
    let names = names_of(conn, &plan, &shown)?;
    if dry_run || plan.proposals.is_empty() {
        return Ok(view_of(&plan, &shown, &names, None));
    }
    let written = conn.write_tx(|conn| {
        let at = now();
        let covered: HashSet<String> = match caller.team() {
            Some(team) => db::requests::covered_by(conn, team)?.into_iter().collect(),
            None => HashSet::new(),
        };
        let mut out: Vec<Option<String>> = Vec::with_capacity(plan.proposals.len());
        for p in &plan.proposals {
            let (request_id, offer_id) = (p.request_id.to_string(), p.offer_id.to_string());
            let Some(volunteer_id) =
                still_possible(conn, caller, &covered, &request_id, &offer_id)?
            else {
                out.push(None);
                continue;
            };
            let row = MatchRow {
                id: new_id(),
                request_id,
                offer_id,
                volunteer_id,
                status: MatchStatus::Proposed,
                initiated_by: InitiatedBy::Team,
                score: i32::from(p.score),
                created_at: at,
                updated_at: at,
                confirmed_at: None,
                completed_at: None,
            };
            db::matches::insert(conn, &row)?;
            audit::record(conn, Some(caller), Action::Create, MATCH, &row.id)?;
            super::changes::record(conn, ChangeKind::Created, Entity::Match, &row.id, &[])?;
            super::notify::proposed(conn, &row)?;
            out.push(Some(row.id));
        }
        Ok::<_, AppError>(out)
    })?;
    if written.iter().all(Option::is_some) {
        return Ok(view_of(&plan, &shown, &names, Some(&written)));
    }
    // Some proposals became impossible between solving and writing: answer what was written.
    let mut kept = Vec::new();
    let mut ids = Vec::new();
    let mut lost: Vec<uuid::Uuid> = Vec::new();
    for (p, id) in plan.proposals.drain(..).zip(written) {
        if id.is_some() {
            kept.push(p);
            ids.push(id);
        } else {
            lost.push(p.request_id);
        }
    }
    let matched: HashSet<uuid::Uuid> = kept.iter().map(|p| p.request_id).collect();
    lost.retain(|r| !matched.contains(r));
    lost.dedup();
    plan.filled_places = kept.len() as u64;
    plan.matched_requests = matched.len() as u64;
    plan.total_score = kept.iter().map(|p| u64::from(p.score)).sum();
    plan.unmatched
        .extend(lost.into_iter().map(|request_id| matching::Unmatched {
            request_id,
            reason: "changed_during_run".into(),
        }));
    plan.proposals = kept;
    Ok(view_of(&plan, &shown, &names, Some(&ids)))
}

/// A whole run, as the API and the pages make it (blocking: call it off the async
/// workers). Who the caller is (`caller`; a session touch is a write, so it queues), their
/// right, the run's parameters (`request`, read only once the right is known) and the
/// per-minute limit, in one write queue; then the inputs are read, solved without a
/// connection (minutes for a whole city), and written in the writer queue under the run
/// lock, which a writing run holds throughout. The live index learns of the proposals
/// before the answer, as after any write.
pub fn execute(
    ctx: &super::AppContext,
    caller: impl FnOnce(&mut DbConnection) -> AppResult<Caller>,
    request: impl FnOnce() -> AppResult<RunRequest>,
) -> AppResult<RunView> {
    let _now = ctx.clock.install();
    let db = &ctx.db;
    let mut conn = db.get()?;
    let (caller, wijken, dry_run) = db.queue_writes(|| {
        let caller = caller(&mut conn)?;
        require_runner(&caller)?;
        let body = request()?;
        let wijken = wijken_for(&mut conn, &caller, body.wijk_codes.as_ref())?;
        super::usage::consume(
            &mut conn,
            &caller,
            super::usage::Limited::MatchingRun,
            &ctx.settings.limits,
            now(),
        )?;
        Ok::<_, AppError>((caller, wijken, body.dry_run))
    })?;
    let _serialised = if dry_run {
        None
    } else {
        Some(ctx.run_lock.try_hold(db)?)
    };
    let inputs = read_inputs(&mut conn, &wijken, dry_run)?;
    drop(conn);
    let planned = solve(inputs, &ctx.settings.matching);
    db.queue_writes(|| {
        let mut conn = db.get()?;
        super::changes::take_recorded();
        let view = commit(&mut conn, &caller, planned);
        if super::changes::take_recorded() && ctx.settings.matching.live_index {
            ctx.live.catch_up_after_write(&mut conn);
        }
        view
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(json: serde_json::Value) -> Result<RunRequest, Vec<String>> {
        let raw: RunInput = serde_json::from_value(json).unwrap();
        RunRequest::try_from(&raw).map_err(|e| e.0.into_iter().map(|e| e.field).collect())
    }

    #[test]
    fn wijk_codes_are_known_codes_or_left_out() {
        assert_eq!(
            run(json!({"wijk_codes": ["WK001404", "x", ""], "dry_run": true})).unwrap_err(),
            ["wijk_codes[1]", "wijk_codes[2]"]
        );
        let many: Vec<&str> = std::iter::repeat_n("WK001404", WijkCode::count() + 1).collect();
        assert_eq!(
            run(json!({"wijk_codes": many, "dry_run": true})).unwrap_err(),
            ["wijk_codes"]
        );
        let asked = run(json!({"wijk_codes": ["WK001404", "WK001404"], "dry_run": false}));
        assert_eq!(asked.unwrap().wijk_codes.map(|c| c.len()), Some(1));
        assert_eq!(
            run(json!({"dry_run": true})).unwrap(),
            RunRequest {
                wijk_codes: None,
                dry_run: true
            }
        );
    }
}
