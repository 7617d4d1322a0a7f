//! Derived data that a rule change makes stale, recomputed once at start. SQL migrations
//! change the schema; some derived rows need the rule in Rust (reference geometry), so each
//! upgrade here runs once per database, in one transaction, and is marked done.

use crate::db::{self, DbConnection, now};
use crate::error::{AppError, AppResult};

type Upgrade = fn(&mut DbConnection) -> AppResult<()>;

/// In the order they were introduced; a name is never reused.
const UPGRADES: &[(&str, Upgrade)] = &[(
    "volunteer_reach_from_home_centroid",
    recompute_volunteer_reach,
)];

/// Run every upgrade this database has not had yet; returns the names run.
pub fn apply_pending(conn: &mut DbConnection) -> AppResult<Vec<&'static str>> {
    let mut ran = Vec::new();
    for (name, upgrade) in UPGRADES {
        if db::upgrades::is_applied(conn, name)? {
            continue;
        }
        let outcome = conn.write_tx(|conn| {
            upgrade(conn)?;
            db::upgrades::mark_applied(conn, name, now())?;
            Ok::<_, AppError>(())
        });
        match outcome {
            Ok(()) => ran.push(*name),
            // Another instance starting at the same time did it first.
            Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(ran)
}

/// Reach was once computed from a volunteer's private location; it is now computed from
/// their home wijk's centroid only.
fn recompute_volunteer_reach(conn: &mut DbConnection) -> AppResult<()> {
    let rows: Vec<_> = db::volunteers::homes(conn)?
        .into_iter()
        .flat_map(|(user_id, home, radius_km)| {
            super::volunteers::reach(&home, radius_km)
                .into_iter()
                .map(move |r| db::volunteers::VolunteerReachRow {
                    wijk_code: r.wijk_code,
                    user_id: user_id.clone(),
                    distance_km: r.distance_km,
                    is_home: r.is_home,
                })
        })
        .collect();
    db::volunteers::replace_all_reach(conn, &rows)?;
    Ok(())
}
