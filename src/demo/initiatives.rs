//! Demo initiatives: a Dutch name and description in a population-weighted wijk, one or two
//! themes, and a coordinator (the named coordinator runs the first three).

use diesel::prelude::*;

use super::rng::{DemoRng, jitter, weighted_wijk};
use super::words::{KINDS, STREETS};
use crate::db::schema::{initiative_coordinators, initiative_themes, initiatives};
use crate::domain::search;
use crate::reference::vocabulary;

#[derive(Insertable)]
#[diesel(table_name = initiatives)]
pub(super) struct DemoInitiative {
    pub(super) id: String,
    name: String,
    description: String,
    pub(super) wijk_code: String,
    address: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    contact_email: Option<String>,
    website: Option<String>,
    search_text: String,
    is_demo: bool,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = initiative_themes)]
pub(super) struct DemoTheme {
    initiative_id: String,
    theme: String,
}

#[derive(Insertable)]
#[diesel(table_name = initiative_coordinators)]
pub(super) struct DemoCoordinator {
    initiative_id: String,
    user_id: String,
    added_at: chrono::NaiveDateTime,
}

/// What [`initiatives`] makes.
pub(super) struct Initiatives {
    pub(super) initiatives: Vec<DemoInitiative>,
    pub(super) themes: Vec<DemoTheme>,
    pub(super) coordinators: Vec<DemoCoordinator>,
}

/// `count` initiatives; the first three coordinated by `coordinator_id`, the others by one of
/// the `volunteers` (user ids).
pub(super) fn initiatives(
    rng: &mut DemoRng,
    count: usize,
    coordinator_id: &str,
    volunteers: &[&str],
    at: chrono::NaiveDateTime,
) -> Initiatives {
    let mut made = Initiatives {
        initiatives: Vec::with_capacity(count),
        themes: Vec::new(),
        coordinators: Vec::with_capacity(count),
    };
    let theme_ids: Vec<&'static str> = vocabulary::THEMES.iter().map(|t| t.id).collect();
    for i in 0..count {
        let (kind, theme) = *rng.pick(KINDS);
        let wijk = weighted_wijk(rng);
        let name = format!("{kind} {}, {}", rng.pick(STREETS), wijk.name);
        let description = format!(
            "{kind} in {}: bewoners doen het samen, voor en met de buurt. Iedereen is welkom om mee te helpen.",
            wijk.name
        );
        let id = rng.uuid();
        let at_point = jitter(rng, wijk, 0.006);
        let mut ts = vec![theme.to_owned()];
        if rng.chance(0.4) {
            ts.push(rng.pick(&theme_ids).to_string());
        }
        ts.sort();
        ts.dedup();
        for t in ts {
            made.themes.push(DemoTheme {
                initiative_id: id.clone(),
                theme: t,
            });
        }
        let coordinator = if i < 3 {
            coordinator_id.to_owned()
        } else {
            volunteers[rng.below(volunteers.len())].to_owned()
        };
        made.coordinators.push(DemoCoordinator {
            initiative_id: id.clone(),
            user_id: coordinator,
            added_at: at,
        });
        made.initiatives.push(DemoInitiative {
            search_text: search::fold(&format!("{name}\n{description}")),
            id,
            name,
            description,
            wijk_code: wijk.code.to_owned(),
            address: None,
            lat: Some(at_point.lat),
            lon: Some(at_point.lon),
            contact_email: None,
            website: None,
            is_demo: true,
            // Spread creation times so "newest first" has something to order.
            created_at: at - chrono::Duration::minutes(i as i64),
            updated_at: at,
        });
    }
    made
}
