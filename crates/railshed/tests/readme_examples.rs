//! Every JSON example in the README files is a valid file of its format:
//! networks build, overlays apply to the network example before them,
//! scenarios load and build (as if saved in `scenarios/`), sweeps load
//! with their scenario and every parameter in place, and a lone line goes
//! onto the embedded network as an overlay.

use std::path::{Path, PathBuf};

use railshed_io::embedded::{self, Embedded};
use railshed_io::network::{Kind, parse};
use railshed_io::scenario::ScenarioSource;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The ```json blocks of a Markdown file.
fn json_blocks(text: &str) -> Vec<String> {
    text.split("```json\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap_or_default().to_owned())
        .collect()
}

/// A scenario example saved as `scenarios/example.json`, beside the shipped ones.
struct Example(String);

impl ScenarioSource for Example {
    fn read(&self, path: &Path) -> Result<String, railshed_io::Error> {
        if path == Path::new("scenarios/example.json") { Ok(self.0.clone()) } else { Embedded.read(path) }
    }
}

/// Checks one example (`file` and its number there name it in messages);
/// `network` is the last network example, which overlays apply to.
fn check(file: &str, k: usize, text: &str, network: &mut Option<railshed_core::Network>) {
    let at = format!("{file}, JSON example {k}");
    let json: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{at}: {e}"));
    match json["format"].as_str() {
        Some("railshed-network/1") => {
            *network = Some(parse(&at, text).and_then(|p| p.to_network()).unwrap_or_else(|e| panic!("{e}")));
        }
        Some("railshed-overlay/1") => {
            let parsed = parse(&at, text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(parsed.kind, Kind::Overlay);
            let mut net = network.clone().unwrap_or_else(|| embedded::default_network().unwrap());
            embedded::apply_overlay(&mut net, &parsed, &embedded::schemes().unwrap())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        Some("railshed-scenario/1") => {
            let loader = railshed::Loader::with_files(Box::new(Example(text.to_owned()))).unwrap();
            let s = loader.scenario("scenarios/example.json").unwrap_or_else(|e| panic!("{at}: {e}"));
            loader.network(&s).unwrap_or_else(|e| panic!("{at}: {e}"));
        }
        Some(railshed_io::sweep::SWEEP_FORMAT) => {
            // Saved anywhere: it names a shipped scenario.
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("example.json");
            std::fs::write(&file, text).unwrap();
            let plan = railshed::sweep::SweepPlan::new(&file).unwrap_or_else(|e| panic!("{at}: {e}"));
            assert!(plan.variants() > 0, "{at}: no variants");
        }
        Some("railshed-hubs/1") => {
            railshed_io::zones::parse_hubs(&at, text).unwrap_or_else(|e| panic!("{e}"));
        }
        Some(railshed_io::centres::CENTRE_SETS_FORMAT) => {
            let sets = railshed_io::centres::parse_centre_sets(&at, text).unwrap_or_else(|e| panic!("{e}"));
            let (_, _, hubs) = railshed_io::zones::embedded().unwrap();
            railshed_io::centres::check_hubs(&at, &sets, &hubs).unwrap_or_else(|e| panic!("{e}"));
        }
        Some(railshed_io::results::RESULT_FORMAT) => check_result(&at, &json),
        Some(other) => panic!("{at}: unknown format {other:?}"),
        // A lone line: on the embedded network, as an overlay's line.
        None if json.get("calls").is_some() => {
            let overlay =
                serde_json::json!({"format": "railshed-overlay/1", "name": "example",
                "tag": {"name": "example", "label": "Example", "color": "#000000", "max_kmh": 200}, "lines": [json]})
            .to_string();
            let parsed = parse(&at, &overlay).unwrap_or_else(|e| panic!("{e}"));
            let mut net = embedded::default_network().unwrap();
            embedded::apply_overlay(&mut net, &parsed, &[]).unwrap_or_else(|e| panic!("{e}"));
        }
        None => panic!("{at}: neither a railshed file nor a line"),
    }
}

#[test]
fn every_json_example_in_the_readmes_is_valid() {
    let mut checked = 0;
    for file in
        ["README.md", "networks/README.md", "scenarios/README.md", "fuzz/README.md", "benches/README.md"]
    {
        let Ok(text) = std::fs::read_to_string(root().join(file)) else { continue };
        let mut network = None;
        for (k, block) in json_blocks(&text).iter().enumerate() {
            check(file, k + 1, block, &mut network);
            checked += 1;
        }
    }
    assert!(checked >= 4, "found {checked} examples");
}

/// A `result.json` example has the fields, at every level, of a real
/// result of the same format (both measures asked for, with where the
/// time goes).
fn check_result(at: &str, example: &serde_json::Value) {
    let tiny = root().join("tests/data/scenario/tiny-faster.json").display().to_string();
    let request = railshed::Request {
        measures: vec![railshed::Measure::DoorToDoor, railshed::Measure::Station],
        explain: true,
        ..railshed::Request::new([tiny])
    };
    let outcome = railshed::compare(&request, &mut |_| {}).unwrap_or_else(|e| panic!("{at}: {e}"));
    let real = railshed_io::results::to_json(&outcome.comparison, "0.1.0");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
        k.sort();
        k
    };
    let (e, r) = (&example["scenarios"][0], &real["scenarios"][0]);
    for (what, a, b) in [
        ("top level", example, &real),
        ("scenarios[0]", e, r),
        ("scenarios[0].network", &e["network"], &r["network"]),
        ("scenarios[0].hubs[0]", &e["hubs"][0], &r["hubs"][0]),
        ("scenarios[0].hubs[0].explain", &e["hubs"][0]["explain"], &r["hubs"][0]["explain"]),
        ("scenarios[0].network_effect[0]", &e["network_effect"][0], &r["network_effect"][0]),
        (
            "scenarios[0].network_effect[0].explain",
            &e["network_effect"][0]["explain"],
            &r["network_effect"][0]["explain"],
        ),
        ("scenarios[0].hub_times[0]", &e["hub_times"][0], &r["hub_times"][0]),
    ] {
        assert_eq!(keys(a), keys(b), "{at}: the fields of {what}");
    }
    assert_eq!(example["measures"], real["measures"], "{at}: measures");
}
