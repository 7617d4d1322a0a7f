//! Accounts: registration, login, the caller's own account, password changes, erasure,
//! and the admin's user lookup and role assignment.

use serde::Serialize;
use utoipa::ToSchema;

use super::audit::{self, Action};
use super::sessions::{self, SessionLimits};
use super::usage::{self, Limited};
use crate::auth::hashing::{self, Verified};
use crate::auth::tokens::TokenKeys;
use crate::config::LimitSettings;
use crate::db::users::{self as repo, NewUser, UserRow};
use crate::db::{DbConnection, DbError, Owner, new_id, now, teams};
use crate::domain::account::{Caller, DisplayName, Email, email_key};
use crate::domain::kinds::PartnerKind;
use crate::domain::notices::{Language, NoticeSettings};
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::password::PasswordPolicy;
use crate::domain::roles::{Role, Roles};
use crate::domain::validation::Checker;
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Noun, Text};

/// An account as its owner (and admins) see it: the `/me` shape.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountView {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub wij_team_id: Option<String>,
    /// The language of this person's e-mails and pages.
    pub language: Language,
}

impl AccountView {
    fn from_row(row: UserRow) -> AppResult<Self> {
        let roles = Roles::from_stored(&row.roles)
            .ok_or_else(|| AppError::internal(format!("user {} has unreadable roles", row.id)))?;
        Ok(Self {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            roles: roles.as_slice().to_vec(),
            wij_team_id: row.wij_team_id,
            language: row.language,
        })
    }
}

/// A new account's parsed input.
pub struct Registration {
    pub email: Email,
    pub display_name: DisplayName,
    pub password: String,
}

/// Parse and check registration input, collecting every field error.
pub fn parse_registration(
    policy: &PasswordPolicy,
    email: &str,
    password: &str,
    display_name: &str,
) -> AppResult<Registration> {
    let mut check = Checker::new();
    let email = check.take(Email::parse("email", email));
    let name = check.take(DisplayName::parse("display_name", display_name));
    let local = email.as_ref().map_or("", |e| e.local_part());
    check.take(policy.check("password", password, local, display_name));
    check.finish()?;
    match (email, name) {
        (Some(email), Some(display_name)) => Ok(Registration {
            email,
            display_name,
            password: password.to_owned(),
        }),
        _ => Err(AppError::internal("validated registration lost a field")),
    }
}

/// Create a volunteer account (hashes the password: call off the async workers).
pub fn register(conn: &mut DbConnection, input: &Registration) -> AppResult<AccountView> {
    create_account(conn, input, &Roles::volunteer(), false)
}

fn create_account(
    conn: &mut DbConnection,
    input: &Registration,
    roles: &Roles,
    is_demo: bool,
) -> AppResult<AccountView> {
    let key = input.email.key();
    if repo::find_by_email_key(conn, &key)?.is_some() {
        return Err(duplicate_email());
    }
    let hash = hashing::hash(&input.password).map_err(AppError::internal)?;
    let id = new_id();
    let at = now();
    let stored_roles = roles.to_stored();
    let inserted = conn.write_tx(|conn| {
        repo::insert(
            conn,
            &NewUser {
                id: &id,
                email: input.email.as_str(),
                email_key: &key,
                display_name: input.display_name.as_str(),
                password_hash: &hash,
                roles: &stored_roles,
                wij_team_id: None,
                is_demo,
                created_at: at,
                updated_at: at,
            },
        )?;
        Ok::<_, AppError>(())
    });
    match inserted {
        Err(AppError::Conflict(_)) => return Err(duplicate_email()),
        other => other?,
    }
    find_view(conn, &id)
}

fn duplicate_email() -> AppError {
    AppError::Conflict(Text::EmailTaken)
}

fn find_view(conn: &mut DbConnection, id: &str) -> AppResult<AccountView> {
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::User))?;
    AccountView::from_row(row)
}

/// A successful login.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LoginOutcome {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the session's absolute end (the idle timeout may end it earlier).
    pub expires_in: i64,
}

