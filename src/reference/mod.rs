//! Reference data compiled into the binary: Groningen's 20 wijken (CBS 2025), the WIJ-teams
//! known from public sources, and the vocabulary. Sources and licences: `reference/README.md`.
//! Nothing is downloaded at run time.

pub mod vocabulary;

use std::sync::LazyLock;

const WIJKEN_CSV: &str = include_str!("../../reference/groningen-wijken.csv");
const WIJ_TEAMS_CSV: &str = include_str!("../../reference/groningen-wij-teams.csv");

/// A wijk of the municipality of Groningen (CBS GM0014).
#[derive(Debug, Clone, PartialEq)]
pub struct Wijk {
    pub code: &'static str,
    pub name: &'static str,
    /// The CBS name until 2024, where the 2025 name differs.
    pub former_name: Option<&'static str>,
    pub population: i64,
    pub lat: f64,
    pub lon: f64,
}

/// A WIJ-team as the reference data knows it: only what the cited sources state.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamSeed {
    /// Stable key for idempotent seeding: the team's name in the source data.
    pub key: &'static str,
    pub name: &'static str,
    pub address: Option<&'static str>,
    pub wijk_codes: Vec<&'static str>,
}

static WIJKEN: LazyLock<Vec<Wijk>> = LazyLock::new(|| parse_wijken(WIJKEN_CSV));
static TEAMS: LazyLock<Vec<TeamSeed>> = LazyLock::new(|| parse_teams(WIJ_TEAMS_CSV));

/// All wijken, ordered by code.
pub fn wijken() -> &'static [Wijk] {
    &WIJKEN
}

pub fn wijk(code: &str) -> Option<&'static Wijk> {
    WIJKEN.iter().find(|w| w.code == code)
}

pub fn is_wijk(code: &str) -> bool {
    wijk(code).is_some()
}

pub fn team_seeds() -> &'static [TeamSeed] {
    &TEAMS
}

fn parse_wijken(csv: &'static str) -> Vec<Wijk> {
    let mut wijken: Vec<Wijk> = csv
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f = split_csv_line(line);
            let name = f[1];
            let former = f[6];
            Wijk {
                code: f[0],
                name,
                former_name: (!former.is_empty() && former != name).then_some(former),
                lat: parse_num(f[2], "lat"),
                lon: parse_num(f[3], "lon"),
                population: parse_num(f[4], "population"),
            }
        })
        .collect();
    wijken.sort_by(|a, b| a.code.cmp(b.code));
    wijken
}

fn parse_teams(csv: &'static str) -> Vec<TeamSeed> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f = split_csv_line(line);
            TeamSeed {
                key: f[0],
                name: f[0],
                address: (!f[1].is_empty()).then_some(f[1]),
                wijk_codes: f[5].split(';').filter(|c| !c.is_empty()).collect(),
            }
        })
        .collect()
}

fn parse_num<T: std::str::FromStr>(raw: &str, what: &str) -> T {
    raw.parse()
        .unwrap_or_else(|_| panic!("bundled reference data: bad {what} `{raw}`"))
}

/// Split one CSV line into fields, honouring double quotes (no embedded newlines in our
/// files). Quoted fields keep their inner text as-is apart from the surrounding quotes;
/// the fields we read never contain doubled quotes.
fn split_csv_line(line: &'static str) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mut start = 0;
    let mut in_quotes = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => {
                fields.push(unquote(&line[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    fields.push(unquote(&line[start..]));
    fields
}

fn unquote(field: &'static str) -> &'static str {
    field
        .strip_prefix('"')
        .and_then(|f| f.strip_suffix('"'))
        .unwrap_or(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_twenty_wijken_of_groningen_are_there() {
        let w = wijken();
        assert_eq!(w.len(), 20);
        for (i, wijk) in w.iter().enumerate() {
            assert_eq!(wijk.code, format!("WK0014{i:02}"));
            assert!((53.0..53.4).contains(&wijk.lat), "{}", wijk.code);
            assert!((6.4..6.8).contains(&wijk.lon), "{}", wijk.code);
            assert!(wijk.population > 0);
        }
        let total: i64 = w.iter().map(|w| w.population).sum();
        assert_eq!(total, 243_750);
    }

    #[test]
    fn renamed_wijken_keep_their_former_name() {
        assert_eq!(wijk("WK001404").unwrap().name, "Oud-Oost");
        assert_eq!(
            wijk("WK001404").unwrap().former_name,
            Some("Oosterparkwijk")
        );
        assert_eq!(wijk("WK001406").unwrap().former_name, Some("Helpman e.o."));
        assert_eq!(wijk("WK001410").unwrap().former_name, Some("Noordwest"));
        assert_eq!(
            wijk("WK001412").unwrap().former_name,
            Some("Noorddijk e.o.")
        );
        assert_eq!(wijk("WK001400").unwrap().former_name, None);
        assert_eq!(
            wijken().iter().filter(|w| w.former_name.is_some()).count(),
            4
        );
    }

    #[test]
    fn teams_cover_only_what_the_sources_state() {
        let teams = team_seeds();
        assert_eq!(teams.len(), 6);
        let oosterpark = teams
            .iter()
            .find(|t| t.name == "WIJ Oosterparkwijk")
            .unwrap();
        assert_eq!(oosterpark.wijk_codes, vec!["WK001404"]);
        assert!(
            teams
                .iter()
                .filter(|t| t.name != "WIJ Oosterparkwijk")
                .all(|t| t.wijk_codes.is_empty())
        );
        let vinkhuizen = teams.iter().find(|t| t.name == "WIJ Vinkhuizen").unwrap();
        assert_eq!(
            vinkhuizen.address,
            Some("Diamantlaan 94, Groningen ('t Vinkhuys)")
        );
        assert_eq!(teams.iter().filter(|t| t.address.is_some()).count(), 1);
    }

    #[test]
    fn quoted_csv_fields_keep_their_commas() {
        assert_eq!(split_csv_line(r#"a,"b, c",d"#), vec!["a", "b, c", "d"]);
    }
}
