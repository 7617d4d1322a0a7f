//! The admin's pages: accounts (find them, change their roles) and the WIJ-teams (list,
//! create, edit). The same service calls as `GET /api/v1/users`, `PUT
//! /api/v1/users/{id}/roles` and the WIJ-teams API, with their rules: admins only, and a
//! role change needs a login of the last 10 minutes.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::public::{signed_in, visitor};
use super::visitor::encode_query_value;
use super::{Chrome, FormErrors, Visitor, app_error_page, redirect, render};
use crate::db::DbConnection;
use crate::domain::account::Caller;
use crate::domain::paging::PageRequest;
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::i18n::{Choices, FieldText, Lang, Ui};
use crate::reference;
use crate::service::AppContext;
use crate::service::accounts::{self, AccountView, USERS_LIST_KIND, require_admin};
use crate::service::teams::{
    self, NewTeam, NewTeamInput, TEAMS_LIST_KIND, TeamChange, TeamPatch, TeamView,
};

/// Accounts on one page of the user list.
const USERS_PER_PAGE: u32 = 20;

fn role_label(role: Role) -> Ui {
    match role {
        Role::Volunteer => Ui::RoleVolunteer,
        Role::TeamWorker => Ui::RoleTeamWorker,
        Role::Admin => Ui::RoleAdmin,
    }
}

/// An account in the list.
pub struct UserLine {
    pub name: String,
    pub email: String,
    pub roles: String,
    pub team: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    c: Chrome,
    status: Option<String>,
    search: String,
    users: Vec<UserLine>,
    next_href: Option<String>,
}

#[derive(Deserialize)]
pub struct UsersQuery {
    #[serde(default)]
    email: String,
    #[serde(default)]
    na: String,
    #[serde(default)]
    klaar: String,
}

/// Every team, by name (for names in lists and the team choice).
fn all_teams(
    conn: &mut DbConnection,
    cursors: &crate::domain::paging::CursorCodec,
) -> AppResult<Vec<TeamView>> {
    let page = PageRequest::parse(cursors, TEAMS_LIST_KIND, Some("200"), None, 200)?;
    Ok(teams::list(conn, &page, cursors)?.items)
}

fn team_name(teams: &[TeamView], id: Option<&str>) -> String {
    id.and_then(|id| teams.iter().find(|t| t.id == id))
        .map_or_else(String::new, |t| t.name.clone())
}

