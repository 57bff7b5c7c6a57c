//! The pipeline end to end: what the library reads, what it refuses, and
//! what it gives the report, on the embedded data and small files.

use std::path::{Path, PathBuf};

use railshed::{Against, ErrorKind, Plan, Request};
use railshed_core::Interchange;
use railshed_report::Atlas;
use railshed_report::sketch::{LinkMark, NetworkSketch};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Leeds – Huddersfield – Manchester Piccadilly with a spur to
/// Manchester Victoria that no train uses.
const NETWORK: &str = r#"{
  "format": "railshed-network/1", "name": "t",
  "stations": ["LDS", "HUD", "MAN", "MCV"],
  "links": [{"path": ["LDS", "HUD", "MAN"]}, {"path": ["HUD", "MCV"]}],
  "lines": [{"id": "fast", "name": "fast", "operator": "o", "calls": ["LDS", "HUD", "MAN"],
             "run_min": [18, 31], "service": {"tph": 2, "from": "06:00", "to": "23:00"}}]
}"#;

#[test]
fn keeps_served_stations_and_the_track_between_them() {
    let net = railshed_io::network::parse("t.json", NETWORK).unwrap().to_network().unwrap();
    let sketch = NetworkSketch::from_network(&net);
    let names: Vec<&str> = sketch.stations.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Leeds", "Huddersfield", "Manchester Piccadilly"]);
    assert_eq!(sketch.links, [LinkMark { a: 0, b: 1, tag: 0 }, LinkMark { a: 1, b: 2, tag: 0 }]);
    assert_eq!(sketch.tags.len(), 1);
    assert_eq!(sketch.tags[0].name, "existing");
    assert_eq!(sketch.stations[0].interchange, Interchange::Medium, "Leeds, as RDG lists it");
}

/// The real zones and boundaries: every one of the 1,968 zones is drawn
/// in each panel, inside the panel.
#[test]
fn every_real_zone_is_drawn_inside_the_north() {
    let (zones, _, _) = railshed_io::zones::embedded().unwrap();
    let atlas = Atlas::new(&railshed_io::boundaries::embedded().unwrap(), &zones).unwrap();
    let f = atlas.frame();
    assert_eq!(atlas.dots().len(), 1968);
    for d in atlas.dots() {
        assert!(d.x > 0.0 && d.x < f.width && d.y > 0.0 && d.y < f.height, "{d:?}");
    }
    // About 250 km by 290 km: taller than wide.
    assert!(f.height > f.width && f.height < 1.3 * f.width, "{f:?}");
}

