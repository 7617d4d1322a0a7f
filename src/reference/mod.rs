//! Reference data compiled into the binary: Groningen's 20 wijken (CBS 2025) with their
//! polygons, the buurten (CBS 2022) with their postcode areas, the WIJ-teams known from
//! public sources, and the vocabulary. Sources and licences: `reference/README.md`.
//! Nothing is downloaded at run time.

pub mod vocabulary;

use std::sync::LazyLock;

const WIJKEN_CSV: &str = include_str!("../../reference/groningen-wijken.csv");
const WIJ_TEAMS_CSV: &str = include_str!("../../reference/groningen-wij-teams.csv");
const BUURTEN_CSV: &str = include_str!("../../reference/groningen-buurten.csv");
const WIJKEN_GEOJSON: &str = include_str!("../../reference/groningen-wijken-2025.geojson");

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
    /// The PC4 postcode areas covering at least 5 % of the wijk, largest share first
    /// (empty where the source has none).
    pub pc4: Vec<&'static str>,
}

/// A CBS buurt (2022 division) of the municipality.
#[derive(Debug, Clone, PartialEq)]
pub struct Buurt {
    pub code: &'static str,
    pub name: &'static str,
    pub wijk_code: &'static str,
    pub lat: f64,
    pub lon: f64,
    /// The PC4 areas covering at least 10 % of the buurt, largest first.
    pub pc4: Vec<&'static str>,
}

/// One ring of a polygon: (longitude, latitude) pairs, WGS84, first = last.
pub type Ring = Vec<(f64, f64)>;

/// One polygon: its exterior ring first, then its holes. As loaded, exteriors run
/// counter-clockwise and holes clockwise (the right-hand rule of RFC 7946).
pub type Polygon = Vec<Ring>;

/// A wijk's shape: the polygons of its (Multi)Polygon, and all their rings in one list for
/// drawing.
struct Shape {
    code: String,
    polygons: Vec<Polygon>,
    rings: Vec<Ring>,
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
static BUURTEN: LazyLock<Vec<Buurt>> = LazyLock::new(|| parse_buurten(BUURTEN_CSV));
static SHAPES: LazyLock<Vec<Shape>> = LazyLock::new(|| parse_shapes(WIJKEN_GEOJSON));

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

/// All buurten, ordered by code.
pub fn buurten() -> &'static [Buurt] {
    &BUURTEN
}

/// The outline of a wijk: its polygon's rings, the outer one first.
pub fn wijk_polygon(code: &str) -> Option<&'static [Ring]> {
    shape(code).map(|s| s.rings.as_slice())
}

/// The polygons of a wijk (one, unless the source draws it in parts), wound by the
/// right-hand rule.
pub fn wijk_polygons(code: &str) -> Option<&'static [Polygon]> {
    shape(code).map(|s| s.polygons.as_slice())
}

fn shape(code: &str) -> Option<&'static Shape> {
    SHAPES.iter().find(|s| s.code == code)
}

/// Twice the signed area of a closed ring in the (lon, lat) plane: positive when it runs
/// counter-clockwise.
pub fn signed_area2(ring: &[(f64, f64)]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum()
}

/// Turns a polygon's rings the way RFC 7946 asks: the exterior counter-clockwise, holes
/// clockwise. Whatever the source did, the rings keep their points.
fn wind_right_hand(mut polygon: Polygon) -> Polygon {
    for (i, ring) in polygon.iter_mut().enumerate() {
        let counter_clockwise = signed_area2(ring) > 0.0;
        if counter_clockwise != (i == 0) {
            ring.reverse();
        }
    }
    polygon
}

fn pc4_list(field: &'static str) -> Vec<&'static str> {
    field.split(';').filter(|c| !c.is_empty()).collect()
}

fn parse_buurten(csv: &'static str) -> Vec<Buurt> {
    let mut buurten: Vec<Buurt> = csv
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f = split_csv_line(line);
            Buurt {
                code: f[0],
                name: f[1],
                wijk_code: f[2],
                lat: parse_num(f[3], "lat"),
                lon: parse_num(f[4], "lon"),
                pc4: pc4_list(f[5]),
            }
        })
        .collect();
    buurten.sort_by(|a, b| a.code.cmp(b.code));
    buurten
}

