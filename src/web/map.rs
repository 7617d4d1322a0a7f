//! A wijk drawn as inline SVG from the bundled CBS polygons, with its neighbours around it.
//! The page lists what the map shows beside it, so the map is never the only way to know.

use std::fmt::Write;

use crate::reference::{self, Ring};

/// Width of the drawing in SVG units; the height follows the wijk's shape.
const WIDTH: f64 = 480.0;

/// Wijken that share a border point with `code`, by code.
pub fn neighbours(code: &str) -> Vec<&'static reference::Wijk> {
    let Some(own) = reference::wijk_polygon(code) else {
        return Vec::new();
    };
    let touches = |rings: &[Ring]| {
        rings.iter().flatten().any(|(x, y)| {
            own.iter()
                .flatten()
                .any(|(ox, oy)| (x - ox).abs() < 1e-6 && (y - oy).abs() < 1e-6)
        })
    };
    reference::wijken()
        .iter()
        .filter(|w| w.code != code)
        .filter(|w| reference::wijk_polygon(w.code).is_some_and(touches))
        .collect()
}

/// The SVG of `code` and what lies around it; `None` for a wijk without a polygon. The
/// title is the map's accessible name.
pub fn svg(code: &str, title: &str) -> Option<String> {
    let own = reference::wijk_polygon(code)?;
    let points = || own.iter().flatten();
    let min_lon = points().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let max_lon = points().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let min_lat = points().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let max_lat = points().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    // A degree of longitude is shorter than one of latitude this far north.
    let x_scale = ((min_lat + max_lat) / 2.0).to_radians().cos();
    let pad = 0.2 * (max_lat - min_lat).max((max_lon - min_lon) * x_scale);
    let (west, east) = (min_lon - pad / x_scale, max_lon + pad / x_scale);
    let (south, north) = (min_lat - pad, max_lat + pad);
    let scale = WIDTH / ((east - west) * x_scale);
    let height = (north - south) * scale;
    let project = |(lon, lat): (f64, f64)| ((lon - west) * x_scale * scale, (north - lat) * scale);
    let path = |rings: &[Ring]| {
        let mut d = String::new();
        for ring in rings {
            for (i, point) in ring.iter().enumerate() {
                let (x, y) = project(*point);
                let _ = write!(d, "{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" });
            }
            d.push('Z');
        }
        d
    };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH:.0} {height:.0}\" \
         role=\"img\" aria-labelledby=\"kaart-titel\" focusable=\"false\">\
         <title id=\"kaart-titel\">{}</title>",
        escape(title)
    );
    for w in neighbours(code) {
        if let Some(rings) = reference::wijk_polygon(w.code) {
            let _ = write!(
                svg,
                "<path class=\"other\" fill-rule=\"evenodd\" d=\"{}\"/>",
                path(rings)
            );
        }
    }
    let _ = write!(
        svg,
        "<path class=\"wijk\" fill-rule=\"evenodd\" d=\"{}\"/></svg>",
        path(own)
    );
    Some(svg)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wijk_has_a_map_and_neighbours() {
        for w in reference::wijken() {
            let svg = svg(w.code, "<Kaart & zo>").unwrap();
            assert!(
                svg.starts_with("<svg") && svg.ends_with("</svg>"),
                "{}",
                w.code
            );
            assert!(svg.contains("class=\"wijk\""));
            assert!(
                svg.contains("&lt;Kaart &amp; zo&gt;"),
                "the title is escaped"
            );
            assert!(!neighbours(w.code).is_empty(), "{} touches no wijk", w.code);
        }
        let centrum: Vec<&str> = neighbours("WK001400").iter().map(|w| w.code).collect();
        assert!(centrum.contains(&"WK001404"), "{centrum:?}");
        assert!(!centrum.contains(&"WK001419"));
        assert!(svg("WK009999", "x").is_none());
    }
}
