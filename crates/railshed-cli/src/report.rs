//! The HTML report and the map and chart files of `railshed compare`:
//! gathering what `railshed-report` renders (networks, hub centres,
//! scenarios in words, input hashes) and writing the files.

use std::path::Path;

use anyhow::{Context as _, Result};
use railshed_core::Network;
use railshed_io::embedded;
use railshed_io::network::Parsed;
use railshed_io::scenario::{Base, Scenario};
use railshed_report::{Atlas, NetworkSketch, Place, Provenance, Report, ScenarioText};
use railshed_scenario::compare::Comparison;
use railshed_scenario::hubs::HubDef;

use crate::output::bad_input;

/// What a report is made from besides the comparison, collected while the
/// scenarios are evaluated.
#[derive(Default)]
pub(crate) struct Gathered {
    networks: Vec<NetworkSketch>,
    places: Vec<Option<Place>>,
}

impl Gathered {
    /// Records run `r`'s network; the reference's also places the hubs (at
    /// their station with the shortest egress).
    pub(crate) fn add(&mut self, net: &Network, hubs: &[HubDef]) {
        if self.networks.is_empty() {
            self.places = hubs
                .iter()
                .map(|h| {
                    let best = h
                        .stations
                        .iter()
                        .filter_map(|s| net.station_by_id(&s.station).map(|i| (s.egress_min, i)))
                        .min_by(|a, b| a.0.total_cmp(&b.0))?;
                    let st = &net.stations()[best.1.idx()];
                    Some(Place { name: h.name.clone(), lon: st.pos.x(), lat: st.pos.y() })
                })
                .collect();
        }
        self.networks.push(NetworkSketch::from_network(net));
    }
}

/// Where the report and figures go.
pub(crate) struct Outputs<'a> {
    pub(crate) report: Option<&'a Path>,
    pub(crate) maps: Option<&'a Path>,
    pub(crate) png: bool,
    /// Zone and hub files that replace the embedded ones.
    pub(crate) inputs: &'a crate::cmd::compare::Inputs,
}

/// Renders and writes the report and figures asked for.
pub(crate) fn write(
    out: &Outputs<'_>,
    c: &Comparison,
    scenarios: &[Scenario],
    schemes: &[Parsed],
    gathered: &Gathered,
    version: &str,
) -> Result<()> {
    if out.png && !cfg!(feature = "png") {
        return Err(bad_input(
            "--png: this railshed was built without PNG support (build it with `--features png`)",
        ));
    }
    let progress = crate::output::progress(None, "{spinner} {msg}");
    progress.enable_steady_tick(std::time::Duration::from_millis(120));
    progress.set_message("drawing maps and charts");
    let boundaries = railshed_io::boundaries::embedded()?;
    let atlas = Atlas::new(&boundaries, &c.zones)?;
    let texts: Vec<ScenarioText> = scenarios.iter().map(text).collect();
    let provenance = provenance(scenarios, schemes, gathered, out.inputs, version)?;
    let report = Report {
        comparison: c,
        atlas: &atlas,
        networks: &gathered.networks,
        places: &gathered.places,
        scenarios: &texts,
        provenance: &provenance,
        options: railshed_report::Options::default(),
    };
    if let Some(path) = out.report {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
        }
        let html = report.html()?;
        railshed_io::atomic::write(path, html.as_bytes())?;
    }
    if let Some(dir) = out.maps {
        let maps = railshed_io::atomic::DirSet::begin(dir, railshed_io::atomic::MAPS)?;
        let figures = report.figures()?;
        progress.set_length(figures.len() as u64);
        progress.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}/{len}").expect("valid template"),
        );
        progress.set_message("writing figures");
        #[cfg(feature = "png")]
        let fonts = out.png.then(|| {
            let mut db = railshed_report::png::fontdb::Database::new();
            db.load_system_fonts();
            std::sync::Arc::new(db)
        });
        for f in &figures {
            let svg = f.standalone(&atlas);
            maps.write(&format!("{}.svg", f.id), svg.as_bytes())?;
            #[cfg(feature = "png")]
            if let Some(fonts) = &fonts {
                let png = railshed_report::png::render(&f.id, &svg, fonts, 2.0)?;
                maps.write(&format!("{}.png", f.id), &png)?;
            }
            progress.inc(1);
        }
        maps.commit()?;
    }
    progress.finish_and_clear();
    Ok(())
}

