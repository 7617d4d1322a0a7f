//! `wijkmatch seed-demo`: a realistic, deterministic demo set on the real wijken of
//! Groningen: initiatives with Dutch names and themes, volunteers with profiles and
//! availability, key figures, contacts for every team, one help offer per volunteer and
//! 2N open support requests (with made-up residents). Every demo row is marked `is_demo`
//! (requests through their demo creator); the seeder replaces earlier demo data and refuses
//! to touch a database that holds real registry records unless forced.
//!
//! [`seed`] draws every record first, in a fixed order from one seeded stream (`rng`), then
//! replaces the earlier demo set in one transaction. One module per kind of record:
//! `accounts` (the named logins), `volunteers`, `initiatives`, `teams` (key figures and
//! WIJ contacts), `offers`, `requests`; `words` holds what they are made of.

mod accounts;
mod initiatives;
mod offers;
mod requests;
mod rng;
mod teams;
mod volunteers;
mod words;

use diesel::prelude::*;

use crate::auth::hashing;
use crate::db::schema::{
    initiative_coordinators, initiative_themes, key_figures, offer_reach, users,
    volunteer_profiles, volunteer_reach, volunteer_skills, wij_contacts,
};
use crate::db::{self, DbConnection, DbError, bulk, schema};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::insert_batch;
use rng::DemoRng;

#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    pub scale: usize,
    pub seed: u64,
    pub force: bool,
}

/// What the seeder made, and how to log in.
#[derive(Debug)]
pub struct DemoSummary {
    pub initiatives: usize,
    pub volunteers: usize,
    pub offers: usize,
    pub requests: usize,
    pub key_figures: usize,
    pub contacts: usize,
    pub logins: Vec<(String, &'static str)>,
    pub password: String,
}

/// Seeds the demo set of `options.scale` initiatives (5 volunteers and 2 requests each),
/// replacing an earlier one.
pub fn seed(conn: &mut DbConnection, options: DemoOptions) -> AppResult<DemoSummary> {
    check_safe(conn, options.force)?;
    let mut rng = DemoRng::new(options.seed);
    let n = options.scale.max(1);
    let at = db::now();
    let volunteer_count = 5 * n;
    let key_figure_count = (n / 10).max(1);

    // Named logins share one freshly generated password, hashed once; every other demo
    // account gets a hash that no password matches.
    let password = format!(
        "demo {} {}",
        hashing::hex(&rand::random::<[u8; 6]>()),
        "buurtfiets"
    );
    let usable_hash = hashing::hash(&password).map_err(AppError::internal)?;
    let unusable_hash = "!demo-account-without-password";
    let oosterpark = db::teams::find_by_seed_key(conn, "WIJ Oosterparkwijk")?.map(|t| t.id);

    let (mut demo_users, logins) = accounts::named_accounts(&mut rng, &usable_hash, oosterpark, at);
    let worker_id = demo_users[1].id.clone();
    let coordinator_id = demo_users[2].id.clone();
    let named_volunteer_id = demo_users[3].id.clone();

    let volunteers = volunteers::volunteers(
        &mut rng,
        volunteer_count,
        &named_volunteer_id,
        unusable_hash,
        at,
    );
    demo_users.extend(volunteers.users);
    let generated: Vec<&str> = volunteers.profiles[..volunteer_count]
        .iter()
        .map(|p| p.user_id.as_str())
        .collect();
    let made = initiatives::initiatives(&mut rng, n, &coordinator_id, &generated, at);
    let key_figure_rows = teams::key_figures(&mut rng, key_figure_count, &worker_id, at);
    let team_ids: Vec<String> = db::teams::list(conn, None, 1000)?
        .into_iter()
        .map(|t| t.team.id)
        .collect();
    let contacts = teams::contacts(&mut rng, &team_ids, at);
    let (offer_rows, offer_reaches) =
        offers::offers(&mut rng, &volunteers.profiles, &volunteers.skills, at)?;
    let request_rows = requests::requests(
        &mut rng,
        2 * n,
        &worker_id,
        &coordinator_id,
        &made.initiatives,
        at,
    )?;
    let summary = DemoSummary {
        initiatives: n,
        volunteers: volunteer_count + 1,
        offers: offer_rows.len(),
        requests: request_rows.len(),
        key_figures: key_figure_count,
        contacts: contacts.len(),
        logins,
        password,
    };

    conn.write_tx(|conn| {
        clear_demo(conn)?;
        insert_batch!(conn, users::table, demo_users)?;
        insert_batch!(conn, volunteer_profiles::table, volunteers.profiles)?;
        insert_batch!(conn, volunteer_skills::table, volunteers.skills)?;
        insert_batch!(conn, volunteer_reach::table, volunteers.reaches)?;
        insert_batch!(conn, schema::initiatives::table, made.initiatives)?;
        insert_batch!(conn, initiative_themes::table, made.themes)?;
        insert_batch!(conn, initiative_coordinators::table, made.coordinators)?;
        insert_batch!(conn, key_figures::table, key_figure_rows)?;
        insert_batch!(conn, wij_contacts::table, contacts)?;
        insert_batch!(conn, schema::offers::table, offer_rows)?;
        insert_batch!(conn, offer_reach::table, offer_reaches)?;
        insert_batch!(conn, schema::requests::table, request_rows)?;
        Ok::<_, DbError>(())
    })?;
    conn.refresh_statistics(true)?;
    Ok(summary)
}

/// Refuse when real (non-demo) registry records exist, unless forced.
fn check_safe(conn: &mut DbConnection, force: bool) -> AppResult<()> {
    if force {
        return Ok(());
    }
    let real = bulk::count_where(conn, "initiatives", "is_demo = FALSE")?
        + bulk::count_where(conn, "volunteer_profiles", "is_demo = FALSE")?
        + bulk::count_where(conn, "key_figures", "is_demo = FALSE")?;
    if real > 0 {
        return Err(AppError::Conflict(Text::DemoRefused { real }));
    }
    Ok(())
}

/// Remove earlier demo data (demo users cascade to their profiles, offers and coordinator
/// rows; requests they filed take their matches and hours with them).
fn clear_demo(conn: &mut DbConnection) -> Result<(), DbError> {
    let demo_users = users::table
        .filter(users::is_demo.eq(true))
        .select(users::id);
    use schema::{initiatives, requests};
    diesel::delete(requests::table.filter(requests::created_by.eq_any(demo_users.nullable())))
        .execute(conn)?;
    diesel::delete(initiatives::table.filter(initiatives::is_demo.eq(true))).execute(conn)?;
    diesel::delete(key_figures::table.filter(key_figures::is_demo.eq(true))).execute(conn)?;
    diesel::delete(wij_contacts::table.filter(wij_contacts::is_demo.eq(true))).execute(conn)?;
    diesel::delete(users::table.filter(users::is_demo.eq(true))).execute(conn)?;
    Ok(())
}
