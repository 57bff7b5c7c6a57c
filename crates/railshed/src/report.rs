//! Provenance and the report: the HTML report and its maps and charts, as
//! strings for the caller to write.

use railshed_io::boundaries::{LTLA_GEOJSON, REGIONS_GEOJSON};
use railshed_io::embedded;
use railshed_io::scenario::Base;
use railshed_io::zones::{HUBS_JSON, WORKERS_CSV, ZONES_CSV};
use railshed_report::{Atlas, Figure, Provenance, Report, ReportOptions, ScenarioText};

use crate::compare::{Outcome, describe};
use crate::error::{Error, Result};

/// What to render of the report.
#[derive(Copy, Clone, Debug, Default)]
pub struct Render {
    /// The self-contained HTML report.
    pub html: bool,
    /// Every map and chart of it, as figures.
    pub figures: bool,
}

/// The HTML report and its figures, rendered as asked.
pub struct Rendered {
    /// The base map the figures are drawn on (for [`Figure::standalone`]).
    pub atlas: Atlas,
    /// The self-contained HTML report, if asked for.
    pub html: Option<String>,
    /// Every map and chart of the report, if asked for.
    pub figures: Vec<Figure>,
}

impl Outcome {
    /// The version and a hash of every input: bases, scenario files and the
    /// overlay files they name, the embedded schemes the networks use,
    /// zones, jobs, hubs and boundaries. Every hash is of the bytes the run
    /// read, as it read them: nothing is read again (an imported timetable
    /// is hashed by the import, [`railshed_io::timetable::Imported::sha256`]).
    pub fn provenance(&self, version: &str) -> Result<Provenance> {
        let mut p = Provenance::new(version);
        for s in &self.scenarios {
            match &s.base {
                Base::Default => p.add("network", embedded::NETWORK.file, embedded::NETWORK.text.as_bytes()),
                Base::Network(path) => {
                    let name = path.display().to_string();
                    p.add("network", &name, self.text(&name)?.as_bytes());
                }
                Base::Timetable { path, .. } => {
                    // Once however many scenarios start from it.
                    let name = path.display().to_string();
                    if !p.inputs.iter().any(|i| i.role == "network" && i.name == name) {
                        let sha256 = self
                            .loader
                            .timetable_sha256(&name)
                            .ok_or_else(|| Error::bad_input(format!("{name}: not read during the run")))?;
                        p.inputs.push(railshed_report::html::InputHash {
                            role: "network".into(),
                            name,
                            sha256,
                        });
                    }
                }
            }
        }
        for s in &self.scenarios {
            let mut files = vec![s.file.clone()];
            files.extend(s.steps.iter().map(|step| step.file.clone()));
            for f in files {
                if !p.inputs.iter().any(|i| i.role == "scenario" && i.name == f) {
                    p.add("scenario", &f, self.text(&f)?.as_bytes());
                }
            }
        }
        for s in &self.scenarios {
            for f in &s.overlays {
                if !p.inputs.iter().any(|i| i.role == "overlay" && i.name == *f) {
                    p.add("overlay", f, self.text(f)?.as_bytes());
                }
            }
        }
        for (source, parsed) in embedded::SCHEMES.iter().zip(self.loader.schemes()) {
            let used = parsed
                .scheme()
                .is_some_and(|tag| self.sketches.iter().any(|n| n.tags.iter().any(|t| t.name == tag)));
            if used {
                p.add("scheme", source.file, source.text.as_bytes());
            }
        }
        // The zone and hub files given instead of the embedded ones, if any.
        let given = |g: &Option<(String, String)>, embedded: (&'static str, &'static str)| {
            g.as_ref().map_or((embedded.0.to_owned(), embedded.1.to_owned()), |(f, t)| (f.clone(), t.clone()))
        };
        let own = |(f, t): (&str, &str)| (f.to_owned(), t.to_owned());
        for (role, (file, text)) in [
            ("zones", given(&self.zones_file, ZONES_CSV)),
            ("jobs", own(WORKERS_CSV)),
            ("hubs", given(&self.hubs_file, HUBS_JSON)),
            ("boundaries", own(LTLA_GEOJSON)),
            ("boundaries", own(REGIONS_GEOJSON)),
        ] {
            p.add(role, &file, text.as_bytes());
        }
        if let Some((file, text)) = &self.centre_sets {
            p.add("centre sets", file, text.as_bytes());
        }
        Ok(p)
    }

    /// The text of a file the run read.
    fn text(&self, name: &str) -> Result<String> {
        if let Some(t) = self.loader.text(name) {
            return Ok(t);
        }
        // A base of a reference made for a single scenario, read by name.
        let want = name.trim_start_matches("./");
        std::iter::once(&embedded::NETWORK)
            .chain(embedded::SCHEMES)
            .chain(embedded::SCENARIOS)
            .find(|s| s.file == want)
            .map(|s| s.text.to_owned())
            .ok_or_else(|| Error::bad_input(format!("{name}: not read during the run")))
    }

    /// The scenarios in words.
    pub fn texts(&self) -> Vec<ScenarioText> {
        self.scenarios.iter().map(describe).collect()
    }

    /// Renders the HTML report and its figures, as asked.
    pub fn render(&self, what: Render, version: &str) -> Result<Rendered> {
        let boundaries = railshed_io::boundaries::embedded()?;
        let atlas = Atlas::new(&boundaries, &self.comparison.zones)?;
        let texts = self.texts();
        let provenance = self.provenance(version)?;
        let report = Report {
            comparison: &self.comparison,
            atlas: &atlas,
            networks: &self.sketches,
            places: &self.places,
            scenarios: &texts,
            provenance: &provenance,
            options: ReportOptions::default(),
        };
        let html = if what.html { Some(report.html()?) } else { None };
        let figures = if what.figures { report.figures()? } else { Vec::new() };
        Ok(Rendered { atlas, html, figures })
    }
}