/// Check credentials and open a session. Unknown email and wrong password take the same
/// time (a dummy hash is verified) and give the same error.
pub fn login(
    conn: &mut DbConnection,
    email: &str,
    password: &str,
    dummy_hash: &str,
    limits: &SessionLimits,
    tokens: &TokenKeys,
) -> AppResult<LoginOutcome> {
    let user = repo::find_by_email_key(conn, &email_key(email))?;
    let stored = user
        .as_ref()
        .map_or(dummy_hash, |u| u.password_hash.as_str());
    let verified = hashing::verify(password, stored);
    let (Some(user), Verified::Yes | Verified::YesButOutdated) = (user, verified) else {
        return Err(AppError::InvalidCredentials);
    };
    let roles = Roles::from_stored(&user.roles)
        .ok_or_else(|| AppError::internal(format!("user {} has unreadable roles", user.id)))?;
    // Hash before the transaction: nothing slow runs while the writer lock is held.
    let fresh = match verified {
        Verified::YesButOutdated => Some(hashing::hash(password).map_err(AppError::internal)?),
        _ => None,
    };
    let at = now();
    let (session_id, expires_at) = conn.write_tx(|conn| {
        if let Some(fresh) = &fresh {
            repo::set_password_hash(conn, &user.id, fresh, at)?;
        }
        sessions::open(conn, &user.id, &roles, limits, at)
    })?;
    let access_token = tokens
        .issue(
            &user.id,
            &session_id,
            at.and_utc().timestamp(),
            expires_at.and_utc().timestamp(),
        )
        .map_err(AppError::internal)?;
    Ok(LoginOutcome {
        access_token,
        token_type: "Bearer",
        expires_in: (expires_at - at).num_seconds(),
    })
}

pub fn me(conn: &mut DbConnection, caller: &Caller) -> AppResult<AccountView> {
    find_view(conn, &caller.user_id)
}

/// Change the caller's display name and/or language.
pub fn update_me(
    conn: &mut DbConnection,
    caller: &Caller,
    name: Option<&DisplayName>,
    language: Option<Language>,
) -> AppResult<AccountView> {
    conn.write_tx(|conn| {
        if let Some(name) = name {
            repo::set_display_name(conn, &caller.user_id, name.as_str(), now())?;
        }
        if let Some(language) = language {
            repo::set_language(conn, &caller.user_id, language, now())?;
        }
        Ok::<_, AppError>(())
    })?;
    find_view(conn, &caller.user_id)
}

/// The caller's e-mail notices.
pub fn notices(conn: &mut DbConnection, caller: &Caller) -> AppResult<NoticeSettings> {
    let row = repo::find(conn, &caller.user_id)?.ok_or(AppError::NotFound(Noun::User))?;
    Ok(NoticeSettings::from_off(&row.notices_off))
}

/// Turn the caller's e-mail notices on or off. Items already in the outbox are checked
/// again at delivery, so a notice turned off is not sent after all.
pub fn set_notices(
    conn: &mut DbConnection,
    caller: &Caller,
    settings: NoticeSettings,
) -> AppResult<NoticeSettings> {
    conn.write_tx(|conn| {
        repo::set_notices_off(conn, &caller.user_id, &settings.to_off(), now())?;
        Ok::<_, AppError>(())
    })?;
    notices(conn, caller)
}

/// Why a password change was refused before anything was written.
pub enum PasswordChangeError {
    WrongCurrentPassword,
    Other(AppError),
}

impl From<AppError> for PasswordChangeError {
    fn from(e: AppError) -> Self {
        Self::Other(e)
    }
}

impl From<DbError> for PasswordChangeError {
    fn from(e: DbError) -> Self {
        Self::Other(e.into())
    }
}

/// Change the caller's password; every other session ends. Hashes: call off the workers.
pub fn change_password(
    conn: &mut DbConnection,
    policy: &PasswordPolicy,
    caller: &Caller,
    current: &str,
    new: &str,
) -> Result<(), PasswordChangeError> {
    let user = repo::find(conn, &caller.user_id)?.ok_or(AppError::NotFound(Noun::User))?;
    if hashing::verify(current, &user.password_hash) == Verified::No {
        return Err(PasswordChangeError::WrongCurrentPassword);
    }
    let local = user.email.rsplit_once('@').map_or("", |(l, _)| l);
    policy
        .check("new_password", new, local, &user.display_name)
        .map_err(|e| AppError::Validation(vec![e]))?;
    let hash = hashing::hash(new).map_err(AppError::internal)?;
    let at = now();
    conn.write_tx(|conn| {
        repo::set_password_hash(conn, &user.id, &hash, at)?;
        sessions::end_all(conn, &user.id, Some(&caller.session_id), at)?;
        Ok::<_, AppError>(())
    })?;
    Ok(())
}

