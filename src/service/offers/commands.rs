//! The offer use cases: make, read, change, withdraw and expire offers.

use super::input::{NewOffer, OfferChange};
use super::views::{OfferView, view, view_as};
use super::{LIST_KIND, SUBJECT};
use crate::db::offers::{self as repo, OfferChangeset, OfferRow};
use crate::db::{DbConnection, matches, new_id, now, volunteers};
use crate::domain::account::Caller;
use crate::domain::changes::{ChangeKind, Entity};
use crate::domain::codes::{Code, CodeSet, Codes};
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::status::OfferStatus;
use crate::error::{AppError, AppResult};
use crate::i18n::{Noun, Text};
use crate::service::audit::{self, Action};
use crate::service::changes;
use crate::service::engine;
use crate::service::requests::Relation;

/// The stored form of a set of vocabulary codes.
fn codes<T: Code>(set: &CodeSet<T>) -> Codes {
    Codes::new(set.iter().map(|c| c.code().to_owned()))
}

/// Create an offer for the caller, who needs a volunteer profile (else 409).
pub fn create(conn: &mut DbConnection, caller: &Caller, offer: &NewOffer) -> AppResult<OfferView> {
    let profile = volunteers::find_row(conn, &caller.user_id)?
        .ok_or_else(|| AppError::Conflict(Text::ProfileFirst))?;
    let at = now();
    let row = OfferRow {
        id: new_id(),
        volunteer_id: caller.user_id.clone(),
        title: offer.title.as_str().to_owned(),
        categories: codes(&offer.categories),
        skills: codes(&offer.skills),
        wijk_codes: codes(&offer.wijk_codes),
        max_distance_km: offer
            .max_distance_km
            .map_or(profile.max_distance_km, |km| km.get()),
        availability: offer
            .availability
            .clone()
            .unwrap_or_else(|| profile.availability.clone()),
        hours_per_week: offer.hours_per_week.get(),
        max_matches: offer.max_matches.get(),
        confirmed_matches: 0,
        modes: offer.modes.clone().unwrap_or_else(|| profile.modes.clone()),
        valid_until: offer.valid_until.naive_utc(),
        status: OfferStatus::Active,
        is_demo: false,
        created_at: at,
        updated_at: at,
    };
    let reach = reach_of_row(&row, &profile.wijk_code)?;
    conn.write_tx(|conn| {
        repo::insert(conn, &row, &reach)?;
        audit::record(conn, Some(caller), Action::Create, SUBJECT, &row.id)?;
        changes::record(conn, ChangeKind::Created, Entity::Offer, &row.id, &[])
    })?;
    view(&row)
}

fn reach_of_row(row: &OfferRow, home_wijk: &str) -> AppResult<Vec<repo::ReachRow>> {
    engine::offer_reach(
        &row.id,
        home_wijk,
        row.wijk_codes.as_slice(),
        row.max_distance_km,
        row.categories.as_slice(),
    )
}

/// Recompute the reach of a volunteer's offers after their home wijk changed, in the
/// caller's transaction.
pub fn refresh_reach(
    conn: &mut DbConnection,
    volunteer_id: &str,
    home_wijk: &str,
) -> AppResult<()> {
    for row in repo::all_for_volunteer(conn, volunteer_id)? {
        repo::set_reach(conn, &row.id, &reach_of_row(&row, home_wijk)?)?;
    }
    Ok(())
}

