//! The comparison as text: the before/after tables of `railshed compare`
//! and the same figures as CSV rows. Both read the figures the
//! [`Comparison`] derived, with their changes from the reference
//! ([`Comparison::cells`]).

use std::fmt::Write as _;

use railshed_report::figure::{ordinal, signed, thousands};
use railshed_scenario::compare::{Cell, Comparison, HubName, whole};
use railshed_scenario::settings::{Measure, Settings, clock};

use crate::error::{Error, Result, did_you_mean};

/// What `railshed compare` prints on stdout (`--format`).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// The before/after tables ([`table`], with [`explain_table`] when
    /// asked for).
    #[default]
    Table,
    /// The same figures as CSV rows ([`CSV_HEADER`], [`csv_rows`]).
    Csv,
    /// The `railshed-result/2` JSON.
    Json,
}

impl Format {
    /// Its name on the command line and in shard manifests.
    pub fn id(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// The format named `id` ([`Format::id`]).
    pub fn from_id(id: &str) -> Option<Format> {
        [Format::Table, Format::Csv, Format::Json].into_iter().find(|f| f.id() == id)
    }
}

/// How what `railshed compare` prints is shaped: `--format`, `--hubs` and
/// `--explain`. Options of the rendered output only, so a shard records
/// them in its manifest (when any is given) and `railshed merge` prints
/// what the unsharded run prints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Printed {
    /// The format printed.
    pub format: Format,
    /// The hubs shown in the table or CSV, as given (ids or names; all
    /// when empty), checked by [`shown_hubs`].
    pub hubs: Vec<String>,
    /// Whether the table is followed by where the time goes
    /// ([`explain_table`]).
    pub explain: bool,
}

/// Which hubs `names` names (ids or names; all of them when it names
/// none), as a flag per hub of `hubs` (a comparison's, or a plan's).
pub fn shown_hubs(hubs: &[HubName], names: &[String]) -> Result<Vec<bool>> {
    let mut shown = vec![names.is_empty(); hubs.len()];
    for name in names {
        let name = name.trim();
        let Some(h) =
            hubs.iter().position(|h| h.id.eq_ignore_ascii_case(name) || h.name.eq_ignore_ascii_case(name))
        else {
            let ids = hubs.iter().map(|h| h.id.as_str());
            return Err(Error::bad_input(format!("--hubs: unknown hub {name:?}{}", did_you_mean(name, ids))));
        };
        shown[h] = true;
    }
    Ok(shown)
}

/// A table with a header and right-aligned columns after the first `left` ones.
struct Table {
    rows: Vec<Vec<String>>,
    left: usize,
}

