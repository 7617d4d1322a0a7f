//! Partners of an initiative: volunteers, key figures and WIJ-team contacts linked to it
//! with a role. Linking is not editing: a worker of a team covering the initiative's wijk
//! may link partners. A team-only key figure appears publicly as "a key figure", without
//! name or id.
//!
//! A volunteer link is an invitation that only that volunteer can confirm. Any well-formed
//! id is accepted, with the same answer and the same work whether or not it is a
//! volunteer's, and an unconfirmed link never shows a name: linking must not tell anyone
//! whether an id belongs to a volunteer, or whose it is. A confirmed link is public;
//! unconfirmed ones go after [`INVITATION_DAYS`].

use std::collections::HashMap;

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::{self, Action};
use super::key_figures::visible_to;
use crate::db::partners::{self as repo, PartnerLinkRow};
use crate::db::schema::{key_figures, users, wij_contacts};
use crate::db::{DbConnection, initiatives, new_id, now, teams};
use crate::domain::account::Caller;
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::text::Role;
use crate::domain::validation::Invalid;
use crate::error::{AppError, AppResult};

pub use crate::domain::kinds::PartnerKind;
use crate::domain::kinds::Visibility;
use crate::i18n::{FieldText, Noun, Text};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerInput {
    pub kind: PartnerKind,
    /// The volunteer's user id, the key figure's id or the contact's id (a UUID). For a
    /// volunteer any well-formed id is accepted: the link is an invitation that only that
    /// volunteer can confirm. A key figure or contact must exist and be visible to the
    /// caller (else 400 `unknown_id`).
    #[schema(format = Uuid)]
    pub id: String,
    /// The partner's role for this initiative.
    #[schema(schema_with = Role::schema)]
    pub role: String,
}

/// A partner link to make, parsed. Whether a key figure or contact exists is for the use
/// case to find out.
#[derive(Debug, Clone)]
pub struct NewPartnerLink {
    pub kind: PartnerKind,
    pub id: String,
    pub role: Role,
}

impl TryFrom<&PartnerInput> for NewPartnerLink {
    type Error = Invalid;

