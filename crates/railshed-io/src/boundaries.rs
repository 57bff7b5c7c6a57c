//! Outlines for maps: the embedded 2021 local authorities and regions of
//! the North (ONS super-generalised boundaries), or any GeoJSON
//! FeatureCollection of polygons with `areacd` and `areanm` properties.

use geo::{LineString, MultiPolygon, Polygon};
use railshed_scenario::boundaries::{Area, Boundaries};
use serde_json::Value;

use crate::Error;

/// The embedded local authorities (the 72 LTLAs of the North in 2021).
pub const LTLA_GEOJSON: (&str, &str) = (
    "networks/boundaries/ltla21_north_bsc.geojson",
    include_str!("../../../networks/boundaries/ltla21_north_bsc.geojson"),
);

/// The embedded regions (North East, North West, Yorkshire and The Humber).
pub const REGIONS_GEOJSON: (&str, &str) = (
    "networks/boundaries/rgn_north_bsc.geojson",
    include_str!("../../../networks/boundaries/rgn_north_bsc.geojson"),
);

/// The embedded boundaries.
pub fn embedded() -> Result<Boundaries, Error> {
    Ok(Boundaries {
        areas: parse_areas(LTLA_GEOJSON.0, LTLA_GEOJSON.1)?,
        regions: parse_areas(REGIONS_GEOJSON.0, REGIONS_GEOJSON.1)?,
    })
}

/// Reads a GeoJSON FeatureCollection of `Polygon` and `MultiPolygon`
/// features, each with string properties `areacd` (code) and `areanm`
/// (name), WGS84 longitude and latitude.
pub fn parse_areas(file: &str, text: &str) -> Result<Vec<Area>, Error> {
    let json: Value = crate::network::from_json(file, text)?;
    let bad = |path: String, object: String, msg: &str| Error::invalid(file, path, object, msg);
    let features = json
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("$.features".into(), String::new(), "not a GeoJSON FeatureCollection"))?;
    let mut areas = Vec::with_capacity(features.len());
    for (i, f) in features.iter().enumerate() {
        let prop = |key: &str| f.get("properties").and_then(|p| p.get(key)).and_then(Value::as_str);
        let (Some(code), Some(name)) = (prop("areacd"), prop("areanm")) else {
            return Err(bad(format!("$.features[{i}].properties"), String::new(), "needs areacd and areanm"));
        };
        let object = format!("area {code:?}");
        let geometry = f.get("geometry").unwrap_or(&Value::Null);
        let coords = geometry.get("coordinates").unwrap_or(&Value::Null);
        let path = format!("$.features[{i}].geometry");
        let shape = match geometry.get("type").and_then(Value::as_str) {
            Some("Polygon") => MultiPolygon(vec![
                polygon(coords).ok_or_else(|| bad(path, object, "bad Polygon coordinates"))?,
            ]),
            Some("MultiPolygon") => MultiPolygon(
                coords
                    .as_array()
                    .and_then(|ps| ps.iter().map(polygon).collect::<Option<Vec<_>>>())
                    .ok_or_else(|| bad(path, object, "bad MultiPolygon coordinates"))?,
            ),
            _ => return Err(bad(path, object, "not a Polygon or MultiPolygon")),
        };
        areas.push(Area { code: code.to_owned(), name: name.to_owned(), shape });
    }
    if areas.is_empty() {
        return Err(bad("$.features".into(), String::new(), "no areas"));
    }
    Ok(areas)
}

/// A shape as a GeoJSON `MultiPolygon` geometry (RFC 7946: `[lon, lat]`
/// positions, rings closed as read).
pub fn geometry_json(shape: &MultiPolygon<f64>) -> Value {
    let ring =
        |r: &LineString<f64>| Value::Array(r.coords().map(|c| serde_json::json!([c.x, c.y])).collect());
    let polygons: Vec<Value> = shape
        .0
        .iter()
        .map(|p| Value::Array(std::iter::once(p.exterior()).chain(p.interiors()).map(ring).collect()))
        .collect();
    serde_json::json!({"type": "MultiPolygon", "coordinates": polygons})
}

/// A polygon from GeoJSON rings of `[lon, lat]` positions within Great Britain.
fn polygon(v: &Value) -> Option<Polygon<f64>> {
    let rings: Vec<LineString<f64>> = v
        .as_array()?
        .iter()
        .map(|ring| {
            let points = ring
                .as_array()?
                .iter()
                .map(|p| {
                    let (lon, lat) = (p.get(0)?.as_f64()?, p.get(1)?.as_f64()?);
                    railshed_core::is_in_great_britain(geo::Point::new(lon, lat)).then_some((lon, lat))
                })
                .collect::<Option<Vec<_>>>()?;
            (points.len() >= 4).then(|| LineString::from(points))
        })
        .collect::<Option<_>>()?;
    let mut rings = rings.into_iter();
    Some(Polygon::new(rings.next()?, rings.collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_boundaries_are_the_north_in_2021() {
        let b = embedded().unwrap();
        assert_eq!(b.areas.len(), 72);
        assert_eq!(b.regions.len(), 3);
        assert!(b.areas.iter().any(|a| a.code == "E08000035" && a.name == "Leeds"));
        // Cumbria's districts, before the 2023 unitary authorities.
        assert!(b.areas.iter().any(|a| a.name == "Carlisle"));
        assert!(!b.areas.iter().any(|a| a.name == "Cumberland"));
    }

    #[test]
    fn a_shape_is_written_back_as_it_was_read() {
        let b = embedded().unwrap();
        let leeds = b.outline("E08000035").unwrap();
        let text = serde_json::json!({"features": [{
            "properties": {"areacd": "X", "areanm": "x"},
            "geometry": geometry_json(&leeds.shape),
        }]})
        .to_string();
        assert_eq!(parse_areas("b.geojson", &text).unwrap()[0].shape, leeds.shape);
    }

    fn check(text: &str, want: &str) {
        let err = parse_areas("b.geojson", text).unwrap_err().to_string();
        assert!(err.contains(want), "{err}");
    }

    #[test]
    fn bad_boundaries_are_named() {
        let square = "[[[-2,53],[-1,53],[-1,54],[-2,53]]]";
        check("{}", "not a GeoJSON FeatureCollection");
        check(r#"{"features": []}"#, "no areas");
        check(
            &format!(
                r#"{{"features": [{{"properties": {{"areacd": "X"}}, "geometry": {{"type": "Polygon", "coordinates": {square}}}}}]}}"#
            ),
            "needs areacd and areanm",
        );
        check(
            r#"{"features": [{"properties": {"areacd": "X", "areanm": "x"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}]}"#,
            "area \"X\": not a Polygon",
        );
        check(
            r#"{"features": [{"properties": {"areacd": "X", "areanm": "x"}, "geometry": {"type": "Polygon", "coordinates": [[[100, 0], [101, 0], [101, 1], [100, 0]]]}}]}"#,
            "bad Polygon coordinates",
        );
        let ok = format!(
            r#"{{"features": [{{"properties": {{"areacd": "X", "areanm": "x"}}, "geometry": {{"type": "Polygon", "coordinates": {square}}}}}]}}"#
        );
        assert_eq!(parse_areas("b.geojson", &ok).unwrap()[0].shape.0[0].exterior().0.len(), 4);
    }
}
