//! The live index: what matching needs of offers, open requests and matches, held in memory
//! by each instance ([`crate::matching::LiveIndex`]) so suggestions are answered without
//! reading candidate rows.
//!
//! It is built from the tables the first time it is needed (the follower task does that at
//! start), and then kept in step with the change feed by `seq`: right after this instance's
//! own writes (the request that wrote catches up before it answers), and by the follower for
//! every other instance's writes (see `jobs::live_feed`). Each change names a record; the
//! record is read again and replaces what was held, so applying a change twice, or late, or
//! after a newer read, leaves the same state. An instance whose next rows were pruned from
//! the feed rebuilds from the tables.
//!
//! Only ids, codes and public locations are held (as in [`super::engine`]): no names, no
//! addresses, nothing a person typed.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError, RwLock};
use std::time::Instant;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::changes::{self, Position};
use super::engine;
use crate::db::changes::ChangeRow;
use crate::db::matches::PairState;
use crate::db::requests::RequestRow;
use crate::db::{DbConnection, matches, offers, requests};
use crate::domain::changes::Entity;
use crate::domain::status::{MatchStatus, OfferStatus};
use crate::error::AppResult;
use crate::matching::{
    Grid, LiveIndex, OfferSpec, Pair, RequestSpec, RequestSuggestion, Suggestion, Weights,
};

/// How many feed rows one step of a catch-up reads.
const FEED_PAGE: i64 = 1000;

/// What one instance holds, and how far into the feed it is.
struct Held {
    index: LiveIndex,
    /// The last `seq` applied.
    seq: i64,
    /// The initiative of each request held (its coordinators are part of its spec).
    initiative_of: HashMap<Uuid, String>,
}

/// Sizes and position, for logs and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveStatus {
    pub offers: usize,
    pub requests: usize,
    pub seq: i64,
    pub rebuilds: u64,
}

/// The live index of this instance. One writer at a time (the `updating` lock); queries
/// read under a read lock held only for the search itself.
#[derive(Default)]
pub struct Live {
    held: RwLock<Option<Held>>,
    updating: Mutex<()>,
    rebuilds: AtomicU64,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live")
            .field("status", &self.status())
            .finish()
    }
}

impl Live {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sizes and the last `seq` applied; `None` before the first build.
    pub fn status(&self) -> Option<LiveStatus> {
        let rebuilds = self.rebuilds.load(Ordering::Relaxed);
        self.read(|h| {
            let (offers, requests) = h.index.sizes();
            LiveStatus {
                offers,
                requests,
                seq: h.seq,
                rebuilds,
            }
        })
    }

    fn read<T>(&self, f: impl FnOnce(&Held) -> T) -> Option<T> {
        let held = self.held.read().unwrap_or_else(PoisonError::into_inner);
        held.as_ref().map(f)
    }

    /// Apply every change after the last `seq` applied (building first when nothing is held,
    /// or rebuilding when the feed no longer has the next rows). Returns how many feed rows
    /// were applied.
    pub fn catch_up(&self, conn: &mut DbConnection) -> AppResult<usize> {
        let _one_writer = self.updating.lock().unwrap_or_else(PoisonError::into_inner);
        let seq = self.read(|h| h.seq);
        let mut seq = match seq {
            Some(seq) if changes::position(conn, seq)? == Position::CanCatchUp => seq,
            _ => {
                let held = build(conn)?;
                self.rebuilds.fetch_add(1, Ordering::Relaxed);
                let seq = held.seq;
                *self.held.write().unwrap_or_else(PoisonError::into_inner) = Some(held);
                seq
            }
        };
        let mut applied = 0;
        loop {
            let rows = changes::after(conn, seq, FEED_PAGE)?;
            let Some(last) = rows.last().map(|r| r.seq) else {
                return Ok(applied);
            };
            let targets = {
                let held = self.held.read().unwrap_or_else(PoisonError::into_inner);
                match held.as_ref() {
                    Some(h) => targets(conn, h, &rows)?,
                    None => return Ok(applied),
                }
            };
            // Read outside the write lock: queries keep running meanwhile.
            let loaded = load(conn, &targets)?;
            let mut held = self.held.write().unwrap_or_else(PoisonError::into_inner);
            if let Some(h) = held.as_mut() {
                loaded.apply(h);
                h.seq = last;
            }
            applied += rows.len();
            seq = last;
        }
    }