/// The wijk polygons of the bundled GeoJSON (Polygon and MultiPolygon features), wound by
/// the right-hand rule.
fn parse_shapes(geojson: &str) -> Vec<Shape> {
    let doc: serde_json::Value =
        serde_json::from_str(geojson).unwrap_or_else(|e| panic!("bundled wijk polygons: {e}"));
    let ring = |r: &serde_json::Value| -> Ring {
        r.as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
            .collect()
    };
    let polygon = |p: &serde_json::Value| -> Polygon {
        wind_right_hand(p.as_array().into_iter().flatten().map(ring).collect())
    };
    doc["features"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let code = f["properties"]["statcode"].as_str()?.to_owned();
            let coords = &f["geometry"]["coordinates"];
            let polygons: Vec<Polygon> = match f["geometry"]["type"].as_str()? {
                "Polygon" => vec![polygon(coords)],
                "MultiPolygon" => coords.as_array()?.iter().map(polygon).collect(),
                _ => return None,
            };
            let rings = polygons.iter().flatten().cloned().collect();
            Some(Shape {
                code,
                polygons,
                rings,
            })
        })
        .collect()
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
                pc4: pc4_list(f[5]),
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
    fn every_wijk_has_a_polygon_around_its_centroid_and_its_buurten() {
        for w in wijken() {
            let rings = wijk_polygon(w.code).unwrap_or_else(|| panic!("{} has no polygon", w.code));
            let outer = &rings[0];
            assert!(
                outer.len() >= 4 && outer.first() == outer.last(),
                "{}",
                w.code
            );
            let (lons, lats): (Vec<f64>, Vec<f64>) = outer.iter().copied().unzip();
            let within = |v: f64, vs: &[f64]| {
                vs.iter().copied().fold(f64::INFINITY, f64::min) <= v
                    && v <= vs.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            };
            assert!(within(w.lon, &lons) && within(w.lat, &lats), "{}", w.code);
        }
        assert_eq!(buurten().len(), 150);
        assert!(buurten().iter().all(|b| is_wijk(b.wijk_code)));
        assert!(
            wijken()
                .iter()
                .all(|w| buurten().iter().any(|b| b.wijk_code == w.code))
        );
        assert_eq!(wijk("WK001404").unwrap().pc4, vec!["9713"]);
        assert!(wijk("WK001415").unwrap().pc4.is_empty());
    }

    #[test]
    fn rings_are_wound_by_the_right_hand_rule_whatever_the_source_did() {
        let square = |clockwise: bool| -> Ring {
            let mut r = vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)];
            if clockwise {
                r.reverse();
            }
            r
        };
        let hole = |clockwise: bool| -> Ring {
            let mut r = vec![
                (0.25, 0.25),
                (0.75, 0.25),
                (0.75, 0.75),
                (0.25, 0.75),
                (0.25, 0.25),
            ];
            if clockwise {
                r.reverse();
            }
            r
        };
        for (outer_cw, hole_cw) in [(false, true), (true, false), (true, true), (false, false)] {
            let wound = wind_right_hand(vec![square(outer_cw), hole(hole_cw)]);
            assert!(signed_area2(&wound[0]) > 0.0, "exterior counter-clockwise");
            assert!(signed_area2(&wound[1]) < 0.0, "hole clockwise");
            assert_eq!(wound[0].len(), 5);
            assert_eq!(wound[0].first(), wound[0].last());
        }
        for w in wijken() {
            for polygon in wijk_polygons(w.code).unwrap() {
                assert!(signed_area2(&polygon[0]) > 0.0, "{}", w.code);
                assert!(polygon[1..].iter().all(|h| signed_area2(h) < 0.0));
            }
        }
    }

    #[test]
    fn quoted_csv_fields_keep_their_commas() {
        assert_eq!(split_csv_line(r#"a,"b, c",d"#), vec!["a", "b, c", "d"]);
    }
}