fn roles_text(roles: &[Role], lang: Lang) -> String {
    roles
        .iter()
        .map(|r| role_label(*r).render(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The accounts, newest first, 20 a page; the search is the API's: part of the email.
pub async fn users(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<UsersQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let query = query.into_inner();
    let cursors = ctx.cursors.clone();
    let (search, cursor) = (query.email.trim().to_owned(), query.na.clone());
    let found = {
        let search = search.clone();
        crate::api::run(&ctx, move |conn| {
            require_admin(&caller)?;
            let page = PageRequest::parse(
                &cursors,
                USERS_LIST_KIND,
                Some(&USERS_PER_PAGE.to_string()),
                (!cursor.is_empty()).then_some(cursor.as_str()),
                USERS_PER_PAGE,
            )?;
            let found = accounts::find_users(conn, &caller, &search, &page, &cursors)?;
            Ok((found, all_teams(conn, &cursors)?))
        })
        .await
    };
    let (found, teams) = match found {
        Ok(found) => found,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let lang = visitor.lang;
    let page = UsersPage {
        c: visitor.chrome(&Ui::UsersTitle.render(lang)),
        status: (query.klaar == "rollen").then(|| Ui::RolesSaved.render(lang)),
        users: found
            .items
            .iter()
            .map(|u| UserLine {
                name: u.display_name.clone(),
                email: u.email.clone(),
                roles: roles_text(&u.roles, lang),
                team: team_name(&teams, u.wij_team_id.as_deref()),
                href: format!("/beheer/gebruikers/{}/rollen", u.id),
            })
            .collect(),
        next_href: found.next_cursor.map(|c| {
            format!(
                "/beheer/gebruikers?email={}&na={}",
                encode_query_value(&search),
                encode_query_value(&c)
            )
        }),
        search,
    };
    render(&visitor, StatusCode::OK, &page)
}

/// One checkbox of the roles form.
pub struct RoleBox {
    pub id: String,
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "roles_form.html")]
struct RolesForm {
    c: Chrome,
    errors: FormErrors,
    heading: String,
    action: String,
    /// Log in again, and come back to this form.
    login_again_href: String,
    user: AccountView,
    roles: Vec<RoleBox>,
    teams: Vec<TeamChoice>,
}

pub struct TeamChoice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn roles_form(
    visitor: &Visitor,
    user: AccountView,
    chosen: &[String],
    team: &str,
    teams: &[TeamView],
    errors: FormErrors,
) -> RolesForm {
    let lang = visitor.lang;
    let heading = Ui::RolesTitle {
        name: user.display_name.clone(),
    }
    .render(lang);
    let title = if errors.is_empty() {
        heading.clone()
    } else {
        format!("{}{heading}", Ui::ErrorPrefix.render(lang))
    };
    let action = format!("/beheer/gebruikers/{}/rollen", user.id);
    RolesForm {
        c: visitor.chrome(&title),
        errors,
        heading,
        login_again_href: format!("/inloggen?opnieuw=1&terug={}", encode_query_value(&action)),
        action,
        roles: [Role::Volunteer, Role::TeamWorker, Role::Admin]
            .into_iter()
            .map(|r| RoleBox {
                id: format!("rol-{}", r.as_str()),
                value: r.as_str(),
                label: role_label(r).render(lang),
                checked: chosen.iter().any(|c| c == r.as_str()),
            })
            .collect(),
        teams: teams
            .iter()
            .map(|t| TeamChoice {
                value: t.id.clone(),
                label: t.name.clone(),
                selected: t.id == team,
            })
            .collect(),
        user,
    }
}

/// The roles form for one account, filled with its roles.
pub async fn roles_page(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let id = id.into_inner();
    let cursors = ctx.cursors.clone();
    let found = crate::api::run(&ctx, move |conn| {
        let user = accounts::user(conn, &caller, &id)?;
        Ok((user, all_teams(conn, &cursors)?))
    })
    .await;
    match found {
        Ok((user, teams)) => {
            let chosen: Vec<String> = user.roles.iter().map(|r| r.as_str().to_owned()).collect();
            let team = user.wij_team_id.clone().unwrap_or_default();
            let page = roles_form(
                &visitor,
                user,
                &chosen,
                &team,
                &teams,
                FormErrors::default(),
            );
            render(&visitor, StatusCode::OK, &page)
        }
        Err(e) => app_error_page(&visitor, e.0),
    }
}

/// The body of `PUT /api/v1/users/{id}/roles`, from the form; `Err` when a role is none
/// the API knows (the API's own message).
fn roles_input(chosen: &[String], team: &str) -> Result<(Vec<Role>, Option<String>), FieldText> {
    let roles = chosen
        .iter()
        .map(|r| {
            Role::parse(r).ok_or(FieldText::OneOf {
                choices: Choices(vec!["volunteer", "team_worker", "admin"]),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let team = team.trim();
    Ok((roles, (!team.is_empty()).then(|| team.to_owned())))
}

/// The one call the roles form makes: exactly `PUT /api/v1/users/{id}/roles`.
fn set_roles(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    roles: &[Role],
    team: Option<&str>,
) -> AppResult<AccountView> {
    require_admin(caller)?;
    crate::service::sessions::require_recent_login(caller, crate::db::now())?;
    accounts::set_roles(conn, caller, id, roles, team)
}

fn roles_field(api_field: &str) -> Option<&'static str> {
    match api_field {
        "wij_team_id" => Some("team"),
        _ => Some("rol-volunteer"),
    }
}

/// Save the roles. A login older than 10 minutes is refused (403) with a way to log in
/// again, as the API refuses it.
pub async fn save_roles(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let fields = form.into_inner();
    let sent = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map_or("", |(_, v)| v.as_str());
    if !visitor.csrf_ok(sent) {
        return super::account::expired(&visitor);
    }
    let chosen: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "rol")
        .map(|(_, v)| v.clone())
        .collect();
    let team = fields
        .iter()
        .find(|(k, _)| k == "team")
        .map_or(String::new(), |(_, v)| v.clone());
    let id = id.into_inner();
    let lang = visitor.lang;
    let parsed = roles_input(&chosen, &team);
    let cursors = ctx.cursors.clone();
    let outcome = {
        let (caller, id) = (caller.clone(), id.clone());
        crate::api::run(&ctx, move |conn| {
            // Admins only, before any word about the form.
            let user = accounts::user(conn, &caller, &id)?;
            let teams = all_teams(conn, &cursors)?;
            let refusal = match &parsed {
                Err(text) => Some(AppError::field("roles", text.clone())),
                Ok((roles, team)) => match set_roles(conn, &caller, &id, roles, team.as_deref()) {
                    Ok(_) => None,
                    Err(
                        e @ (AppError::Validation(_)
                        | AppError::Conflict(_)
                        | AppError::ReauthenticationRequired),
                    ) => Some(e),
                    Err(e) => return Err(e),
                },
            };
            Ok((user, teams, refusal))
        })
        .await
    };
    let (user, teams, refusal) = match outcome {
        Ok(found) => found,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let Some(err) = refusal else {
        // The account's sessions ended; an admin who changed their own roles logs in again.
        return redirect(&visitor, "/beheer/gebruikers?klaar=rollen");
    };
    let status = match err {
        AppError::ReauthenticationRequired => StatusCode::FORBIDDEN,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    };
    let errors = match err {
        AppError::ReauthenticationRequired => {
            let mut errors = FormErrors::default();
            errors.add("rol-volunteer", Ui::RolesLogInAgain.render(lang));
            errors
        }
        other => FormErrors::from_app_error(other, lang, "rol-volunteer", roles_field),
    };
    let page = roles_form(&visitor, user, &chosen, &team, &teams, errors);
    render(&visitor, status, &page)
}

/// A team in the list.
pub struct TeamLine {
    pub name: String,
    pub address: String,
    pub walk_in: String,
    pub wijken: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "teams.html")]
struct TeamsPage {
    c: Chrome,
    status: Option<String>,
    teams: Vec<TeamLine>,
}

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    klaar: String,
}

fn wijk_names(codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| reference::wijk(c).map_or(c.as_str(), |w| w.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The WIJ-teams, by name, with the wijken they cover.
pub async fn teams_list(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<DoneQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let cursors = ctx.cursors.clone();
    let found = crate::api::run(&ctx, move |conn| {
        require_admin(&caller)?;
        all_teams(conn, &cursors)
    })
    .await;
    let all = match found {
        Ok(all) => all,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let lang = visitor.lang;
    let page = TeamsPage {
        c: visitor.chrome(&Ui::AdminTeamsTitle.render(lang)),
        status: match query.klaar.as_str() {
            "nieuw" => Some(Ui::AdminTeamCreated.render(lang)),
            "opgeslagen" => Some(Ui::AdminTeamSaved.render(lang)),
            _ => None,
        },
        teams: all
            .iter()
            .map(|t| TeamLine {
                name: t.name.clone(),
                address: t.address.clone().unwrap_or_default(),
                walk_in: t.walk_in_hours.clone().unwrap_or_default(),
                wijken: wijk_names(&t.wijk_codes),
                href: format!("/beheer/wij-teams/{}/bewerken", t.id),
            })
            .collect(),
    };
    render(&visitor, StatusCode::OK, &page)
}

/// What the team form holds, as typed.
#[derive(Default, Clone)]
struct TeamFields {
    name: String,
    address: String,
    walk_in: String,
    wijken: Vec<String>,
}

impl TeamFields {
    fn from_form(fields: &[(String, String)]) -> Self {
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map_or(String::new(), |(_, v)| v.trim().to_owned())
        };
        Self {
            name: get("naam"),
            address: get("adres"),
            walk_in: get("inloop"),
            wijken: fields
                .iter()
                .filter(|(k, _)| k == "wijk")
                .map(|(_, v)| v.clone())
                .collect(),
        }
    }

    fn from_view(t: &TeamView) -> Self {
        Self {
            name: t.name.clone(),
            address: t.address.clone().unwrap_or_default(),
            walk_in: t.walk_in_hours.clone().unwrap_or_default(),
            wijken: t.wijk_codes.clone(),
        }
    }
}

/// The body of `POST /api/v1/wij-teams`, from the form.
fn new_team_input(f: &TeamFields) -> NewTeamInput {
    NewTeamInput {
        name: f.name.clone(),
        address: f.address.clone(),
        wijk_codes: f.wijken.clone(),
        walk_in_hours: f.walk_in.clone(),
    }
}

/// The body of `PATCH /api/v1/wij-teams/{id}`, from the form: every field it shows (an
/// emptied address or walk-in text as `null`).
fn team_patch(f: &TeamFields) -> TeamPatch {
    let optional = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    TeamPatch {
        name: Some(f.name.clone()),
        address: Some(optional(&f.address)),
        wijk_codes: Some(f.wijken.clone()),
        walk_in_hours: Some(optional(&f.walk_in)),
    }
}

/// The one call the new-team form makes: exactly `POST /api/v1/wij-teams`.
fn create_team(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewTeamInput,
) -> AppResult<TeamView> {
    require_admin(caller)?;
    teams::create(conn, caller, &NewTeam::try_from(input)?)
}

/// The one call the edit form makes: exactly `PATCH /api/v1/wij-teams/{id}` with the
/// wijken (so admins only).
fn update_team(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    patch: &TeamPatch,
) -> AppResult<TeamView> {
    teams::require_team_rights(conn, caller, id, None)?;
    teams::require_coverage_rights(caller, patch.wijk_codes.is_some())?;
    teams::update(conn, caller, id, &TeamChange::try_from(patch)?)
}

/// The first wijk's box: where the summary's link for the wijken points.
fn first_wijk_box() -> String {
    reference::wijken()
        .first()
        .map_or_else(String::new, |w| format!("wijk-{}", w.code))
}

fn team_field(api_field: &str) -> Option<&'static str> {
    match api_field {
        "name" => Some("naam"),
        "address" => Some("adres"),
        "walk_in_hours" => Some("inloop"),
        // The wijken: on the first box, which the form names itself.
        _ => None,
    }
}

#[derive(Template)]
#[template(path = "team_form.html")]
struct TeamForm {
    c: Chrome,
    errors: FormErrors,
    heading: String,
    action: String,
    button: String,
    wijk_anchor: String,
    name: String,
    address: String,
    walk_in: String,
    wijken: Vec<WijkBox>,
}

pub struct WijkBox {
    pub id: String,
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

fn team_form(
    visitor: &Visitor,
    heading: Ui,
    action: String,
    button: Ui,
    shown: &TeamFields,
    errors: FormErrors,
) -> TeamForm {
    let lang = visitor.lang;
    let heading = heading.render(lang);
    let title = if errors.is_empty() {
        heading.clone()
    } else {
        format!("{}{heading}", Ui::ErrorPrefix.render(lang))
    };
    TeamForm {
        c: visitor.chrome(&title),
        errors,
        heading,
        action,
        button: button.render(lang),
        wijk_anchor: first_wijk_box(),
        name: shown.name.clone(),
        address: shown.address.clone(),
        walk_in: shown.walk_in.clone(),
        wijken: reference::wijken()
            .iter()
            .map(|w| WijkBox {
                id: format!("wijk-{}", w.code),
                value: w.code,
                label: w.name,
                checked: shown.wijken.iter().any(|c| c == w.code),
            })
            .collect(),
    }
}

/// A service's refusal beside the fields; what no field names goes to the wijken.
fn team_refusal(err: AppError, lang: Lang) -> FormErrors {
    let anchor = first_wijk_box();
    let mut errors = FormErrors::default();
    match err {
        AppError::Validation(list) => {
            for e in list {
                let field = team_field(&e.field).map_or_else(|| anchor.clone(), str::to_owned);
                errors.add(&field, e.text.render(lang));
            }
        }
        other => errors.add(
            &anchor,
            crate::api::problem::status_and_detail(other, lang).1,
        ),
    }
    errors
}

/// The form for a new team.
pub async fn new_team_form(ctx: web::Data<AppContext>, req: HttpRequest) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if let Err(e) = require_admin(&caller) {
        return app_error_page(&visitor, e);
    }
    let page = team_form(
        &visitor,
        Ui::AdminNewTeamTitle,
        "/beheer/wij-teams/nieuw".into(),
        Ui::AdminCreateTeamButton,
        &TeamFields::default(),
        FormErrors::default(),
    );
    render(&visitor, StatusCode::OK, &page)
}

fn csrf_of(fields: &[(String, String)]) -> &str {
    fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map_or("", |(_, v)| v.as_str())
}

/// Create the team; mistakes come back beside their fields.
pub async fn create(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let fields = form.into_inner();
    if !visitor.csrf_ok(csrf_of(&fields)) {
        return super::account::expired(&visitor);
    }
    let shown = TeamFields::from_form(&fields);
    let input = new_team_input(&shown);
    match crate::api::run(&ctx, move |conn| create_team(conn, &caller, &input)).await {
        Ok(_) => redirect(&visitor, "/beheer/wij-teams?klaar=nieuw"),
        Err(e) => match e.0 {
            e @ AppError::Validation(_) => {
                let errors = team_refusal(e, visitor.lang);
                let page = team_form(
                    &visitor,
                    Ui::AdminNewTeamTitle,
                    "/beheer/wij-teams/nieuw".into(),
                    Ui::AdminCreateTeamButton,
                    &shown,
                    errors,
                );
                render(&visitor, StatusCode::BAD_REQUEST, &page)
            }
            other => app_error_page(&visitor, other),
        },
    }
}

/// The edit form of a team, filled with what is stored.
pub async fn edit_team_form(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let id = id.into_inner();
    let found = {
        let id = id.clone();
        crate::api::run(&ctx, move |conn| {
            require_admin(&caller)?;
            teams::get(conn, &id)
        })
        .await
    };
    match found {
        Ok(team) => {
            let page = team_form(
                &visitor,
                Ui::AdminEditTeamTitle,
                format!("/beheer/wij-teams/{id}/bewerken"),
                Ui::AdminSaveTeamButton,
                &TeamFields::from_view(&team),
                FormErrors::default(),
            );
            render(&visitor, StatusCode::OK, &page)
        }
        Err(e) => app_error_page(&visitor, e.0),
    }
}

/// Save the team, as `PATCH /api/v1/wij-teams/{id}`.
pub async fn update(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let fields = form.into_inner();
    if !visitor.csrf_ok(csrf_of(&fields)) {
        return super::account::expired(&visitor);
    }
    let id = id.into_inner();
    let shown = TeamFields::from_form(&fields);
    let patch = team_patch(&shown);
    let saved = {
        let id = id.clone();
        crate::api::run(&ctx, move |conn| update_team(conn, &caller, &id, &patch)).await
    };
    match saved {
        Ok(_) => redirect(&visitor, "/beheer/wij-teams?klaar=opgeslagen"),
        Err(e) => match e.0 {
            e @ AppError::Validation(_) => {
                let errors = team_refusal(e, visitor.lang);
                let page = team_form(
                    &visitor,
                    Ui::AdminEditTeamTitle,
                    format!("/beheer/wij-teams/{id}/bewerken"),
                    Ui::AdminSaveTeamButton,
                    &shown,
                    errors,
                );
                render(&visitor, StatusCode::BAD_REQUEST, &page)
            }
            other => app_error_page(&visitor, other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_become_the_api_inputs() {
        let f = TeamFields {
            name: "WIJ Oost".into(),
            address: String::new(),
            walk_in: "ma 9-12".into(),
            wijken: vec!["WK001404".into()],
        };
        let patch = team_patch(&f);
        assert_eq!(patch.address, Some(None), "an emptied address is cleared");
        assert_eq!(
            patch.wijk_codes.as_deref(),
            Some(&["WK001404".to_owned()][..])
        );
        assert!(TeamChange::try_from(&patch).is_ok());
        assert!(
            NewTeam::try_from(&new_team_input(&f)).is_err(),
            "an address is needed"
        );

        let (roles, team) = roles_input(&["team_worker".into()], " t1 ").unwrap();
        assert_eq!(roles, [Role::TeamWorker]);
        assert_eq!(team.as_deref(), Some("t1"));
        assert!(roles_input(&["baas".into()], "").is_err());
    }
}