/// A scenario in words.
fn text(s: &Scenario) -> ScenarioText {
    ScenarioText {
        description: s.description.clone(),
        base: match &s.base {
            Base::Default => "the embedded network of the North".to_owned(),
            Base::Network(p) => format!("the network file {}", p.display()),
            Base::Timetable { path, date } => format!("the timetable {} on {date}", path.display()),
        },
        modifications: s.steps.iter().map(|step| step.modification.describe()).collect(),
    }
}

/// The bytes of a file on disk, or of the embedded file of that repository path.
fn bytes(path: &str) -> Result<Vec<u8>> {
    let p = Path::new(path);
    if p.is_file() {
        return std::fs::read(p).with_context(|| format!("{path}: cannot read"));
    }
    let want = path.trim_start_matches("./");
    std::iter::once(&embedded::NETWORK)
        .chain(embedded::SCHEMES)
        .chain(embedded::SCENARIOS)
        .find(|s| s.file == want)
        .map(|s| s.text.as_bytes().to_vec())
        .ok_or_else(|| anyhow::anyhow!("{path}: no such file or embedded file"))
}

/// The version and a hash of every input: bases, scenario files, the
/// embedded schemes the networks use, zones, jobs, hubs and boundaries.
fn provenance<'a>(
    scenarios: &[Scenario],
    schemes: &[Parsed],
    gathered: &Gathered,
    inputs: &'a crate::cmd::compare::Inputs,
    version: &str,
) -> Result<Provenance> {
    let mut p = Provenance::new(version);
    for s in scenarios {
        match &s.base {
            Base::Default => p.add("network", embedded::NETWORK.file, embedded::NETWORK.text.as_bytes()),
            Base::Network(path) | Base::Timetable { path, .. } => {
                let (name, sha256) = (path.display().to_string(), railshed_io::sha256_path(path)?);
                p.inputs.push(railshed_report::html::InputHash { role: "network".into(), name, sha256 });
            }
        }
    }
    for s in scenarios {
        let mut files = vec![s.file.clone()];
        files.extend(s.steps.iter().map(|step| step.file.clone()));
        for f in files {
            if !p.inputs.iter().any(|i| i.role == "scenario" && i.name == f) {
                p.add("scenario", &f, &bytes(&f)?);
            }
        }
    }
    for (source, parsed) in embedded::SCHEMES.iter().zip(schemes) {
        let used = parsed
            .scheme()
            .is_some_and(|tag| gathered.networks.iter().any(|n| n.tags.iter().any(|t| t.name == tag)));
        if used {
            p.add("scheme", source.file, source.text.as_bytes());
        }
    }
    use railshed_io::boundaries::{LTLA_GEOJSON, REGIONS_GEOJSON};
    use railshed_io::zones::{HUBS_JSON, WORKERS_CSV, ZONES_CSV};
    // The zone and hub files given instead of the embedded ones, if any.
    let given =
        |g: &'a Option<(String, String)>, embedded: (&'static str, &'static str)| -> (&'a str, &'a str) {
            g.as_ref().map_or(embedded, |(file, text)| (file.as_str(), text.as_str()))
        };
    for (role, (file, text)) in [
        ("zones", given(&inputs.zones, ZONES_CSV)),
        ("jobs", WORKERS_CSV),
        ("hubs", given(&inputs.hubs, HUBS_JSON)),
        ("boundaries", LTLA_GEOJSON),
        ("boundaries", REGIONS_GEOJSON),
    ] {
        p.add(role, file, text.as_bytes());
    }
    Ok(p)
}
