//! Links between initiatives and their partners (volunteers, key figures, WIJ contacts).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::partner_links;
use super::{DbConnection, DbResult};
use crate::domain::kinds::PartnerKind;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = partner_links, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct PartnerLinkRow {
    pub id: String,
    pub initiative_id: String,
    pub kind: PartnerKind,
    pub partner_id: String,
    pub role: String,
    pub confirmed: bool,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &PartnerLinkRow) -> DbResult<()> {
    diesel::insert_into(partner_links::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<PartnerLinkRow>> {
    Ok(partner_links::table
        .find(id)
        .select(PartnerLinkRow::as_select())
        .get_result(conn)
        .optional()?)
}

pub fn confirm(conn: &mut DbConnection, id: &str) -> DbResult<usize> {
    Ok(diesel::update(partner_links::table.find(id))
        .set(partner_links::confirmed.eq(true))
        .execute(conn)?)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> DbResult<usize> {
    Ok(diesel::delete(partner_links::table.find(id)).execute(conn)?)
}

/// Remove the volunteer invitations that were not confirmed by `before`.
pub fn delete_unconfirmed_before(
    conn: &mut DbConnection,
    before: NaiveDateTime,
) -> DbResult<usize> {
    Ok(diesel::delete(
        partner_links::table
            .filter(partner_links::confirmed.eq(false))
            .filter(partner_links::kind.eq(PartnerKind::Volunteer))
            .filter(partner_links::created_at.lt(before)),
    )
    .execute(conn)?)
}

/// Remove every link to one partner (consent withdrawn, contact removed, account erased).
pub fn delete_for_partner(
    conn: &mut DbConnection,
    kind: PartnerKind,
    partner_id: &str,
) -> DbResult<usize> {
    Ok(diesel::delete(
        partner_links::table
            .filter(partner_links::kind.eq(kind))
            .filter(partner_links::partner_id.eq(partner_id)),
    )
    .execute(conn)?)
}

/// An initiative's links, oldest first, then id.
pub fn for_initiative(
    conn: &mut DbConnection,
    initiative_id: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> DbResult<Vec<PartnerLinkRow>> {
    let mut query = partner_links::table
        .filter(partner_links::initiative_id.eq(initiative_id.to_owned()))
        .select(PartnerLinkRow::as_select())
        .order((partner_links::created_at.asc(), partner_links::id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(
            partner_links::created_at
                .gt(at)
                .or(partner_links::created_at
                    .eq(at)
                    .and(partner_links::id.gt(id))),
        );
    }
    Ok(query.load(conn)?)
}

/// The links of one volunteer (for their export).
pub fn for_volunteer(conn: &mut DbConnection, user_id: &str) -> DbResult<Vec<PartnerLinkRow>> {
    Ok(partner_links::table
        .filter(partner_links::kind.eq(PartnerKind::Volunteer))
        .filter(partner_links::partner_id.eq(user_id))
        .select(PartnerLinkRow::as_select())
        .order(partner_links::created_at.asc())
        .load(conn)?)
}
