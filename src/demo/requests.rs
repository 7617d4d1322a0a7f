//! Demo support requests: open, in population-weighted wijken or for a demo initiative.

use super::initiatives::DemoInitiative;
use super::rng::{DemoRng, jitter, some_of, weighted_wijk};
use super::words::{FIRST_NAMES, LAST_NAMES, NEEDS, STREETS, hour};
use crate::db::requests::RequestRow;
use crate::domain::codes::Codes;
use crate::domain::schedule::{Mode, Schedule, Urgency, WeeklySlot};
use crate::domain::status::RequestStatus;
use crate::error::{AppError, AppResult};
use crate::reference::{self, vocabulary};

/// Open requests in population-weighted wijken: filed for made-up residents by the demo team
/// worker, or by the demo coordinator for one of their initiatives; waiting up to 60 days.
pub(super) fn requests(
    rng: &mut DemoRng,
    count: usize,
    worker_id: &str,
    coordinator_id: &str,
    initiatives: &[DemoInitiative],
    at: chrono::NaiveDateTime,
) -> AppResult<Vec<RequestRow>> {
    let category_ids: Vec<&'static str> = vocabulary::CATEGORIES.iter().map(|t| t.id).collect();
    let skill_ids: Vec<&'static str> = vocabulary::SKILLS.iter().map(|t| t.id).collect();
    let mut rows = Vec::with_capacity(count);
    for _ in 0..count {
        let for_initiative = rng.chance(0.2) && !initiatives.is_empty();
        let (wijk, initiative_id, created_by) = if for_initiative {
            let i = rng.pick(initiatives);
            (i.wijk_code.clone(), Some(i.id.clone()), coordinator_id)
        } else {
            (weighted_wijk(rng).code.to_owned(), None, worker_id)
        };
        let (category, title) = match rng.below(3) {
            0 => {
                let c = *rng.pick(&category_ids);
                (
                    c.to_owned(),
                    format!("Hulp gezocht: {}", c.replace('_', " ")),
                )
            }
            _ => {
                let (c, t) = *rng.pick(NEEDS);
                (c.to_owned(), t.to_owned())
            }
        };
        let skills = if rng.chance(0.5) {
            some_of(rng, &skill_ids, 2)
        } else {
            Vec::new()
        };
        let schedule = match rng.below(10) {
            0..=4 => {
                let start = 9 + rng.below(9);
                Some(Schedule::Weekly {
                    slots: vec![WeeklySlot {
                        weekday: 1 + rng.below(7) as u8,
                        start: hour(start),
                        end: hour(start + 1 + rng.below(3)),
                    }],
                })
            }
            5..=6 => {
                let starts =
                    (at + chrono::Duration::hours(24 * (2 + rng.below(28)) as i64 + 10)).and_utc();
                Some(Schedule::Once {
                    starts_at: starts,
                    ends_at: starts + chrono::Duration::hours(2),
                })
            }
            _ => None,
        };
        let created = at - chrono::Duration::minutes(rng.below(60 * 24 * 60) as i64);
        let resident = (!for_initiative)
            .then(|| format!("{} {} (demo)", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)));
        let w = reference::wijk(&wijk).ok_or_else(|| AppError::internal("demo wijk"))?;
        let exact = resident.as_ref().map(|_| jitter(rng, w, 0.006));
        rows.push(RequestRow {
            id: rng.uuid(),
            title,
            description: "Demo-hulpvraag: niet echt, wel realistisch.".into(),
            category,
            skills: Codes::new(skills.iter().map(|s| s.to_string())),
            languages: if rng.chance(0.8) {
                Codes::new(["nl".to_owned()])
            } else {
                Codes::default()
            },
            wijk_code: wijk,
            mode: *rng.pick(Mode::ALL),
            schedule,
            hours_estimate: (1 + rng.below(4)) as f64,
            helpers_needed: 1 + rng.below(3) as i32,
            places_held: 0,
            urgency: *rng.pick(&[
                Urgency::Low,
                Urgency::Normal,
                Urgency::Normal,
                Urgency::High,
            ]),
            status: RequestStatus::Open,
            initiative_id,
            created_by: Some(created_by.to_owned()),
            created_at: created,
            updated_at: created,
            closed_at: None,
            address: resident
                .as_ref()
                .map(|_| format!("{} {} (demo)", rng.pick(STREETS), 1 + rng.below(200))),
            requester_contact: resident
                .as_ref()
                .map(|_| format!("06-{:08} (demo)", rng.below(100_000_000))),
            private_notes: None,
            requester_name: resident,
            lat: exact.map(|p| p.lat),
            lon: exact.map(|p| p.lon),
            private_erased_at: None,
        });
    }
    Ok(rows)
}