pub fn logout(conn: &mut DbConnection, caller: &Caller) -> AppResult<()> {
    conn.write_tx(|conn| sessions::end(conn, &caller.session_id, now()))
}

/// Everything stored about the caller (AVG art. 15/20).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountExport {
    pub account: AccountView,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The volunteer profile, if any.
    pub volunteer_profile: Option<super::volunteers::ProfileView>,
    /// Initiatives the caller coordinates.
    pub coordinates: Vec<String>,
    /// Links of the caller, as a volunteer, to initiatives.
    pub partner_links: Vec<PartnerLinkExport>,
    /// Your help offers, in every state.
    pub offers: Vec<super::offers::OfferView>,
    /// Matches with your offers.
    pub matches: Vec<super::matches::MatchView>,
    /// Hours you logged.
    pub hours: Vec<super::hours::HoursView>,
    /// Requests you filed (their ids: the rest is about the resident, not you).
    pub requests_filed: Vec<String>,
    /// Hours entries you confirmed or rejected, as a request's manager.
    pub hours_decided: Vec<String>,
    pub sessions: Vec<SessionExport>,
    pub audit_entries: Vec<audit::AuditEntryView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartnerLinkExport {
    pub link_id: String,
    pub initiative_id: String,
    pub role: String,
    pub confirmed: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionExport {
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_seen_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

pub fn export(
    conn: &mut DbConnection,
    caller: &Caller,
    limits: &LimitSettings,
) -> AppResult<AccountExport> {
    use crate::db::schema::{audit_log, sessions as s};
    use diesel::prelude::*;
    usage::consume(conn, caller, Limited::Export, limits, now())?;
    let row = repo::find(conn, &caller.user_id)?.ok_or(AppError::NotFound(Noun::User))?;
    let created_at = row.created_at.and_utc();
    let account = AccountView::from_row(row)?;
    let sessions = s::table
        .filter(s::user_id.eq(&caller.user_id))
        .order(s::created_at.desc())
        .select(crate::db::sessions::SessionRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|r| SessionExport {
            created_at: r.created_at.and_utc(),
            last_seen_at: r.last_seen_at.and_utc(),
            expires_at: r.expires_at.and_utc(),
            revoked_at: r.revoked_at.map(|t| t.and_utc()),
        })
        .collect();
    let offer_rows = crate::db::offers::all_for_volunteer(conn, &caller.user_id)?;
    let match_rows = crate::db::matches::all_for_volunteer(conn, &caller.user_id)?;
    let hours_rows = crate::db::hours::all_for_volunteer(conn, &caller.user_id)?;
    // Entries about the account and about every record of theirs.
    let mut subjects: Vec<String> = vec![caller.user_id.clone()];
    subjects.extend(offer_rows.iter().map(|r| r.id.clone()));
    subjects.extend(match_rows.iter().map(|r| r.id.clone()));
    subjects.extend(hours_rows.iter().map(|r| r.id.clone()));
    let mut audit_rows = audit_log::table
        .filter(audit_log::actor_id.eq(&caller.user_id))
        .select(crate::db::audit::AuditRow::as_select())
        .load(conn)?;
    for chunk in subjects.chunks(crate::db::bulk::CHUNK) {
        audit_rows.extend(
            audit_log::table
                .filter(audit_log::subject_id.eq_any(chunk))
                .filter(
                    audit_log::actor_id
                        .ne(&caller.user_id)
                        .or(audit_log::actor_id.is_null()),
                )
                .select(crate::db::audit::AuditRow::as_select())
                .load(conn)?,
        );
    }
    audit_rows.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| b.id.cmp(&a.id)));
    let audit_entries = audit_rows
        .into_iter()
        .map(audit::AuditEntryView::from)
        .collect();
    let volunteer_profile = match super::volunteers::get_mine(conn, caller) {
        Ok(p) => Some(p),
        Err(AppError::NotFound(_)) => None,
        Err(e) => return Err(e),
    };
    let coordinates = {
        use crate::db::schema::initiative_coordinators as ic;
        ic::table
            .filter(ic::user_id.eq(&caller.user_id))
            .select(ic::initiative_id)
            .order(ic::initiative_id)
            .load::<String>(conn)?
    };
    let partner_links = crate::db::partners::for_volunteer(conn, &caller.user_id)?
        .into_iter()
        .map(|l| PartnerLinkExport {
            link_id: l.id,
            initiative_id: l.initiative_id,
            role: l.role,
            confirmed: l.confirmed,
            created_at: l.created_at.and_utc(),
        })
        .collect();
    Ok(AccountExport {
        account,
        created_at,
        volunteer_profile,
        coordinates,
        partner_links,
        offers: offer_rows
            .iter()
            .map(super::offers::view)
            .collect::<AppResult<_>>()?,
        matches: match_rows
            .iter()
            .map(super::matches::view)
            .collect::<AppResult<_>>()?,
        hours: hours_rows.iter().map(super::hours::view).collect(),
        requests_filed: {
            use crate::db::schema::requests as r;
            r::table
                .filter(r::created_by.eq(&caller.user_id))
                .order((r::created_at.desc(), r::id.desc()))
                .select(r::id)
                .load::<String>(conn)?
        },
        hours_decided: {
            use crate::db::schema::hours as h;
            h::table
                .filter(h::confirmed_by.eq(&caller.user_id))
                .order((h::date.desc(), h::id.desc()))
                .select(h::id)
                .load::<String>(conn)?
        },
        sessions,
        audit_entries,
    })
}

