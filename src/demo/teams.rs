//! What WIJ-teams know in the demo: key figures in population-weighted wijken, and three
//! contacts (wijkwerker, jeugdwerker, opbouwwerker) for every team.

use diesel::prelude::*;

use super::rng::{DemoRng, weighted_wijk};
use super::words::{FIRST_NAMES, LAST_NAMES, ORGANISATIONS, PLACES};
use crate::db::key_figures::KeyFigureRow;
use crate::db::schema::wij_contacts;
use crate::domain::kinds::Visibility;

#[derive(Insertable)]
#[diesel(table_name = wij_contacts)]
pub(super) struct DemoContact {
    id: String,
    team_id: String,
    name: String,
    role: String,
    email: String,
    phone: String,
    expertise: String,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    is_demo: bool,
}

/// `count` key figures, recorded by `recorded_by` with consent a month ago; three in ten
/// public.
pub(super) fn key_figures(
    rng: &mut DemoRng,
    count: usize,
    recorded_by: &str,
    at: chrono::NaiveDateTime,
) -> Vec<KeyFigureRow> {
    (0..count)
        .map(|_| {
            let wijk = weighted_wijk(rng);
            let organisation = format!("{} {}", rng.pick(ORGANISATIONS), rng.pick(PLACES));
            KeyFigureRow {
                id: rng.uuid(),
                name: format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)),
                description: "Kent iedereen in de straat en springt bij waar het nodig is.".into(),
                organisation,
                wijk_code: wijk.code.to_owned(),
                connects: "buren, jongeren en ouderen in de straat".into(),
                contact: format!("06-{:08}", rng.below(100_000_000)),
                visibility: if rng.chance(0.3) {
                    Visibility::Public
                } else {
                    Visibility::TeamOnly
                },
                consent_given_at: at - chrono::Duration::days(30),
                consent_recorded_by: Some("Demo".into()),
                recorded_by_user_id: Some(recorded_by.to_owned()),
                is_demo: true,
                created_at: at,
                updated_at: at,
            }
        })
        .collect()
}

/// Three contacts for each team of `team_ids`.
pub(super) fn contacts(
    rng: &mut DemoRng,
    team_ids: &[String],
    at: chrono::NaiveDateTime,
) -> Vec<DemoContact> {
    let mut contacts = Vec::with_capacity(3 * team_ids.len());
    for team_id in team_ids {
        for role in ["wijkwerker", "jeugdwerker", "opbouwwerker"] {
            let first = *rng.pick(FIRST_NAMES);
            contacts.push(DemoContact {
                id: rng.uuid(),
                team_id: team_id.clone(),
                name: format!("{first} {}", rng.pick(LAST_NAMES)),
                role: role.into(),
                email: format!("{}.{role}@demo.wijkmatch.invalid", first.to_lowercase()),
                phone: format!("050-{:07}", rng.below(10_000_000)),
                expertise: rng
                    .pick(&["schulden", "eenzaamheid", "mantelzorg", "jeugd", "wonen"])
                    .to_string(),
                created_at: at,
                updated_at: at,
                is_demo: true,
            });
        }
    }
    contacts
}
