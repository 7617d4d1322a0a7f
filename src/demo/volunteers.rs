//! Demo volunteers: an account each (without a usable password), and a profile with a home
//! wijk, a travel radius, languages, weekly availability, modes and skills.

use diesel::prelude::*;

use super::accounts::DemoUser;
use super::rng::{DemoRng, jitter, some_of, weighted_wijk};
use super::words::{FIRST_NAMES, LAST_NAMES, RADII_KM, hour};
use crate::db::schema::volunteer_skills;
use crate::db::volunteers::{ProfileRow, VolunteerReachRow};
use crate::domain::codes::{CodeSet, Codes};
use crate::domain::schedule::{Availability, ContactPreference, Mode, WeeklySlot};
use crate::reference::vocabulary;
use crate::service::volunteers::reach;

#[derive(Insertable)]
#[diesel(table_name = volunteer_skills)]
pub(super) struct DemoSkill {
    pub(super) user_id: String,
    pub(super) skill: String,
}

/// What [`volunteers`] makes.
pub(super) struct Volunteers {
    /// The generated accounts (the named volunteer's account is made with the named logins).
    pub(super) users: Vec<DemoUser>,
    pub(super) profiles: Vec<ProfileRow>,
    pub(super) skills: Vec<DemoSkill>,
    pub(super) reaches: Vec<VolunteerReachRow>,
}

/// `count` generated volunteers with an account each, then the profile of the named volunteer
/// (`named_id`, whose account exists already).
pub(super) fn volunteers(
    rng: &mut DemoRng,
    count: usize,
    named_id: &str,
    unusable_hash: &str,
    at: chrono::NaiveDateTime,
) -> Volunteers {
    let mut made = Volunteers {
        users: Vec::with_capacity(count),
        profiles: Vec::with_capacity(count + 1),
        skills: Vec::new(),
        reaches: Vec::new(),
    };
    let skill_ids: Vec<&'static str> = vocabulary::SKILLS.iter().map(|t| t.id).collect();
    let languages: Vec<&'static str> =
        ["en", "de", "ar", "tr", "pl", "fy", "uk", "so", "ti", "fa"].to_vec();
    for i in 0..=count {
        // i == count is the named demo volunteer.
        let id = if i == count {
            named_id.to_owned()
        } else {
            rng.uuid()
        };
        let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
        if i < count {
            let email = format!("demo-volunteer-{i}@demo.wijkmatch.invalid");
            made.users.push(DemoUser {
                id: id.clone(),
                email_key: email.clone(),
                email,
                display_name: name,
                password_hash: unusable_hash.to_owned(),
                roles: "volunteer".into(),
                wij_team_id: None,
                is_demo: true,
                created_at: at,
                updated_at: at,
            });
        }
        let home = weighted_wijk(rng);
        let exact = rng.chance(0.5).then(|| jitter(rng, home, 0.008));
        let radius = *rng.pick(RADII_KM);
        let mut langs = vec!["nl".to_owned()];
        if rng.chance(0.6) {
            langs.push(rng.pick(&languages).to_string());
        }
        langs.sort();
        langs.dedup();
        let slots: Vec<WeeklySlot> = (0..1 + rng.below(3))
            .map(|_| {
                // Between 08:00 and 21:00.
                let start = 8 + rng.below(10);
                let len = 1 + rng.below(4);
                WeeklySlot {
                    weekday: 1 + rng.below(7) as u8,
                    start: hour(start),
                    end: hour(start + len),
                }
            })
            .collect();
        let modes: CodeSet<Mode> = Mode::ALL
            .iter()
            .copied()
            .filter(|_| rng.chance(0.6))
            .collect();
        let modes = if modes.is_empty() {
            CodeSet::new([Mode::OneOff])
        } else {
            modes
        };
        for skill in some_of(rng, &skill_ids, 4) {
            made.skills.push(DemoSkill {
                user_id: id.clone(),
                skill,
            });
        }
        for r in reach(home.code, radius) {
            made.reaches.push(VolunteerReachRow {
                wijk_code: r.wijk_code,
                user_id: id.clone(),
                distance_km: r.distance_km,
                is_home: r.is_home,
            });
        }
        made.profiles.push(ProfileRow {
            user_id: id,
            wijk_code: home.code.to_owned(),
            lat: exact.map(|p| p.lat),
            lon: exact.map(|p| p.lon),
            max_distance_km: radius,
            languages: Codes::new(langs.iter().map(|l| l.to_string())),
            availability: Availability(slots),
            hours_per_week: (1 + rng.below(10)) as f64,
            modes,
            contact_preference: if rng.chance(0.8) {
                ContactPreference::Propose
            } else {
                ContactPreference::OnlyWhenIAsk
            },
            is_demo: true,
            created_at: at,
            updated_at: at,
        });
    }
    made
}