/// Erase the caller's personal data (AVG art. 17): the account, its sessions, volunteer
/// profile, offers, coordinator roles and partner links go (the database cascades what hangs
/// off the account row); their pending and confirmed matches are cancelled (places freed)
/// and stay without personal fields; their hours stay without the note; records they created
/// elsewhere stay without a pointer to them. The audit log keeps the bare UUID as a
/// pseudonymous key.
pub fn erase(conn: &mut DbConnection, caller: &Caller) -> AppResult<()> {
    use crate::db::schema::{key_figures, partner_links};
    use diesel::prelude::*;
    sessions::require_recent_login(caller, now())?;
    let user = caller.user_id.as_str();
    conn.write_tx(|conn| {
        if caller.is_admin() {
            refuse_removing_last_admin(conn)?;
        }
        audit::record(conn, Some(caller), Action::Erase, "user", user)?;
        sessions::end_all(conn, user, None, now())?;
        crate::db::calendar::remove(conn, user)?;
        super::matches::cancel_all_of(conn, user)?;
        crate::db::hours::erase_notes_of(conn, user)?;
        crate::db::partners::delete_for_partner(conn, PartnerKind::Volunteer, user)?;
        diesel::update(partner_links::table.filter(partner_links::created_by.eq(user)))
            .set(partner_links::created_by.eq(None::<String>))
            .execute(conn)?;
        // The initiative stays (it belongs to the wijk), but not with the user's address,
        // in whatever case it was written there.
        if let Some(row) = repo::find(conn, user)? {
            crate::db::initiatives::clear_contact_email(conn, &email_key(&row.email))?;
        }
        diesel::update(key_figures::table.filter(key_figures::recorded_by_user_id.eq(user)))
            .set(key_figures::recorded_by_user_id.eq(None::<String>))
            .execute(conn)?;
        crate::db::outbox::delete_for_recipient(conn, user)?;
        // What matching held of the user goes with the account: the feed says so.
        let offers: Vec<String> = crate::db::offers::all_for_volunteer(conn, user)?
            .into_iter()
            .map(|o| o.id)
            .collect();
        let had_profile = crate::db::volunteers::find_row(conn, user)?.is_some();
        repo::delete(conn, user)?;
        use crate::domain::changes::{ChangeKind, Entity};
        super::changes::record_each(conn, ChangeKind::Deleted, Entity::Offer, &offers, &[])?;
        if had_profile {
            super::changes::record(conn, ChangeKind::Deleted, Entity::Volunteer, user, &[])?;
        }
        Ok(())
    })
}

pub const USERS_LIST_KIND: &str = "users";