/// The caller's offers, newest first.
pub fn list_mine(
    conn: &mut DbConnection,
    caller: &Caller,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<OfferView>> {
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::list_for_volunteer(conn, &caller.user_id, after, page.fetch_limit())?;
    let page = Page::from_rows(rows, page, cursors, LIST_KIND, |r| {
        vec![r.created_at.and_utc().to_rfc3339(), r.id.clone()]
    });
    let items = page.items.iter().map(view).collect::<AppResult<_>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// Who the caller is to an offer.
enum Standing {
    Owner,
    /// A manager of a request the offer has a match with: may read it, nothing more; sees
    /// who the volunteer is only as the match rules allow.
    Reader {
        shows_volunteer: bool,
    },
}

/// The offer, if the caller may know it exists (else 404).
fn find_for(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<(OfferRow, Standing)> {
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Offer))?;
    if row.volunteer_id == caller.user_id {
        return Ok((row, Standing::Owner));
    }
    let rel = Relation::of(conn, caller)?;
    let matched = matches::offer_matches_in_scope(conn, id, &rel.scope())?;
    if matched.is_empty() {
        return Err(AppError::NotFound(Noun::Offer));
    }
    let rows: Vec<_> = matched.iter().map(|(m, wijk)| (m, wijk.as_str())).collect();
    let shows_volunteer = crate::service::matches::volunteer_shown(conn, caller, &rel, &rows)?
        .into_iter()
        .any(|shown| shown);
    Ok((row, Standing::Reader { shows_volunteer }))
}

pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<OfferView> {
    match find_for(conn, caller, id)? {
        (row, Standing::Owner) => view(&row),
        (row, Standing::Reader { shows_volunteer }) => view_as(&row, shows_volunteer),
    }
}

/// The offer, when the caller is its volunteer (else 403 or 404).
pub fn owned(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<OfferRow> {
    match find_for(conn, caller, id)? {
        (row, Standing::Owner) => Ok(row),
        (_, Standing::Reader { .. }) => Err(AppError::Forbidden(Text::OfferOwnerOnly)),
    }
}

pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    change: &OfferChange,
) -> AppResult<OfferView> {
    let current = owned(conn, caller, id)?;
    if current.status == OfferStatus::Withdrawn {
        return Err(AppError::Conflict(Text::OfferWithdrawn));
    }
    let categories = change.categories.as_ref().map(codes);
    let skills = change.skills.as_ref().map(codes);
    let wijk_codes = change.wijk_codes.as_ref().map(codes);
    // A new valid_until (always in the future) revives an expired offer.
    let revive = change.valid_until.is_some().then_some(OfferStatus::Active);
    let home = volunteers::find_row(conn, &caller.user_id)?
        .map(|profile| profile.wijk_code)
        .ok_or_else(|| AppError::Conflict(Text::ProfileGone))?;
    conn.write_tx(|conn| {
        let changed = repo::update_guarded(
            conn,
            id,
            &OfferChangeset {
                title: change.title.as_ref().map(|t| t.as_str()),
                categories: categories.as_ref(),
                skills: skills.as_ref(),
                wijk_codes: wijk_codes.as_ref(),
                max_distance_km: change.max_distance_km.map(|km| km.get()),
                availability: change.availability.as_ref(),
                hours_per_week: change.hours_per_week.map(|h| h.get()),
                max_matches: change.max_matches.map(|n| n.get()),
                modes: change.modes.as_ref(),
                valid_until: change.valid_until.map(|t| t.naive_utc()),
                status: revive,
                updated_at: Some(now()),
            },
        )?;
        if !changed {
            let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Offer))?;
            return Err(AppError::Conflict(
                if row.status == OfferStatus::Withdrawn {
                    Text::OfferWithdrawn
                } else {
                    Text::MaxMatchesBelowConfirmed {
                        confirmed: row.confirmed_matches.into(),
                    }
                },
            ));
        }
        let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Offer))?;
        if change.moves_reach() {
            repo::set_reach(conn, id, &reach_of_row(&row, &home)?)?;
        }
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)?;
        let mut fields = crate::set_fields!(change; title, categories, skills, wijk_codes,
            max_distance_km, availability, hours_per_week, max_matches, modes, valid_until);
        if revive.is_some() && current.status != OfferStatus::Active {
            fields.push("status");
        }
        fields.sort_unstable();
        changes::record(conn, ChangeKind::Updated, Entity::Offer, id, &fields)
    })?;
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Offer))?;
    view(&row)
}

/// Withdraw an offer (its volunteer): pending matches are cancelled; confirmed ones stay.
/// Withdrawing a withdrawn offer changes nothing.
pub fn withdraw(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<()> {
    owned(conn, caller, id)?;
    conn.write_tx(|conn| {
        let at = now();
        if repo::withdraw(conn, id, at)? {
            let cancelled = matches::cancel_pending_for_offers(conn, &[id.to_owned()], at)?;
            crate::service::notify::cancelled(
                conn,
                &cancelled,
                crate::domain::notices::CancelCause::Cancelled,
                crate::service::notify::Side::Managers,
            )?;
            audit::record(conn, Some(caller), Action::Delete, SUBJECT, id)?;
            changes::record_each(
                conn,
                ChangeKind::Updated,
                Entity::Match,
                &cancelled,
                &["status"],
            )?;
            changes::record(conn, ChangeKind::Updated, Entity::Offer, id, &["status"])?;
        }
        Ok(())
    })
}

/// Mark offers past `valid_until` expired and cancel their pending matches. Returns how many
/// offers expired.
pub fn expire_due(conn: &mut DbConnection, at: chrono::NaiveDateTime) -> AppResult<usize> {
    conn.write_tx(|conn| {
        let ids = repo::expire_due(conn, at)?;
        let cancelled = matches::cancel_pending_for_offers(conn, &ids, at)?;
        crate::service::notify::cancelled(
            conn,
            &cancelled,
            crate::domain::notices::CancelCause::OfferExpired,
            crate::service::notify::Side::Managers,
        )?;
        changes::record_each(
            conn,
            ChangeKind::Updated,
            Entity::Match,
            &cancelled,
            &["status"],
        )?;
        changes::record_each(conn, ChangeKind::Updated, Entity::Offer, &ids, &["status"])?;
        Ok(ids.len())
    })
}
