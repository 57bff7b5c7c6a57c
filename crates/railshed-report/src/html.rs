//! The HTML report: one self-contained file (inline SVG and CSS; no script,
//! no font, image or style from elsewhere) with the headline figures, the
//! tables, every map and chart, the scenarios, the assumptions, and what is
//! needed to reproduce it (the railshed version and a SHA-256 of each input).
//!
//! The maps share one base map, defined once in a hidden `<svg>` at the top
//! of the body and drawn in each map with `<use>`.

use std::fmt::Write as _;

use railshed_scenario::compare::{Comparison, whole};
use railshed_scenario::settings::{Measure, clock};
use sha2::{Digest, Sha256};

use crate::Error;
use crate::atlas::Atlas;
use crate::charts::{catchment_chart, hub_times_chart};
use crate::figure::{Figure, people, signed, thousands};
use crate::maps::{Place, catchment_map, difference_map, network_effect_map, network_map};
use crate::sketch::NetworkSketch;
use crate::style::ATTRIBUTION;
use crate::svg::{escape, num};

/// One input of a report and its SHA-256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputHash {
    /// What it is: `network`, `scheme`, `scenario`, `zones`, `jobs`, `hubs`, `boundaries`.
    pub role: String,
    /// Its name: a path as the user gave it, or an embedded file's path in the repository.
    pub name: String,
    /// SHA-256 of its bytes, lower-case hex.
    pub sha256: String,
}

/// What a report needs to be reproduced: the railshed version and the
/// inputs, each with a hash of its bytes (in the order added).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provenance {
    /// railshed's version.
    pub version: String,
    /// The inputs.
    pub inputs: Vec<InputHash>,
}

impl Provenance {
    /// No inputs yet.
    pub fn new(version: impl Into<String>) -> Provenance {
        Provenance { version: version.into(), inputs: Vec::new() }
    }

    /// Adds an input by its bytes; an input already listed with the same
    /// role and name is not added twice.
    pub fn add(&mut self, role: &str, name: &str, bytes: &[u8]) {
        if self.inputs.iter().any(|i| i.role == role && i.name == name) {
            return;
        }
        self.inputs.push(InputHash { role: role.into(), name: name.into(), sha256: sha256_hex(bytes) });
    }
}

/// SHA-256 of `bytes` in lower-case hex (what `sha256sum` prints).
///
/// ```
/// assert_eq!(
///     railshed_report::html::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// What a scenario is, in words, for the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScenarioText {
    /// Its description.
    pub description: String,
    /// Its base ("the embedded network of the North", a file, a timetable).
    pub base: String,
    /// Its modifications, one line each, in order.
    pub modifications: Vec<String>,
}

/// Choices about what the report shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportOptions {
    /// The scenario the maps compare with the reference (an index into the
    /// runs); `None`: the last.
    pub focus: Option<usize>,
    /// Zones newly within this many minutes of a hub are ringed on the difference maps.
    pub ring_min: f64,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions { focus: None, ring_min: 60.0 }
    }
}

/// Everything a report is made from.
pub struct Report<'a> {
    /// The results.
    pub comparison: &'a Comparison,
    /// The base map and zones, projected.
    pub atlas: &'a Atlas,
    /// Each run's network, in run order; empty for no network maps.
    pub networks: &'a [NetworkSketch],
    /// Each hub's centre, in hub order (`None` where unknown); may be empty.
    pub places: &'a [Option<Place>],
    /// Each run in words, in run order; may be empty.
    pub scenarios: &'a [ScenarioText],
    /// Version and input hashes.
    pub provenance: &'a Provenance,
    /// What to show.
    pub options: ReportOptions,
}

/// A section of the report and the figures in it.
struct Section {
    id: &'static str,
    title: &'static str,
}