    /// [`Live::catch_up`] right after this instance's own write; a failure is logged, not
    /// the write's (the follower tries again within a moment).
    pub fn catch_up_after_write(&self, conn: &mut DbConnection) {
        if let Err(e) = self.catch_up(conn) {
            tracing::warn!(error = %crate::error::chain(&e), "live index: catch-up failed");
        }
    }

    /// Held now, or built now (the first query of an instance whose follower has not built
    /// it yet).
    fn ensure(&self, conn: &mut DbConnection) -> AppResult<()> {
        if self.read(|_| ()).is_none() {
            self.catch_up(conn)?;
        }
        Ok(())
    }

    /// The best `k` offers for a request held, proposed by its managers; `None` when the
    /// request is not held (not open, full, or not caught up yet: the caller then asks the
    /// tables).
    pub fn top_offers(
        &self,
        conn: &mut DbConnection,
        request_id: &str,
        k: usize,
        now: DateTime<Utc>,
        w: &Weights,
    ) -> AppResult<Option<Vec<Suggestion>>> {
        self.ensure(conn)?;
        let id = engine::uuid(request_id)?;
        Ok(self
            .read(|h| {
                h.index
                    .request(id)
                    .map(|r| h.index.top_offers(r, k, now, w))
            })
            .flatten())
    }

    /// The best `k` requests for an offer held, asked for by its volunteer; `None` when the
    /// offer is not held.
    pub fn top_requests(
        &self,
        conn: &mut DbConnection,
        offer_id: &str,
        k: usize,
        now: DateTime<Utc>,
        w: &Weights,
    ) -> AppResult<Option<Vec<RequestSuggestion>>> {
        self.ensure(conn)?;
        let id = engine::uuid(offer_id)?;
        Ok(self
            .read(|h| {
                h.index
                    .offer(id)
                    .map(|o| h.index.top_requests(o, k, now, w))
            })
            .flatten())
    }
}

/// Everything from the tables. The feed position is read first: whatever commits after it
/// is in the feed past it, and applying it again changes nothing.
fn build(conn: &mut DbConnection) -> AppResult<Held> {
    let started = Instant::now();
    let seq = crate::db::changes::last_seq(conn)?;
    let mut held = Held {
        index: LiveIndex::new(Grid::default()),
        seq,
        initiative_of: HashMap::new(),
    };
    let loaded = Loaded {
        offers: offer_specs(conn, None)?,
        requests: request_specs(conn, None)?,
        offer_ids: Vec::new(),
        request_ids: Vec::new(),
    };
    loaded.apply(&mut held);
    let (offers, requests) = held.index.sizes();
    tracing::info!(
        offers,
        requests,
        seq,
        ms = started.elapsed().as_millis() as u64,
        "live index built"
    );
    Ok(held)
}

/// The records a page of changes asks to read again.
#[derive(Debug, Default)]
struct Targets {
    offers: BTreeSet<String>,
    requests: BTreeSet<String>,
}

fn targets(conn: &mut DbConnection, held: &Held, rows: &[ChangeRow]) -> AppResult<Targets> {
    let mut t = Targets::default();
    for row in rows {
        let id = row.entity_id.clone();
        match row.entity {
            Entity::Offer => {
                t.offers.insert(id);
            }
            Entity::Request => {
                t.requests.insert(id);
            }
            // A match rules its pair out and may hold places on both sides.
            Entity::Match => {
                if let Some(m) = matches::find(conn, &id)? {
                    t.requests.insert(m.request_id);
                    t.offers.insert(m.offer_id);
                }
            }
            // A profile's home, languages and consent are part of each of its offers.
            Entity::Volunteer => {
                for o in offers::all_for_volunteer(conn, &id)? {
                    t.offers.insert(o.id);
                }
                if let Ok(v) = Uuid::parse_str(&id) {
                    t.offers
                        .extend(held.index.offers_of(v).iter().map(Uuid::to_string));
                }
            }
            // Coordinators are part of each of the initiative's requests.
            Entity::Initiative => {
                t.requests.extend(
                    held.initiative_of
                        .iter()
                        .filter(|(_, i)| **i == id)
                        .map(|(r, _)| r.to_string()),
                );
            }
            Entity::Team | Entity::KeyFigure | Entity::Hours => {}
        }
    }
    Ok(t)
}

