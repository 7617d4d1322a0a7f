//! `wijkmatch seed-demo`: a realistic, deterministic demo set on the real wijken of
//! Groningen: initiatives with Dutch names and themes, volunteers with profiles and
//! availability, key figures, contacts for every team, one help offer per volunteer and
//! 2N open support requests (with made-up residents). Every demo row is marked `is_demo`
//! (requests through their demo creator); the seeder replaces earlier demo data and refuses
//! to touch a database that holds real registry records unless forced.

use diesel::prelude::*;

use super::volunteers::reach;
use crate::auth::hashing;
use crate::db::offers::{OfferRow, ReachRow};
use crate::db::requests::RequestRow;
use crate::db::schema::{
    initiative_coordinators, initiative_themes, initiatives, key_figures, offer_reach, offers,
    requests, users, volunteer_profiles, volunteer_reach, volunteer_skills, wij_contacts,
};
use crate::db::volunteers::{ProfileRow, VolunteerReachRow};
use crate::db::{DbConnection, DbError, bulk, now, teams};
use crate::domain::codes::{CodeSet, Codes};
use crate::domain::geo::GeoPoint;
use crate::domain::kinds::Visibility;
use crate::domain::schedule::{
    Availability, ContactPreference, Mode, SlotInput, Urgency, WeeklySlot,
};
use crate::domain::search;
use crate::domain::status::{OfferStatus, RequestStatus};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::insert_batch;
use crate::reference::{self, vocabulary};

/// A small, fast, portable PRNG (SplitMix64): the same seed gives the same demo set on
/// every platform and with every version of our dependencies.
pub struct DemoRng(u64);

impl DemoRng {
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// Uniform in `[-1, 1)`.
    pub fn signed_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }

    /// A deterministic UUID (v4 layout) from the stream.
    pub fn uuid(&mut self) -> String {
        let bytes =
            ((u128::from(self.next_u64())) << 64 | u128::from(self.next_u64())).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }
}

const KINDS: &[(&str, &str)] = &[
    ("Buurttuin", "groen_en_tuinen"),
    ("Schooltuin", "kinderen_en_jeugd"),
    ("Kinderboerderij", "dieren"),
    ("Koffie-inloop", "samenleving_in_de_buurt"),
    ("Coöperatieve wijkraad", "actief_in_de_samenleving"),
    ("Buurtapp", "samenleving_in_de_buurt"),
    ("Repair Café", "duurzaamheid"),
    ("Taalcafé", "taal_en_meedoen"),
    ("Speeltuinvereniging", "kinderen_en_jeugd"),
    ("Wandelclub", "gezondheid_en_bewegen"),
    ("Kledingruil", "armoede_en_geldzorgen"),
    ("Maaltijdproject", "eenzaamheid"),
    ("Huiswerkklas", "kinderen_en_jeugd"),
    ("Seniorensoos", "ouderen"),
    ("Mantelzorgcafé", "mantelzorg"),
    ("Buurtkamer", "samenleving_in_de_buurt"),
    ("Muziekproject", "cultuur_en_ontmoeting"),
    ("Bewonerscommissie", "wonen_en_leefbaarheid"),
];

/// Street names for demo initiatives, combined with the initiative's real wijk.
const STREETS: &[&str] = &[
    "Vinkenstraat",
    "Oosterweg",
    "Kerklaan",
    "Parkweg",
    "Molenstraat",
    "Schoolstraat",
    "Dorpsstraat",
    "Hoofdweg",
    "Tuinstraat",
    "Kanaalweg",
    "Zonnelaan",
    "Esdoornlaan",
    "Lindenlaan",
    "Beukenlaan",
    "Wilhelminastraat",
    "Julianaplein",
];

const PLACES: &[&str] = &[
    "De Hoogte",
    "Oosterpark",
    "Selwerd",
    "Paddepoel",
    "Vinkhuizen",
    "Beijum",
    "Lewenborg",
    "De Wijert",
    "Corpus den Hoorn",
    "Hoornse Meer",
    "Helpman",
    "Korrewegwijk",
    "Schildersbuurt",
    "Rivierenbuurt",
    "Herewegbuurt",
    "Reitdiep",
    "Hoogkerk",
    "Meerstad",
    "Ten Boer",
    "Haren",
    "Glimmen",
    "De Held",
    "Zeeheldenbuurt",
    "Indische buurt",
    "Noorderplantsoen",
    "Kostverloren",
];