    fn try_from(raw: &PartnerInput) -> Result<Self, Invalid> {
        Ok(Self {
            kind: raw.kind,
            id: raw.id.clone(),
            role: Role::parse("role", &raw.role)?,
        })
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartnerView {
    pub link_id: String,
    pub kind: PartnerKind,
    /// `null` for a team-only key figure shown to the public.
    #[schema(required = true)]
    pub id: Option<String>,
    pub role: String,
    /// The partner's name (a team-only key figure shown to the public: "a key figure");
    /// `null` for a volunteer link until the volunteer confirms it.
    #[schema(required = true)]
    pub display: Option<String>,
    /// Volunteer links are public once the volunteer confirms them.
    pub confirmed: bool,
}

/// Coordinators, admins, and workers of a team covering the initiative's wijk.
fn may_link(
    conn: &mut DbConnection,
    caller: &Caller,
    initiative_id: &str,
    wijk: &str,
) -> AppResult<bool> {
    if caller.is_admin() || initiatives::is_coordinator(conn, initiative_id, &caller.user_id)? {
        return Ok(true);
    }
    match caller.team() {
        Some(team) => Ok(teams::covers(conn, team, wijk)?),
        None => Ok(false),
    }
}

/// Display names of the partners behind these links, by (kind, id); absent when gone.
fn displays(
    conn: &mut DbConnection,
    links: &[PartnerLinkRow],
) -> AppResult<HashMap<(PartnerKind, String), (String, bool)>> {
    // An unconfirmed volunteer link shows no name, so none is read for it.
    let ids = |kind: PartnerKind| -> Vec<String> {
        links
            .iter()
            .filter(|l| l.kind == kind && l.confirmed)
            .map(|l| l.partner_id.clone())
            .collect()
    };
    let mut out = HashMap::new();
    for (id, name) in users::table
        .filter(users::id.eq_any(ids(PartnerKind::Volunteer)))
        .select((users::id, users::display_name))
        .load::<(String, String)>(conn)?
    {
        out.insert((PartnerKind::Volunteer, id), (name, true));
    }
    for (id, name, visibility) in key_figures::table
        .filter(key_figures::id.eq_any(ids(PartnerKind::KeyFigure)))
        .select((key_figures::id, key_figures::name, key_figures::visibility))
        .load::<(String, String, Visibility)>(conn)?
    {
        out.insert(
            (PartnerKind::KeyFigure, id),
            (name, visibility == Visibility::Public),
        );
    }
    for (id, name) in wij_contacts::table
        .filter(wij_contacts::id.eq_any(ids(PartnerKind::WijContact)))
        .select((wij_contacts::id, wij_contacts::name))
        .load::<(String, String)>(conn)?
    {
        out.insert((PartnerKind::WijContact, id), (name, true));
    }
    Ok(out)
}

/// The link as shown; `None` when its partner is gone.
fn view(
    link: PartnerLinkRow,
    display: Option<&(String, bool)>,
    staff: bool,
) -> Option<PartnerView> {
    let kind = link.kind;
    if kind == PartnerKind::Volunteer && !link.confirmed {
        // An invitation: whether the id is a volunteer's, and whose, stays unsaid.
        return Some(PartnerView {
            link_id: link.id,
            kind,
            id: Some(link.partner_id),
            role: link.role,
            display: None,
            confirmed: false,
        });
    }
    let (name, public) = display?;
    let hidden = kind == PartnerKind::KeyFigure && !public && !staff;
    Some(PartnerView {
        link_id: link.id,
        kind,
        id: (!hidden).then_some(link.partner_id),
        role: link.role,
        display: Some(if hidden {
            "a key figure".to_owned()
        } else {
            name.clone()
        }),
        confirmed: link.confirmed,
    })
}

/// The initiative exists (else 404) and the caller may link partners to it (else 403).
pub fn require_linker(
    conn: &mut DbConnection,
    caller: &Caller,
    initiative_id: &str,
) -> AppResult<()> {
    let initiative =
        initiatives::find(conn, initiative_id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    if !may_link(conn, caller, initiative_id, &initiative.wijk_code)? {
        return Err(AppError::Forbidden(Text::PartnerLinkers));
    }
    Ok(())
}

pub fn add(
    conn: &mut DbConnection,
    caller: &Caller,
    initiative_id: &str,
    input: &NewPartnerLink,
) -> AppResult<PartnerView> {
    let initiative =
        initiatives::find(conn, initiative_id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    if !may_link(conn, caller, initiative_id, &initiative.wijk_code)? {
        return Err(AppError::Forbidden(Text::PartnerLinkers));
    }
    let unknown = || AppError::field("id", FieldText::NoSuchPartner);
    let partner_id = match input.kind {
        // Never looked up: the same work and answer for every well-formed id. Stored in the
        // canonical form, so one volunteer cannot be invited twice under two spellings.
        PartnerKind::Volunteer => uuid::Uuid::try_parse(&input.id)
            .map_err(|_| AppError::field("id", FieldText::UserUuid))?
            .to_string(),
        PartnerKind::KeyFigure => {
            crate::db::key_figures::find(conn, &input.id)?
                .filter(|k| visible_to(k, Some(caller)))
                .ok_or_else(unknown)?
                .id
        }
        PartnerKind::WijContact => wij_contacts::table
            .find(&input.id)
            .select(wij_contacts::id)
            .get_result::<String>(conn)
            .optional()?
            .ok_or_else(unknown)?,
    };
    let row = PartnerLinkRow {
        id: new_id(),
        initiative_id: initiative_id.to_owned(),
        kind: input.kind,
        partner_id,
        role: input.role.as_str().to_owned(),
        confirmed: input.kind != PartnerKind::Volunteer,
        created_by: Some(caller.user_id.clone()),
        created_at: now(),
    };
    let inserted = conn.write_tx(|conn| {
        repo::insert(conn, &row)?;
        audit::record(conn, Some(caller), Action::Create, "partner_link", &row.id)
    });
    match inserted {
        Err(AppError::Conflict(_)) => {
            return Err(AppError::Conflict(Text::PartnerAlreadyLinked));
        }
        other => other?,
    }
    let d = displays(conn, std::slice::from_ref(&row))?;
    let key = (row.kind, row.partner_id.clone());
    view(row, d.get(&key), caller.is_staff())
        .ok_or_else(|| AppError::internal("new link has no partner"))
}

pub const LIST_KIND: &str = "partners";

/// How long a volunteer invitation waits for confirmation before housekeeping removes it.
pub const INVITATION_DAYS: i64 = 30;

pub fn list(
    conn: &mut DbConnection,
    caller: Option<&Caller>,
    initiative_id: &str,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<PartnerView>> {
    let initiative =
        initiatives::find(conn, initiative_id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    let manager = match caller {
        Some(c) => may_link(conn, c, initiative_id, &initiative.wijk_code)?,
        None => false,
    };
    let staff = caller.is_some_and(Caller::is_staff);
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::for_initiative(conn, initiative_id, after, page.fetch_limit())?;
    let page = Page::from_rows(rows, page, cursors, LIST_KIND, |l| {
        vec![l.created_at.and_utc().to_rfc3339(), l.id.clone()]
    });
    let d = displays(conn, &page.items)?;
    let items = page
        .items
        .into_iter()
        .filter(|l| l.confirmed || manager || caller.is_some_and(|c| c.user_id == l.partner_id))
        .filter_map(|l| {
            let key = (l.kind, l.partner_id.clone());
            view(l, d.get(&key), staff)
        })
        .collect();
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// The link exists on this initiative (else 404) and the caller may remove it: those who
/// may link, or the linked volunteer (else 403).
pub fn require_unlinker(
    conn: &mut DbConnection,
    caller: &Caller,
    initiative_id: &str,
    link_id: &str,
) -> AppResult<()> {
    let initiative =
        initiatives::find(conn, initiative_id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    let link = repo::find(conn, link_id)?
        .filter(|l| l.initiative_id == initiative_id)
        .ok_or(AppError::NotFound(Noun::PartnerLink))?;
    let is_linked_volunteer =
        link.kind == PartnerKind::Volunteer && link.partner_id == caller.user_id;
    if !is_linked_volunteer && !may_link(conn, caller, initiative_id, &initiative.wijk_code)? {
        return Err(AppError::Forbidden(Text::MayNotUnlinkPartner));
    }
    Ok(())
}

pub fn remove(
    conn: &mut DbConnection,
    caller: &Caller,
    initiative_id: &str,
    link_id: &str,
) -> AppResult<()> {
    require_unlinker(conn, caller, initiative_id, link_id)?;
    conn.write_tx(|conn| {
        repo::delete(conn, link_id)?;
        audit::record(conn, Some(caller), Action::Delete, "partner_link", link_id)
    })
}

/// The link, when it invites the caller; 404 to everyone else (it is theirs alone to know).
pub fn require_invitee(
    conn: &mut DbConnection,
    caller: &Caller,
    link_id: &str,
) -> AppResult<PartnerLinkRow> {
    repo::find(conn, link_id)?
        .filter(|l| l.kind == PartnerKind::Volunteer && l.partner_id == caller.user_id)
        .ok_or(AppError::NotFound(Noun::PartnerLink))
}

/// The linked volunteer confirms a link, making it public. A link is confirmed as a
/// volunteer: an account without a volunteer profile (409) cannot appear as one.
pub fn confirm(conn: &mut DbConnection, caller: &Caller, link_id: &str) -> AppResult<PartnerView> {
    let link = require_invitee(conn, caller, link_id)?;
    if crate::db::volunteers::find_row(conn, &caller.user_id)?.is_none() {
        return Err(AppError::Conflict(Text::ProfileNeededToConfirm));
    }
    conn.write_tx(|conn| {
        repo::confirm(conn, link_id)?;
        audit::record(conn, Some(caller), Action::Update, "partner_link", link_id)
    })?;
    let confirmed = PartnerLinkRow {
        confirmed: true,
        ..link
    };
    let d = displays(conn, std::slice::from_ref(&confirmed))?;
    let key = (confirmed.kind, confirmed.partner_id.clone());
    view(confirmed, d.get(&key), caller.is_staff())
        .ok_or_else(|| AppError::internal("link has no partner"))
}

/// Housekeeping: volunteer invitations still unconfirmed after [`INVITATION_DAYS`] go.
pub fn expire_invitations(conn: &mut DbConnection, now: chrono::NaiveDateTime) -> AppResult<usize> {
    let before = now - chrono::Duration::days(INVITATION_DAYS);
    conn.write_tx(|conn| Ok(repo::delete_unconfirmed_before(conn, before)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(kind: PartnerKind, confirmed: bool) -> PartnerLinkRow {
        PartnerLinkRow {
            id: "l1".into(),
            initiative_id: "i1".into(),
            kind,
            partner_id: "p1".into(),
            role: "helper".into(),
            confirmed,
            created_by: None,
            created_at: now(),
        }
    }

    #[test]
    fn an_unconfirmed_volunteer_link_names_nobody_whoever_asks_and_whether_or_not_they_exist() {
        let name = ("Vera".to_owned(), true);
        for staff in [false, true] {
            let shown = view(link(PartnerKind::Volunteer, false), Some(&name), staff).unwrap();
            let missing = view(link(PartnerKind::Volunteer, false), None, staff).unwrap();
            assert_eq!(shown.display, None);
            assert_eq!(
                serde_json::to_value(&shown).unwrap(),
                serde_json::to_value(&missing).unwrap()
            );
        }
        let confirmed = view(link(PartnerKind::Volunteer, true), Some(&name), false).unwrap();
        assert_eq!(confirmed.display.as_deref(), Some("Vera"));
        assert!(
            view(link(PartnerKind::Volunteer, true), None, false).is_none(),
            "gone"
        );
    }
}
