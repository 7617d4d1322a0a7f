//! Demo offers: one per volunteer, drawn from their profile.

use std::collections::HashMap;

use super::rng::{DemoRng, some_of};
use super::volunteers::DemoSkill;
use crate::db::offers::{OfferRow, ReachRow};
use crate::db::volunteers::ProfileRow;
use crate::domain::codes::Codes;
use crate::domain::status::OfferStatus;
use crate::error::AppResult;
use crate::reference::vocabulary;
use crate::service::engine;

/// One offer per volunteer, from their profile: some of their skills, their home wijk and
/// radius, one to three categories, room for one to three matches, valid for 1–6 months.
pub(super) fn offers(
    rng: &mut DemoRng,
    profiles: &[ProfileRow],
    skills: &[DemoSkill],
    at: chrono::NaiveDateTime,
) -> AppResult<(Vec<OfferRow>, Vec<ReachRow>)> {
    let category_ids: Vec<&'static str> = vocabulary::CATEGORIES.iter().map(|t| t.id).collect();
    let mut by_user: HashMap<&str, Vec<String>> = Default::default();
    for s in skills {
        by_user.entry(&s.user_id).or_default().push(s.skill.clone());
    }
    let mut rows = Vec::with_capacity(profiles.len());
    let mut reaches = Vec::new();
    for p in profiles {
        let id = rng.uuid();
        let categories = some_of(rng, &category_ids, 3);
        let own = by_user.get(p.user_id.as_str()).cloned().unwrap_or_default();
        let offered: Vec<String> = own.into_iter().filter(|_| rng.chance(0.7)).collect();
        let wijk_codes = vec![p.wijk_code.clone()];
        reaches.extend(engine::offer_reach(
            &id,
            &p.wijk_code,
            &wijk_codes,
            p.max_distance_km,
            &categories,
        )?);
        rows.push(OfferRow {
            id,
            volunteer_id: p.user_id.clone(),
            title: format!("Ik help met {}", categories.join(" en ").replace('_', " ")),
            categories: Codes::new(categories.iter().map(|c| c.to_string())),
            skills: Codes::new(offered.iter().map(|s| s.to_string())),
            wijk_codes: Codes::new(wijk_codes.iter().map(|w| w.to_string())),
            max_distance_km: p.max_distance_km,
            availability: p.availability.clone(),
            hours_per_week: p.hours_per_week,
            max_matches: 1 + rng.below(3) as i32,
            confirmed_matches: 0,
            modes: p.modes.clone(),
            valid_until: at + chrono::Duration::days(30 + rng.below(150) as i64),
            status: OfferStatus::Active,
            is_demo: true,
            created_at: at,
            updated_at: at,
        });
    }
    Ok((rows, reaches))
}