const FIRST_NAMES: &[&str] = &[
    "Anna", "Bram", "Carla", "Daan", "Eva", "Fatima", "Gerrit", "Hanna", "Ibrahim", "Jantje",
    "Kees", "Lotte", "Mohammed", "Noor", "Olga", "Pieter", "Quinten", "Roos", "Sem", "Tessa",
    "Umut", "Vera", "Willem", "Yara", "Zeynep", "Aukje", "Tjeerd", "Marleen", "Koen", "Ayşe",
];

const LAST_NAMES: &[&str] = &[
    "de Vries",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Kuipers",
    "Dijkstra",
    "Hoekstra",
    "Veenstra",
    "Yilmaz",
    "El Amrani",
    "Nowak",
    "Jansen",
    "Postma",
    "Wieringa",
    "Huizinga",
    "Zijlstra",
];

const ORGANISATIONS: &[&str] = &[
    "Supermarkt",
    "Snackbar",
    "Kapsalon",
    "Buurthuis",
    "Moskee",
    "Kerk",
    "Sportvereniging",
    "Huisartsenpraktijk",
    "Bibliotheek",
    "Apotheek",
    "Fietsenmaker",
    "Bakkerij",
];

/// Travel radii with a median of 3 km, from 1 to 15 km.
const RADII_KM: &[f64] = &[
    1., 1., 2., 2., 2., 2., 3., 3., 3., 3., 3., 4., 4., 5., 5., 6., 8., 10., 12., 15.,
];

#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    pub scale: usize,
    pub seed: u64,
    pub force: bool,
}

