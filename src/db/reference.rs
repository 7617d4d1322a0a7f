//! Seeding the compiled-in reference data, idempotently.

use diesel::prelude::*;

use super::schema::wijken;
use super::teams::{self, NewTeam};
use super::{DbConnection, DbResult, new_id, now};
use crate::reference;

/// Insert or refresh the 20 wijken, and add the reference WIJ-teams that are missing.
/// Teams already present are left as they are: admins may have edited them since.
pub fn seed(conn: &mut DbConnection) -> DbResult<()> {
    conn.write_tx(|conn| {
        for w in reference::wijken() {
            let values = (
                wijken::code.eq(w.code),
                wijken::name.eq(w.name),
                wijken::former_name.eq(w.former_name),
                wijken::population.eq(w.population),
                wijken::lat.eq(w.lat),
                wijken::lon.eq(w.lon),
            );
            let updated = diesel::update(wijken::table.find(w.code))
                .set(values)
                .execute(conn)?;
            if updated == 0 {
                diesel::insert_into(wijken::table)
                    .values(values)
                    .execute(conn)?;
            }
        }
        let at = now();
        for seed in reference::team_seeds() {
            if teams::find_by_seed_key(conn, seed.key)?.is_some() {
                continue;
            }
            let id = new_id();
            teams::insert(
                conn,
                &NewTeam {
                    id: &id,
                    name: seed.name,
                    address: seed.address,
                    walk_in_hours: None,
                    seed_key: Some(seed.key),
                    created_at: at,
                    updated_at: at,
                },
                &seed.wijk_codes,
            )?;
        }
        Ok::<_, super::DbError>(())
    })
}
