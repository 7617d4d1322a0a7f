//! The wijken of Groningen with the teams that cover them.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{DbConnection, teams};
use crate::error::{AppError, AppResult};
use crate::i18n::Noun;
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