/// A scenario file in `dir` with these modifications (JSON) and settings.
fn scenario(dir: &Path, modifications: &str, settings: &str) -> String {
    let path = dir.join("s.json");
    let text = format!(
        r#"{{"format": "railshed-scenario/1", "name": "S", "modifications": {modifications}, "settings": {settings}}}"#
    );
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Provenance hashes the overlay files a scenario names by
/// `add_overlay {file}`, as they were read for the run.
#[test]
fn provenance_includes_overlay_files() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = std::fs::read_to_string(root().join("networks/schemes/tru.json")).unwrap();
    std::fs::write(dir.path().join("upgrade.json"), &overlay).unwrap();
    let s = scenario(dir.path(), r#"[{"type": "add_overlay", "file": "upgrade.json"}]"#, "{}");
    let outcome = railshed::compare(&Request::new([s.as_str()]), &mut |_| {}).unwrap();
    let p = outcome.provenance("test").unwrap();
    let name = dir.path().join("upgrade.json").display().to_string();
    let got: Vec<(&str, &str)> = p
        .inputs
        .iter()
        .filter(|i| i.role == "overlay")
        .map(|i| (i.name.as_str(), i.sha256.as_str()))
        .collect();
    assert_eq!(got, [(name.as_str(), railshed_report::html::sha256_hex(overlay.as_bytes()).as_str())]);
    assert!(p.inputs.iter().any(|i| i.role == "scenario" && i.name == s));
}

/// `--against parent`: a scenario that extends another is compared with
/// it (its inherited modifications, under its own settings); `base` (the
/// default) compares it with its base network.
#[test]
fn against_parent_or_base() {
    let check = |against: Against, name: &str, steps: usize| {
        let plan = Plan::new(&Request { against, ..Request::new(["hs2-npr-tru"]) }).unwrap();
        let reference = &plan.scenarios()[0];
        assert_eq!((reference.name.as_str(), reference.steps.len()), (name, steps), "{against:?}");
        assert_eq!(reference.settings, plan.scenarios()[1].settings);
    };
    let parent = railshed::Loader::new().unwrap().scenario("hs2-full").unwrap();
    check(Against::Parent, &parent.name, parent.steps.len());
    check(Against::Base, "Today", 0);
    // A scenario that extends none is compared with its base either way.
    let plan = Plan::new(&Request { against: Against::Parent, ..Request::new(["tru"]) }).unwrap();
    assert_eq!(plan.scenarios()[0].name, "Today");
}

/// Network-effect cities are checked against the hubs in use: a city only
/// a hubs file defines is accepted, and one no hub defines is refused as
/// bad input naming the setting.
#[test]
fn network_effect_cities_are_checked_against_the_hubs_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let mut hubs: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("networks/hubs.json")).unwrap()).unwrap();
    hubs["hubs"].as_array_mut().unwrap().push(serde_json::json!(
        {"id": "harrogate", "name": "Harrogate", "stations": [{"station": "HGT", "egress_min": 5}]}
    ));
    let hubs_file = dir.path().join("hubs.json");
    std::fs::write(&hubs_file, hubs.to_string()).unwrap();
    let cities = r#"{"network_effect": {"cities": ["leeds", "harrogate", "hull", "sheffield"]}}"#;
    let s = scenario(dir.path(), "[]", cities);
    let with_file = Request { hubs: Some(hubs_file), ..Request::new([s.as_str()]) };
    if let Err(e) = Plan::new(&with_file) {
        panic!("{e}");
    }
    let Err(e) = Plan::new(&Request::new([s.as_str()])) else { panic!("harrogate is no embedded hub") };
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert!(
        e.to_string().contains("$.settings.network_effect.cities[1]: hub \"harrogate\": unknown hub"),
        "{e}"
    );
}

/// Unknown scenario names are bad input, with suggestions.
#[test]
fn unknown_scenario() {
    let Err(e) = Plan::new(&Request::new(["hs2-ful"])) else { panic!("no such scenario") };
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert_eq!(e.to_string(), "hs2-ful: no such file or shipped scenario (did you mean hs2-full?)");
}

/// Evaluation settings given with the request go on top of the scenarios'
/// own and give the figures of a scenario file that sets them; a sharded
/// run records them, so its parts merge into the same figures, and a part
/// of the run without them is refused.
#[test]
fn settings_given_with_the_request_are_those_of_a_scenario_file() {
    let dir = tempfile::tempdir().unwrap();
    let zones_text: String = std::fs::read_to_string(root().join("networks/zones/msoa21_north.csv"))
        .unwrap()
        .lines()
        .take(41)
        .map(|l| format!("{l}\n"))
        .collect();
    let zones = dir.path().join("zones.csv");
    std::fs::write(&zones, zones_text).unwrap();
    let top = serde_json::json!({"thresholds_min": [50, 75], "percentile": 40, "network_effect": {"n": 2}});
    let write = |name: &str, settings: &serde_json::Value| {
        let path = dir.path().join(name);
        let text = serde_json::json!({"format": "railshed-scenario/1", "name": "S", "extends": root().join("scenarios/tru.json").display().to_string(), "settings": settings});
        std::fs::write(&path, text.to_string()).unwrap();
        path.display().to_string()
    };
    let (with_settings, plain) = (write("with.json", &top), write("plain.json", &serde_json::json!({})));
    let request = |s: &str, settings: Option<serde_json::Value>| Request {
        zones: Some(zones.clone()),
        settings,
        ..Request::new([s])
    };
    let by_file = railshed::compare(&request(&with_settings, None), &mut |_| {}).unwrap();
    let by_request = railshed::compare(&request(&plain, Some(top.clone())), &mut |_| {}).unwrap();
    let without = railshed::compare(&request(&plain, None), &mut |_| {}).unwrap();
    let figures = |o: &railshed::Outcome| {
        let c = &o.comparison;
        (
            railshed_io::results::zones_csv(c),
            railshed_io::results::hubs_csv(c),
            railshed_io::results::network_effect_csv(c),
        )
    };
    assert_eq!(by_request.comparison.settings, by_file.comparison.settings);
    assert_eq!(by_request.comparison.settings.thresholds_min, [50.0, 75.0]);
    assert_eq!(figures(&by_request), figures(&by_file));
    assert_ne!(figures(&by_request), figures(&without));

    let parts = dir.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    let shard = |req: &Request, index: u32| {
        let shard = railshed::shard::Shard { index, count: 2 };
        let files = railshed::shard::compare_shard(
            req,
            shard,
            railshed_io::table::TableFormat::Csv,
            "test",
            &mut |_| {},
        )
        .unwrap();
        std::fs::write(parts.join(&files.part_name), &files.part).unwrap();
        std::fs::write(parts.join(&files.manifest_name), &files.manifest).unwrap();
    };
    let sharded = request(&plain, Some(top));
    shard(&sharded, 0);
    shard(&sharded, 1);
    let Ok(railshed::shard::Merged::Compare(merged, _)) = railshed::shard::merge(&parts, "test") else {
        panic!("a comparison merges into a comparison")
    };
    assert_eq!(figures(&merged), figures(&by_request));
    shard(&request(&plain, None), 1);
    let Err(e) = railshed::shard::merge(&parts, "test") else { panic!("a part of another run") };
    assert!(e.to_string().contains("a part of another run"), "{e}");

    // A setting out of range is refused as in a scenario file, naming `settings`.
    let bad = serde_json::json!({"percentile": 140});
    let Err(e) = Plan::new(&request(&plain, Some(bad))) else { panic!("percentile 140") };
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert!(e.to_string().starts_with("settings: $.settings.percentile: "), "{e}");
}