/// Admin lookup: accounts whose email contains `needle`, newest first.
pub fn find_users(
    conn: &mut DbConnection,
    caller: &Caller,
    needle: &str,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<AccountView>> {
    require_admin(caller)?;
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::search_by_email(conn, &email_key(needle.trim()), after, page.fetch_limit())?;
    let page = Page::from_rows(rows, page, cursors, USERS_LIST_KIND, |r| {
        vec![r.created_at.and_utc().to_rfc3339(), r.id.clone()]
    });
    let items = page
        .items
        .into_iter()
        .map(AccountView::from_row)
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// Admin: one account, as the user list shows it (404 when there is none).
pub fn user(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<AccountView> {
    require_admin(caller)?;
    find_view(conn, id)
}

pub fn require_admin(caller: &Caller) -> AppResult<()> {
    if caller.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden(Text::NeedsAdmin))
    }
}

/// Admin: set a user's roles and team; `team_worker` if and only if a team is given.
/// Their sessions end, so the new rights apply at once.
pub fn set_roles(
    conn: &mut DbConnection,
    caller: &Caller,
    user_id: &str,
    roles: &[Role],
    wij_team_id: Option<&str>,
) -> AppResult<AccountView> {
    require_admin(caller)?;
    sessions::require_recent_login(caller, now())?;
    let roles =
        Roles::from_list(roles).ok_or_else(|| AppError::field("roles", FieldText::NoRoles))?;
    if roles.contains(Role::TeamWorker) != wij_team_id.is_some() {
        return Err(AppError::field(
            "wij_team_id",
            FieldText::TeamOnlyForWorkers,
        ));
    }
    conn.write_tx(|conn| {
        if let Some(team) = wij_team_id {
            if !teams::exists(conn, team)? {
                return Err(AppError::field("wij_team_id", FieldText::NoSuchTeam));
            }
        }
        let Some(target) = repo::find(conn, user_id)? else {
            return Err(AppError::NotFound(Noun::User));
        };
        let was_admin = Roles::from_stored(&target.roles).is_some_and(|r| r.contains(Role::Admin));
        if was_admin && !roles.contains(Role::Admin) {
            refuse_removing_last_admin(conn)?;
        }
        let at = now();
        repo::set_roles(conn, user_id, &roles.to_stored(), wij_team_id, at)?;
        sessions::end_all(conn, user_id, None, at)?;
        audit::record(conn, Some(caller), Action::RoleChange, "user", user_id)?;
        Ok(())
    })?;
    find_view(conn, user_id)
}

/// Call inside the write transaction that takes an admin away (role change, erasure):
/// there must always be one left, also when two admins demote or erase each other at once
/// (the lock makes the second count after the first commits).
fn refuse_removing_last_admin(conn: &mut DbConnection) -> AppResult<()> {
    conn.lock_owner(Owner::AdminRoles)?;
    if repo::count_admins(conn)? <= 1 {
        return Err(AppError::Conflict(Text::LastAdmin));
    }
    Ok(())
}

/// Outcome of the operator's `create-admin`.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminCreated {
    Created(String),
    Promoted(String),
}

/// Create an admin account, or add the admin role to an existing one (keeping its password).
pub fn create_admin(
    conn: &mut DbConnection,
    policy: &PasswordPolicy,
    email: &str,
    password: &str,
) -> AppResult<AdminCreated> {
    let parsed = Email::parse("email", email).map_err(|e| AppError::Validation(vec![e]))?;
    if let Some(user) = repo::find_by_email_key(conn, &parsed.key())? {
        let mut roles = Roles::from_stored(&user.roles)
            .map(|r| r.as_slice().to_vec())
            .unwrap_or_default();
        roles.push(Role::Admin);
        let roles = Roles::from_list(&roles).unwrap_or_else(Roles::volunteer);
        conn.write_tx(|conn| {
            let at = now();
            repo::set_roles(
                conn,
                &user.id,
                &roles.to_stored(),
                user.wij_team_id.as_deref(),
                at,
            )?;
            sessions::end_all(conn, &user.id, None, at)?;
            audit::record(conn, None, Action::RoleChange, "user", &user.id)?;
            Ok::<_, AppError>(())
        })?;
        return Ok(AdminCreated::Promoted(user.id));
    }
    // The email's local part names the admin, unless it is no valid display name.
    let display_name = match DisplayName::parse("display_name", parsed.local_part()) {
        Ok(name) => name.as_str().to_owned(),
        Err(_) => "Admin".to_owned(),
    };
    let input = parse_registration(policy, email, password, &display_name)?;
    let admin = Roles::from_list(&[Role::Admin]).unwrap_or_else(Roles::volunteer);
    let view = create_account(conn, &input, &admin, false)?;
    Ok(AdminCreated::Created(view.id))
}