const SECTIONS: [Section; 8] = [
    Section { id: "headline", title: "Headline figures" },
    Section { id: "scenarios", title: "Scenarios" },
    Section { id: "networks", title: "Networks" },
    Section { id: "network-effect", title: "Network effect" },
    Section { id: "catchments", title: "Catchments of the cities" },
    Section { id: "hub-times", title: "Journeys between cities" },
    Section { id: "jobs", title: "Jobs and effective density" },
    Section { id: "method", title: "Assumptions and reproducibility" },
];

const CSS: &str = "\
:root{color-scheme:light;--ink:#1d1d1d;--muted:#555;--rule:#d6d6d6;--accent:#0b5394}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI','DejaVu Sans','Liberation Sans',Arial,sans-serif;color:var(--ink);background:#fff}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 20px}
header{padding-top:24px;border-bottom:3px solid var(--accent)}
h1{font-size:1.7em;margin:0 0 .2em}h2{font-size:1.35em;margin:1.8em 0 .5em;border-bottom:1px solid var(--rule)}
h3{font-size:1.1em;margin:1.4em 0 .4em}
.sub{color:var(--muted);margin:0 0 1em}
nav ol{columns:2;margin:.5em 0 1em}
a{color:var(--accent)}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em}
caption{text-align:left;font-weight:600;padding:.3em 0}
th,td{border:1px solid var(--rule);padding:.25em .55em;vertical-align:top}
thead th{background:#f1f4f8}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.up{color:#0b6b2f}.down{color:#a40000}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px;margin:1em 0}
.card{border:1px solid var(--rule);border-left:4px solid var(--accent);padding:.6em .8em}
.card .big{font-size:1.45em;font-weight:650}
figure{margin:1em 0 1.6em;overflow-x:auto}
figure svg{max-width:100%;height:auto;display:block}
figcaption{color:var(--muted);font-size:.88em;max-width:80ch;margin-top:.3em}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:0 16px}
code{font-size:.92em;word-break:break-all}
footer{margin-top:3em;padding-bottom:2em;border-top:1px solid var(--rule);color:var(--muted);font-size:.85em}
@media print{
 body{font-size:10pt}
 header,main,footer{max-width:none;padding:0}
 nav{display:none}
 a{color:inherit;text-decoration:none}
 h2{break-before:page;break-after:avoid}
 h2#headline-h,h2#scenarios-h{break-before:auto}
 figure,table,.card{break-inside:avoid}
 figure{overflow:visible}
 .charts{display:block}
 thead{display:table-header-group}
}
";

