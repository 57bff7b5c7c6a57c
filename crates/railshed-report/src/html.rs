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
use crate::charts::{catchment_chart, explain_chart, hub_times_chart, network_effect_chart};
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
    Section { id: "headline", title: "In brief" },
    Section { id: "network-effect", title: "Network effect" },
    Section { id: "catchments", title: "Catchments of the cities" },
    Section { id: "networks", title: "Networks" },
    Section { id: "hub-times", title: "Journeys between cities" },
    Section { id: "jobs", title: "Jobs and effective density" },
    Section { id: "scenarios", title: "Scenarios" },
    Section { id: "method", title: "Assumptions and reproducibility" },
];

const CSS: &str = "\
:root{color-scheme:light;--ink:#1d1d1d;--muted:#555;--rule:#d6d6d6;--accent:#0b5394}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI','DejaVu Sans','Liberation Sans',Arial,sans-serif;color:var(--ink);background:#fff}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 20px}
header{padding-top:20px;border-bottom:3px solid var(--accent)}
h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.35em;margin:1.6em 0 .5em;border-bottom:1px solid var(--rule)}
h3{font-size:1.1em;margin:1.2em 0 .4em}
.sub{color:var(--muted);margin:0 0 .6em}
nav ol{display:flex;flex-wrap:wrap;gap:.2em 1.4em;list-style:none;padding:0;margin:.4em 0 .8em}
a{color:var(--accent)}
.lead{font-size:1.08em;max-width:92ch}
.lead li{margin:.35em 0}
.scope{border:1px solid #c9d6e6;background:#f4f8fc;padding:.5em .9em;margin:1em 0;font-size:.92em;max-width:110ch}
.scope p{margin:.3em 0}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em}
caption{text-align:left;font-weight:600;padding:.3em 0}
th,td{border:1px solid var(--rule);padding:.25em .55em;vertical-align:top}
thead th{background:#f1f4f8}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total th,tr.total td{font-weight:650;border-top:2px solid #999}
.up{color:#0b6b2f}.down{color:#a40000}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px;margin:1em 0}
.card{border:1px solid var(--rule);border-left:4px solid var(--accent);padding:.6em .8em}
.card .big{font-size:1.45em;font-weight:650}
figure{margin:1em 0 1.6em;overflow-x:auto}
figure svg{max-width:100%;height:auto;display:block}
figure.map svg{width:100%}
figure.map.one svg{width:72%}
figcaption{color:var(--muted);font-size:.88em;max-width:80ch;margin-top:.3em}
.charts{display:flex;flex-wrap:wrap;gap:0 24px;align-items:flex-start}
.charts>figure{flex:1 1 420px;min-width:0}
details{margin:.6em 0 1em}
summary{cursor:pointer;font-weight:600;color:var(--accent)}
.pick>input{position:absolute;opacity:0;width:1px;height:1px}
.pick>label{display:inline-block;border:1px solid var(--rule);border-radius:4px;padding:.15em .6em;margin:0 .3em .35em 0;cursor:pointer;font-size:.92em;background:#fafafa}
.pick>input:checked+label{background:var(--accent);border-color:var(--accent);color:#fff}
.pick>input:focus-visible+label{outline:2px solid #e69f00;outline-offset:1px}
.pick .pick-label{font-weight:600;margin-right:.6em}
.pane{display:none}
code{font-size:.92em;word-break:break-all}
footer{margin-top:3em;padding-bottom:2em;border-top:1px solid var(--rule);color:var(--muted);font-size:.85em}
@media print{
 @page{size:A4;margin:12mm}
 body{font-size:9.5pt}
 header,main,footer{max-width:none;padding:0}
 nav,.pick>label,.pick .pick-label,details:not([open]){display:none}
 a{color:inherit;text-decoration:none}
 h2{break-after:avoid}
 #catchments-h,#networks-h,#method-h{break-before:page}
 figure,.card,.scope{break-inside:avoid}
 figure{overflow:visible;margin:.5em 0}
 figure.map svg{width:100%}
 figure.map.one svg{width:70%}
 thead{display:table-header-group}
 .pick>input:checked+label{display:none}
}
";

/// Where a picker's panes come from: its name (for ids) and each pane's label.
struct Picker<'p> {
    /// Short name, unique in the report: `hub`, `net`, `ne`.
    name: &'static str,
    /// What is picked, as the label before the choices.
    label: &'p str,
    /// The choices, each pane's label.
    choices: Vec<String>,
}

impl Picker<'_> {
    /// Opens the picker: the radio buttons (the first checked), a style
    /// showing the pane of the checked one, and the panes' container.
    fn open(&self, h: &mut String) {
        let n = self.name;
        let _ = write!(h, "<div class=\"pick\" id=\"pick-{n}\">\n<style>");
        for i in 0..self.choices.len() {
            let _ = write!(h, "#pick-{n}-{i}:checked~.panes>#pane-{n}-{i}{{display:block}}");
        }
        let _ = write!(h, "</style>\n<span class=\"pick-label\">{}</span>", escape(self.label));
        for (i, c) in self.choices.iter().enumerate() {
            let _ = write!(
                h,
                "<input type=\"radio\" name=\"pick-{n}\" id=\"pick-{n}-{i}\" value=\"{i}\"{}>\
                 <label for=\"pick-{n}-{i}\">{}</label>",
                if i == 0 { " checked" } else { "" },
                escape(c)
            );
        }
        h.push_str("\n<div class=\"panes\">\n");
    }

    /// Opens pane `i`.
    fn pane(&self, h: &mut String, i: usize) {
        let _ = writeln!(
            h,
            "<div class=\"pane\" id=\"pane-{}-{i}\" data-label=\"{}\">",
            self.name,
            escape(&self.choices[i])
        );
    }

    /// Closes the panes and the picker.
    fn close(h: &mut String) {
        h.push_str("</div>\n</div>\n");
    }
}

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
        c.settings.definitions()[0]
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
        for m in 0..c.measures().len() {
            out.push(("network-effect", network_effect_chart(c, m)?));
        }
        if let Some(t) = c.settings.definitions()[0].minutes.len().checked_sub(1) {
            for m in 0..c.measures().len() {
                if let Some(f) = explain_chart(c, m, t)? {
                    out.push(("network-effect", f));
                }
            }
        }
        let city_places: Vec<Place> =
            self.cities().into_iter().filter_map(|h| self.place(h).cloned()).collect();
        for t in 0..c.settings.definitions()[0].minutes.len() {
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
        for (r, sketch) in self.networks.iter().enumerate().take(c.runs.len()) {
            let places: Vec<Place> = (0..c.hubs.len()).filter_map(|h| self.place(h).cloned()).collect();
            out.push((
                "networks",
                network_map(self.atlas, sketch, &format!("network-{r}"), &c.runs[r].name, &places)?,
            ));
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

    /// The report as one HTML document: first what a reader can quote (a
    /// sentence per scenario, the scope, the headline figures), then the
    /// network effect, the catchments of one city at a time (picked with
    /// radio buttons, no script), the networks, and the detailed tables
    /// folded in `<details>`.
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
            let mine: Vec<&Figure> = figures.iter().filter(|(sec, _)| *sec == s.id).map(|(_, f)| f).collect();
            match s.id {
                "headline" => self.headline(&mut h),
                "network-effect" => self.network_effect_section(&mut h, &mine),
                "catchments" => self.catchments_section(&mut h, &mine),
                "networks" => self.networks_section(&mut h, &mine),
                "hub-times" => {
                    for f in mine {
                        figure(&mut h, f);
                    }
                    h.push_str("<details>\n<summary>Table of the fastest journeys between every pair of cities</summary>\n");
                    self.hub_times_table(&mut h);
                    h.push_str("</details>\n");
                }
                "jobs" => self.jobs_table(&mut h),
                "scenarios" => self.scenarios(&mut h),
                "method" => self.method(&mut h),
                _ => {}
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

    /// The primary measure's network effect of run `r` at time `t`.
    fn ne(&self, r: usize, t: usize) -> u64 {
        self.comparison.runs[r].indicators.network_effect[0][t]
    }

    /// The primary measure's catchment of hub `hub` in run `r` at threshold `t`.
    fn catchment(&self, r: usize, hub: usize, t: usize) -> u64 {
        self.comparison.runs[r].indicators.catchment[hub][t]
    }

    /// The first screen: a sentence per scenario, the scope, the figures.
    fn headline(&self, h: &mut String) {
        let c = self.comparison;
        h.push_str("<ul class=\"lead\">\n");
        for s in self.sentences() {
            let _ = writeln!(h, "<li>{s}</li>");
        }
        h.push_str("</ul>\n");
        self.scope(h);
        self.cards(h);
        if c.runs.len() > 1 {
            let _ = writeln!(
                h,
                "<p>The maps compare {} with {}; the figures of every scenario are in the tables.</p>",
                escape(&c.runs[self.focus()].name),
                escape(&c.runs[0].name)
            );
        }
    }

    /// The city of the largest gain in people within threshold `t` in run
    /// `r`, among the cities the reference already reaches someone from
    /// (a new station's catchment is all gain, and says little).
    fn largest_gain(&self, r: usize, t: usize) -> Option<usize> {
        let gain = |hub: usize| self.catchment(r, hub, t) as i64 - self.catchment(0, hub, t) as i64;
        (0..self.comparison.hubs.len())
            .filter(|&hub| self.catchment(0, hub, t) > 0)
            .max_by_key(|&hub| (gain(hub), std::cmp::Reverse(hub)))
            .filter(|&hub| gain(hub) > 0)
    }

    /// The sentences of the first screen (HTML): what the network effect
    /// counts; one sentence per scenario after the reference, in plain
    /// words, with the network effect at the first time where it differs
    /// from the reference's (else the first where it is not nobody) and
    /// the city whose catchment grows most; then, for each time where
    /// nobody reaches the cities in any scenario, a sentence saying so and
    /// what the other measures give.
    pub fn sentences(&self) -> Vec<String> {
        let c = self.comparison;
        let definitions = c.settings.definitions();
        let ne = &definitions[0];
        let words = measure_words(c.settings.measure).1;
        let reference = escape(&c.runs[0].name);
        let of = format!("{} of the {} cities", ne.n, ne.cities.len());
        let mut out = vec![format!(
            "The <em>network effect</em> counts the people who live within a time, {words}, of at least {of}: {}.",
            escape(&self.cities().iter().map(|&i| c.hubs[i].name.as_str()).collect::<Vec<_>>().join(", "))
        )];
        if c.runs.len() == 1
            && let Some(t) = (0..ne.minutes.len()).find(|&t| self.ne(0, t) > 0)
        {
            out.push(format!(
                "<strong>{reference}</strong>: {} people live within {} minutes of {of}.",
                people(self.ne(0, t)),
                num(ne.minutes[t])
            ));
        }
        for r in 1..c.runs.len() {
            let run = escape(&c.runs[r].name);
            let t = (0..ne.minutes.len())
                .find(|&t| self.ne(r, t) != self.ne(0, t))
                .or_else(|| (0..ne.minutes.len()).find(|&t| self.ne(r, t) > 0));
            let mut s = match t {
                Some(t) => {
                    let (before, after) = (self.ne(0, t), self.ne(r, t));
                    let against = if before == after {
                        format!("the same as with {reference}")
                    } else {
                        format!(
                            "against {} with {reference} ({})",
                            people(before),
                            change_people(after, before)
                        )
                    };
                    format!(
                        "<strong>{run}</strong>: {} people within {} minutes of {of}, {against}",
                        people(after),
                        num(ne.minutes[t])
                    )
                }
                None => format!(
                    "<strong>{run}</strong>: nobody within {} minutes of {of}, as with {reference}",
                    ne.minutes.last().map_or_else(String::new, |&m| num(m))
                ),
            };
            if let Some(t) = self.headline_threshold() {
                let mins = num(c.settings.thresholds_min[t]);
                match self.largest_gain(r, t) {
                    Some(best) => {
                        let (before, after) = (self.catchment(0, best, t), self.catchment(r, best, t));
                        let _ = write!(
                            s,
                            "; the largest gain in people within {mins} minutes of a city is {}'s, {} ({} → {})",
                            escape(&c.hubs[best].name),
                            change_people(after, before),
                            people(before),
                            people(after)
                        );
                    }
                    None => {
                        let _ = write!(s, "; no city has more people within {mins} minutes");
                    }
                }
            }
            s.push('.');
            out.push(s);
        }
        let measures = c.measures();
        for (t, &m) in ne.minutes.iter().enumerate() {
            if (0..c.runs.len()).all(|r| self.ne(r, t) == 0) {
                let mut s = format!("Within {} minutes {words}, nobody reaches {of} in any scenario", num(m));
                for (k, &other) in measures.iter().enumerate() {
                    if other == c.settings.measure {
                        continue;
                    }
                    let v: Vec<String> = (0..c.runs.len())
                        .map(|r| {
                            format!(
                                "{} with {}",
                                people(c.reach(r, k).figures.network_effect[0][t]),
                                escape(&c.runs[r].name)
                            )
                        })
                        .collect();
                    let _ = write!(s, "; {}, {}", measure_words(other).1, v.join(", "));
                }
                s.push_str(" (see <a href=\"#where-the-time-goes\">where the time goes</a>).");
                out.push(s);
            }
        }
        out
    }

    /// The scope of the model, in one short box.
    fn scope(&self, h: &mut String) {
        let c = self.comparison;
        let s = &c.settings;
        let embedded = !self.scenarios.is_empty()
            && self.scenarios.iter().all(|t| t.base == "the embedded network of the North");
        h.push_str("<aside class=\"scope\" aria-label=\"Scope\">\n<p><strong>Scope.</strong> ");
        if embedded {
            h.push_str(
                "<em>Rail only</em>: National Rail and Merseyrail trains in and into the North; walking, feeder \
                 buses and cars appear only as the leg to a station and from a city's station to its centre (no \
                 Metrolink, Tyne and Wear Metro or bus network). <em>One weekday</em>: the December 2019 standard \
                 hour, with the early trains, morning peak and late trains of the RDG CIF sample of 20–21 March 2020. ",
            );
        } else {
            h.push_str(
                "<em>Network</em>: the bases named under Scenarios; walking and feeders appear only as the leg to \
                 a station and from a city's station to its centre. ",
            );
        }
        let _ = write!(
            h,
            "<em>People</em>: Census 2021 (21 March 2021), {} zones, {} people, taken in a COVID-19 lockdown, so \
             its travel-to-work and workplace counts understate normal commuting. <em>Measure</em>: ",
            thousands(c.zones.len() as u64),
            thousands(c.population())
        );
        let window = format!(
            "the {} over each minute of the {} minutes before {}",
            ordinal(s.percentile),
            s.arrival_window_min,
            escape(&clock(s.arrive_by))
        );
        let measures = c.measures();
        let texts: Vec<String> = measures
            .iter()
            .map(|m| match m {
                Measure::DoorToDoor => format!(
                    "door to door — access to a station, waiting ({window}), trains and changes, and egress to \
                     the city centre; not the station-to-station times promoters quote"
                ),
                Measure::Station => format!(
                    "station to station, the promoters' convention — from the stations within {} km of a zone to \
                     any station of the city, waiting ({window}) and the train, with no access or egress",
                    num(s.station_radius_km)
                ),
                Measure::Gjt => format!(
                    "generalised journey time — door to door with the access and egress legs weighted ×{}, \
                     waiting ({window}) ×{} and {} minutes a change, in minutes of train time",
                    num(s.gjt.access_weight),
                    num(s.gjt.wait_weight),
                    num(s.gjt.interchange_penalty_min)
                ),
            })
            .collect();
        h.push_str(&texts.join("; and "));
        h.push_str(".</p>\n</aside>\n");
    }

    /// The headline figures as cards: the network effect at each time
    /// where someone reaches the cities, and the largest catchment gain.
    fn cards(&self, h: &mut String) {
        let c = self.comparison;
        let definitions = c.settings.definitions();
        let ne = &definitions[0];
        h.push_str("<div class=\"cards\">\n");
        for (t, &m) in ne.minutes.iter().enumerate() {
            if (0..c.runs.len()).all(|r| self.ne(r, t) == 0) {
                continue;
            }
            let before = self.ne(0, t);
            let _ = write!(
                h,
                "<div class=\"card\"><div>People within {} minutes {} of at least {} of the {} cities</div>\
                 <div class=\"big\">{}</div><div>{}</div><ul>",
                num(m),
                measure_words(c.settings.measure).1,
                ne.n,
                ne.cities.len(),
                people(before),
                escape(&c.runs[0].name)
            );
            for (r, run) in c.runs.iter().enumerate().skip(1) {
                let v = self.ne(r, t);
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
            let gain = |hub: usize| self.catchment(f, hub, t) as i64 - self.catchment(0, hub, t) as i64;
            let gains: i64 = (0..c.hubs.len()).map(gain).sum();
            if let Some(best) = self.largest_gain(f, t) {
                let _ = writeln!(
                    h,
                    "<div class=\"card\"><div>Largest gain in people within {} minutes of a city, {}</div>\
                     <div class=\"big\">{}</div><div>{} ({} over all {} cities)</div></div>",
                    num(c.settings.thresholds_min[t]),
                    escape(&c.runs[f].name),
                    escape(&c.hubs[best].name),
                    change(gain(best)),
                    change(gains),
                    c.hubs.len()
                );
            }
        }
        h.push_str("</div>\n");
    }

    /// The network-effect charts, its maps one time at a time, the table
    /// under each measure, and where the time goes.
    fn network_effect_section(&self, h: &mut String, figures: &[&Figure]) {
        let c = self.comparison;
        let definitions = c.settings.definitions();
        let ne = &definitions[0];
        let cities: Vec<&str> = self.cities().into_iter().map(|i| c.hubs[i].name.as_str()).collect();
        let which = if c.settings.names_definitions() {
            format!(
                " The charts and maps show the first of the {} definitions, {}; the tables show each.",
                definitions.len(),
                ne.name
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            h,
            "<p>People living within the time of at least {} of the {} cities ({}).{}</p>",
            ne.n,
            ne.cities.len(),
            escape(&cities.join(", ")),
            escape(&which)
        );
        h.push_str("<div class=\"charts\">\n");
        for f in figures.iter().filter(|f| f.id.starts_with("network-effect-chart-")) {
            figure(h, f);
        }
        h.push_str("</div>\n");
        for m in 0..c.measures().len() {
            for d in 0..definitions.len() {
                self.network_effect_table(h, m, d);
            }
        }
        let maps: Vec<&&Figure> = figures.iter().filter(|f| f.uses_base).collect();
        if !maps.is_empty() {
            let picker = Picker {
                name: "ne",
                label: "Map of the cities within",
                choices: ne.minutes.iter().map(|&m| format!("{} minutes", num(m))).collect(),
            };
            picker.open(h);
            for (i, f) in maps.iter().enumerate().take(picker.choices.len()) {
                picker.pane(h, i);
                figure(h, f);
                h.push_str("</div>\n");
            }
            Picker::close(h);
        }
        let explained: Vec<&&Figure> = figures.iter().filter(|f| f.id.starts_with("explain-")).collect();
        self.where_the_time_goes(h, &explained);
    }

    /// The network effect of definition `d` under `c.measures()[m]`, each
    /// run and its change.
    fn network_effect_table(&self, h: &mut String, m: usize, d: usize) {
        let c = self.comparison;
        let definitions = c.settings.definitions();
        let ne = &definitions[d];
        let which =
            if c.settings.names_definitions() { format!(", {} ({})", ne.name, ne.id) } else { String::new() };
        let _ = writeln!(
            h,
            "<table>\n<caption>Network effect, {}{}: people within reach of at least {} of {} cities</caption>",
            measure_words(c.measures()[m]).1,
            escape(&which),
            ne.n,
            ne.cities.len()
        );
        self.run_columns(h, &["minutes"]);
        h.push_str("<tbody>\n");
        for (t, &mins) in ne.minutes.iter().enumerate() {
            let _ = write!(h, "<tr><th scope=\"row\" class=\"n\">{}</th>", num(mins));
            self.run_cells(h, |r| c.reach(r, m).figures.network_effect[d][t] as i64);
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
    }

    /// Where the time goes: the network effect of each run under each
    /// measure, as measured and with the terms of the journey switched off
    /// one at a time, then all of them.
    fn where_the_time_goes(&self, h: &mut String, charts: &[&&Figure]) {
        let c = self.comparison;
        let definitions = c.settings.definitions();
        let ne = &definitions[0];
        let measures = c.measures();
        if (0..measures.len()).all(|m| c.reach(0, m).explain.is_empty()) {
            return;
        }
        h.push_str(
            "<h3 id=\"where-the-time-goes\">Where the time goes</h3>\n<p>The network effect as measured, and with \
             each term of the journey switched off in turn: without the access leg (a zone's stations at no time), \
             without waiting (the best time of the window), without the egress leg (any of the city's stations), \
             and the train alone. The gap between a column and the first is what that term costs.</p>\n",
        );
        h.push_str("<div class=\"charts\">\n");
        for f in charts {
            figure(h, f);
        }
        h.push_str("</div>\n");
        for (m, &measure) in measures.iter().enumerate() {
            let offs: Vec<_> = c.reach(0, m).explain.iter().map(|(off, _)| *off).collect();
            if offs.is_empty() {
                continue;
            }
            let _ = write!(
                h,
                "<table class=\"explain\">\n<caption>Network effect, {}, with terms switched off</caption>\n<thead><tr>\
                 <th scope=\"col\">scenario</th><th scope=\"col\" class=\"n\">minutes</th><th scope=\"col\" class=\"n\">as measured</th>",
                measure_words(measure).1
            );
            for off in &offs {
                let _ = write!(h, "<th scope=\"col\" class=\"n\">{}</th>", off.label());
            }
            h.push_str("</tr></thead>\n<tbody>\n");
            for (r, run) in c.runs.iter().enumerate() {
                let reach = c.reach(r, m);
                for (t, &mins) in ne.minutes.iter().enumerate() {
                    h.push_str("<tr>");
                    if t == 0 {
                        let _ = write!(
                            h,
                            "<th scope=\"rowgroup\" rowspan=\"{}\">{}</th>",
                            ne.minutes.len(),
                            escape(&run.name)
                        );
                    }
                    let _ = write!(
                        h,
                        "<th scope=\"row\" class=\"n\">{}</th><td class=\"n\">{}</td>",
                        num(mins),
                        thousands(reach.figures.network_effect[0][t])
                    );
                    for (_, f) in &reach.explain {
                        let _ = write!(h, "<td class=\"n\">{}</td>", thousands(f.network_effect[0][t]));
                    }
                    h.push_str("</tr>\n");
                }
            }
            h.push_str("</tbody>\n</table>\n");
        }
    }

    /// The catchments one city at a time: its chart and maps, its table by
    /// local authority and where the time goes; then the table of every city.
    fn catchments_section(&self, h: &mut String, figures: &[&Figure]) {
        let c = self.comparison;
        let picker = Picker {
            name: "hub",
            label: "City",
            choices: c.hubs.iter().map(|hub| hub.name.clone()).collect(),
        };
        picker.open(h);
        for (i, hub) in c.hubs.iter().enumerate() {
            picker.pane(h, i);
            let _ = writeln!(h, "<h3 id=\"hub-{}\">{}</h3>", escape(&hub.id), escape(&hub.name));
            let of_hub = |f: &&&Figure| {
                f.id == format!("catchment-chart-{}", hub.id)
                    || f.id
                        .strip_prefix(&format!("catchment-{}-", hub.id))
                        .is_some_and(|r| r.parse::<usize>().is_ok())
                    || f.id
                        .strip_prefix(&format!("difference-{}-", hub.id))
                        .is_some_and(|r| r.parse::<usize>().is_ok())
            };
            for f in figures.iter().filter(of_hub) {
                figure(h, f);
            }
            self.local_authority_table(h, i);
            self.hub_explain_table(h, i);
            h.push_str("</div>\n");
        }
        Picker::close(h);
        for m in 0..c.measures().len() {
            let _ = writeln!(
                h,
                "<details>\n<summary>Table of the people within each time of every city, {}</summary>",
                measure_words(c.measures()[m]).1
            );
            self.catchment_table(h, m);
            h.push_str("</details>\n");
        }
    }

    /// The thresholds of the table by local authority: 60 and 90 minutes
    /// where set, else the headline threshold.
    fn local_authority_thresholds(&self) -> Vec<usize> {
        let t = &self.comparison.settings.thresholds_min;
        let both: Vec<usize> = [60.0, 90.0].iter().filter_map(|m| t.iter().position(|x| x == m)).collect();
        if both.is_empty() { self.headline_threshold().into_iter().collect() } else { both }
    }

    /// Population within each threshold of hub `hub` by local authority,
    /// from the zones' times: `(code, [[value per threshold] per run])`,
    /// authorities in code order, then the total.
    pub fn by_local_authority(&self, hub: usize, thresholds: &[usize]) -> Vec<(String, Vec<Vec<u64>>)> {
        let c = self.comparison;
        let mut rows: std::collections::BTreeMap<&str, Vec<Vec<u64>>> = std::collections::BTreeMap::new();
        for (z, zone) in c.zones.iter().enumerate() {
            let row = rows
                .entry(zone.lad.as_str())
                .or_insert_with(|| vec![vec![0; thresholds.len()]; c.runs.len()]);
            for (r, run) in c.runs.iter().enumerate() {
                for (k, &t) in thresholds.iter().enumerate() {
                    if run.indicators.zone_hub[z][hub].is_some_and(|m| m <= c.settings.thresholds_min[t]) {
                        row[r][k] += u64::from(zone.population);
                    }
                }
            }
        }
        rows.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }

    /// The table by local authority of hub `hub`, folded: the reference and
    /// the focus scenario within each threshold, authorities reached in
    /// either, most people first, and the total.
    fn local_authority_table(&self, h: &mut String, hub: usize) {
        let c = self.comparison;
        let ts = self.local_authority_thresholds();
        if ts.is_empty() {
            return;
        }
        let f = self.focus();
        let runs: Vec<usize> = if f == 0 { vec![0] } else { vec![0, f] };
        let mut rows: Vec<(String, Vec<Vec<u64>>)> = self
            .by_local_authority(hub, &ts)
            .into_iter()
            .filter(|(_, v)| runs.iter().any(|&r| v[r].iter().any(|&p| p > 0)))
            .collect();
        let last = ts.len() - 1;
        rows.sort_by(|a, b| {
            b.1[f][last].cmp(&a.1[f][last]).then(b.1[0][last].cmp(&a.1[0][last])).then(a.0.cmp(&b.0))
        });
        let mins: Vec<String> = ts.iter().map(|&t| num(c.settings.thresholds_min[t])).collect();
        let _ = write!(
            h,
            "<details class=\"la\">\n<summary>People within {} minutes of {} by local authority ({} authorities)</summary>\n\
             <table>\n<caption>People within {} minutes {} of {} by local authority</caption>\n<thead><tr><th scope=\"col\">local authority</th>",
            mins.join(" and "),
            escape(&c.hubs[hub].name),
            thousands(rows.len() as u64),
            mins.join(" and "),
            measure_words(c.settings.measure).1,
            escape(&c.hubs[hub].name)
        );
        for m in &mins {
            for &r in &runs {
                let _ = write!(h, "<th scope=\"col\" class=\"n\">{m} min, {}</th>", escape(&c.runs[r].name));
            }
            if runs.len() > 1 {
                let _ = write!(h, "<th scope=\"col\" class=\"n\">{m} min, change</th>");
            }
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        let mut total = vec![vec![0u64; ts.len()]; c.runs.len()];
        for (_, v) in &rows {
            for (t, v) in total.iter_mut().zip(v) {
                for (t, v) in t.iter_mut().zip(v) {
                    *t += v;
                }
            }
        }
        let last_row = rows.len();
        rows.push(("total".into(), total));
        for (i, (code, v)) in rows.iter().enumerate() {
            if i == last_row {
                h.push_str("<tr class=\"total\"><th scope=\"row\">total</th>");
            } else {
                let name = self.atlas.area_name(code).unwrap_or(code);
                let _ = write!(h, "<tr><th scope=\"row\">{}</th>", escape(name));
            }
            for (k, _) in ts.iter().enumerate() {
                for &r in &runs {
                    let _ = write!(h, "<td class=\"n\">{}</td>", thousands(v[r][k]));
                }
                if runs.len() > 1 {
                    let _ = write!(h, "<td class=\"n\">{}</td>", change(v[f][k] as i64 - v[0][k] as i64));
                }
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n</details>\n");
    }

    /// Where the time goes for hub `hub`: its catchment at each threshold
    /// under each measure, each run, with terms switched off; folded.
    fn hub_explain_table(&self, h: &mut String, hub: usize) {
        let c = self.comparison;
        let measures = c.measures();
        if (0..measures.len()).all(|m| c.reach(0, m).explain.is_empty()) {
            return;
        }
        let _ = writeln!(
            h,
            "<details class=\"explain\">\n<summary>Where the time goes on the way to {}</summary>",
            escape(&c.hubs[hub].name)
        );
        for (m, &measure) in measures.iter().enumerate() {
            let offs: Vec<_> = c.reach(0, m).explain.iter().map(|(off, _)| *off).collect();
            if offs.is_empty() {
                continue;
            }
            let _ = write!(
                h,
                "<table>\n<caption>People within each time of {}, {}, with terms switched off</caption>\n<thead><tr>\
                 <th scope=\"col\">scenario</th><th scope=\"col\" class=\"n\">minutes</th><th scope=\"col\" class=\"n\">as measured</th>",
                escape(&c.hubs[hub].name),
                measure_words(measure).1
            );
            for off in &offs {
                let _ = write!(h, "<th scope=\"col\" class=\"n\">{}</th>", off.label());
            }
            h.push_str("</tr></thead>\n<tbody>\n");
            let k = c.settings.thresholds_min.len();
            for (r, run) in c.runs.iter().enumerate() {
                let reach = c.reach(r, m);
                for (t, &mins) in c.settings.thresholds_min.iter().enumerate() {
                    h.push_str("<tr>");
                    if t == 0 {
                        let _ =
                            write!(h, "<th scope=\"rowgroup\" rowspan=\"{k}\">{}</th>", escape(&run.name));
                    }
                    let _ = write!(
                        h,
                        "<th scope=\"row\" class=\"n\">{}</th><td class=\"n\">{}</td>",
                        num(mins),
                        thousands(reach.figures.catchment[hub][t])
                    );
                    for (_, f) in &reach.explain {
                        let _ = write!(h, "<td class=\"n\">{}</td>", thousands(f.catchment[hub][t]));
                    }
                    h.push_str("</tr>\n");
                }
            }
            h.push_str("</tbody>\n</table>\n");
        }
        h.push_str("</details>\n");
    }

    /// Each scenario's network, one at a time.
    fn networks_section(&self, h: &mut String, figures: &[&Figure]) {
        let c = self.comparison;
        if figures.is_empty() {
            h.push_str("<p>No network maps.</p>\n");
            return;
        }
        let picker = Picker {
            name: "net",
            label: "Scenario",
            choices: c.runs.iter().take(figures.len()).map(|r| r.name.clone()).collect(),
        };
        picker.open(h);
        for (i, f) in figures.iter().enumerate().take(picker.choices.len()) {
            picker.pane(h, i);
            figure(h, f);
            h.push_str("</div>\n");
        }
        Picker::close(h);
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

    fn catchment_table(&self, h: &mut String, m: usize) {
        let c = self.comparison;
        let _ = writeln!(
            h,
            "<table>\n<caption>People within each {} time of each city</caption>",
            measure_words(c.measures()[m]).2
        );
        self.run_columns(h, &["city", "minutes"]);
        h.push_str("<tbody>\n");
        let k = c.settings.thresholds_min.len();
        for (hub, name) in c.hubs.iter().enumerate() {
            for (t, &mins) in c.settings.thresholds_min.iter().enumerate() {
                h.push_str("<tr>");
                if t == 0 {
                    let _ = write!(h, "<th scope=\"rowgroup\" rowspan=\"{k}\">{}</th>", escape(&name.name));
                }
                let _ = write!(h, "<th scope=\"row\" class=\"n\">{}</th>", num(mins));
                self.run_cells(h, |r| c.reach(r, m).figures.catchment[hub][t] as i64);
                h.push_str("</tr>\n");
            }
        }
        h.push_str("</tbody>\n</table>\n");
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
                s.definitions()
                    .iter()
                    .map(|d| {
                        let what = format!(
                            "at least {} of {} within {} minutes",
                            d.n,
                            d.cities.join(", "),
                            d.minutes.iter().map(|&m| num(m)).collect::<Vec<_>>().join(" or ")
                        );
                        if s.names_definitions() { format!("{} ({}): {what}", d.name, d.id) } else { what }
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
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
        "<figure id=\"fig-{}\"{}>\n{}\n<figcaption>{}</figcaption>\n</figure>",
        escape(&f.id),
        match (f.uses_base, f.svg.matches("<g class=\"panel\"").count()) {
            (false, _) => "",
            (true, 1) => " class=\"map one\"",
            (true, _) => " class=\"map\"",
        },
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

/// The change from `before` to `after` in people, coloured: `+1.11 million`.
fn change_people(after: u64, before: u64) -> String {
    let v = after as i64 - before as i64;
    let text = match v.signum() {
        1 => format!("+{}", people(v.unsigned_abs())),
        -1 => format!("−{}", people(v.unsigned_abs())),
        _ => "±0".into(),
    };
    match v.signum() {
        1 => format!("<span class=\"up\">{text}</span>"),
        -1 => format!("<span class=\"down\">{text}</span>"),
        _ => text,
    }
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
