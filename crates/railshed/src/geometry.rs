//! Where zones are on a map, for GIS tools: each zone's polygon when the
//! embedded boundaries have one for it, else its centroid.

use railshed_scenario::zones::Zone;
use serde_json::{Value, json};

use crate::error::Result;

/// Each zone's geometry, as GeoJSON (RFC 7946, WGS84 `[lon, lat]`), in the
/// order of `zones`: the `MultiPolygon` of the embedded local authority or
/// region whose ONS code is the zone's code (zones given as local
/// authorities through a zones file), else a `Point` at the zone's
/// centroid. The embedded zones (MSOAs) are all points: no MSOA outlines
/// are shipped, and the report draws them as dots too.
pub fn zone_geometries(zones: &[Zone]) -> Result<Vec<Value>> {
    let boundaries = railshed_io::boundaries::embedded()?;
    Ok(zones
        .iter()
        .map(|z| match boundaries.outline(&z.code) {
            Some(area) => railshed_io::boundaries::geometry_json(&area.shape),
            None => json!({"type": "Point", "coordinates": [z.pos.x(), z.pos.y()]}),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(code: &str) -> Zone {
        let (mut zones, _, _) = railshed_io::zones::embedded().unwrap();
        let mut z = zones.swap_remove(0);
        z.code = code.to_owned();
        z
    }

    #[test]
    fn a_local_authority_zone_is_its_polygon_and_an_msoa_its_centroid() {
        let (msoa, leeds) = (zone("E02000984"), zone("E08000035"));
        let g = zone_geometries(&[msoa.clone(), leeds]).unwrap();
        assert_eq!(g[0], json!({"type": "Point", "coordinates": [msoa.pos.x(), msoa.pos.y()]}));
        assert_eq!(g[1]["type"], "MultiPolygon");
        let ring = g[1]["coordinates"][0][0].as_array().unwrap();
        assert!(ring.len() > 10);
        // Leeds, within its rough box.
        for p in ring {
            let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
            assert!((-1.9..-1.2).contains(&lon) && (53.6..54.0).contains(&lat), "{lon},{lat}");
        }
    }
}