impl Report<'_> {
    /// The scenario the maps compare with the reference.
    pub fn focus(&self) -> usize {
        let last = self.comparison.runs.len().saturating_sub(1);
        self.options.focus.unwrap_or(last).min(last)
    }

    fn place(&self, hub: usize) -> Option<&Place> {
        self.places.get(hub).and_then(Option::as_ref)
    }

    /// The network-effect cities as hub indices, in the settings' order.
    fn cities(&self) -> Vec<usize> {
        let c = self.comparison;
        c.settings
            .network_effect
            .cities
            .iter()
            .filter_map(|id| c.hubs.iter().position(|h| &h.id == id))
            .collect()
    }

    /// Every figure, in the order of the report, tagged with its section.
    fn figures_by_section(&self) -> Result<Vec<(&'static str, Figure)>, Error> {
        let c = self.comparison;
        crate::maps::check(c, self.atlas)?;
        let f = self.focus();
        let mut out = Vec::new();
        for (r, sketch) in self.networks.iter().enumerate().take(c.runs.len()) {
            let places: Vec<Place> = (0..c.hubs.len()).filter_map(|h| self.place(h).cloned()).collect();
            out.push((
                "networks",
                network_map(self.atlas, sketch, &format!("network-{r}"), &c.runs[r].name, &places)?,
            ));
        }
        let city_places: Vec<Place> =
            self.cities().into_iter().filter_map(|h| self.place(h).cloned()).collect();
        for t in 0..c.settings.network_effect.minutes.len() {
            out.push(("network-effect", network_effect_map(self.atlas, c, t, f, &city_places)?));
        }
        for h in 0..c.hubs.len() {
            out.push(("catchments", catchment_chart(c, h)?));
            out.push(("catchments", catchment_map(self.atlas, c, h, f, self.place(h))?));
            if f > 0 {
                out.push((
                    "catchments",
                    difference_map(self.atlas, c, h, f, self.options.ring_min, self.place(h))?,
                ));
            }
        }
        let mut chart_hubs = self.cities();
        if chart_hubs.len() < 2 {
            chart_hubs = (0..c.hubs.len().min(6)).collect();
        }
        out.push(("hub-times", hub_times_chart(c, &chart_hubs)?));
        Ok(out)
    }

    /// Every figure of the report, in order (what `--maps DIR` writes).
    pub fn figures(&self) -> Result<Vec<Figure>, Error> {
        Ok(self.figures_by_section()?.into_iter().map(|(_, f)| f).collect())
    }

    /// The report as one HTML document.
    pub fn html(&self) -> Result<String, Error> {
        let figures = self.figures_by_section()?;
        let c = self.comparison;
        let names: Vec<&str> = c.runs.iter().map(|r| r.name.as_str()).collect();
        let mut h = String::with_capacity(4 << 20);
        let title = format!("railshed report: {}", names.join(" vs "));
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"railshed {}\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
            escape(&self.provenance.version),
            escape(&title)
        );
        let _ = writeln!(
            h,
            "<svg class=\"rs-defs\" width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\" \
             focusable=\"false\"><defs>{}</defs></svg>",
            self.atlas.base_group()
        );
        let _ = writeln!(
            h,
            "<header>\n<h1>{}</h1>\n<p class=\"sub\">{} zones, {} people. {}, arriving by {} (every minute of \
             the {} minutes before), {} percentile. railshed {}.</p>",
            escape(&names.join(" vs ")),
            thousands(c.zones.len() as u64),
            thousands(c.population()),
            measure_words(c.settings.measure).0,
            escape(&clock(c.settings.arrive_by)),
            c.settings.arrival_window_min,
            ordinal(c.settings.percentile),
            escape(&self.provenance.version)
        );
        h.push_str("<nav aria-label=\"Contents\"><ol>");
        for s in &SECTIONS {
            let _ = write!(h, "<li><a href=\"#{}\">{}</a></li>", s.id, s.title);
        }
        h.push_str("</ol></nav>\n</header>\n<main>\n");
        for s in &SECTIONS {
            let _ = writeln!(
                h,
                "<section id=\"{}\" aria-labelledby=\"{}-h\">\n<h2 id=\"{}-h\">{}</h2>",
                s.id, s.id, s.id, s.title
            );
            match s.id {
                "headline" => self.headline(&mut h),
                "scenarios" => self.scenarios(&mut h),
                "network-effect" => self.network_effect_table(&mut h),
                "catchments" => self.catchment_table(&mut h),
                "hub-times" => {}
                "jobs" => self.jobs_table(&mut h),
                "method" => self.method(&mut h),
                _ => {}
            }
            let mine: Vec<&Figure> = figures.iter().filter(|(sec, _)| *sec == s.id).map(|(_, f)| f).collect();
            if s.id == "catchments" {
                self.catchment_figures(&mut h, &mine);
            } else {
                for f in mine {
                    figure(&mut h, f);
                }
            }
            if s.id == "hub-times" {
                self.hub_times_table(&mut h);
            }
            h.push_str("</section>\n");
        }
        let _ = write!(h, "</main>\n<footer>\n<p>Made with railshed {}.", escape(&self.provenance.version));
        for line in ATTRIBUTION {
            let _ = write!(h, " {}", escape(line));
        }
        h.push_str("</p>\n</footer>\n</body>\n</html>\n");
        Ok(h)
    }

    fn headline(&self, h: &mut String) {
        let c = self.comparison;
        let ne = &c.settings.network_effect;
        h.push_str("<div class=\"cards\">\n");
        for (t, &m) in ne.minutes.iter().enumerate() {
            let before = c.runs[0].indicators.network_effect[t];
            let _ = write!(
                h,
                "<div class=\"card\"><div>People within {} minutes of at least {} of the {} cities</div>\
                 <div class=\"big\">{}</div><div>{}</div><ul>",
                num(m),
                ne.n,
                ne.cities.len(),
                people(before),
                escape(&c.runs[0].name)
            );
            for run in &c.runs[1..] {
                let v = run.indicators.network_effect[t];
                let _ = write!(
                    h,
                    "<li>{}: {} ({})</li>",
                    escape(&run.name),
                    people(v),
                    change(v as i64 - before as i64)
                );
            }
            h.push_str("</ul></div>\n");
        }
        if let Some(t) = self.headline_threshold() {
            let f = self.focus();
            let gains: i64 = (0..c.hubs.len())
                .map(|hub| {
                    c.runs[f].indicators.catchment[hub][t] as i64
                        - c.runs[0].indicators.catchment[hub][t] as i64
                })
                .sum();
            let best = (0..c.hubs.len()).max_by_key(|&hub| {
                c.runs[f].indicators.catchment[hub][t] as i64 - c.runs[0].indicators.catchment[hub][t] as i64
            });
            if let Some(best) = best {
                let gain = c.runs[f].indicators.catchment[best][t] as i64
                    - c.runs[0].indicators.catchment[best][t] as i64;
                let _ = writeln!(
                    h,
                    "<div class=\"card\"><div>Largest gain in people within {} minutes of a city, {}</div>\
                     <div class=\"big\">{}</div><div>{} ({} over all {} cities)</div></div>",
                    num(c.settings.thresholds_min[t]),
                    escape(&c.runs[f].name),
                    escape(&c.hubs[best].name),
                    change(gain),
                    change(gains),
                    c.hubs.len()
                );
            }
        }
        h.push_str("</div>\n");
    }

    /// The threshold of the headline catchment figures: 60 minutes if set, else the middle one.
    fn headline_threshold(&self) -> Option<usize> {
        let t = &self.comparison.settings.thresholds_min;
        t.iter().position(|&m| m == 60.0).or((!t.is_empty()).then_some(t.len() / 2))
    }

    fn scenarios(&self, h: &mut String) {
        let c = self.comparison;
        h.push_str(
            "<table>\n<caption>Scenarios compared (the first is the reference)</caption>\n<thead><tr><th scope=\"col\">scenario</th>\
             <th scope=\"col\">file</th><th scope=\"col\">builds on</th><th scope=\"col\" class=\"n\">stations</th>\
             <th scope=\"col\" class=\"n\">served</th><th scope=\"col\" class=\"n\">lines</th><th scope=\"col\" class=\"n\">trips a day</th></tr></thead>\n<tbody>\n",
        );
        for run in &c.runs {
            let n = &run.network;
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&run.name),
                escape(&run.file),
                escape(&run.lineage.join(" → ")),
                thousands(n.stations as u64),
                thousands(n.served as u64),
                thousands(n.lines as u64),
                thousands(n.trips as u64)
            );
        }
        h.push_str("</tbody>\n</table>\n");
        for (run, text) in c.runs.iter().zip(self.scenarios) {
            let _ = writeln!(h, "<h3>{}</h3>", escape(&run.name));
            if !text.description.is_empty() {
                let _ = writeln!(h, "<p>{}</p>", escape(&text.description));
            }
            if !text.base.is_empty() {
                let _ = writeln!(h, "<p>Base: {}.</p>", escape(&text.base));
            }
            if text.modifications.is_empty() {
                h.push_str("<p>No modifications.</p>\n");
            } else {
                h.push_str("<ol>");
                for m in &text.modifications {
                    let _ = write!(h, "<li>{}</li>", escape(m));
                }
                h.push_str("</ol>\n");
            }
        }
    }

    /// The table head: a first header, then a column per run and a change column for each later run.
    fn run_columns(&self, h: &mut String, first: &[&str]) {
        h.push_str("<thead><tr>");
        for f in first {
            let _ = write!(h, "<th scope=\"col\">{}</th>", escape(f));
        }
        for (r, run) in self.comparison.runs.iter().enumerate() {
            let _ = write!(h, "<th scope=\"col\" class=\"n\">{}</th>", escape(&run.name));
            if r > 0 {
                let _ = write!(h, "<th scope=\"col\" class=\"n\">change ({})</th>", escape(&run.name));
            }
        }
        h.push_str("</tr></thead>\n");
    }

    /// The cells of a row: each run's value and its change from the reference.
    fn run_cells(&self, h: &mut String, v: impl Fn(usize) -> i64) {
        for cell in self.comparison.cells(|r| Some(v(r))) {
            let _ = write!(h, "<td class=\"n\">{}</td>", thousands(cell.value.unwrap_or(0).max(0) as u64));
            if let Some(d) = cell.change {
                let _ = write!(h, "<td class=\"n\">{}</td>", change(d));
            }
        }
    }

    fn network_effect_table(&self, h: &mut String) {
        let c = self.comparison;
        let ne = &c.settings.network_effect;
        let cities: Vec<&str> = self.cities().into_iter().map(|i| c.hubs[i].name.as_str()).collect();
        let _ = write!(
            h,
            "<p>People within the time of at least {} of the {} cities ({}), {}.</p>\n<table>\n\
             <caption>Network effect: people within reach of at least {} of {} cities</caption>\n",
            ne.n,
            ne.cities.len(),
            escape(&cities.join(", ")),
            measure_words(c.settings.measure).1,
            ne.n,
            ne.cities.len()
        );
        self.run_columns(h, &["minutes"]);
        h.push_str("<tbody>\n");
        for (t, &m) in ne.minutes.iter().enumerate() {
            let _ = write!(h, "<tr><th scope=\"row\" class=\"n\">{}</th>", num(m));
            self.run_cells(h, |r| c.runs[r].indicators.network_effect[t] as i64);
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
    }

    fn catchment_table(&self, h: &mut String) {
        let c = self.comparison;
        let _ = writeln!(
            h,
            "<table>\n<caption>People within each {} time of each city</caption>",
            measure_words(c.settings.measure).2
        );
        self.run_columns(h, &["city", "minutes"]);
        h.push_str("<tbody>\n");
        let k = c.settings.thresholds_min.len();
        for (hub, name) in c.hubs.iter().enumerate() {
            for (t, &m) in c.settings.thresholds_min.iter().enumerate() {
                h.push_str("<tr>");
                if t == 0 {
                    let _ = write!(h, "<th scope=\"rowgroup\" rowspan=\"{k}\">{}</th>", escape(&name.name));
                }
                let _ = write!(h, "<th scope=\"row\" class=\"n\">{}</th>", num(m));
                self.run_cells(h, |r| c.runs[r].indicators.catchment[hub][t] as i64);
                h.push_str("</tr>\n");
            }
        }
        h.push_str("</tbody>\n</table>\n");
    }

    fn catchment_figures(&self, h: &mut String, figures: &[&Figure]) {
        let c = self.comparison;
        for hub in &c.hubs {
            let _ = writeln!(h, "<h3 id=\"hub-{}\">{}</h3>", escape(&hub.id), escape(&hub.name));
            for f in figures.iter().filter(|f| {
                f.id == format!("catchment-chart-{}", hub.id)
                    || f.id
                        .strip_prefix(&format!("catchment-{}-", hub.id))
                        .is_some_and(|r| r.parse::<usize>().is_ok())
                    || f.id
                        .strip_prefix(&format!("difference-{}-", hub.id))
                        .is_some_and(|r| r.parse::<usize>().is_ok())
            }) {
                figure(h, f);
            }
        }
    }

    fn hub_times_table(&self, h: &mut String) {
        let c = self.comparison;
        let _ = write!(
            h,
            "<table>\n<caption>Fastest station-to-station journeys between {} and {}: minutes (changes)</caption>\n<thead><tr>\
             <th scope=\"col\">from</th><th scope=\"col\">to</th>",
            escape(&clock(c.settings.hub_times_window[0])),
            escape(&clock(c.settings.hub_times_window[1]))
        );
        for run in &c.runs {
            let _ = write!(h, "<th scope=\"col\" class=\"n\">{}</th>", escape(&run.name));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for (i, a) in c.hubs.iter().enumerate() {
            for b in &c.hubs[i + 1..] {
                let _ = write!(
                    h,
                    "<tr><th scope=\"row\">{}</th><th scope=\"row\">{}</th>",
                    escape(&a.name),
                    escape(&b.name)
                );
                let before = c.runs[0]
                    .indicators
                    .hub_times
                    .iter()
                    .find(|t| t.from == a.id && t.to == b.id)
                    .and_then(|t| t.minutes);
                for run in &c.runs {
                    let t = run.indicators.hub_times.iter().find(|t| t.from == a.id && t.to == b.id);
                    match t.and_then(|t| t.minutes.map(|m| (m, t.changes.unwrap_or(0)))) {
                        Some((m, ch)) => {
                            let class = match before {
                                Some(b) if m < b => " up",
                                Some(b) if m > b => " down",
                                _ => "",
                            };
                            let _ = write!(h, "<td class=\"n{class}\">{m} ({ch})</td>");
                        }
                        None => h.push_str("<td class=\"n\">—</td>"),
                    }
                }
                h.push_str("</tr>\n");
            }
        }
        h.push_str("</tbody>\n</table>\n");
    }

    fn jobs_table(&self, h: &mut String) {
        let c = self.comparison;
        let s = &c.settings;
        h.push_str(
            "<p>Population-weighted means over the zones: the jobs a resident reaches within the time, door to door, \
             over the departure window; and effective density, Σ jobs / (generalised journey time)<sup>α</sup>.</p>\n\
             <table>\n<caption>Jobs within reach and effective density (means over residents)</caption>\n",
        );
        self.run_columns(h, &["indicator"]);
        h.push_str("<tbody>\n");
        for (k, &m) in s.jobs_minutes.iter().enumerate() {
            let _ = write!(h, "<tr><th scope=\"row\">jobs within {} min</th>", num(m));
            self.run_cells(h, |r| whole(c.jobs_within_mean(r, k)));
            h.push_str("</tr>\n");
        }
        for (k, sector) in s.effective_density.sectors.iter().enumerate() {
            let _ = write!(
                h,
                "<tr><th scope=\"row\">effective density, {} (α {})</th>",
                escape(&sector.name),
                sector.alpha
            );
            self.run_cells(h, |r| whole(c.effective_density_mean(r, k)));
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
    }

    fn method(&self, h: &mut String) {
        let c = self.comparison;
        let s = &c.settings;
        let a = &s.access;
        let rows: Vec<(String, String)> = vec![
            (
                "zones".into(),
                format!(
                    "{} Census 2021 MSOAs at population-weighted centroids, {} people; drawn as dots sized by population",
                    thousands(c.zones.len() as u64),
                    thousands(c.population())
                ),
            ),
            (
                "access and egress".into(),
                format!(
                    "straight line × {} at the faster of walking at {} km/h (at most {} min) and a feeder at {} km/h plus {} min; at most {} min a leg",
                    a.detour,
                    a.walk_kmh,
                    num(a.walk_max_min),
                    a.feeder_kmh,
                    num(a.feeder_penalty_min),
                    num(a.max_min)
                ),
            ),
            (
                "arrival window".into(),
                format!(
                    "arriving by {} at every minute of the {} minutes before",
                    clock(s.arrive_by),
                    s.arrival_window_min
                ),
            ),
            (
                "percentile".into(),
                format!("{} of the travel times over a window (nearest rank)", ordinal(s.percentile)),
            ),
            (
                "catchment thresholds".into(),
                format!(
                    "{} minutes",
                    s.thresholds_min.iter().map(|&m| num(m)).collect::<Vec<_>>().join(", ")
                ),
            ),
            (
                "network effect".into(),
                format!(
                    "at least {} of {} within {} minutes",
                    s.network_effect.n,
                    s.network_effect.cities.join(", "),
                    s.network_effect.minutes.iter().map(|&m| num(m)).collect::<Vec<_>>().join(" or ")
                ),
            ),
            (
                "departure window".into(),
                format!(
                    "{}–{} (jobs within reach, effective density)",
                    clock(s.depart_window[0]),
                    clock(s.depart_window[1])
                ),
            ),
            (
                "jobs within reach".into(),
                format!("{} minutes", s.jobs_minutes.iter().map(|&m| num(m)).collect::<Vec<_>>().join(", ")),
            ),
            (
                "effective density".into(),
                format!(
                    "interchange penalty {} min, intra-zonal time {} min; α: {}",
                    num(s.effective_density.interchange_penalty_min),
                    num(s.effective_density.intrazonal_min),
                    s.effective_density
                        .sectors
                        .iter()
                        .map(|x| format!("{} {}", x.name, x.alpha))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            (
                "hub-to-hub window".into(),
                format!("{}–{}", clock(s.hub_times_window[0]), clock(s.hub_times_window[1])),
            ),
            (
                "maps".into(),
                format!(
                    "British National Grid (EPSG:27700); local-authority outlines of 2021; the maps compare {} with {}",
                    c.runs[self.focus()].name,
                    c.runs[0].name
                ),
            ),
        ];
        h.push_str("<table>\n<caption>Settings every scenario was evaluated with</caption>\n<thead><tr><th scope=\"col\">setting</th><th scope=\"col\">value</th></tr></thead>\n<tbody>\n");
        for (k, v) in rows {
            let _ = writeln!(h, "<tr><th scope=\"row\">{}</th><td>{}</td></tr>", escape(&k), escape(&v));
        }
        h.push_str("</tbody>\n</table>\n");
        let p = self.provenance;
        let _ = write!(
            h,
            "<p>Made with railshed {}. The same version and inputs give the same report, byte for byte.</p>\n<table>\n\
             <caption>Inputs (SHA-256 of each file's bytes)</caption>\n<thead><tr><th scope=\"col\">input</th><th scope=\"col\">file</th>\
             <th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n",
            escape(&p.version)
        );
        for i in &p.inputs {
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td><code>{}</code></td><td><code>{}</code></td></tr>",
                escape(&i.role),
                escape(&i.name),
                escape(&i.sha256)
            );
        }
        h.push_str("</tbody>\n</table>\n<h3>Data</h3>\n<ul>");
        for line in ATTRIBUTION {
            let _ = write!(h, "<li>{}</li>", escape(line));
        }
        h.push_str("</ul>\n");
    }
}

/// A figure with its caption.
fn figure(h: &mut String, f: &Figure) {
    let _ = writeln!(
        h,
        "<figure id=\"fig-{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>",
        escape(&f.id),
        f.svg,
        escape(&f.alt)
    );
}

/// A change with its class for colour (and its sign, so colour is not the only cue).
fn change(v: i64) -> String {
    let class = match v.signum() {
        1 => "up",
        -1 => "down",
        _ => "",
    };
    if class.is_empty() { signed(v) } else { format!("<span class=\"{class}\">{}</span>", signed(v)) }
}

/// `50` as "median", `75` as "75th".
fn ordinal(p: f64) -> String {
    if p == 50.0 { "median".into() } else { crate::figure::ordinal(p) }
}

/// How the report names the measure of its catchments and network effect:
/// at the start of a sentence, after a comma, and as an adjective.
fn measure_words(m: Measure) -> (&'static str, &'static str, &'static str) {
    match m {
        Measure::DoorToDoor => ("Door to door", "door to door", "door-to-door"),
        Measure::Station => ("Station to station", "station to station", "station-to-station"),
        Measure::Gjt => ("Generalised journey time", "generalised journey time", "generalised-journey-time"),
    }
}
