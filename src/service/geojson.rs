//! Open data as GeoJSON (RFC 7946): the wijk polygons and the initiatives that have a
//! location. Positions are `[longitude, latitude]` in WGS84, polygons are wound by the
//! right-hand rule (the reference loader sees to that), and no `crs` member is written.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{DbConnection, teams};
use crate::error::AppResult;
use crate::reference::{self, Polygon};
use crate::service::initiatives::{self, InitiativeView, ListFilter};

/// The media type of a GeoJSON document.
pub const MEDIA_TYPE: &str = "application/geo+json";

/// Always `"FeatureCollection"`.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub enum FeatureCollectionType {
    FeatureCollection,
}

/// Always `"Feature"`.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub enum FeatureType {
    Feature,
}

/// A GeoJSON geometry: positions are `[longitude, latitude]`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "type")]
pub enum Geometry {
    Point {
        #[schema(value_type = Vec<f64>, min_items = 2, max_items = 2)]
        coordinates: [f64; 2],
    },
    /// Exterior ring counter-clockwise, holes clockwise; each ring closed.
    Polygon {
        #[schema(value_type = Vec<Vec<Vec<f64>>>)]
        coordinates: Vec<Vec<[f64; 2]>>,
    },
    MultiPolygon {
        #[schema(value_type = Vec<Vec<Vec<Vec<f64>>>>)]
        coordinates: Vec<Vec<Vec<[f64; 2]>>>,
    },
}

fn positions(polygon: &Polygon) -> Vec<Vec<[f64; 2]>> {
    polygon
        .iter()
        .map(|ring| ring.iter().map(|&(lon, lat)| [lon, lat]).collect())
        .collect()
}

impl Geometry {
    fn of_polygons(polygons: &[Polygon]) -> Self {
        match polygons {
            [one] => Self::Polygon {
                coordinates: positions(one),
            },
            many => Self::MultiPolygon {
                coordinates: many.iter().map(positions).collect(),
            },
        }
    }
}

/// What a wijk feature says about its wijk.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WijkProperties {
    /// CBS wijk code, e.g. `WK001404`.
    pub code: String,
    pub name: String,
    /// Inhabitants on 1 January 2024 (CBS).
    pub population: i64,
    /// Teams that cover this wijk.
    pub wij_team_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WijkFeature {
    #[serde(rename = "type")]
    pub kind: FeatureType,
    /// The wijk code.
    pub id: String,
    pub geometry: Geometry,
    pub properties: WijkProperties,
}

/// The wijk polygons.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WijkCollection {
    #[serde(rename = "type")]
    pub kind: FeatureCollectionType,
    pub features: Vec<WijkFeature>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InitiativeFeature {
    #[serde(rename = "type")]
    pub kind: FeatureType,
    /// The initiative's id.
    pub id: String,
    /// A `Point`.
    pub geometry: Geometry,
    /// The initiative as the public list gives it.
    pub properties: InitiativeView,
}

/// Initiatives with a location, as points.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InitiativeCollection {
    #[serde(rename = "type")]
    pub kind: FeatureCollectionType,
    pub features: Vec<InitiativeFeature>,
}

/// Every wijk with its polygon, by code.
pub fn wijken(conn: &mut DbConnection) -> AppResult<WijkCollection> {
    let mut coverage: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (wijk, team) in teams::coverage(conn)? {
        coverage.entry(wijk).or_default().push(team);
    }
    let features = reference::wijken()
        .iter()
        .filter_map(|w| {
            let polygons = reference::wijk_polygons(w.code)?;
            Some(WijkFeature {
                kind: FeatureType::Feature,
                id: w.code.to_owned(),
                geometry: Geometry::of_polygons(polygons),
                properties: WijkProperties {
                    code: w.code.to_owned(),
                    name: w.name.to_owned(),
                    population: w.population,
                    wij_team_ids: coverage.remove(w.code).unwrap_or_default(),
                },
            })
        })
        .collect();
    Ok(WijkCollection {
        kind: FeatureCollectionType::FeatureCollection,
        features,
    })
}

/// The initiatives of the public list (same filters, same order) that have a location.
pub fn initiatives(
    conn: &mut DbConnection,
    filter: &ListFilter,
) -> AppResult<InitiativeCollection> {
    let features = initiatives::located(conn, filter)?
        .into_iter()
        .filter_map(|view| {
            let (lat, lon) = (view.lat?, view.lon?);
            Some(InitiativeFeature {
                kind: FeatureType::Feature,
                id: view.id.clone(),
                geometry: Geometry::Point {
                    coordinates: [lon, lat],
                },
                properties: view,
            })
        })
        .collect();
    Ok(InitiativeCollection {
        kind: FeatureCollectionType::FeatureCollection,
        features,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometries_write_longitude_first_and_their_type() {
        let point = serde_json::to_value(Geometry::Point {
            coordinates: [6.57, 53.21],
        })
        .unwrap();
        assert_eq!(
            point,
            serde_json::json!({"type": "Point", "coordinates": [6.57, 53.21]})
        );
        let polygons = reference::wijk_polygons("WK001404").unwrap();
        let one = serde_json::to_value(Geometry::of_polygons(polygons)).unwrap();
        assert_eq!(one["type"], "Polygon");
        let first = &one["coordinates"][0][0];
        assert!((6.4..6.8).contains(&first[0].as_f64().unwrap()), "{first}");
        assert!(
            (53.0..53.4).contains(&first[1].as_f64().unwrap()),
            "{first}"
        );
        let two = [polygons[0].clone(), polygons[0].clone()];
        let many = serde_json::to_value(Geometry::of_polygons(&two)).unwrap();
        assert_eq!(many["type"], "MultiPolygon");
        assert_eq!(many["coordinates"].as_array().unwrap().len(), 2);
    }
}
