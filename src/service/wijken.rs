//! The wijken of Groningen with the teams that cover them.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{DbConnection, teams};
use crate::domain::search;
use crate::domain::validation::{Checker, FieldError};
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Noun};
use crate::reference::{self, Wijk};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WijkView {
    /// CBS wijk code, e.g. `WK001404`.
    pub code: String,
    pub name: String,
    /// The CBS name until 2024, where it changed in 2025.
    pub former_name: Option<String>,
    /// Inhabitants on 1 January 2024 (CBS).
    pub population: i64,
    /// Centroid latitude (WGS84).
    pub lat: f64,
    /// Centroid longitude (WGS84).
    pub lon: f64,
    /// Teams that cover this wijk.
    pub wij_team_ids: Vec<String>,
}

fn view(w: &Wijk, team_ids: Vec<String>) -> WijkView {
    WijkView {
        code: w.code.to_owned(),
        name: w.name.to_owned(),
        former_name: w.former_name.map(str::to_owned),
        population: w.population,
        lat: w.lat,
        lon: w.lon,
        wij_team_ids: team_ids,
    }
}

/// All wijken, by code.
pub fn list(conn: &mut DbConnection) -> AppResult<Vec<WijkView>> {
    let mut coverage: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (wijk, team) in teams::coverage(conn)? {
        coverage.entry(wijk).or_default().push(team);
    }
    Ok(reference::wijken()
        .iter()
        .map(|w| view(w, coverage.remove(w.code).unwrap_or_default()))
        .collect())
}

pub fn get(conn: &mut DbConnection, code: &str) -> AppResult<WijkView> {
    let wijk = reference::wijk(code).ok_or(AppError::NotFound(Noun::Wijk))?;
    let team_ids = teams::coverage(conn)?
        .into_iter()
        .filter(|(w, _)| w == code)
        .map(|(_, t)| t)
        .collect();
    Ok(view(wijk, team_ids))
}

/// A Dutch postcode as a person types it: `9714`, `9714AB`, `9714 ab`. Only its PC4 (the
/// four digits) decides the wijk.
pub fn parse_postcode(field: &str, raw: &str) -> Result<String, FieldError> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = compact.as_bytes();
    let digits_ok =
        bytes.len() >= 4 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[0] != b'0';
    let letters_ok = match &bytes[4.min(bytes.len())..] {
        [] => true,
        [a, b] => a.is_ascii_alphabetic() && b.is_ascii_alphabetic(),
        _ => false,
    };
    if digits_ok && letters_ok {
        Ok(compact[..4].to_owned())
    } else {
        Err(FieldError::new(field, FieldText::Postcode))
    }
}

/// How much of a PC4 area a wijk holds, as far as the bundled data tells: each of its
/// buurten whose largest postcode area it is counts 2, each other buurt it covers 1, and
/// it counts 1 more when it covers at least 5 % of the wijk itself. Zero: not in the wijk.
fn postcode_weight(wijk: &Wijk, pc4: &str) -> u32 {
    let buurten: u32 = reference::buurten()
        .iter()
        .filter(|b| b.wijk_code == wijk.code)
        .map(|b| match b.pc4.iter().position(|p| *p == pc4) {
            Some(0) => 2,
            Some(_) => 1,
            None => 0,
        })
        .sum();
    buurten + u32::from(wijk.pc4.contains(&pc4))
}

/// The wijken a person may mean: by postcode (the wijk holding most of its PC4 area first,
/// then by code) and/or by a case- and accent-insensitive part of the name or former name
/// (by code). Without either, every wijk by code. Returns whether the order is a ranking
/// (a postcode was given).
pub fn lookup(
    conn: &mut DbConnection,
    postcode: Option<&str>,
    q: Option<&str>,
) -> AppResult<(Vec<WijkView>, bool)> {
    let mut check = Checker::new();
    let pc4 = postcode
        .filter(|p| !p.trim().is_empty())
        .and_then(|p| check.take(parse_postcode("postcode", p)));
    let q = q.map(str::trim).filter(|q| !q.is_empty());
    if let Some(q) = q {
        check.check(
            q.chars().count() <= 100,
            "q",
            FieldText::AtMostChars { max: 100 },
        );
    }
    check.finish()?;
    let needle = q.map(search::fold);
    let named = |w: &Wijk| {
        needle.as_deref().is_none_or(|n| {
            search::fold(w.name).contains(n)
                || w.former_name.is_some_and(|f| search::fold(f).contains(n))
        })
    };
    let mut found: Vec<(u32, &Wijk)> = reference::wijken()
        .iter()
        .filter(|w| named(w))
        .map(|w| (pc4.as_deref().map_or(1, |p| postcode_weight(w, p)), w))
        .filter(|(weight, _)| *weight > 0)
        .collect();
    // Stable: equal weights stay in code order.
    found.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    let mut all = list(conn)?;
    let views = found
        .into_iter()
        .filter_map(|(_, w)| {
            let at = all.iter().position(|v| v.code == w.code)?;
            Some(all.swap_remove(at))
        })
        .collect();
    Ok((views, pc4.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_read_as_people_write_them() {
        for ok in ["9714", "9714AB", "9714 AB", " 9714 ab ", "9714\tAB"] {
            assert_eq!(
                parse_postcode("postcode", ok).ok().as_deref(),
                Some("9714"),
                "{ok}"
            );
        }
        for bad in [
            "",
            "971",
            "97145",
            "0714",
            "9714A",
            "9714ABC",
            "97A4",
            "９７１４",
            "9714 A1",
        ] {
            assert!(parse_postcode("postcode", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_wijk_holding_most_of_a_postcode_weighs_most() {
        let w = |code| reference::wijk(code).unwrap();
        // 9713 is Oud-Oost's only postcode, and covers a corner of Centrum.
        assert!(postcode_weight(w("WK001404"), "9713") > postcode_weight(w("WK001400"), "9713"));
        assert!(postcode_weight(w("WK001400"), "9713") > 0);
        assert_eq!(postcode_weight(w("WK001419"), "9713"), 0);
    }
}

/// A CBS buurt (2022 division) and the wijk it lies in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BuurtView {
    /// CBS buurt code, e.g. `BU00140000`.
    pub code: String,
    pub name: String,
    /// CBS code of its wijk.
    pub wijk_code: String,
    /// Centroid latitude (WGS84).
    pub lat: f64,
    /// Centroid longitude (WGS84).
    pub lon: f64,
}

/// The buurten, by code; only those of `wijk` when given.
pub fn buurten(wijk: Option<crate::domain::vocabulary::WijkCode>) -> Vec<BuurtView> {
    reference::buurten()
        .iter()
        .filter(|b| wijk.is_none_or(|w| w.as_str() == b.wijk_code))
        .map(|b| BuurtView {
            code: b.code.to_owned(),
            name: b.name.to_owned(),
            wijk_code: b.wijk_code.to_owned(),
            lat: b.lat,
            lon: b.lon,
        })
        .collect()
}
