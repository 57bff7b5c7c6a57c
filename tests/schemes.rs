//! The scheme overlays as proposed: every running time cites a published
//! figure (a row of `networks/schemes/published_times.csv`) or is derived
//! from a stated length and average speed, and the gaps of earlier versions
//! stay closed (through running, calls, upgraded corridors, service span).

use std::collections::BTreeMap;
use std::path::Path;

use railshed_core::limits::thousands;
use railshed_core::{Time, Timetable, TripIdx};
use railshed_io::embedded;
use serde_json::Value;

/// A modelled journey matches its published figure within this many minutes
/// (published times are rounded to the minute and quoted for the fastest
/// train; the model rounds dwells and splits to the half minute).
const TOLERANCE_MIN: f64 = 3.0;

/// A derived running time is the length over the average speed, rounded to
/// the half minute.
const DERIVED_TOLERANCE_MIN: f64 = 0.25;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)).unwrap()
}

/// A row of `published_times.csv`, with the columns the model adds.
#[derive(Debug)]
struct Row {
    id: String,
    from: String,
    to: String,
    schemes: Vec<String>,
    minutes: Option<f64>,
}

fn rows() -> BTreeMap<String, Row> {
    let text = read("networks/schemes/published_times.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let head = reader.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (id, from, to, schemes, minutes) =
        (col("id"), col("model_from"), col("model_to"), col("model_schemes"), col("journey_time_min"));
    let mut out = BTreeMap::new();
    for rec in reader.records() {
        let rec = rec.unwrap();
        let row = Row {
            id: rec[id].to_owned(),
            from: rec[from].to_owned(),
            to: rec[to].to_owned(),
            schemes: rec[schemes].split(';').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            minutes: (!rec[minutes].is_empty()).then(|| rec[minutes].parse().unwrap()),
        };
        assert!(out.insert(row.id.clone(), row).is_none(), "duplicate row id {}", &rec[id]);
    }
    out
}

/// The embedded overlays as JSON: (scheme tag, document).
fn overlays() -> Vec<(String, Value)> {
    embedded::SCHEMES
        .iter()
        .map(|s| {
            let v: Value = serde_json::from_str(s.text).unwrap();
            (v["tag"]["name"].as_str().unwrap().to_owned(), v)
        })
        .collect()
}

fn lines(overlay: &Value) -> &[Value] {
    overlay["lines"].as_array().map_or(&[], Vec::as_slice)
}

fn call_ids(line: &Value) -> Vec<String> {
    line["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().or_else(|| c["at"].as_str()).unwrap().to_owned())
        .collect()
}

fn run_min(line: &Value) -> Vec<f64> {
    line["run_min"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect()
}

/// The bracketed markers `[KIND: ...]` of a text.
fn markers<'a>(text: &'a str, kind: &str) -> Vec<&'a str> {
    let open = format!("[{kind}: ");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(&open) {
        let body = &rest[i + open.len()..];
        let end = body.find(']').unwrap_or_else(|| panic!("unclosed {open} in {text:?}"));
        out.push(&body[..end]);
        rest = &body[end..];
    }
    out
}

/// `[derived: FROM-TO KM km at V km/h...]`: stations, length and speed.
fn derivation(body: &str) -> (String, String, f64, f64) {
    let bad = || panic!("malformed derivation {body:?}: want \"FROM-TO KM km at V km/h\"");
    let words: Vec<&str> = body.split_whitespace().collect();
    let [pair, km, "km", "at", kmh, unit, ..] = words.as_slice() else { bad() };
    if !unit.starts_with("km/h") {
        bad()
    }
    let (from, to) = pair.split_once('-').unwrap_or_else(|| bad());
    (
        from.to_owned(),
        to.to_owned(),
        km.parse().unwrap_or_else(|_| bad()),
        kmh.parse().unwrap_or_else(|_| bad()),
    )
}

fn timetable(schemes: &[String]) -> Timetable {
    let mut net = embedded::default_network().unwrap();
    let names: Vec<&str> = schemes.iter().map(String::as_str).collect();
    embedded::apply_schemes(&mut net, &names, &embedded::schemes().unwrap()).unwrap();
    net.compile()
}

/// The fastest direct train from `from` to `to` leaving between 06:00 and
/// 22:00, in minutes.
fn fastest_direct(tt: &Timetable, from: &str, to: &str) -> Option<f64> {
    let id = |s: &str| tt.stations.iter().position(|x| x.id == s).unwrap_or_else(|| panic!("no station {s}"));
    let (a, b) = (id(from), id(to));
    let window = Time::hms(6, 0, 0)..=Time::hms(22, 0, 0);
    (0..tt.trips.len())
        .filter_map(|t| {
            let st = tt.stop_times_of(TripIdx::new(t));
            let i = st.iter().position(|s| s.station.idx() == a && s.pickup)?;
            let j = st[i..].iter().position(|s| s.station.idx() == b && s.dropoff)? + i;
            window.contains(&st[i].dep).then(|| f64::from(st[j].arr.secs() - st[i].dep.secs()) / 60.0)
        })
        .min_by(f64::total_cmp)
}

/// First and last departure of the trains of `line` from `from` calling
/// later at `to`.
fn span(tt: &Timetable, line: &str, from: &str, to: &str) -> Option<(Time, Time)> {
    let id = |s: &str| tt.stations.iter().position(|x| x.id == s).unwrap_or_else(|| panic!("no station {s}"));
    let (a, b) = (id(from), id(to));
    let deps: Vec<Time> = (0..tt.trips.len())
        .filter(|&t| tt.lines[tt.trips[t].line.idx()].id == line)
        .filter_map(|t| {
            let st = tt.stop_times_of(TripIdx::new(t));
            let i = st.iter().position(|s| s.station.idx() == a && s.pickup)?;
            st[i..].iter().any(|s| s.station.idx() == b && s.dropoff).then_some(st[i].dep)
        })
        .collect();
    Some((*deps.iter().min()?, *deps.iter().max()?))
}

#[test]
fn every_citation_names_a_row_and_every_row_is_used() {
    let rows = rows();
    let mut cited = std::collections::BTreeSet::new();
    for (tag, o) in overlays() {
        let texts = lines(&o)
            .iter()
            .map(|l| l["source"].as_str().unwrap_or(""))
            .chain(o["notes"].as_array().into_iter().flatten().filter_map(Value::as_str))
            .chain(std::iter::once(o["description"].as_str().unwrap_or("")));
        for text in texts {
            assert!(!text.contains("schemes_published_times.csv row"), "{tag}: cite rows by id: {text:?}");
            for cite in markers(text, "published") {
                let id = citation(cite).0;
                let row =
                    rows.get(id).unwrap_or_else(|| panic!("{tag}: cites [published: {id}], no such row"));
                assert!(!row.schemes.is_empty(), "{tag}: cites the baseline row {id}");
                cited.insert(id.to_owned());
            }
        }
    }
    for (id, row) in &rows {
        assert!(
            row.schemes.is_empty() || cited.contains(id),
            "row {id} is copied into the repository but no overlay cites it"
        );
    }
    assert!(cited.len() >= 20, "only {} rows cited", cited.len());
}

/// Each scheme row: its overlay (and what it requires) gives a direct train
/// within the tolerance of the published time; each baseline row: today's
/// network does.
#[test]
fn modelled_times_match_the_published_rows() {
    let mut checked = 0;
    for row in rows().values() {
        let Some(published) = row.minutes else { continue };
        let tt = timetable(&row.schemes);
        let got = fastest_direct(&tt, &row.from, &row.to)
            .unwrap_or_else(|| panic!("row {}: no direct train {}→{}", row.id, row.from, row.to));
        assert!(
            (got - published).abs() <= TOLERANCE_MIN,
            "row {}: {:?} {}→{} fastest {got} min, published {published}",
            row.id,
            row.schemes,
            row.from,
            row.to
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} rows checked");
}

#[test]
fn derived_times_match_their_stated_length_and_speed() {
    let mut checked = 0;
    for (tag, o) in overlays() {
        for line in lines(&o) {
            let (id, calls, run) = (line["id"].as_str().unwrap(), call_ids(line), run_min(line));
            for body in markers(line["source"].as_str().unwrap_or(""), "derived") {
                let (from, to, km, kmh) = derivation(body);
                let i = (0..run.len())
                    .find(|&i| {
                        (calls[i] == from && calls[i + 1] == to) || (calls[i] == to && calls[i + 1] == from)
                    })
                    .unwrap_or_else(|| panic!("{tag} {id}: [derived: {body}] names no consecutive calls"));
                let want = km / kmh * 60.0;
                assert!(
                    (run[i] - want).abs() <= DERIVED_TOLERANCE_MIN,
                    "{tag} {id}: {from}–{to} runs {} min, {km} km at {kmh} km/h is {want:.2}",
                    run[i]
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 15, "only {checked} derivations checked");
}

/// `[published: ROW]`, `[published: ROW on A-B]` (the span A–B of the line
/// is the row's journey) or `[published: ROW part A-B]` (the span is worked
/// out from the row, as the text says): the row and the span it covers, if
/// named.
fn citation(body: &str) -> (&str, Option<(&str, &str, bool)>) {
    let words: Vec<&str> = body.split_whitespace().collect();
    match words.as_slice() {
        [id] => (id, None),
        [id, how @ ("on" | "part"), span] => {
            let (a, b) =
                span.split_once('-').unwrap_or_else(|| panic!("malformed span in [published: {body}]"));
            (id, Some((a, b, *how == "on")))
        }
        _ => panic!("malformed [published: {body}]: want \"ROW\", \"ROW on A-B\" or \"ROW part A-B\""),
    }
}

/// `[as: LINE A-B]` and `[cif: TRAIN A-B]`: what is named, and the span.
fn named_span(body: &str) -> (&str, &str, &str) {
    let words: Vec<&str> = body.split_whitespace().collect();
    let [name, span] = words.as_slice() else { panic!("malformed marker body {body:?}: want \"NAME A-B\"") };
    let (a, b) = span.split_once('-').unwrap_or_else(|| panic!("malformed span in {body:?}"));
    (name, a, b)
}

/// The indices of the segments between two calls of a line, either way.
fn segments(calls: &[String], a: &str, b: &str) -> Option<std::ops::Range<usize>> {
    let (i, j) = (calls.iter().position(|c| c == a)?, calls.iter().position(|c| c == b)?);
    Some(i.min(j)..i.max(j))
}

/// Minutes from leaving the first call of `range`'s segments to reaching the
/// last: running plus the dwells at the calls between.
fn span_minutes(line: &Value, range: std::ops::Range<usize>) -> f64 {
    let run = run_min(line);
    let default = line["dwell_min"].as_f64().unwrap_or(1.0);
    let dwell = |i: usize| line["calls"][i]["dwell_min"].as_f64().unwrap_or(default);
    range.clone().map(|i| run[i]).sum::<f64>() + (range.start + 1..range.end).map(dwell).sum::<f64>()
}

/// Running time of each consecutive pair of calls of a line, either way.
fn pair_minutes(line: &Value) -> BTreeMap<(String, String), f64> {
    let (calls, run) = (call_ids(line), run_min(line));
    let mut out = BTreeMap::new();
    for (i, &r) in run.iter().enumerate() {
        out.insert((calls[i].clone(), calls[i + 1].clone()), r);
        out.insert((calls[i + 1].clone(), calls[i].clone()), r);
    }
    out
}

/// Trains of the RDG CIF sample by train UID, from a weekday and a Saturday
/// of the sample, the days its trains are cited for.
fn cif_trains() -> BTreeMap<String, Vec<(String, Time, Time)>> {
    let mut out = BTreeMap::new();
    for day in ["2020-03-20", "2020-03-21"] {
        let date = railshed_io::Date::parse_iso(day).unwrap();
        let settings = railshed_io::timetable::ImportSettings::new(date);
        let tt = railshed_io::timetable::import(&shared("timetable/rdg_cif_ttisf585_sample.zip"), &settings)
            .unwrap()
            .network
            .compile();
        for (t, trip) in tt.trips.iter().enumerate() {
            let calls = tt.stop_times_of(TripIdx::new(t));
            out.entry(trip.id.clone()).or_insert_with(|| {
                calls.iter().map(|s| (tt.stations[s.station.idx()].id.clone(), s.arr, s.dep)).collect()
            });
        }
    }
    out
}

fn shared(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(rel)
}

/// A running time copied from a CIF train matches it within this many
/// minutes (the model rounds to the half minute and may pass calls the
/// train makes).
const CIF_TOLERANCE_MIN: f64 = 1.0;

/// Every running time of every scheme line is sourced, and each source is
/// checked where it can be: inside the span of a cited row (`[published:
/// ROW]`, or `on A-B` for a span the row's journey is, checked against it,
/// or `part A-B` for a span worked out from it as the text says), derived
/// from a stated length and speed (checked by the test above), the running
/// of a line it replaces kept unchanged, the running of another line (`[as:
/// LINE A-B]`, equal pair by pair) or of a train of the RDG CIF sample
/// (`[cif: UID A-B]`, checked against the train).
#[test]
fn every_scheme_running_time_is_sourced() {
    let rows = rows();
    let today: Vec<Value> =
        serde_json::from_str::<Value>(embedded::NETWORK.text).unwrap()["lines"].as_array().unwrap().clone();
    let overlays = overlays();
    let by_id: BTreeMap<&str, &Value> = today
        .iter()
        .chain(overlays.iter().flat_map(|(_, o)| lines(o)))
        .map(|l| (l["id"].as_str().unwrap(), l))
        .collect();
    let cif = cif_trains();
    let (mut lines_checked, mut cif_checked, mut as_checked, mut on_checked) = (0, 0, 0, 0);
    for (tag, o) in &overlays {
        for line in lines(o) {
            let (id, calls) = (line["id"].as_str().unwrap(), call_ids(line));
            let source = line["source"].as_str().unwrap_or("");
            let run = run_min(line);
            let span = |a: &str, b: &str, what: &str| {
                segments(&calls, a, b)
                    .unwrap_or_else(|| panic!("{tag} {id}: {what} names {a}-{b}, not two of its calls"))
            };
            let mut covered = vec![false; run.len()];
            for body in markers(source, "derived") {
                let (from, to, ..) = derivation(body);
                covered[span(&from, &to, "a derivation").start] = true;
            }
            for cite in markers(source, "published") {
                let (row_id, named) = citation(cite);
                let row = &rows[row_id];
                let range = match named {
                    None => match segments(&calls, &row.from, &row.to) {
                        Some(r) => r,
                        None => continue,
                    },
                    Some((a, b, whole)) => {
                        let r = span(a, b, "a citation");
                        if let (true, Some(published)) = (whole, row.minutes) {
                            let got = span_minutes(line, r.clone());
                            assert!(
                                (got - published).abs() <= TOLERANCE_MIN,
                                "{tag} {id}: {a}–{b} takes {got} min, [published: {cite}] says {published}"
                            );
                            on_checked += 1;
                        }
                        r
                    }
                };
                covered[range].iter_mut().for_each(|c| *c = true);
            }
            for body in markers(source, "as") {
                let (other, a, b) = named_span(body);
                let theirs = pair_minutes(
                    by_id.get(other).unwrap_or_else(|| panic!("{tag} {id}: [as: {body}]: no line {other}")),
                );
                for i in span(a, b, "[as: ...]") {
                    let pair = (calls[i].clone(), calls[i + 1].clone());
                    assert_eq!(
                        theirs.get(&pair),
                        Some(&run[i]),
                        "{tag} {id}: {}–{} runs {} min, [as: {body}] gives {:?}",
                        pair.0,
                        pair.1,
                        run[i],
                        theirs.get(&pair)
                    );
                    covered[i] = true;
                }
                as_checked += 1;
            }
            for body in markers(source, "cif") {
                let (train, a, b) = named_span(body);
                let calls_of = cif
                    .get(train)
                    .unwrap_or_else(|| panic!("{tag} {id}: [cif: {body}]: no train {train} in the sample"));
                let at = |s: &str| {
                    calls_of
                        .iter()
                        .position(|(st, ..)| st == s)
                        .unwrap_or_else(|| panic!("{tag} {id}: train {train} does not call at {s}"))
                };
                let (i, j) = (at(a), at(b));
                assert!(i < j, "{tag} {id}: train {train} calls at {b} before {a}");
                let theirs = f64::from(calls_of[j].1.secs() - calls_of[i].2.secs()) / 60.0;
                let range = span(a, b, "[cif: ...]");
                let got = span_minutes(line, range.clone());
                assert!(
                    (got - theirs).abs() <= CIF_TOLERANCE_MIN,
                    "{tag} {id}: {a}–{b} takes {got} min, train {train} {theirs}"
                );
                covered[range].iter_mut().for_each(|c| *c = true);
                cif_checked += 1;
            }
            for replaced in line["replaces"].as_array().into_iter().flatten() {
                let name = replaced.as_str().unwrap();
                let theirs = pair_minutes(
                    by_id.get(name).unwrap_or_else(|| panic!("{tag} {id}: replaces no line {name}")),
                );
                for (i, c) in covered.iter_mut().enumerate() {
                    *c |= theirs.get(&(calls[i].clone(), calls[i + 1].clone())) == Some(&run[i]);
                }
            }
            for (i, ok) in covered.iter().enumerate() {
                assert!(
                    ok,
                    "{tag} {id}: {}–{} ({} min) has no source: no cited row, derivation, replaced line's running, [as: ...] or [cif: ...] covers it",
                    calls[i],
                    calls[i + 1],
                    run[i]
                );
            }
            lines_checked += 1;
        }
    }
    assert!(lines_checked >= 45, "only {lines_checked} lines checked");
    assert!(
        cif_checked >= 3 && as_checked >= 15 && on_checked >= 3,
        "{cif_checked} cif, {as_checked} as, {on_checked} on"
    );
}

/// The NPR (TfN) lines say where their service span comes from.
#[test]
fn npr_tfn_lines_source_their_service_span() {
    let (_, o) = overlays().into_iter().find(|(t, _)| t == "npr-tfn").unwrap();
    for line in lines(&o) {
        assert!(
            line["source"].as_str().unwrap().contains("RDG CIF sample"),
            "npr-tfn {}: the source must say where its service span comes from",
            line["id"]
        );
    }
}

/// What the earlier NPR (TfN) overlay missed, checked on the compiled network.
#[test]
fn npr_tfn_serves_what_tfn_proposed() {
    let today = timetable(&[]);
    let npr = timetable(&["npr-tfn".to_owned()]);
    // (from, to, at most this many minutes with NPR, and quicker than today by at least)
    let check = |from: &str, to: &str, within: f64, saving: f64| {
        let with = fastest_direct(&npr, from, to).unwrap_or_else(|| panic!("npr-tfn: no direct {from}→{to}"));
        // A new station (Warrington Bank Quay Low Level) is compared with today's station above it.
        let today_id = |s: &str| if s == "WQL" { "WBQ".to_owned() } else { s.to_owned() };
        let without = fastest_direct(&today, &today_id(from), &today_id(to)).unwrap_or(f64::INFINITY);
        assert!(with <= within, "npr-tfn {from}→{to}: {with} min, want at most {within}");
        assert!(without - with >= saving, "npr-tfn {from}→{to}: {with} min against {without} today");
    };
    check("LIV", "SHF", 72.0, 30.0); // runs through Manchester, no 22-minute wait
    check("SHF", "HUL", 50.0, 20.0); // Sheffield–Hull upgraded
    check("YRK", "NCL", 50.0, 5.0); // York–Newcastle upgraded
    check("LDS", "DHM", 56.0, 10.0); // Durham gains NPR calls
    check("WQL", "MAN", 21.0, 5.0); // Warrington on the new line
    check("LIV", "HUL", 105.0, 30.0);
    // Every Liverpool NPR train calls at Warrington Bank Quay (4–6 an hour in the later plan).
    let (_, o) = overlays().into_iter().find(|(t, _)| t == "npr-tfn").unwrap();
    for line in lines(&o) {
        let calls = call_ids(line);
        if calls.first().map(String::as_str) == Some("LIV") {
            assert_eq!(calls[1], "WQL", "{}: the Liverpool trains call at Warrington", line["id"]);
        }
    }
}

/// NPR trains (TfN, IRP, and the 2026 Liverpool–Manchester line) run over
/// the same day as the trains they add to or replace: first departures by
/// 06:30 and last ones after 21:00 in each direction, as the CIF sample's
/// trains on those corridors do (their short workings aside).
#[test]
fn npr_lines_keep_a_full_service_day() {
    let (first_by, last_after) = (Time::hms(6, 30, 0), Time::hms(21, 0, 0));
    for tag in ["npr-tfn", "npr-irp", "lm-2026"] {
        let tt = timetable(&[tag.to_owned()]);
        let (_, o) = overlays().into_iter().find(|(t, _)| t == tag).unwrap();
        // Short workings (one way, morning only) carry their line's early trains.
        for line in lines(&o).iter().filter(|l| parent_of(l["id"].as_str().unwrap()).is_none()) {
            let calls = call_ids(line);
            let (a, b) = (&calls[0], &calls[calls.len() - 1]);
            for (from, to) in [(a, b), (b, a)] {
                let id = line["id"].as_str().unwrap();
                let (first, last) =
                    span(&tt, id, from, to).unwrap_or_else(|| panic!("{tag} {id}: no trains {from}→{to}"));
                assert!(
                    first <= first_by && last >= last_after,
                    "{tag} {id} {from}→{to}: trains {first}–{last}, want first by {first_by} and last after {last_after}"
                );
            }
        }
    }
}

/// The TransPennine Route Upgrade re-times today's TransPennine lines; its
/// promoters propose no withdrawn calls (Dewsbury and Batley are rebuilt
/// with longer platforms for longer trains to stop), so each `tru-` line
/// keeps every call of the line it replaces, in order. Dropping the Dewsbury
/// and Stalybridge calls made Kirklees and Tameside slower with TRU than
/// today (`networks/README.md`, "HS2 + NPR + TRU against NPR alone").
/// A kept call's two sections run in today's times sped up by the fast
/// trains' TRU factor for the stretch (Huddersfield–Leeds 16½ of 18½ min,
/// Manchester–Huddersfield 24 of 27½), rounded to the half minute.
#[test]
fn tru_keeps_every_call_of_the_lines_it_re_times() {
    let today: Value = serde_json::from_str(&read("networks/north.json")).unwrap();
    let today: BTreeMap<&str, &Value> =
        lines(&today).iter().map(|l| (l["id"].as_str().unwrap(), l)).collect();
    let (_, o) = overlays().into_iter().find(|(t, _)| t == "tru").unwrap();
    let half = |m: f64| (m * 2.0).round() / 2.0;
    let (mut lines_checked, mut sections) = (0, 0);
    for line in lines(&o) {
        let id = line["id"].as_str().unwrap();
        for old in line["replaces"].as_array().map_or(&[][..], Vec::as_slice) {
            let old = today[old.as_str().unwrap()];
            let (calls, old_calls) = (call_ids(line), call_ids(old));
            let mut rest = calls.iter();
            for c in &old_calls {
                assert!(
                    rest.any(|x| x == c),
                    "tru {id}: drops the call at {c} of {} ({old_calls:?})",
                    old["id"]
                );
            }
            lines_checked += 1;
            // A call between Manchester and Leeds that the fast trains pass.
            let (run, old_run) = (run_min(line), run_min(old));
            for (i, c) in calls.iter().enumerate().take(calls.len() - 1).skip(1) {
                let factor = match c.as_str() {
                    "DEW" => 16.5 / 18.5,
                    "SYB" => 24.0 / 27.5,
                    _ => continue,
                };
                let j = old_calls.iter().position(|x| x == c).unwrap();
                assert_eq!(
                    (calls[i - 1].as_str(), calls[i + 1].as_str()),
                    (old_calls[j - 1].as_str(), old_calls[j + 1].as_str()),
                    "tru {id}: the call at {c} has other neighbours than today's"
                );
                for (k, old_k) in [(i - 1, j - 1), (i, j)] {
                    assert_eq!(
                        run[k],
                        half(old_run[old_k] * factor),
                        "tru {id}: {}–{} runs {} min, today's {} × {factor:.3} is {}",
                        calls[k],
                        calls[k + 1],
                        run[k],
                        old_run[old_k],
                        half(old_run[old_k] * factor)
                    );
                    sections += 1;
                }
            }
        }
    }
    assert!(lines_checked >= 16 && sections >= 12, "{lines_checked} lines, {sections} sections checked");
}

/// The hubs file and the centre sets beside it: every set names hubs that
/// exist, the stations of the hubs added for NPR exist in the network or in
/// a scheme overlay,
/// and the published list of key economic centres is the default set.
#[test]
fn centre_sets_name_existing_hubs() {
    let hubs: Value = serde_json::from_str(&read("networks/hubs.json")).unwrap();
    let sets: Value = serde_json::from_str(&read("networks/centre_sets.json")).unwrap();
    let ids: Vec<&str> = hubs["hubs"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    let mut stations: std::collections::BTreeSet<String> =
        embedded::default_network().unwrap().stations().iter().map(|s| s.id.clone()).collect();
    let mut net = embedded::default_network().unwrap();
    let all: Vec<String> = overlays().into_iter().map(|(t, _)| t).collect();
    let names: Vec<&str> =
        all.iter().map(String::as_str).filter(|t| *t != "npr-irp" && *t != "lm-2026").collect();
    embedded::apply_schemes(&mut net, &names, &embedded::schemes().unwrap()).unwrap();
    stations.extend(net.stations().iter().map(|s| s.id.clone()));
    let added =
        ["manchester-airport", "manchester-airport-hs2", "durham", "warrington", "preston", "chester"];
    for hub in hubs["hubs"].as_array().unwrap().iter().filter(|h| added.contains(&h["id"].as_str().unwrap()))
    {
        for s in hub["stations"].as_array().unwrap() {
            let id = s["station"].as_str().unwrap();
            assert!(stations.contains(id), "hub {}: station {id} is in no network", hub["id"]);
        }
    }
    for want in added {
        assert!(ids.contains(&want), "no hub {want}");
    }
    let mut seen = Vec::new();
    for set in sets["sets"].as_array().unwrap() {
        let id = set["id"].as_str().unwrap();
        assert!(!seen.contains(&id), "centre set {id} twice");
        seen.push(id);
        let members = set["hubs"].as_array().unwrap();
        for h in members {
            assert!(ids.contains(&h.as_str().unwrap()), "centre set {id}: no hub {h}");
        }
        let n = set["min_count"].as_u64().unwrap();
        assert!(n >= 1 && n as usize <= members.len(), "centre set {id}: min_count {n} of {}", members.len());
        assert!(set["source"].as_str().is_some_and(|s| s.contains("http")), "centre set {id}: no source");
    }
    let mut npp: Vec<&str> =
        sets["sets"][0]["hubs"].as_array().unwrap().iter().map(|h| h.as_str().unwrap()).collect();
    let default = railshed_scenario::settings::Settings::default();
    let mut cities: Vec<&str> = default.network_effect.cities.iter().map(String::as_str).collect();
    npp.sort_unstable();
    cities.sort_unstable();
    assert_eq!(cities, npp, "the default network-effect cities are the published key centres");
}

fn railshed(args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("railshed")
        .unwrap()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .args(args)
        .output()
        .unwrap()
}

/// `--zones england-wales`: every Census 2021 resident of England and Wales,
/// so Birmingham's and London's catchments count people outside the North;
/// `--zones north` is the default.
#[test]
fn england_and_wales_zones_count_everyone() {
    let json = |zones: Option<&str>| -> Value {
        let mut args = vec!["-q", "compare", "today", "--format", "json"];
        args.extend(zones.map(|z| ["--zones", z]).into_iter().flatten());
        let out = railshed(&args);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (ew, north, default) = (json(Some("england-wales")), json(Some("north")), json(None));
    let total = |v: &Value| v["scenarios"][0]["zones_population_total"].as_u64().unwrap();
    assert_eq!(total(&ew), 59_597_541);
    assert_eq!(total(&north), 15_545_190);
    assert_eq!(north, default);
    let catchment = |v: &Value, hub: &str, minutes: &str| {
        let hubs = v["scenarios"][0]["hubs"].as_array().unwrap();
        hubs.iter().find(|h| h["id"] == hub || h["name"] == hub).unwrap()["catchment"][minutes]
            .as_u64()
            .unwrap()
    };
    for hub in ["Birmingham", "London"] {
        assert!(
            catchment(&ew, hub, "60") > catchment(&north, hub, "60"),
            "{hub}: no one outside the North counted"
        );
    }
    // Everyone within half an hour of Leeds lives in the North, so both zone sets agree there.
    assert_eq!(catchment(&ew, "Leeds", "30"), catchment(&north, "Leeds", "30"));
}

/// The parent of a short working, `LINE-o-CRS` or `LINE-i-CRS` (the
/// morning trains of LINE that start part-way along it, one way): LINE.
fn parent_of(id: &str) -> Option<&str> {
    let (rest, crs) = id.rsplit_once('-')?;
    let (parent, dir) = rest.rsplit_once('-')?;
    (matches!(dir, "o" | "i") && crs.len() == 3 && crs.bytes().all(|b| b.is_ascii_lowercase()))
        .then_some(parent)
}

/// The schemes `tag` requires, transitively, each before what needs it.
fn required(tag: &str) -> Vec<String> {
    fn visit(tag: &str, all: &[(String, Value)], out: &mut Vec<String>) {
        let (_, o) = all.iter().find(|(t, _)| t == tag).unwrap_or_else(|| panic!("no scheme {tag}"));
        for r in o["requires"].as_array().map_or(&[][..], Vec::as_slice) {
            let r = r.as_str().unwrap();
            visit(r, all, out);
            if !out.iter().any(|x| x == r) {
                out.push(r.to_owned());
            }
        }
    }
    let mut out = Vec::new();
    visit(tag, &overlays(), &mut out);
    out
}

/// Every combination of schemes the shipped scenarios and the checks below
/// use: each embedded scheme alone (with what it requires) and the flagship
/// scenarios' stacks.
fn scheme_stacks() -> Vec<Vec<String>> {
    let mut stacks: Vec<Vec<String>> = overlays().into_iter().map(|(t, _)| vec![t]).collect();
    let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    stacks.push(owned(&["hs2-phase2b-west", "hs2-phase2b-east"]));
    stacks.push(owned(&["hs2-phase2b-west", "hs2-phase2b-east", "npr-tfn", "tru"]));
    stacks.push(owned(&["hs2-phase2b-west", "hs2-phase2b-east", "npr-irp"]));
    stacks
}

/// A short working is part of its line's service: no scheme (alone or
/// stacked as the scenarios stack them) withdraws or replaces a line and
/// leaves its short workings running. The embedded overlays replace them
/// with their own lines' short workings (`tru-liv-edb-i-ncl` for
/// `tpe-liv-edb-i-ncl`) or withdraw them with their line.
#[test]
fn no_scheme_leaves_a_short_working_of_a_withdrawn_line_running() {
    let today = embedded::default_network().unwrap();
    let mut known: std::collections::BTreeSet<String> = today.lines().iter().map(|l| l.id.clone()).collect();
    for (_, o) in overlays() {
        known.extend(lines(&o).iter().map(|l| l["id"].as_str().unwrap().to_owned()));
    }
    let short = |net: &railshed_core::Network| -> Vec<(String, String)> {
        net.lines()
            .iter()
            .filter_map(|l| {
                let parent = parent_of(&l.id)?;
                known.contains(parent).then(|| (l.id.clone(), parent.to_owned()))
            })
            .collect()
    };
    // The check has something to check: today's 41 short workings, each with its line.
    let today_short = short(&today);
    assert_eq!(today_short.len(), 41, "{today_short:?}");
    assert!(today_short.iter().all(|(_, p)| today.line(p).is_some()));
    for stack in scheme_stacks() {
        let mut net = embedded::default_network().unwrap();
        let names: Vec<&str> = stack.iter().map(String::as_str).collect();
        embedded::apply_schemes(&mut net, &names, &embedded::schemes().unwrap()).unwrap();
        for (id, parent) in short(&net) {
            assert!(
                net.line(&parent).is_some(),
                "{stack:?}: short working {id} still runs, but its line {parent} is withdrawn"
            );
        }
    }
}

/// First arrivals are counted for trains that start their run from this time
/// of day (seconds): the night trains (TransPennine's, 00:08 to 03:40) are
/// not part of a line's service span, and a scheme that re-times one moves its
/// arrivals across any cut-off.
const SPAN_START: u32 = 4 * 3600;

/// The hub of each station, from `networks/hubs.json`.
fn hub_of_station() -> BTreeMap<String, String> {
    let hubs: Value = serde_json::from_str(&read("networks/hubs.json")).unwrap();
    let mut out = BTreeMap::new();
    for hub in hubs["hubs"].as_array().unwrap() {
        for s in hub["stations"].as_array().unwrap() {
            out.insert(s["station"].as_str().unwrap().to_owned(), hub["id"].as_str().unwrap().to_owned());
        }
    }
    out
}

/// Per corridor (an ordered pair of different hubs), the first arrival at
/// the second hub of a train of `tt` that picks up at a station of the first
/// and sets down later at a station of the second, among the trains of the
/// lines `keep` accepts that start their run from [`SPAN_START`]; with the
/// line of that train.
fn first_arrivals(
    tt: &Timetable,
    hubs: &BTreeMap<String, String>,
    keep: impl Fn(&str) -> bool,
) -> BTreeMap<(String, String), (Time, String)> {
    let mut out: BTreeMap<(String, String), (Time, String)> = BTreeMap::new();
    let hub = |s: &railshed_core::StopTime| hubs.get(&tt.stations[s.station.idx()].id);
    for t in 0..tt.trips.len() {
        let line = &tt.lines[tt.trips[t].line.idx()].id;
        let st = tt.stop_times_of(TripIdx::new(t));
        if !keep(line) || st[0].dep.secs() < SPAN_START {
            continue;
        }
        for (i, from) in st.iter().enumerate() {
            let Some(a) = hub(from).filter(|_| from.pickup) else { continue };
            for to in &st[i + 1..] {
                let Some(b) = hub(to).filter(|b| to.dropoff && *b != a) else { continue };
                let e = out.entry((a.clone(), b.clone())).or_insert((to.arr, line.clone()));
                if to.arr < e.0 {
                    *e = (to.arr, line.clone());
                }
            }
        }
    }
    out
}

/// Where a scheme's own running times, not its service span, make its first
/// train on a corridor arrive later than the train it replaces: (scheme,
/// from hub, to hub, why). Each must still be late (a stale entry fails).
const SLOWER_RUNNING: &[(&str, &str, &str, &str)] = &[(
    "hs2-phase1",
    "preston",
    "warrington",
    "hs2p1-eus-glc leaves Glasgow at 06:00 as avt-eus-glc does, but its Glasgow–Preston running times \
     (train C73703) are 11 minutes slower than today's first train's",
)];

/// Scheme lines inherit the service span of the lines they replace, so no
/// scenario is compared with a handicapped baseline: for every scheme, on
/// every corridor that a line it withdraws or replaces served and a line it
/// adds serves, the first arrival with the scheme is no later than without
/// it (the network of the schemes it requires). A corridor the scheme no
/// longer serves directly is a change of pattern the promoters made (the IRP
/// runs its Newcastle trains from Liverpool, not Manchester Airport), not of
/// span, and is not compared.
#[test]
fn scheme_lines_inherit_the_service_span_of_the_lines_they_replace() {
    let hubs = hub_of_station();
    let mut checked = 0;
    let mut late = Vec::new();
    for (tag, _) in overlays() {
        let needs = required(&tag);
        let before = timetable(&needs);
        let after = timetable(&[needs.clone(), vec![tag.clone()]].concat());
        let ids =
            |tt: &Timetable| tt.lines.iter().map(|l| l.id.clone()).collect::<std::collections::BTreeSet<_>>();
        let (was, is) = (ids(&before), ids(&after));
        let gone = first_arrivals(&before, &hubs, |l| !is.contains(l));
        let added = first_arrivals(&after, &hubs, |l| !was.contains(l));
        let (all_before, all_after) =
            (first_arrivals(&before, &hubs, |_| true), first_arrivals(&after, &hubs, |_| true));
        for corridor in gone.keys().filter(|k| added.contains_key(*k)) {
            checked += 1;
            let ((b, b_line), (a, a_line)) = (&all_before[corridor], &all_after[corridor]);
            let known =
                SLOWER_RUNNING.iter().any(|(s, f, t, _)| *s == tag && *f == corridor.0 && *t == corridor.1);
            if a > b {
                if !known {
                    late.push(format!(
                        "{tag} {}→{}: first arrival {a} ({a_line}), {b} without it ({b_line})",
                        corridor.0, corridor.1
                    ));
                }
            } else {
                assert!(!known, "{tag} {}→{}: listed as slower but arrives by {b}", corridor.0, corridor.1);
            }
        }
    }
    assert!(late.is_empty(), "scheme lines start later than the lines they replace:\n{}", late.join("\n"));
    // tru, npr-irp and the four HS2 overlays withdraw lines: 106 corridors in all.
    assert!(checked >= 100, "only {checked} corridors checked");
}

/// The journey `railshed route FROM TO --arrive-by AT` takes, as (line,
/// departure) per train leg, on the embedded network with `schemes`.
fn route_legs(from: &str, to: &str, at: &str, schemes: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["-q", "route", from, to, "--arrive-by", at, "--format", "json"];
    for s in schemes {
        args.extend(["--scheme", s]);
    }
    let out = railshed(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["legs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["mode"] == "ride")
        .map(|l| (l["line"].as_str().unwrap().to_owned(), l["departure"].as_str().unwrap().to_owned()))
        .collect()
}

/// Why HS2 + NPR + TRU reaches all four of TfN's 2018 cities from fewer
/// people within 90 minutes door to door than NPR alone
/// (`networks/README.md`, "HS2 + NPR + TRU against NPR alone"): TRU keeps
/// each re-timed train's departure from its first call, so westbound trains
/// leave Manchester Victoria before the Ashton line's train arrives, and
/// exactly five Tameside zones lose Liverpool within 90 minutes. The same
/// re-timing bunches the Manchester – Hull train behind the Sheffield –
/// Scarborough one at Brough. This fails if the cause goes away or changes.
#[test]
fn tru_re_timing_costs_tameside_its_liverpool_connection() {
    // The journeys.
    let npr = route_legs("SYB", "LIV", "09:00", &["npr-tfn"]);
    let all = route_legs("SYB", "LIV", "09:00", &["npr-tfn", "tru"]);
    assert_eq!(npr, [("nt-mcv-syb".into(), "08:01:00".into()), ("tpe-liv-ncl".into(), "08:24:00".into())]);
    assert_eq!(all, [("tru-man-hul".into(), "07:42:00".into()), ("tfn-liv-hul".into(), "08:12:30".into())]);
    assert_eq!(route_legs("BUH", "HUL", "08:40", &["npr-tfn"]), [("tpe-man-hul".into(), "08:18:30".into())]);
    assert_eq!(
        route_legs("BUH", "HUL", "08:40", &["npr-tfn", "tru"]),
        [("tru-man-hul".into(), "08:08:00".into())]
    );

    // The zones: those within 90 minutes of all four cities with NPR alone
    // and not with the stack, and the city each no longer reaches.
    let dir = tempfile::tempdir().unwrap();
    let out = railshed(&[
        "-q",
        "compare",
        "npr-tfn",
        "hs2-npr-tru",
        "--centre-set",
        "tfn-2018-four-cities",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let mut reader = csv::Reader::from_path(dir.path().join("zones.csv")).unwrap();
    let head = reader.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (zone, lad, pop) = (col("zone"), col("lad"), col("population"));
    let (before, after) = (col("s0_cities_90"), col("s1_cities_90"));
    let (mut lost, mut people) = (Vec::new(), 0);
    for rec in reader.records() {
        let rec = rec.unwrap();
        let (b, a): (u8, u8) = (rec[before].parse().unwrap(), rec[after].parse().unwrap());
        assert!(!(b < 4 && a == 4), "{} reaches all four only with the stack", &rec[zone]);
        if b == 4 && a < 4 {
            assert_eq!(&rec[lad], "E08000008", "{} is not in Tameside", &rec[zone]);
            let minutes = |s: &str| rec[col(&format!("{s}_min_liverpool"))].parse::<f64>().unwrap();
            assert!(minutes("s0") <= 90.0 && minutes("s1") > 90.0, "{} loses another city", &rec[zone]);
            people += rec[pop].parse::<u64>().unwrap();
            lost.push(rec[zone].to_owned());
        }
    }
    assert_eq!(lost, ["E02001234", "E02001235", "E02001236", "E02001244", "E02001246"]);
    assert_eq!(people, 34_119);
}

/// Warrington keeps an HS2 train to Wigan and Preston with the western leg:
/// its Glasgow trains take the Golborne link and skip Warrington, and the
/// promoters' hourly London – Crewe – Warrington – Wigan – Preston train
/// (`networks/SOURCES.md`, `hs2-phase2b-west`) serves it instead. Without
/// that train HS2 in full came out below today on effective density.
#[test]
fn hs2_west_keeps_warringtons_train_to_preston() {
    assert_eq!(
        route_legs("WBQ", "PRE", "08:30", &["hs2-phase2a"]),
        [("hs2p2a-eus-glc".into(), "07:46:00".into())]
    );
    assert_eq!(
        route_legs("WBQ", "PRE", "08:30", &["hs2-phase2b-west"]),
        [("hs2w-eus-pre".into(), "07:16:00".into())]
    );
}

/// Doncaster keeps its fast train to Leeds with HS2's eastern leg: the
/// overlay withdraws no train of today, as no promoter says which would go
/// (`networks/SOURCES.md`, `hs2-phase2b-east`). An earlier version withdrew
/// LNER's fast London – Leeds train, whose 07:58 from Doncaster is the best
/// train for arrivals in Leeds from 08:29 to 08:36, and so made 19
/// Doncaster zones slower to Leeds than today (`networks/README.md`, "HS2 +
/// NPR + TRU against NPR alone").
#[test]
fn hs2_east_keeps_doncasters_fast_leeds_train() {
    for schemes in [&[][..], &["hs2-phase2b-east"]] {
        assert_eq!(
            route_legs("DON", "LDS", "08:30", schemes),
            [("lner-kgx-lds-fast".into(), "07:58:00".into())],
            "{schemes:?}"
        );
    }
}

/// `add_overlay` with `"anchor": "last"` (the example of
/// `networks/README.md`): every re-timed TRU train reaches its last call
/// when the train it replaces did, and the README's table of what the two
/// rules give is the output of `compare` on them.
#[test]
fn tru_anchor_brackets_the_figures() {
    let readme = read("networks/README.md");
    let example = readme
        .split("<!-- tru-anchor-example -->\n```json\n")
        .nth(1)
        .and_then(|r| r.split("```").next())
        .expect("networks/README.md has the anchor example");
    let dir = tempfile::tempdir().unwrap();
    let last = dir.path().join("tru-last.json");
    std::fs::write(&last, example).unwrap();
    let stack = dir.path().join("stack-last.json");
    let hs2 = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/hs2-full.json");
    let doc = serde_json::json!({
        "format": "railshed-scenario/1",
        "name": "HS2 + NPR + TRU, arrivals kept",
        "extends": hs2.canonicalize().unwrap(),
        "modifications": [
            {"type": "add_overlay", "scheme": "npr-tfn"},
            {"type": "add_overlay", "scheme": "tru", "anchor": "last"}
        ]
    });
    std::fs::write(&stack, doc.to_string()).unwrap();

    // The rule itself, on the network the example builds.
    let today = embedded::default_network().unwrap();
    let mut net = today.clone();
    let schemes = embedded::schemes().unwrap();
    let scenario = railshed_io::scenario::load(&last, &railshed_io::scenario::Files, &schemes).unwrap();
    for step in &scenario.steps {
        step.modification.apply(&mut net).unwrap();
    }
    let (_, tru) = overlays().into_iter().find(|(t, _)| t == "tru").unwrap();
    let mut kept = 0;
    for line in lines(&tru) {
        let Some(old) = line["replaces"][0].as_str() else { continue };
        let (old, new) = (today.line(old).unwrap(), net.line(line["id"].as_str().unwrap()).unwrap());
        let arrivals = |l: &railshed_core::Line, inbound: bool| -> Vec<u32> {
            let service = if inbound { l.inbound.as_ref().unwrap() } else { &l.outbound };
            service.expand().iter().map(|(t, _)| t.secs() + l.journey_secs()).collect()
        };
        assert_eq!(arrivals(new, false), arrivals(old, false), "{}: outbound arrivals", new.id);
        if old.inbound.is_some() {
            assert_eq!(arrivals(new, true), arrivals(old, true), "{}: inbound arrivals", new.id);
        }
        kept += 1;
    }
    assert!(kept >= 15, "only {kept} re-timed lines");

    let (l, s) = (last.to_str().unwrap(), stack.to_str().unwrap());
    let sets = "npp-key-economic-centres,tfn-2018-four-cities,npr-network-centres";
    let out = railshed(&[
        "--quiet",
        "compare",
        "today",
        "tru",
        l,
        "npr-tfn",
        "hs2-npr-tru",
        s,
        "--centre-set",
        sets,
        "--measures",
        "door-to-door,station",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut values: BTreeMap<(String, String, String, String), Vec<u64>> = BTreeMap::new();
    let wanted = ["network_effect", "catchment"];
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    for rec in reader.records() {
        let r = rec.unwrap();
        if !wanted.contains(&&r[0]) {
            continue;
        }
        let key = (r[0].to_owned(), format!("{}{}", &r[1], &r[2]), r[4].to_owned(), r[5].to_owned());
        values.entry(key).or_default().push(r[7].parse().unwrap());
    }
    let rows = [
        (
            "network effect, the six cities, 90 min",
            "network_effect",
            "npp-key-economic-centres",
            "90",
            "door-to-door",
        ),
        (
            "network effect, TfN's four cities, 90 min",
            "network_effect",
            "tfn-2018-four-cities",
            "90",
            "door-to-door",
        ),
        (
            "network effect, NPR's 11 centres, 90 min",
            "network_effect",
            "npr-network-centres",
            "90",
            "door-to-door",
        ),
        (
            "network effect, NPR's 11 centres, 90 min, station to station",
            "network_effect",
            "npr-network-centres",
            "90",
            "station",
        ),
        (
            "network effect, TfN's four cities, 90 min, station to station",
            "network_effect",
            "tfn-2018-four-cities",
            "90",
            "station",
        ),
        ("York, 60 min", "catchment", "york", "60", "door-to-door"),
        ("Newcastle, 60 min", "catchment", "newcastle", "60", "door-to-door"),
        ("Leeds, 90 min", "catchment", "leeds", "90", "door-to-door"),
        ("Manchester, 90 min", "catchment", "manchester", "90", "door-to-door"),
    ];
    let mut table = String::from(
        "| figure | Today | TRU, departures kept | TRU, arrivals kept | NPR (TfN) | HS2 + NPR + TRU, departures kept | HS2 + NPR + TRU, arrivals kept |\n|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for (label, what, of, min, measure) in rows {
        let v = &values[&(what.to_owned(), of.to_owned(), min.to_owned(), measure.to_owned())];
        assert_eq!(v.len(), 6, "{label}");
        let cells: Vec<String> = v.iter().map(|&n| thousands(usize::try_from(n).unwrap())).collect();
        table += &format!("| {label} | {} |\n", cells.join(" | "));
    }
    let pasted = readme
        .split("<!-- tru-anchor-figures -->\n")
        .nth(1)
        .and_then(|r| r.split("<!-- /tru-anchor-figures -->").next())
        .expect("networks/README.md has the anchor figures between their markers");
    assert_eq!(pasted, table, "networks/README.md's anchor figures are out of date; they are:\n{table}");
    // What the table says in words.
    let four = &values
        [&("network_effect".into(), "tfn-2018-four-cities".into(), "90".into(), "door-to-door".into())];
    assert!(four[4] < four[3] && four[5] == four[3], "{four:?}");
}
