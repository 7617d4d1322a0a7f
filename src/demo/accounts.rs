//! The demo's accounts: four named logins (admin, team worker, coordinator, volunteer) that
//! share one password, and the rows every demo user is stored as.

use diesel::prelude::*;

use super::rng::DemoRng;
use crate::db::schema::users;

#[derive(Insertable)]
#[diesel(table_name = users)]
pub(super) struct DemoUser {
    pub(super) id: String,
    pub(super) email: String,
    pub(super) email_key: String,
    pub(super) display_name: String,
    pub(super) password_hash: String,
    pub(super) roles: String,
    pub(super) wij_team_id: Option<String>,
    pub(super) is_demo: bool,
    pub(super) created_at: chrono::NaiveDateTime,
    pub(super) updated_at: chrono::NaiveDateTime,
}

/// The named logins, in this order: admin, team worker (of `team`), coordinator, volunteer;
/// with each login's email and what it can show.
pub(super) fn named_accounts(
    rng: &mut DemoRng,
    password_hash: &str,
    team: Option<String>,
    at: chrono::NaiveDateTime,
) -> (Vec<DemoUser>, Vec<(String, &'static str)>) {
    let mut users = Vec::with_capacity(4);
    let mut logins = Vec::with_capacity(4);
    for (email, roles, team) in [
        ("demo-admin@demo.wijkmatch.invalid", "admin", None),
        (
            "demo-teamworker@demo.wijkmatch.invalid",
            "team_worker",
            team,
        ),
        (
            "demo-coordinator@demo.wijkmatch.invalid",
            "coordinator",
            None,
        ),
        ("demo-volunteer@demo.wijkmatch.invalid", "volunteer", None),
    ] {
        logins.push((email.to_owned(), roles_label(roles)));
        users.push(DemoUser {
            id: rng.uuid(),
            email: email.to_owned(),
            email_key: email.to_owned(),
            display_name: format!("Demo {}", roles.replace('_', " ")),
            password_hash: password_hash.to_owned(),
            // A coordinator is a volunteer who coordinates initiatives, not a role.
            roles: if roles == "coordinator" {
                "volunteer"
            } else {
                roles
            }
            .to_owned(),
            wij_team_id: team,
            is_demo: true,
            created_at: at,
            updated_at: at,
        });
    }
    (users, logins)
}

fn roles_label(roles: &str) -> &'static str {
    match roles {
        "admin" => "admin",
        "team_worker" => "team worker of WIJ Oosterparkwijk",
        "coordinator" => "coordinator of three demo initiatives",
        _ => "volunteer with a profile",
    }
}