/// An open request as held: its spec, its earlier matches, its initiative.
type HeldRequest = (RequestSpec, Vec<Pair>, Option<String>);

/// Records read again: what is held of them now, and which ids to drop when absent.
struct Loaded {
    offers: Vec<OfferSpec>,
    requests: Vec<HeldRequest>,
    offer_ids: Vec<String>,
    request_ids: Vec<String>,
}

fn load(conn: &mut DbConnection, t: &Targets) -> AppResult<Loaded> {
    let offer_ids: Vec<String> = t.offers.iter().cloned().collect();
    let request_ids: Vec<String> = t.requests.iter().cloned().collect();
    Ok(Loaded {
        offers: if offer_ids.is_empty() {
            Vec::new()
        } else {
            offer_specs(conn, Some(&offer_ids))?
        },
        requests: if request_ids.is_empty() {
            Vec::new()
        } else {
            request_specs(conn, Some(&request_ids))?
        },
        offer_ids,
        request_ids,
    })
}

impl Loaded {
    fn apply(self, held: &mut Held) {
        let index = &mut held.index;
        for id in self
            .offer_ids
            .iter()
            .filter_map(|i| Uuid::parse_str(i).ok())
        {
            index.remove_offer(id);
        }
        for offer in self.offers {
            index.upsert_offer(offer);
        }
        for id in self
            .request_ids
            .iter()
            .filter_map(|i| Uuid::parse_str(i).ok())
        {
            index.remove_request(id);
            held.initiative_of.remove(&id);
        }
        for (spec, pairs, initiative) in self.requests {
            if let Some(i) = initiative {
                held.initiative_of.insert(spec.id, i);
            }
            index.upsert_request(spec, pairs);
        }
    }
}

/// The offers the engine may suggest (active), as it sees them.
fn offer_specs(conn: &mut DbConnection, ids: Option<&[String]>) -> AppResult<Vec<OfferSpec>> {
    offers::active_candidates(conn, ids)?
        .iter()
        .filter(|c| c.offer.status == OfferStatus::Active)
        .map(engine::offer_spec)
        .collect()
}

/// The open requests with a free place, with their earlier matches and initiative.
fn request_specs(conn: &mut DbConnection, ids: Option<&[String]>) -> AppResult<Vec<HeldRequest>> {
    let rows: Vec<RequestRow> = requests::open_with_free_places_among(conn, ids)?;
    let specs = engine::request_specs(conn, &rows)?;
    let row_ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut pairs: HashMap<String, Vec<Pair>> = HashMap::new();
    for s in matches::states_for_requests(conn, &row_ids)? {
        let pair = pair(&s)?;
        pairs.entry(s.request_id).or_default().push(pair);
    }
    Ok(specs
        .into_iter()
        .zip(rows)
        .map(|(spec, row)| {
            let p = pairs.remove(&row.id).unwrap_or_default();
            (spec, p, row.initiative_id)
        })
        .collect())
}

/// A match as the exclusion rule sees it (the same rule as [`engine::exclusions`] for
/// suggestions: declines rule the volunteer out, live matches the pair).
fn pair(s: &PairState) -> AppResult<Pair> {
    Ok(Pair {
        offer_id: engine::uuid(&s.offer_id)?,
        volunteer_id: engine::uuid(&s.volunteer_id)?,
        declined: s.status == MatchStatus::Declined,
        live: MatchStatus::LIVE.contains(&s.status),
    })
}
