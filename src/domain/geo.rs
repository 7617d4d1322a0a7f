//! Locations and great-circle distances.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::validation::FieldError;
use crate::i18n::FieldText;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

impl GeoPoint {
    /// Check latitude (−90…90) and longitude (−180…180); `prefix` names the fields.
    pub fn parse(prefix: &str, lat: f64, lon: f64) -> Result<Self, FieldError> {
        let field = |name: &str| {
            if prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{prefix}.{name}")
            }
        };
        Ok(Self {
            lat: Self::latitude(&field("lat"), lat)?,
            lon: Self::longitude(&field("lon"), lon)?,
        })
    }

    /// An optional location given as two optional fields: both or neither; `prefix` names
    /// the fields, and a lone coordinate is reported on `lat`.
    pub fn parse_optional(
        prefix: &str,
        lat: Option<f64>,
        lon: Option<f64>,
    ) -> Result<Option<Self>, FieldError> {
        match (lat, lon) {
            (Some(lat), Some(lon)) => Self::parse(prefix, lat, lon).map(Some),
            (None, None) => Ok(None),
            _ if prefix.is_empty() => Err(FieldError::new("lat", FieldText::LatLonTogether)),
            _ => Err(FieldError::new(
                &format!("{prefix}.lat"),
                FieldText::LatLonTogether,
            )),
        }
    }

    /// A latitude alone (−90…90), for a change that gives one coordinate.
    pub fn latitude(field: &str, lat: f64) -> Result<f64, FieldError> {
        if lat.is_finite() && (-90.0..=90.0).contains(&lat) {
            Ok(lat)
        } else {
            Err(FieldError::new(field, FieldText::Latitude))
        }
    }

    /// A longitude alone (−180…180).
    pub fn longitude(field: &str, lon: f64) -> Result<f64, FieldError> {
        if lon.is_finite() && (-180.0..=180.0).contains(&lon) {
            Ok(lon)
        } else {
            Err(FieldError::new(field, FieldText::Longitude))
        }
    }

    /// Great-circle distance in kilometres (the matching engine's haversine).
    pub fn distance_km(self, other: GeoPoint) -> f64 {
        crate::matching::GeoPoint::from(self).distance_km(other.into())
    }
}

impl From<GeoPoint> for crate::matching::GeoPoint {
    fn from(p: GeoPoint) -> Self {
        Self {
            lat: p.lat,
            lon: p.lon,
        }
    }
}

/// Distances shown to callers who may not see exact locations: whole kilometres.
pub fn public_km(km: f64) -> f64 {
    km.round()
}

/// Distances shown with exact locations: 0.1 km is precise enough and hides nothing.
pub fn display_km(km: f64) -> f64 {
    (km * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_between_groningen_wijken() {
        let centrum = GeoPoint {
            lat: 53.21925,
            lon: 6.56706,
        };
        let haren_oost = GeoPoint {
            lat: 53.18005,
            lon: 6.62557,
        };
        let d = centrum.distance_km(haren_oost);
        assert!((5.7..6.0).contains(&d), "{d}");
        assert_eq!(centrum.distance_km(centrum), 0.0);
        assert!((centrum.distance_km(haren_oost) - haren_oost.distance_km(centrum)).abs() < 1e-12);
    }

    #[test]
    fn coordinates_are_range_checked() {
        assert!(GeoPoint::parse("", 53.2, 6.5).is_ok());
        assert_eq!(GeoPoint::parse("", 91.0, 6.5).unwrap_err().field, "lat");
        assert_eq!(
            GeoPoint::parse("location", 53.0, -181.0).unwrap_err().field,
            "location.lon"
        );
        assert!(GeoPoint::parse("", f64::NAN, 0.0).is_err());
        assert_eq!(GeoPoint::parse_optional("", None, None), Ok(None));
        assert_eq!(
            GeoPoint::parse_optional("private", Some(53.2), Some(6.5)),
            Ok(Some(GeoPoint {
                lat: 53.2,
                lon: 6.5
            }))
        );
        for (lat, lon) in [(Some(53.2), None), (None, Some(6.5))] {
            let e = GeoPoint::parse_optional("private", lat, lon).unwrap_err();
            assert_eq!(e.field, "private.lat");
        }
        assert_eq!(
            GeoPoint::parse_optional("", Some(91.0), Some(6.5))
                .unwrap_err()
                .field,
            "lat"
        );
    }
}
