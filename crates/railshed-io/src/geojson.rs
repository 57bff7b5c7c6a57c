//! Networks as GeoJSON (RFC 7946) for QGIS and web maps.

use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, JsonValue};
use railshed_core::Network;

fn props(pairs: Vec<(&str, JsonValue)>) -> Option<JsonObject> {
    Some(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn feature(value: GeometryValue, properties: Option<JsonObject>) -> Feature {
    Feature { geometry: Some(Geometry::new(value)), properties, ..Feature::default() }
}

/// Rounds a coordinate to 6 decimals (about 0.1 m), as RFC 7946 recommends.
fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Stations as points, track as line strings coloured by scheme (`stroke`,
/// in the simplestyle convention QGIS and geojson.io read), and each line's
/// route over the track as a multi-line string.
pub fn network(net: &Network) -> FeatureCollection {
    use serde_json::json;
    let mut features = Vec::new();
    let mut calls_per_station = vec![0usize; net.stations().len()];
    for line in net.lines() {
        for c in &line.calls {
            calls_per_station[c.station.idx()] += 1;
        }
    }
    for (i, s) in net.stations().iter().enumerate() {
        features.push(feature(
            GeometryValue::new_point([round6(s.lon()), round6(s.lat())]),
            props(vec![
                ("kind", json!("station")),
                ("id", json!(s.id)),
                ("name", json!(s.name)),
                ("crs", json!(s.crs)),
                ("tiploc", json!(s.tiplocs.first())),
                ("interchange", json!(s.interchange.code())),
                ("min_change_min", json!(s.min_change as f64 / 60.0)),
                ("lad", json!(s.lad)),
                ("lines", json!(calls_per_station[i])),
            ]),
        ));
    }
    let graph = net.graph();
    let pos = |n: usize| {
        let s = &net.stations()[n];
        vec![round6(s.lon()), round6(s.lat())]
    };
    for e in graph.edge_indices() {
        let (a, b) = graph.edge_endpoints(e).expect("edge exists");
        let link = &graph[e];
        let tag = net.tag(link.tag);
        features.push(feature(
            GeometryValue::new_line_string(vec![pos(a.index()), pos(b.index())]),
            props(vec![
                ("kind", json!("link")),
                ("from", json!(net.stations()[a.index()].id)),
                ("to", json!(net.stations()[b.index()].id)),
                ("tag", json!(tag.name)),
                ("scheme", json!(tag.label)),
                ("km", json!((link.km * 100.0).round() / 100.0)),
                ("max_kmh", json!(net.link_kmh(link))),
                ("stroke", json!(tag.color)),
                ("stroke-width", json!(if link.tag.idx() == 0 { 2 } else { 4 })),
            ]),
        ));
    }
    for line in net.lines() {
        let mut parts = Vec::new();
        for w in line.calls.windows(2) {
            let Some(track) = net.track(w[0].station, w[1].station) else { continue };
            let mut coords = vec![pos(w[0].station.idx())];
            let mut at = w[0].station.idx();
            for e in track.links {
                let (a, b) = graph.edge_endpoints(e).expect("edge exists");
                at = if a.index() == at { b.index() } else { a.index() };
                coords.push(pos(at));
            }
            parts.push(coords);
        }
        let tag = net.tag(line.tag);
        features.push(feature(
            GeometryValue::new_multi_line_string(parts),
            props(vec![
                ("kind", json!("line")),
                ("id", json!(line.id)),
                ("name", json!(line.name)),
                ("operator", json!(line.operator)),
                ("tag", json!(tag.name)),
                ("calls", json!(line.calls.iter().map(|c| &net.station(c.station).id).collect::<Vec<_>>())),
                ("trips_per_day", json!(line.trips_per_day())),
                ("stroke", json!(tag.color)),
            ]),
        ));
    }
    FeatureCollection { bbox: None, features, foreign_members: None }
}