/// A sweep given as a JSON document (Python's `railshed.sweep(dict)`)
/// gives the rows of the same sweep as a file, on any number of threads;
/// sharded, its manifests carry the document, and the merge reads it from
/// them (no file) into the same rows.
#[test]
fn a_sweep_document_sweeps_as_its_file_and_its_parts_merge() {
    use railshed::sweep::{SweepPlan, sweep_shard, with_threads};
    let file = root().join("tests/data/scenario/tiny-sweep.json");
    let by_file = with_threads(Some(2), || {
        let plan = SweepPlan::new(&file)?;
        let all = 0..plan.variants();
        plan.run(all, "test", &mut |_| {})
    })
    .unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    // Relative to the working folder, not to a file.
    doc["scenario"] = root().join("tests/data/scenario/tiny-faster.json").display().to_string().into();
    let by_doc = with_threads(Some(1), || {
        let plan = SweepPlan::from_document(&doc)?;
        let all = 0..plan.variants();
        plan.run(all, "test", &mut |_| {})
    })
    .unwrap();
    assert_eq!(by_doc.table, by_file.table);
    assert_eq!(by_doc.table.rows(), 6);
    assert_eq!(by_doc.run["request"]["sweep"], "sweep");
    assert_eq!(by_doc.run["request"]["document"], doc);

    let parts = tempfile::tempdir().unwrap();
    for index in 0..3 {
        let plan = SweepPlan::from_document(&doc).unwrap();
        let shard = railshed::shard::Shard { index, count: 3 };
        let files =
            sweep_shard(plan, shard, railshed_io::table::TableFormat::Csv, "test", &mut |_| {}).unwrap();
        files.write_into(parts.path()).unwrap();
    }
    let Ok(railshed::shard::Merged::Sweep(merged)) = railshed::shard::merge(parts.path(), "test") else {
        panic!("a sweep's parts merge into a sweep")
    };
    assert_eq!(merged.table, by_doc.table);
    assert_eq!(merged.run, by_doc.run);

    // A document that is not a sweep is refused, naming `sweep`.
    let Err(e) = SweepPlan::from_document(&serde_json::json!({"format": "railshed-sweep/1"})) else {
        panic!("no name, no parameters")
    };
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert!(e.to_string().starts_with("sweep: "), "{e}");
    let Err(e) = with_threads(Some(0), || Ok(())) else { panic!("no threads") };
    assert_eq!(e.to_string(), "--threads must be at least 1");
}
