//! Derives each line's service day from a CIF timetable: which trains of the
//! timetable run each line of a railshed network, and the departures that
//! result.
//!
//! ```sh
//! cargo run -p railshed-io --example service_spans -- CIF.zip NETWORK.json DATE [DATE ...]
//! ```
//!
//! A train of the timetable is matched to the line (and direction) of the
//! same operator whose calls it shares in order, scoring the calls shared
//! less the line's calls that the train skips between the first and last
//! shared one; the best score wins (then the most calls shared, then the
//! line listed first), and a train sharing fewer than two calls is left out.
//!
//! A train whose first shared call is more than 30 minutes into the line is
//! a short working: those leaving before 10:00 are listed apart, by line,
//! direction and first call (one more row each: line id, direction, first
//! call, count, departures, train ids), less those within 10 minutes of a
//! train the line itself runs past that call. Each other matched train is
//! moved back (or on) to the line's first call with the line's own running
//! times, anchored at its arrival at the first of the eight northern hub
//! stations it reaches (or, if it reaches none, at its departure from the
//! first shared call), and rounded down to the minute. The trains of every
//! date given are merged, a train within 10 minutes of one already taken
//! counting once.
//!
//! For each line and direction the output is one tab-separated row: line id,
//! `o` or `i`, the number of matched trains, and the proposed departures:
//! every matched train before 10:00 or after the line's last current
//! departure, and every current departure (the standard hour, repeated back
//! to 06:00 where a direction starts later) that is after 10:00 or that has
//! no matched train within half its headway.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use railshed_core::{Time, Timetable, TripIdx};
use railshed_io::Date;
use railshed_io::network::parse;
use railshed_io::timetable::{ImportSettings, import};

/// The stations of the eight northern hubs (`networks/hubs.json`).
const HUB_STATIONS: &[&str] = &[
    "LIV", "LVC", "MRF", "LVJ", "MAN", "MCV", "MCO", "DGT", "LDS", "BDI", "BDQ", "SHF", "HUL", "YRK", "NCL",
];

/// A train starting further than this (seconds) from the line's first call
/// is left out: moved back to the first call, it would run a service
/// upstream that does not exist.
const MAX_UPSTREAM: u32 = 30 * 60;

/// The earliest departure of a line's standard hour (seconds).
const DAY_START: u32 = 6 * 3600;

/// Trains before this (seconds) are taken as the timetable runs them.
const MORNING_END: u32 = 10 * 3600;

/// The CIF name of a network's operator, where the two differ.
fn cif_operator(op: &str) -> &str {
    match op {
        "LNER" => "London North Eastern Railway",
        "London Northwestern Railway" => "West Midlands Trains",
        other => other,
    }
}

/// One direction of a model line: its calls and the offsets (seconds from the
/// first departure) of arrival and departure at each.
struct Pattern {
    line: String,
    dir: char,
    operator: String,
    calls: Vec<String>,
    arr: Vec<u32>,
    dep: Vec<u32>,
    departures: Vec<u32>,
}

fn patterns(tt: &Timetable) -> Vec<Pattern> {
    let mut out: BTreeMap<(usize, char), Pattern> = BTreeMap::new();
    for (i, trip) in tt.trips.iter().enumerate() {
        let st = tt.stop_times_of(TripIdx::new(i));
        let dir = if trip.id.contains("/i") { 'i' } else { 'o' };
        let start = st[0].dep.secs();
        let line = &tt.lines[trip.line.idx()];
        out.entry((trip.line.idx(), dir))
            .or_insert_with(|| Pattern {
                line: line.id.clone(),
                dir,
                operator: line.operator.clone(),
                calls: st.iter().map(|s| tt.stations[s.station.idx()].id.clone()).collect(),
                arr: st.iter().map(|s| s.arr.secs() - start).collect(),
                dep: st.iter().map(|s| s.dep.secs() - start).collect(),
                departures: Vec::new(),
            })
            .departures
            .push(start);
    }
    out.into_values().collect()
}

/// The line calls a train shares in order, as (line call, train call) pairs.
fn shared(line: &[String], train: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    for (j, c) in line.iter().enumerate() {
        if let Some(k) = train[from..].iter().position(|t| t == c) {
            out.push((j, from + k));
            from += k + 1;
        }
    }
    out
}

/// Calls shared less the line's calls the train skips between its first and
/// last shared one (a line keeps only some of its trains' calls, so calls of
/// the train that the line skips cost nothing).
fn score(m: &[(usize, usize)]) -> i64 {
    let (first, last) = (m[0], m[m.len() - 1]);
    let skipped_line = (last.0 - first.0 + 1 - m.len()) as i64;
    m.len() as i64 - skipped_line
}