/// What the seeder made, and how to log in.
#[derive(Debug)]
pub struct DemoSummary {
    pub initiatives: usize,
    pub volunteers: usize,
    pub offers: usize,
    pub requests: usize,
    pub key_figures: usize,
    pub contacts: usize,
    pub logins: Vec<(String, &'static str)>,
    pub password: String,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
struct DemoUser {
    id: String,
    email: String,
    email_key: String,
    display_name: String,
    password_hash: String,
    roles: String,
    wij_team_id: Option<String>,
    is_demo: bool,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = volunteer_skills)]
struct DemoSkill {
    user_id: String,
    skill: String,
}

#[derive(Insertable)]
#[diesel(table_name = initiatives)]
struct DemoInitiative {
    id: String,
    name: String,
    description: String,
    wijk_code: String,
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
struct DemoTheme {
    initiative_id: String,
    theme: String,
}

#[derive(Insertable)]
#[diesel(table_name = initiative_coordinators)]
struct DemoCoordinator {
    initiative_id: String,
    user_id: String,
    added_at: chrono::NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = wij_contacts)]
struct DemoContact {
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

/// A home wijk, weighted by population.
fn weighted_wijk(rng: &mut DemoRng) -> &'static reference::Wijk {
    let total: i64 = reference::wijken().iter().map(|w| w.population).sum();
    let mut ticket = (rng.next_u64() % total as u64) as i64;
    for w in reference::wijken() {
        if ticket < w.population {
            return w;
        }
        ticket -= w.population;
    }
    &reference::wijken()[0]
}

fn jitter(rng: &mut DemoRng, w: &reference::Wijk, degrees: f64) -> GeoPoint {
    GeoPoint {
        lat: w.lat + rng.signed_unit() * degrees,
        lon: w.lon + rng.signed_unit() * degrees * 1.6,
    }
}

fn some_of(rng: &mut DemoRng, ids: &[&'static str], max: usize) -> Vec<String> {
    let n = 1 + rng.below(max);
    let mut picked: Vec<String> = (0..n).map(|_| rng.pick(ids).to_string()).collect();
    picked.sort();
    picked.dedup();
    picked
}

/// Refuse when real (non-demo) registry records exist, unless forced.
fn check_safe(conn: &mut DbConnection, force: bool) -> AppResult<()> {
    if force {
        return Ok(());
    }
    let real = bulk::count_where(conn, "initiatives", "is_demo = FALSE")?
        + bulk::count_where(conn, "volunteer_profiles", "is_demo = FALSE")?
        + bulk::count_where(conn, "key_figures", "is_demo = FALSE")?;
    if real > 0 {
        return Err(AppError::Conflict(Text::DemoRefused { real }));
    }
    Ok(())
}

/// Remove earlier demo data (demo users cascade to their profiles, offers and coordinator
/// rows; requests they filed take their matches and hours with them).
fn clear_demo(conn: &mut DbConnection) -> Result<(), DbError> {
    let demo_users = users::table
        .filter(users::is_demo.eq(true))
        .select(users::id);
    diesel::delete(requests::table.filter(requests::created_by.eq_any(demo_users.nullable())))
        .execute(conn)?;
    diesel::delete(initiatives::table.filter(initiatives::is_demo.eq(true))).execute(conn)?;
    diesel::delete(key_figures::table.filter(key_figures::is_demo.eq(true))).execute(conn)?;
    diesel::delete(wij_contacts::table.filter(wij_contacts::is_demo.eq(true))).execute(conn)?;
    diesel::delete(users::table.filter(users::is_demo.eq(true))).execute(conn)?;
    Ok(())
}

pub fn seed(conn: &mut DbConnection, options: DemoOptions) -> AppResult<DemoSummary> {
    check_safe(conn, options.force)?;
    let mut rng = DemoRng::new(options.seed);
    let n = options.scale.max(1);
    let at = now();
    let volunteers = 5 * n;
    let key_figure_count = (n / 10).max(1);

    // Named logins share one freshly generated password, hashed once; every other demo
    // account gets a hash that no password matches.
    let password = format!(
        "demo {} {}",
        hashing::hex(&rand::random::<[u8; 6]>()),
        "buurtfiets"
    );
    let usable_hash = hashing::hash(&password).map_err(AppError::internal)?;
    let unusable_hash = "!demo-account-without-password".to_owned();
    let oosterpark = teams::find_by_seed_key(conn, "WIJ Oosterparkwijk")?.map(|t| t.id);

    let mut demo_users = Vec::with_capacity(volunteers + 4);
    let mut logins = Vec::new();
    for (email, roles, team) in [
        ("demo-admin@demo.wijkmatch.invalid", "admin", None),
        (
            "demo-teamworker@demo.wijkmatch.invalid",
            "team_worker",
            oosterpark.clone(),
        ),
        (
            "demo-coordinator@demo.wijkmatch.invalid",
            "coordinator",
            None,
        ),
        ("demo-volunteer@demo.wijkmatch.invalid", "volunteer", None),
    ] {
        logins.push((email.to_owned(), roles_label(roles)));
        demo_users.push(DemoUser {
            id: rng.uuid(),
            email: email.to_owned(),
            email_key: email.to_owned(),
            display_name: format!("Demo {}", roles.replace('_', " ")),
            password_hash: usable_hash.clone(),
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
    let coordinator_id = demo_users[2].id.clone();
    let named_volunteer_id = demo_users[3].id.clone();

    let mut profiles = Vec::with_capacity(volunteers + 1);
    let mut skills = Vec::new();
    let mut reaches = Vec::new();
    let skill_ids: Vec<&'static str> = vocabulary::SKILLS.iter().map(|t| t.id).collect();
    let languages: Vec<&'static str> =
        ["en", "de", "ar", "tr", "pl", "fy", "uk", "so", "ti", "fa"].to_vec();
    for i in 0..=volunteers {
        // i == volunteers is the named demo volunteer.
        let id = if i == volunteers {
            named_volunteer_id.clone()
        } else {
            rng.uuid()
        };
        let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
        if i < volunteers {
            let email = format!("demo-volunteer-{i}@demo.wijkmatch.invalid");
            demo_users.push(DemoUser {
                id: id.clone(),
                email_key: email.clone(),
                email,
                display_name: name,
                password_hash: unusable_hash.clone(),
                roles: "volunteer".into(),
                wij_team_id: None,
                is_demo: true,
                created_at: at,
                updated_at: at,
            });
        }
        let home = weighted_wijk(&mut rng);
        let exact = rng.chance(0.5).then(|| jitter(&mut rng, home, 0.008));
        let radius = *rng.pick(RADII_KM);
        let mut langs = vec!["nl".to_owned()];
        if rng.chance(0.6) {
            langs.push(rng.pick(&languages).to_string());
        }
        langs.sort();
        langs.dedup();
        let slots: Vec<SlotInput> = (0..1 + rng.below(3))
            .map(|_| {
                // Between 08:00 and 21:00.
                let start = 8 + rng.below(10);
                let len = 1 + rng.below(4);
                SlotInput {
                    weekday: 1 + rng.below(7) as i64,
                    start: format!("{start:02}:00"),
                    end: format!("{:02}:00", start + len),
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
        for skill in some_of(&mut rng, &skill_ids, 4) {
            skills.push(DemoSkill {
                user_id: id.clone(),
                skill,
            });
        }
        for r in reach(home.code, radius) {
            reaches.push(VolunteerReachRow {
                wijk_code: r.wijk_code,
                user_id: id.clone(),
                distance_km: r.distance_km,
                is_home: r.is_home,
            });
        }
        profiles.push(ProfileRow {
            user_id: id,
            wijk_code: home.code.to_owned(),
            lat: exact.map(|p| p.lat),
            lon: exact.map(|p| p.lon),
            max_distance_km: radius,
            languages: Codes::new(langs.iter().map(|l| l.to_string())),
            availability: Availability(
                slots
                    .iter()
                    .map(|s| {
                        WeeklySlot::parse("availability", s)
                            .map_err(|_| AppError::internal("demo slot"))
                    })
                    .collect::<AppResult<_>>()?,
            ),
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

    let mut demo_initiatives = Vec::with_capacity(n);
    let mut themes = Vec::new();
    let mut coordinators = Vec::with_capacity(n);
    let theme_ids: Vec<&'static str> = vocabulary::THEMES.iter().map(|t| t.id).collect();
    for i in 0..n {
        let (kind, theme) = *rng.pick(KINDS);
        let wijk = weighted_wijk(&mut rng);
        let name = format!("{kind} {}, {}", rng.pick(STREETS), wijk.name);
        let description = format!(
            "{kind} in {}: bewoners doen het samen, voor en met de buurt. Iedereen is welkom om mee te helpen.",
            wijk.name
        );
        let id = rng.uuid();
        let at_point = jitter(&mut rng, wijk, 0.006);
        let mut ts = vec![theme.to_owned()];
        if rng.chance(0.4) {
            ts.push(rng.pick(&theme_ids).to_string());
        }
        ts.sort();
        ts.dedup();
        for t in ts {
            themes.push(DemoTheme {
                initiative_id: id.clone(),
                theme: t,
            });
        }
        // The named coordinator runs the first few; demo volunteers the rest.
        let coordinator = if i < 3 {
            coordinator_id.clone()
        } else {
            profiles[rng.below(volunteers)].user_id.clone()
        };
        coordinators.push(DemoCoordinator {
            initiative_id: id.clone(),
            user_id: coordinator,
            added_at: at,
        });
        demo_initiatives.push(DemoInitiative {
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

    let recorded_by = demo_users[1].id.clone();
    let key_figure_rows: Vec<crate::db::key_figures::KeyFigureRow> = (0..key_figure_count)
        .map(|_| {
            let wijk = weighted_wijk(&mut rng);
            let organisation = format!("{} {}", rng.pick(ORGANISATIONS), rng.pick(PLACES));
            crate::db::key_figures::KeyFigureRow {
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
                recorded_by_user_id: Some(recorded_by.clone()),
                is_demo: true,
                created_at: at,
                updated_at: at,
            }
        })
        .collect();

    let all_teams = teams::list(conn, None, 1000)?;
    let mut contacts = Vec::new();
    for team in &all_teams {
        for role in ["wijkwerker", "jeugdwerker", "opbouwwerker"] {
            let first = *rng.pick(FIRST_NAMES);
            contacts.push(DemoContact {
                id: rng.uuid(),
                team_id: team.team.id.clone(),
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

    let (offer_rows, offer_reaches) = demo_offers(&mut rng, &profiles, &skills, at)?;
    let offer_count = offer_rows.len();
    let request_rows = demo_requests(
        &mut rng,
        2 * n,
        &demo_users[1].id,
        &coordinator_id,
        &demo_initiatives,
        at,
    )?;
    let request_count = request_rows.len();

    conn.write_tx(|conn| {
        clear_demo(conn)?;
        insert_batch!(conn, users::table, demo_users)?;
        insert_batch!(conn, volunteer_profiles::table, profiles)?;
        insert_batch!(conn, volunteer_skills::table, skills)?;
        insert_batch!(conn, volunteer_reach::table, reaches)?;
        insert_batch!(conn, initiatives::table, demo_initiatives)?;
        insert_batch!(conn, initiative_themes::table, themes)?;
        insert_batch!(conn, initiative_coordinators::table, coordinators)?;
        insert_batch!(conn, key_figures::table, key_figure_rows)?;
        insert_batch!(conn, wij_contacts::table, contacts)?;
        insert_batch!(conn, offers::table, offer_rows)?;
        insert_batch!(conn, offer_reach::table, offer_reaches)?;
        insert_batch!(conn, requests::table, request_rows)?;
        Ok::<_, DbError>(())
    })?;
    conn.refresh_statistics(true)?;
    Ok(DemoSummary {
        initiatives: n,
        volunteers: volunteers + 1,
        offers: offer_count,
        requests: request_count,
        key_figures: key_figure_count,
        contacts: all_teams.len() * 3,
        logins,
        password,
    })
}

/// One offer per volunteer, from their profile: some of their skills, their home wijk and
/// radius, one to three categories, room for one to three matches, valid for 1–6 months.
fn demo_offers(
    rng: &mut DemoRng,
    profiles: &[ProfileRow],
    skills: &[DemoSkill],
    at: chrono::NaiveDateTime,
) -> AppResult<(Vec<OfferRow>, Vec<ReachRow>)> {
    let category_ids: Vec<&'static str> = vocabulary::CATEGORIES.iter().map(|t| t.id).collect();
    let mut by_user: std::collections::HashMap<&str, Vec<String>> = Default::default();
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
        reaches.extend(super::engine::offer_reach(
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

const NEEDS: &[(&str, &str)] = &[
    ("groceries", "Boodschappen doen"),
    ("companionship", "Wekelijks een kop koffie en een praatje"),
    ("transport", "Begeleiding naar het ziekenhuis"),
    ("paperwork", "Hulp bij formulieren en post"),
    ("informal_care", "Even de mantelzorger ontlasten"),
];

/// Open requests in population-weighted wijken: filed for made-up residents by the demo team
/// worker, or by the demo coordinator for one of their initiatives; waiting up to 60 days.
fn demo_requests(
    rng: &mut DemoRng,
    count: usize,
    worker_id: &str,
    coordinator_id: &str,
    demo_initiatives: &[DemoInitiative],
    at: chrono::NaiveDateTime,
) -> AppResult<Vec<RequestRow>> {
    let category_ids: Vec<&'static str> = vocabulary::CATEGORIES.iter().map(|t| t.id).collect();
    let skill_ids: Vec<&'static str> = vocabulary::SKILLS.iter().map(|t| t.id).collect();
    let mut rows = Vec::with_capacity(count);
    for _ in 0..count {
        let for_initiative = rng.chance(0.2) && !demo_initiatives.is_empty();
        let (wijk, initiative_id, created_by) = if for_initiative {
            let i = rng.pick(demo_initiatives);
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
                Some(super::requests::ScheduleInput::Weekly {
                    slots: vec![SlotInput {
                        weekday: 1 + rng.below(7) as i64,
                        start: format!("{start:02}:00"),
                        end: format!("{:02}:00", start + 1 + rng.below(3)),
                    }],
                })
            }
            5..=6 => {
                let starts =
                    (at + chrono::Duration::hours(24 * (2 + rng.below(28)) as i64 + 10)).and_utc();
                Some(super::requests::ScheduleInput::Once {
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
            schedule: schedule
                .map(|s| s.parse("schedule"))
                .transpose()
                .map_err(|_| AppError::internal("demo schedule"))?,
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

fn roles_label(roles: &str) -> &'static str {
    match roles {
        "admin" => "admin",
        "team_worker" => "team worker of WIJ Oosterparkwijk",
        "coordinator" => "coordinator of three demo initiatives",
        _ => "volunteer with a profile",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rng_is_deterministic_and_spreads() {
        let mut a = DemoRng::new(7);
        let mut b = DemoRng::new(7);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(DemoRng::new(8).next_u64(), xs[0]);
        let mut r = DemoRng::new(1);
        let mut counts = [0usize; 4];
        for _ in 0..4000 {
            counts[r.below(4)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (800..1200).contains(&c)),
            "{counts:?}"
        );
        assert_eq!(DemoRng::new(3).uuid(), DemoRng::new(3).uuid());
    }

    #[test]
    fn radii_have_a_median_of_three_km() {
        let mut sorted = RADII_KM.to_vec();
        sorted.sort_by(f64::total_cmp);
        assert_eq!(sorted[sorted.len() / 2], 3.0);
        assert_eq!(sorted.first(), Some(&1.0));
        assert_eq!(sorted.last(), Some(&15.0));
    }
}