impl Table {
    fn render(&self) -> String {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let width: Vec<usize> = (0..cols)
            .map(|c| self.rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                let pad = width[c] - cell.chars().count();
                if c > 0 {
                    line.push_str("  ");
                }
                if c < self.left {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                } else {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// The before/after tables printed by `railshed compare`, with the hubs
/// `shown` (see [`shown_hubs`]).
pub fn table(c: &Comparison, shown: &[bool]) -> String {
    let s = &c.settings;
    let mut out = scope(c);
    let names: Vec<&str> = c.runs.iter().map(|r| r.name.as_str()).collect();
    let _ = writeln!(out, "\n{}", names.join(" vs "));
    let window = if s.arrival_window_min == 60 {
        "hour".to_owned()
    } else {
        format!("{} minutes", s.arrival_window_min)
    };
    let statistic = if s.percentile == 50.0 {
        "the median".to_owned()
    } else {
        format!("the {} percentile", ordinal(s.percentile))
    };
    let _ = writeln!(
        out,
        "{} zones, {} people. Times to arrive by {}: {statistic} over each minute of the {window} before.",
        thousands(c.zones.len() as u64),
        thousands(c.population()),
        clock(s.arrive_by),
    );
    for m in c.measures() {
        let _ = writeln!(out, "{}", measure_note(m, s));
    }
    let header = |first: &[&str]| -> Vec<String> {
        let mut h: Vec<String> = first.iter().map(|s| s.to_string()).collect();
        for (i, n) in names.iter().enumerate() {
            h.push(n.to_string());
            if i > 0 {
                h.push("change".into());
            }
        }
        h
    };
    let values = |row: &mut Vec<String>, v: &dyn Fn(usize) -> i64| {
        for cell in c.cells(|r| Some(v(r))) {
            row.push(thousands(cell.value.unwrap_or(0).max(0) as u64));
            if let Some(change) = cell.change {
                row.push(signed(change));
            }
        }
    };

    let definitions = s.definitions();
    for (mi, measure) in c.measures().into_iter().enumerate() {
        let _ = writeln!(out, "\nPopulation within reach of each city, {}", measure_name(measure));
        let mut t = Table { rows: vec![header(&["city", "minutes"])], left: 1 };
        for (h, hub) in c.hubs.iter().enumerate().filter(|&(h, _)| shown[h]) {
            for (k, &m) in s.thresholds_min.iter().enumerate() {
                let mut row = vec![if k == 0 { hub.name.clone() } else { String::new() }, format!("{m}")];
                values(&mut row, &|r| c.reach(r, mi).figures.catchment[h][k] as i64);
                t.rows.push(row);
            }
        }
        out.push_str(&t.render());

        for (d, ne) in definitions.iter().enumerate() {
            let city_names: Vec<&str> = ne
                .cities
                .iter()
                .map(|id| c.hubs.iter().find(|h| &h.id == id).map_or(id.as_str(), |h| h.name.as_str()))
                .collect();
            let which =
                if s.names_definitions() { format!(", {} ({})", ne.name, ne.id) } else { String::new() };
            let _ = writeln!(
                out,
                "\nNetwork effect, {}{which}: people within reach of at least {} of {} cities ({})",
                measure_name(measure),
                ne.n,
                ne.cities.len(),
                city_names.join(", ")
            );
            let mut t = Table { rows: vec![header(&["minutes"])], left: 0 };
            for (k, &m) in ne.minutes.iter().enumerate() {
                let mut row = vec![format!("{m}")];
                values(&mut row, &|r| c.reach(r, mi).figures.network_effect[d][k] as i64);
                t.rows.push(row);
            }
            out.push_str(&t.render());
        }
    }

    let _ = writeln!(out, "\nJobs within reach and effective density (population-weighted means over zones)");
    let mut t = Table { rows: vec![header(&["indicator"])], left: 1 };
    for (k, &m) in s.jobs_minutes.iter().enumerate() {
        let mut row = vec![format!("jobs within {m} min")];
        values(&mut row, &|r| whole(c.jobs_within_mean(r, k)));
        t.rows.push(row);
    }
    for (k, sector) in s.effective_density.sectors.iter().enumerate() {
        let mut row = vec![format!("effective density, {} (α {})", sector.name, sector.alpha)];
        values(&mut row, &|r| whole(c.effective_density_mean(r, k)));
        t.rows.push(row);
    }
    out.push_str(&t.render());

    let _ = writeln!(
        out,
        "\nFastest journeys between cities, station to station, {}–{}: minutes (changes)",
        clock(s.hub_times_window[0]),
        clock(s.hub_times_window[1])
    );
    let mut head = vec!["from".to_owned(), "to".to_owned()];
    head.extend(names.iter().map(|n| n.to_string()));
    let mut t = Table { rows: vec![head], left: 2 };
    for (i, a) in c.hubs.iter().enumerate() {
        for (_, b) in c.hubs.iter().enumerate().skip(i + 1).filter(|&(j, _)| shown[i] || shown[j]) {
            let mut row = vec![a.name.clone(), b.name.clone()];
            for run in &c.runs {
                let cell = run
                    .indicators
                    .hub_times
                    .iter()
                    .find(|t| t.from == a.id && t.to == b.id)
                    .and_then(|t| t.minutes.zip(t.changes))
                    .map_or("—".to_owned(), |(m, ch)| format!("{m} ({ch})"));
                row.push(cell);
            }
            t.rows.push(row);
        }
    }
    out.push_str(&t.render());
    out
}

/// What the model is, in a box at the top of `railshed compare`'s tables:
/// the same content as the README's scope box (rail only, the service
/// day, the census and its caveat, the measures of this comparison).
pub fn scope(c: &Comparison) -> String {
    let mut measures: Vec<&str> = c.measures().into_iter().map(measure_name).collect();
    let last = measures.pop().unwrap_or("door to door");
    let measures =
        if measures.is_empty() { last.to_owned() } else { format!("{} and {last}", measures.join(", ")) };
    let lines = [
        "Rail only: National Rail and Merseyrail trains in and into the North; walking, feeder buses and cars only as \
         the leg to a station and from a city's station to its centre (no Metrolink, Tyne and Wear Metro or buses)."
            .to_owned(),
        "One weekday: on the embedded network, the December 2019 standard hour with the early trains, morning peak \
         and late trains of the RDG CIF sample of 20-21 March 2020 (networks/README.md, \"Service day\")."
            .to_owned(),
        "People: Census 2021 (21 March 2021), taken in a COVID-19 lockdown, so its travel-to-work and workplace \
         counts understate normal commuting."
            .to_owned(),
        format!(
            "Measure: {measures} (below); promoters quote station-to-station times \
             (--measures door-to-door,station,gjt prints each, --explain where the time goes)."
        ),
    ];
    let width = 112;
    let rule = format!("+{}+\n", "-".repeat(width + 2));
    let mut out = rule.clone();
    for line in lines {
        let mut row = String::new();
        for word in line.split(' ') {
            if !row.is_empty() && row.chars().count() + 1 + word.chars().count() > width {
                let _ = writeln!(out, "| {row:<width$} |");
                row = "  ".to_owned();
            } else if !row.is_empty() && row != "  " {
                row.push(' ');
            }
            row.push_str(word);
        }
        let _ = writeln!(out, "| {row:<width$} |");
    }
    out.push_str(&rule);
    out
}

/// A measure as table headings name it.
pub fn measure_name(m: Measure) -> &'static str {
    match m {
        Measure::DoorToDoor => "door to door",
        Measure::Station => "station to station",
        Measure::Gjt => "generalised journey time",
    }
}

/// One line saying what a measure counts.
fn measure_note(m: Measure, s: &Settings) -> String {
    let radius_km = s.station_radius_km;
    match m {
        Measure::DoorToDoor => {
            "Door to door (measure door-to-door): the walk or feeder to the station, waiting, \
             the train and changes, and the city's station to its centre."
                .to_owned()
        }
        Measure::Station => format!(
            "Station to station (measure station, the promoters' convention): from the stations within {radius_km} km \
             of a zone (else its nearest) to any station of the city, waiting and the train; no access or egress."
        ),
        Measure::Gjt => format!(
            "Generalised journey time (measure gjt): door to door with the access and egress legs ×{}, waiting ×{} \
             and {} minutes a change, in minutes of train time.",
            s.gjt.access_weight, s.gjt.wait_weight, s.gjt.interchange_penalty_min
        ),
    }
}

/// Where the time goes, printed by `railshed compare --explain`: for each
/// measure and scenario, the network effect and the catchments of the hubs
/// `shown` as measured and with each term of the journey switched off in
/// turn (then all of them: the train alone).
pub fn explain_table(c: &Comparison, shown: &[bool]) -> String {
    let s = &c.settings;
    let mut out = String::new();
    for (mi, measure) in c.measures().into_iter().enumerate() {
        for (r, run) in c.runs.iter().enumerate() {
            let reach = c.reach(r, mi);
            let _ = writeln!(
                out,
                "\nWhere the time goes, {}, {}: people within reach as measured and with terms switched off",
                run.name,
                measure_name(measure)
            );
            let mut head = vec!["indicator".to_owned(), "minutes".to_owned(), "as measured".to_owned()];
            head.extend(reach.explain.iter().map(|(off, _)| off.label().to_owned()));
            let mut t = Table { rows: vec![head], left: 1 };
            for (d, ne) in s.definitions().iter().enumerate() {
                for (k, &m) in ne.minutes.iter().enumerate() {
                    let label = match (k, s.names_definitions()) {
                        (0, false) => format!("network effect ({} of {})", ne.n, ne.cities.len()),
                        (0, true) => format!("network effect, {} ({} of {})", ne.id, ne.n, ne.cities.len()),
                        _ => String::new(),
                    };
                    let mut row = vec![label, format!("{m}"), thousands(reach.figures.network_effect[d][k])];
                    row.extend(reach.explain.iter().map(|(_, f)| thousands(f.network_effect[d][k])));
                    t.rows.push(row);
                }
            }
            for (h, hub) in c.hubs.iter().enumerate().filter(|&(h, _)| shown[h]) {
                for (k, &m) in s.thresholds_min.iter().enumerate() {
                    let label = if k == 0 { hub.name.clone() } else { String::new() };
                    let mut row = vec![label, format!("{m}"), thousands(reach.figures.catchment[h][k])];
                    row.extend(reach.explain.iter().map(|(_, f)| thousands(f.catchment[h][k])));
                    t.rows.push(row);
                }
            }
            out.push_str(&t.render());
        }
    }
    out
}

/// The columns of `railshed compare --format csv`.
pub const CSV_HEADER: &[&str] =
    &["indicator", "from", "to", "sector", "minutes", "measure", "scenario", "value", "change"];

/// The figures of the table as CSV rows (see [`CSV_HEADER`]), with the hubs
/// `shown`; `network_effect` rows of named definitions (the settings'
/// `network_effects`) give the definition's id in `to`. Hubs are keyed by id, as in every CSV railshed writes.
pub fn csv_rows(c: &Comparison, shown: &[bool]) -> Vec<[String; 9]> {
    let s = &c.settings;
    let mut rows = Vec::new();
    let mut push = |indicator: &str,
                    from: &str,
                    to: &str,
                    sector: &str,
                    minutes: String,
                    measure: &str,
                    v: &dyn Fn(usize) -> Option<i64>| {
        for (run, Cell { value, change }) in c.runs.iter().zip(c.cells(v)) {
            rows.push([
                indicator.to_owned(),
                from.to_owned(),
                to.to_owned(),
                sector.to_owned(),
                minutes.clone(),
                measure.to_owned(),
                run.name.clone(),
                value.map(|x| x.to_string()).unwrap_or_default(),
                change.map(|x| x.to_string()).unwrap_or_default(),
            ]);
        }
    };
    for (mi, measure) in c.measures().into_iter().enumerate() {
        for (h, hub) in c.hubs.iter().enumerate().filter(|&(h, _)| shown[h]) {
            for (k, &m) in s.thresholds_min.iter().enumerate() {
                push("catchment", &hub.id, "", "", m.to_string(), measure.id(), &|r| {
                    Some(c.reach(r, mi).figures.catchment[h][k] as i64)
                });
            }
        }
        for (d, ne) in s.definitions().iter().enumerate() {
            // Named definitions (`network_effects`) give their id in `to`.
            let to = if s.names_definitions() { ne.id.as_str() } else { "" };
            for (k, &m) in ne.minutes.iter().enumerate() {
                push("network_effect", "", to, "", m.to_string(), measure.id(), &|r| {
                    Some(c.reach(r, mi).figures.network_effect[d][k] as i64)
                });
            }
        }
    }
    for (k, &m) in s.jobs_minutes.iter().enumerate() {
        push("jobs_within", "", "", "", m.to_string(), "", &|r| Some(whole(c.jobs_within_mean(r, k))));
    }
    for (k, sector) in s.effective_density.sectors.iter().enumerate() {
        push("effective_density", "", "", &sector.name, String::new(), "", &|r| {
            Some(whole(c.effective_density_mean(r, k)))
        });
    }
    for (i, a) in c.hubs.iter().enumerate() {
        for (j, b) in c.hubs.iter().enumerate().skip(i + 1) {
            if !(shown[i] || shown[j]) {
                continue;
            }
            let time =
                |r: usize| c.runs[r].indicators.hub_times.iter().find(|t| t.from == a.id && t.to == b.id);
            push("journey_minutes", &a.id, &b.id, "", String::new(), "", &|r| {
                time(r).and_then(|t| t.minutes).map(i64::from)
            });
            push("journey_changes", &a.id, &b.id, "", String::new(), "", &|r| {
                time(r).and_then(|t| t.minutes.and(t.changes)).map(i64::from)
            });
        }
    }
    rows
}