fn hhmm(secs: u32) -> String {
    Time(secs).hhmm()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            let _ = std::io::stdout().write_all(out.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<String, String> {
    let mut report = String::new();
    if args.len() < 3 {
        return Err("usage: service_spans CIF.zip NETWORK.json DATE [DATE ...]".to_owned());
    }
    let text = match std::fs::read_to_string(&args[1]) {
        Ok(t) => t,
        Err(e) => return Err(format!("{}: {e}", args[1])),
    };
    let model = match parse(&args[1], &text).and_then(|p| p.to_network()) {
        Ok(n) => n.compile(),
        Err(e) => return Err(e.problems().join("\n")),
    };
    let mut pats = patterns(&model);
    let mut matched: Vec<Vec<u32>> = vec![Vec::new(); pats.len()];
    // (line, first call) → departures and train ids of short workings.
    let mut short: BTreeMap<(usize, usize), Vec<(u32, String)>> = BTreeMap::new();
    for day in &args[2..] {
        let Some(date) = Date::parse_iso(day) else {
            return Err(format!("{day}: not a date (YYYY-MM-DD)"));
        };
        let tt = match import(Path::new(&args[0]), &ImportSettings::new(date)) {
            Ok(i) => i.network.compile(),
            Err(e) => return Err(e.problems().join("\n")),
        };
        let mut today: Vec<Vec<u32>> = vec![Vec::new(); pats.len()];
        for (i, trip) in tt.trips.iter().enumerate() {
            let op = &tt.lines[trip.line.idx()].operator;
            let st: Vec<_> =
                tt.stop_times_of(TripIdx::new(i)).iter().filter(|s| s.pickup || s.dropoff).collect();
            let calls: Vec<&str> = st.iter().map(|s| tt.stations[s.station.idx()].id.as_str()).collect();
            let best = pats
                .iter()
                .enumerate()
                .filter(|(_, p)| cif_operator(&p.operator) == op)
                .filter_map(|(k, p)| {
                    let m = shared(&p.calls, &calls);
                    (m.len() >= 2).then(|| (score(&m), m.len(), std::cmp::Reverse(k), m))
                })
                .max_by_key(|(s, n, k, _)| (*s, *n, *k));
            let Some((s, _, std::cmp::Reverse(k), m)) = best else { continue };
            if s < 2 {
                continue;
            }
            let p = &pats[k];
            if p.dep[m[0].0] > MAX_UPSTREAM {
                // A short working: kept as it runs, if it starts in the morning.
                let dep = st[m[0].1].dep.secs();
                if dep < MORNING_END {
                    short.entry((k, m[0].0)).or_default().push((dep / 60 * 60, trip.id.clone()));
                }
                continue;
            }
            let hub = m.iter().find(|(j, t)| *j > 0 && HUB_STATIONS.contains(&calls[*t]) && st[*t].dropoff);
            let origin = match hub {
                Some(&(j, t)) => st[t].arr.secs() as i64 - p.arr[j] as i64,
                None => st[m[0].1].dep.secs() as i64 - p.dep[m[0].0] as i64,
            };
            today[k].push((origin.max(0) as u32) / 60 * 60);
        }
        for (k, mut t) in today.into_iter().enumerate() {
            t.sort_unstable();
            for x in t {
                if !matched[k].iter().any(|&y| x.abs_diff(y) < 600) {
                    matched[k].push(x);
                }
            }
        }
    }
    let mut proposed: Vec<Vec<u32>> = Vec::with_capacity(pats.len());
    for (k, p) in pats.iter_mut().enumerate() {
        let mut sample = std::mem::take(&mut matched[k]);
        sample.sort_unstable();
        let current = &p.departures;
        let mut gaps: Vec<u32> = current.windows(2).map(|w| w[1] - w[0]).collect();
        gaps.sort_unstable();
        let headway = gaps.get(gaps.len() / 2).copied().unwrap_or(3600);
        let last = current.last().copied().unwrap_or(0);
        // The standard hour runs from 06:00 in both directions (a line of
        // one train a day has no standard hour).
        let mut current = current.clone();
        while let Some(&first) = current.first()
            && !gaps.is_empty()
            && first >= DAY_START + headway
        {
            current.insert(0, first - headway);
        }
        let current = &current;
        let mut out: Vec<u32> = sample.iter().copied().filter(|&s| s < MORNING_END || s > last).collect();
        for &c in current {
            if c >= MORNING_END || !sample.iter().any(|&s| s.abs_diff(c) * 2 < headway) {
                out.push(c);
            }
        }
        out.sort_unstable();
        out.dedup();
        let times: Vec<String> = out.iter().map(|&t| hhmm(t)).collect();
        let seen: Vec<String> = sample.iter().map(|&t| hhmm(t)).collect();
        let _ = writeln!(
            report,
            "{}\t{}\t{}\t{}\t{}",
            p.line,
            p.dir,
            sample.len(),
            times.join(" "),
            seen.join(" ")
        );
        proposed.push(out);
    }
    for ((k, j), mut trains) in short {
        trains.sort();
        // A short working within 10 minutes of a train of its line at its
        // first call is that train on the other day.
        let passes: Vec<u32> = proposed[k].iter().map(|&o| o + pats[k].dep[j]).collect();
        let mut kept: Vec<(u32, String)> = Vec::new();
        for (t, id) in trains {
            if !kept.iter().any(|(u, _)| t.abs_diff(*u) < 600) && !passes.iter().any(|&u| t.abs_diff(u) < 600)
            {
                kept.push((t, id));
            }
        }
        if kept.is_empty() {
            continue;
        }
        let p = &pats[k];
        let times: Vec<String> = kept.iter().map(|(t, _)| hhmm(*t)).collect();
        let ids: Vec<&str> = kept.iter().map(|(_, id)| id.as_str()).collect();
        let _ = writeln!(
            report,
            "{}\t{}\t{}\t{}\t{}\t{}",
            p.line,
            p.dir,
            p.calls[j],
            kept.len(),
            times.join(" "),
            ids.join(" ")
        );
    }
    Ok(report)
}
