//! The bad-input corpus: every file in `tests/data/bad/` and a few absurd
//! inputs generated here, each run through the `railshed` command that reads
//! it. Every case must exit with status 2, print exactly one line on stderr,
//! `error: ` then the expected message (naming the file, the place in it and
//! the object at fault), never panic, and leave its output untouched.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use support::cli::{railshed_with_cpu, root};

const BAD: &str = "tests/data/bad";

/// What each kind of input is run through. `{f}` is the bad file, `{out}`
/// a folder that already holds one file, `{keep}` that file.
const NETWORK: &[&str] = &["network", "export", "--network", "{f}", "--json", "{keep}"];
const OVERLAY: &[&str] =
    &["network", "export", "--network", "tests/data/tiny.json", "--overlay", "{f}", "--json", "{keep}"];
const SCENARIO: &[&str] = &["compare", "{f}", "--out", "{out}"];
const SWEEP: &[&str] = &["sweep", "{f}", "--out", "{out}"];
const ZONES: &[&str] = &["compare", "today", "--zones", "{f}", "--out", "{out}"];
const HUBS: &[&str] = &["compare", "today", "--hubs-file", "{f}", "--out", "{out}"];
const CENTRES: &[&str] =
    &["compare", "today", "--centre-set", "big-three", "--centre-sets", "{f}", "--out", "{out}"];
const TIMETABLE: &[&str] =
    &["export", "gtfs", "--timetable", "{f}", "--date", "2020-03-20", "--out", "{keep}"];

/// One case: the command (with `{f}` for `file`), the file, the message
/// after `error: ` (`{gen}` for the folder of generated inputs).
struct Case {
    cmd: &'static [&'static str],
    file: &'static str,
    expect: &'static str,
}

const fn case(cmd: &'static [&'static str], file: &'static str, expect: &'static str) -> Case {
    Case { cmd, file, expect }
}

/// The committed corpus: `file` is relative to `tests/data/bad/`.
const CORPUS: &[Case] = &[
    // ---- network JSON ----
    case(NETWORK, "network/empty.json", "1:1: is empty: expected a JSON object"),
    case(NETWORK, "network/not-utf8.json", "1:46: not UTF-8 text (byte 45 is 0xE9)"),
    case(NETWORK, "network/utf16.json", "1:1: is UTF-16 text, not UTF-8: save it as UTF-8"),
    case(NETWORK, "network/malformed-json.json", "5:1: malformed JSON: expected `,` or `]`"),
    case(NETWORK, "network/truncated.json", r#"21:5: malformed JSON: EOF while parsing a value"#),
    case(
        NETWORK,
        "network/unknown-format.json",
        r#"$.format: unknown format "railshed-network/9" (expected "railshed-network/1" or "railshed-overlay/1")"#,
    ),
    case(
        NETWORK,
        "network/unknown-field.json",
        "38:10: $.colour: unknown field `colour`, expected one of `format`, `name`, `description`, `tag`, \
         `requires`, `tags`, `stations`, `links`, `walks`, `withdraw`, `lines`, `notes`",
    ),
    case(
        NETWORK,
        "network/wrong-type.json",
        r#"27:25: $.lines[0].run_min: invalid type: string "18, 31", expected a sequence"#,
    ),
    case(
        NETWORK,
        "network/two-documents.json",
        "2:1: text after the end of the JSON document (one document per file)",
    ),
    case(
        NETWORK,
        "network/trailing-text.json",
        "1:113: text after the end of the JSON document (one document per file)",
    ),
    case(NETWORK, "network/huge-number.json", r#"28:13: malformed JSON: number out of range"#),
    case(
        NETWORK,
        "network/tph-absurd.json",
        r#"$.lines[0].service: line "x": runs more than 300,000 trips a day in one direction, the limit"#,
    ),
    case(
        NETWORK,
        "network/unknown-station-ref.json",
        r#"$.stations[3]: station "ZZZ": unknown station: not in the embedded station table (give it inline)"#,
    ),
    case(
        NETWORK,
        "network/unknown-station-call.json",
        r#"$.lines[0].calls[2]: line "x": unknown station "MCV""#,
    ),
    case(
        NETWORK,
        "network/link-unknown-station.json",
        r#"$.links[0].path[2]: link LDS–HUD–QQQ: unknown station "QQQ" (and 2 more problems)"#,
    ),
    case(NETWORK, "network/duplicate-station.json", r#"$.stations[3]: station "LDS": duplicate station id"#),
    case(NETWORK, "network/duplicate-line.json", r#"$.lines[1].id: line "x": duplicate line id"#),
    case(
        NETWORK,
        "network/twice-in-a-row.json",
        r#"$.lines[0].calls[2]: line "x": calls at HUD twice in a row"#,
    ),
    case(
        NETWORK,
        "network/zero-running-time.json",
        r#"$.lines[0].run_min[0]: line "x": running time from LDS to HUD must be positive"#,
    ),
    case(
        NETWORK,
        "network/negative-dwell.json",
        r#"$.lines[0].dwell_min: line "x": -1 minutes must not be negative"#,
    ),
    case(
        NETWORK,
        "network/decreasing-departures.json",
        r#"$.lines[0].service.departures[2]: line "x": departure 07:30 is not after the one before it (08:00) (and 1 more problem)"#,
    ),
    case(
        NETWORK,
        "network/bad-time.json",
        r#"$.lines[0].service.departures[1]: line "x": time "25:7x" is not of the form HH:MM or HH:MM:SS"#,
    ),
    case(
        NETWORK,
        "network/negative-time.json",
        r#"$.lines[0].service.departures[0]: line "x": time "-01:00" is not of the form HH:MM or HH:MM:SS"#,
    ),
    case(
        NETWORK,
        "network/time-past-72h.json",
        r#"$.lines[0].service.departures[1]: line "x": time "72:00:01" is past 72:00:00, the latest a service day may reach"#,
    ),
    case(
        NETWORK,
        "network/time-overflow.json",
        r#"$.lines[0].service.departures[1]: line "x": time "277777:46:40" is past 72:00:00, the latest a service day may reach"#,
    ),
    case(
        NETWORK,
        "network/negative-tph.json",
        r#"$.lines[0].service: line "x": trains per hour must be positive, not -2"#,
    ),
    case(
        NETWORK,
        "network/period-backwards.json",
        r#"$.lines[0].service.headway[0]: line "x": period ends at 06:00 before it starts at 09:00 (and 1 more problem)"#,
    ),
    case(
        NETWORK,
        "network/too-fast.json",
        r#"$.lines[0].run_min[0]: line "x": LDS to HUD in 2 min implies 675 km/h over the 22.5 km straight line, above 400 km/h (and 1 more problem)"#,
    ),
    case(
        NETWORK,
        "network/too-slow.json",
        r#"$.lines[0].run_min[1]: line "x": HUD to MAN in 600 min implies 3.5 km/h over the 35.1 km straight line, below 5 km/h"#,
    ),
    case(
        NETWORK,
        "network/no-track.json",
        r#"$.lines[0].run_min[2]: line "x": no track between MAN and YRK: the line uses infrastructure that does not exist"#,
    ),
    case(
        NETWORK,
        "network/faster-than-track.json",
        r#"$.lines[0].run_min[0]: line "x": LDS to HUD in 5 min is faster than the track allows (22.5 km needs at least 6.7 min)"#,
    ),
    case(
        NETWORK,
        "network/outside-gb.json",
        r#"$.stations[3]: station "XPA": position 48.88000, 2.35500 (lat, lon) is outside Great Britain"#,
    ),
    case(
        NETWORK,
        "network/run-count-mismatch.json",
        r#"$.lines[0]: line "x": has 3 calls but 1 running times (expected 2)"#,
    ),
    case(NETWORK, "network/unknown-tag.json", r#"$.lines[0]: line "x": unknown tag "hs9""#),
    case(NETWORK, "network/network-withdraws.json", r#"$.withdraw: "withdraw" is only allowed in overlays"#),
    // ---- overlay JSON ----
    case(OVERLAY, "overlay/empty.json", "1:1: is empty: expected a JSON object"),
    case(OVERLAY, "overlay/not-utf8.json", r#"6:15: not UTF-8 text (byte 93 is 0xC9)"#),
    case(OVERLAY, "overlay/overlay-without-tag.json", "$.tag: an overlay must define its scheme tag"),
    case(
        OVERLAY,
        "overlay/overlay-withdraws-unknown.json",
        r#"$.withdraw[0]: line "no-such-line": no such line to withdraw"#,
    ),
    case(
        OVERLAY,
        "overlay/overlay-replaces-unknown.json",
        r#"$.lines[0].replaces[0]: line "y": replaces line "nope", which does not exist"#,
    ),
    case(
        OVERLAY,
        "overlay/overlay-requires-missing.json",
        r#"$.requires[0]: overlay "bad overlay": requires unknown scheme "hs9-phase7" (known: hs2-phase1, hs2-phase2a, hs2-phase2b-west, hs2-phase2b-east, npr-irp, npr-tfn, lm-2026, tru, new)"#,
    ),
    case(OVERLAY, "overlay/duplicate-line.json", r#"$.lines[0].id: line "fast": duplicate line id"#),
    case(
        OVERLAY,
        "overlay/unknown-station.json",
        r#"$.lines[0].calls[1]: line "new": unknown station "XYZ""#,
    ),
    // ---- scenario JSON ----
    case(
        SCENARIO,
        "scenario/duplicate-city.json",
        r#"$.settings.network_effect.cities[1]: network_effect.cities[1]: hub "leeds" is listed twice (and 2 more problems)"#,
    ),
    case(
        SCENARIO,
        "scenario/too-many-jobs-minutes.json",
        "$.settings.jobs_minutes: jobs_minutes: more than 16 thresholds, the limit",
    ),
    case(
        SCENARIO,
        "scenario/duplicate-threshold.json",
        "$.settings.thresholds_min[2]: thresholds_min[2]: 30 minutes is listed twice",
    ),
    case(SCENARIO, "scenario/empty.json", "1:1: is empty: expected a JSON object"),
    case(SCENARIO, "scenario/utf16.json", "1:1: is UTF-16 text, not UTF-8: save it as UTF-8"),
    case(SCENARIO, "scenario/malformed.json", "2:0: malformed JSON: EOF while parsing a list"),
    case(
        SCENARIO,
        "scenario/unknown-format.json",
        r#"$.format: unknown format "railshed-scenario/0" (expected "railshed-scenario/1")"#,
    ),
    case(
        SCENARIO,
        "scenario/unknown-type.json",
        "9:29: $.modifications[0].type: unknown variant `demolish_line`, expected one of `add_overlay`, `add_line`, \
         `remove_line`, `remove_trips`, `change_frequency`, `change_running_times`, `change_dwell`, `add_station`, \
         `close_station`",
    ),
    case(
        SCENARIO,
        "scenario/cycle-a.json",
        "$.extends: scenarios extend each other in a cycle: tests/data/bad/scenario/cycle-a.json → \
         tests/data/bad/scenario/cycle-b.json → tests/data/bad/scenario/cycle-a.json",
    ),
    case(
        SCENARIO,
        "scenario/cycle-b.json",
        "$.extends: scenarios extend each other in a cycle: tests/data/bad/scenario/cycle-b.json → \
         tests/data/bad/scenario/cycle-a.json → tests/data/bad/scenario/cycle-b.json",
    ),
    case(
        SCENARIO,
        "scenario/missing-parent.json",
        "$.extends: tests/data/bad/scenario/no-such-parent.json: No such file or directory (os error 2)",
    ),
    case(
        SCENARIO,
        "scenario/base-and-extends.json",
        "$.base: a scenario that extends another takes its base",
    ),
    case(
        SCENARIO,
        "scenario/missing-base-network.json",
        r#"$.base.network: tests/data/bad/scenario/no-such-network.json: No such file or directory (os error 2)"#,
    ),
    case(
        SCENARIO,
        "scenario/bad-base-network.json",
        r#"tests/data/bad/scenario/../network/duplicate-line.json: $.lines[1].id: line "x": duplicate line id"#,
    ),
    case(
        SCENARIO,
        "scenario/base-timetable-bad-date.json",
        r#"$.base.date: "2020-02-30" is not a date YYYY-MM-DD"#,
    ),
    case(
        SCENARIO,
        "scenario/unknown-anchor.json",
        r#"$.modifications[0].anchor: scheme "tru": anchor "middle": want "first" (the default) or "last""#,
    ),
    case(
        SCENARIO,
        "scenario/anchor-other-ends.json",
        r#"$.modifications[0]: line "irp-liv-ncl": cannot keep the arrival times of line "tru-liv-edb": it runs LIV–EDB, this line LIV–NCL"#,
    ),
    case(
        SCENARIO,
        "scenario/unknown-scheme.json",
        r#"$.modifications[0].scheme: unknown scheme "hs9" (known: hs2-phase1, hs2-phase2a, hs2-phase2b-west, hs2-phase2b-east, npr-irp, npr-tfn, lm-2026, tru)"#,
    ),
    case(
        SCENARIO,
        "scenario/add-line-unknown-station.json",
        r#"$.modifications[0]: line "new": unknown station "QQQ""#,
    ),
    case(
        SCENARIO,
        "scenario/close-unknown-station.json",
        r#"$.modifications[0]: station "ZZZ": unknown station"#,
    ),
    case(
        SCENARIO,
        "scenario/remove-unknown-line.json",
        r#"$.modifications[0]: line "no-such-line": no such line"#,
    ),
    case(
        SCENARIO,
        "scenario/dwell-at-unknown-call.json",
        r#"$.modifications[0]: line "fast": does not call at MCV (as an intermediate call)"#,
    ),
    case(
        SCENARIO,
        "scenario/faster-than-track.json",
        r#"$.modifications[0]: line "fast": LDS to HUD in 3.6 min is faster than the track allows (22.5 km needs at least 6.7 min)"#,
    ),
    case(
        SCENARIO,
        "scenario/negative-frequency.json",
        r#"$.modifications[0]: line "fast": trains per hour must be in (0, 60], not -4"#,
    ),
    case(
        SCENARIO,
        "scenario/huge-factor.json",
        r#"$.modifications[0]: line "fast": running-time factor must be in (0, 10], not 1e300"#,
    ),
    case(
        SCENARIO,
        "scenario/station-not-linked.json",
        r#"$.modifications[0]: station "XNW": no link between LDS and MAN"#,
    ),
    case(
        SCENARIO,
        "scenario/two-forms.json",
        r#"$.modifications[0]: line "fast": give either factor, or from, to and run_min"#,
    ),
    case(
        SCENARIO,
        "scenario/bad-time.json",
        r#"$.modifications[0].from: line "fast": time "25:7x" is not of the form HH:MM or HH:MM:SS"#,
    ),
    case(
        SCENARIO,
        "scenario/time-overflow.json",
        r#"$.modifications[0].to: line "fast": time "1000000000:00" is past 72:00:00, the latest a service day may reach"#,
    ),
    case(
        SCENARIO,
        "scenario/bad-percentile.json",
        r#"$.settings.percentile: percentile must be between 0 and 100, not 150"#,
    ),
    case(
        SCENARIO,
        "scenario/bad-gjt-weight.json",
        r#"$.settings.gjt.wait_weight: gjt.wait_weight must be between 0 and 10, not -2"#,
    ),
    case(
        SCENARIO,
        "scenario/no-thresholds.json",
        r#"$.settings.thresholds_min: thresholds_min: give at least one"#,
    ),
    case(
        SCENARIO,
        "scenario/unknown-hub.json",
        r#"$.settings.network_effect.cities[1]: hub "atlantis": unknown hub (known: liverpool, manchester, leeds, bradford, sheffield, hull, york, newcastle, manchester-airport, manchester-airport-hs2, warrington, preston, chester, durham, birmingham, london)"#,
    ),
    case(
        SCENARIO,
        "scenario/unknown-setting.json",
        "$.settings.percentil: unknown field `percentil`, expected one of `access`, `arrive_by`, \
         `arrival_window_min`, `depart_window`, `percentile`, `thresholds_min`, `network_effect`, `network_effects`, \
         `jobs_minutes`, `effective_density`, `hub_times_window`, `measure`, `gjt`, `station_radius_km`",
    ),
    case(
        SCENARIO,
        "scenario/unknown-measure.json",
        "$.settings.measure: unknown variant `stations`, expected one of `door-to-door`, `station`, `gjt`",
    ),
    // ---- timetables: GTFS (folder and zip), CIF zip with MSN and FLF ----
    case(
        TIMETABLE,
        "timetable/truncated.zip",
        "not a readable zip archive or folder (invalid Zip archive: Could not find EOCD)",
    ),
    case(
        TIMETABLE,
        "timetable/neither.zip",
        "is neither a GTFS feed (no stop_times.txt) nor a CIF archive (no .mca or .cif file)",
    ),
    case(TIMETABLE, "timetable/gtfs_missing_file", "missing required file routes.txt"),
    case(
        TIMETABLE,
        "timetable/gtfs_missing_column",
        r#"tests/data/bad/timetable/gtfs_missing_column/trips.txt: line 1: missing column service_id"#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_bad_time",
        r#"tests/data/bad/timetable/gtfs_bad_time/stop_times.txt: line 3: trip "T1", field arrival_time: time "25:7x" is not of the form HH:MM or HH:MM:SS"#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_huge_time",
        r#"tests/data/bad/timetable/gtfs_huge_time/stop_times.txt: line 3: trip "T1", field arrival_time: time "277777:46:40" is past 72:00:00, the latest a service day may reach"#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_negative_time",
        r#"tests/data/bad/timetable/gtfs_negative_time/stop_times.txt: line 3: trip "T1", field arrival_time: time "-1:00:00" is not of the form HH:MM or HH:MM:SS"#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_unknown_stop",
        r#"tests/data/bad/timetable/gtfs_unknown_stop/stop_times.txt: line 6: trip "T2", field stop_id: unknown stop "HDD""#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_unknown_stop.zip",
        r#"tests/data/bad/timetable/gtfs_unknown_stop.zip/stop_times.txt: line 6: trip "T2", field stop_id: unknown stop "HDD""#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_unknown_trip",
        r#"tests/data/bad/timetable/gtfs_unknown_trip/stop_times.txt: line 8: field trip_id: unknown trip "T9""#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_backwards",
        r#"tests/data/bad/timetable/gtfs_backwards/stop_times.txt: line 7: field arrival_time: trip "T2" arrives at 09:15:00, before it left the stop before at 09:21:00"#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_bad_calendar",
        r#"tests/data/bad/timetable/gtfs_bad_calendar/calendar.txt: line 2: service "WK", field thursday: "yes" is not 0 or 1"#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_duplicate_stop",
        r#"tests/data/bad/timetable/gtfs_duplicate_stop/stops.txt: line 7: field stop_id: duplicate stop "HUD""#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_duplicate_trip",
        r#"tests/data/bad/timetable/gtfs_duplicate_trip/trips.txt: line 4: field trip_id: duplicate trip "T1""#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_not_utf8",
        r#"tests/data/bad/timetable/gtfs_not_utf8/stops.txt: line 7: field stop_name: is not UTF-8 text"#,
    ),
    case(
        TIMETABLE,
        "timetable/cif_truncated.zip",
        r#"not a readable zip archive or folder (invalid Zip archive: Could not find EOCD)"#,
    ),
    case(
        TIMETABLE,
        "timetable/cif_short_record.zip",
        r#"tests/data/bad/timetable/cif_short_record.zip/mini.mca: line 5: record is 78 characters long, not 80"#,
    ),
    case(
        TIMETABLE,
        "timetable/cif_unknown_stp.zip",
        r#"tests/data/bad/timetable/cif_unknown_stp.zip/mini.mca: line 2: train "C10000": unknown STP indicator 'Q' (expected C, N, O or P)"#,
    ),
    case(
        TIMETABLE,
        "timetable/cif_bad_days.zip",
        r#"tests/data/bad/timetable/cif_bad_days.zip/mini.mca: line 2: train "C10000": days run "11111O0" is not seven days of 0 or 1"#,
    ),
    case(
        TIMETABLE,
        "timetable/cif_bad_time.zip",
        r#"tests/data/bad/timetable/cif_bad_time.zip/mini.mca: line 6: train "C10000" at "MNCRVIC": time "0870 " is not HHMM or HHMMH"#,
    ),
    case(
        TIMETABLE,
        "timetable/cif_past_72h.zip",
        r#"tests/data/bad/timetable/cif_past_72h.zip/mini.mca: line 10: train "C10000" at "MNCRVIC": runs past 72:00:00 (this call is at 80:00:00)"#,
    ),
    case(TIMETABLE, "timetable/cif_missing_msn.zip", "missing required file *.msn"),
    case(
        TIMETABLE,
        "timetable/cif_bad_msn.zip",
        r#"tests/data/bad/timetable/cif_bad_msn.zip/mini.msn: line 2: station "LEEDS": northing "64X33" is not a number"#,
    ),
    case(
        TIMETABLE,
        "timetable/cif_bad_flf.zip",
        r#"tests/data/bad/timetable/cif_bad_flf.zip/mini.flf: line 1: not of the form "ADDITIONAL LINK: MODE BETWEEN AAA AND BBB IN N MINUTES""#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_calendar_reversed",
        r#"tests/data/bad/timetable/gtfs_calendar_reversed/calendar.txt: line 2: service "WK", field end_date: 2020-01-01 is before start_date 2020-12-31"#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_overlapping_frequencies",
        r#"tests/data/bad/timetable/gtfs_overlapping_frequencies/frequencies.txt: line 3: trip "T1": its interval 08:00:00–10:00:00 overlaps 06:00:00–09:00:00 on line 2, which would run the trip twice"#,
    ),
    case(
        TIMETABLE,
        "timetable/gtfs_long_transfer",
        r#"tests/data/bad/timetable/gtfs_long_transfer/transfers.txt: line 2: stop "HUD", field min_transfer_time: 4294967295 seconds is longer than 72 hours, the longest a change or walk may take"#,
    ),
    case(
        TIMETABLE,
        "timetable/cif_no_terminus.zip",
        r#"tests/data/bad/timetable/cif_no_terminus.zip/mini.mca: line 2: train "C10000": has an origin (LO) but no terminus (LT)"#,
    ),
    // ---- zone and hub files (compare --zones, --hubs-file) ----
    case(
        ZONES,
        "zones/duplicate-zone.csv",
        r#"line 5: zone "E02000984": duplicate zone code (first on line 2): each zone may be listed once"#,
    ),
    case(HUBS, "hubs/duplicate-hub.json", r#"$.hubs[10].id: hub "leeds": duplicate hub id"#),
    case(ZONES, "zones/empty.csv", "no zones"),
    case(ZONES, "zones/missing-column.csv", "line 1: missing column `lad21_cd`"),
    case(ZONES, "zones/negative-population.csv", "line 2: column population: invalid digit found in string"),
    case(ZONES, "zones/outside-gb.csv", r#"line 3: zone "X1": centroid is outside Great Britain"#),
    case(
        HUBS,
        "hubs/missing-city.json",
        r#"$.hubs: hub "liverpool": missing, yet scenarios/today.json names it at $.settings.network_effect.cities[0] (known: leeds)"#,
    ),
    case(
        HUBS,
        "hubs/no-stations.json",
        r#"$.hubs[10].stations: hub "nowhere": has no stations, so nothing could ever reach it"#,
    ),
    case(
        HUBS,
        "hubs/unreachable.json",
        r#"$.hubs[10]: hub "atlantis": unreachable: none of its stations is in the network of scenarios/today.json"#,
    ),
    // ---- centre sets (compare --centre-set, --centre-sets) ----
    case(
        CENTRES,
        "centres/duplicate-id.json",
        r#"$.sets[1].id: centre set "big-three": duplicate centre-set id"#,
    ),
    case(
        CENTRES,
        "centres/min-count.json",
        r#"$.sets[0].min_count: centre set "big-three": min_count must be between 1 and the 3 hubs, not 4"#,
    ),
    case(
        CENTRES,
        "centres/unknown-hub.json",
        r#"$.sets[0].hubs[2]: centre set "big-three": unknown hub "sheffeld" (did you mean sheffield?)"#,
    ),
    case(
        CENTRES,
        "centres/unknown-format.json",
        r#"$.format: unknown format "railshed-centre-sets/2" (expected "railshed-centre-sets/1")"#,
    ),
    // ---- the other commands that read files ----
    case(
        &["network", "info", "{f}"],
        "network/unknown-tag.json",
        r#"$.lines[0]: line "x": unknown tag "hs9""#,
    ),
    case(
        &["timetable", "info", "{f}", "--date", "2020-03-20"],
        "timetable/gtfs_duplicate_stop",
        r#"tests/data/bad/timetable/gtfs_duplicate_stop/stops.txt: line 7: field stop_id: duplicate stop "HUD""#,
    ),
    case(
        &[
            "route",
            "LDS",
            "MAN",
            "--depart",
            "08:00",
            "--overlay",
            "tests/data/bad/overlay/cycle-b.json",
            "--overlay",
            "{f}",
        ],
        "overlay/cycle-a.json",
        r#"tests/data/bad/overlay/cycle-b.json: $.requires[0]: scheme "cyca": schemes require each other in a cycle: cyca → cycb → cyca"#,
    ),
    case(
        &["route", "LDS", "MAN", "--depart", "08:00", "--overlay", "{f}"],
        "overlay/overlay-without-tag.json",
        "$.tag: an overlay must define its scheme tag",
    ),
    case(
        &["matrix", "--from", "LDS", "--network", "{f}", "--out", "{keep}"],
        "network/twice-in-a-row.json",
        r#"$.lines[0].calls[2]: line "x": calls at HUD twice in a row"#,
    ),
    case(
        &[
            "isochrone",
            "--from",
            "LDS",
            "--depart",
            "08:00",
            "--timetable",
            "{f}",
            "--date",
            "2020-03-20",
            "--out",
            "{keep}",
        ],
        "timetable/cif_bad_days.zip",
        r#"tests/data/bad/timetable/cif_bad_days.zip/mini.mca: line 2: train "C10000": days run "11111O0" is not seven days of 0 or 1"#,
    ),
    case(
        &["export", "gtfs", "--date", "2026-05-18", "--scenario", "{f}", "--out", "{keep}"],
        "scenario/unknown-hub.json",
        r#"$.settings.network_effect.cities[1]: hub "atlantis": unknown hub (known: liverpool, manchester, leeds, bradford, sheffield, hull, york, newcastle, manchester-airport, manchester-airport-hs2, warrington, preston, chester, durham, birmingham, london)"#,
    ),
    // ---- sweep JSON ----
    case(
        SWEEP,
        "sweep/unknown-field.json",
        "3:98: $.parameters[0].colour: unknown field `colour`, expected one of `name`, `modification`, `field`, \
         `values`, `range`",
    ),
    case(
        SWEEP,
        "sweep/out-of-range.json",
        "$.parameters[0].values[2]: 120: tph takes a number of trains per hour above 0, at most 60",
    ),
    case(
        SWEEP,
        "sweep/names-nothing.json",
        "$.parameters[0].modification: 2 names no modification of \
         tests/data/bad/sweep/../../scenario/tiny-faster.json (it has 2 of its own, 0 to 1; its parents' are not counted)",
    ),
    case(
        SWEEP,
        "sweep/wrong-field.json",
        r#"$.parameters[0].field: tph is a field of change_frequency, and modification 0 of tests/data/bad/sweep/../../scenario/tiny-faster.json is not one (scale line "fast" running times by 0.9)"#,
    ),
    case(
        SWEEP,
        "sweep/too-many.json",
        "$.parameters: the grid of 95001 × 2 values has more than 100,000 variants, the limit",
    ),
    case(
        SWEEP,
        "sweep/too-fast.json",
        r#"variant 1: speed=0.3: tests/data/bad/sweep/../../scenario/tiny-faster.json: $.modifications[0]: line "fast": LDS to HUD in 5.4 min is faster than the track allows (22.5 km needs at least 6.7 min)"#,
    ),
];

/// Generated absurd inputs: `file` is relative to the folder `{gen}`, which
/// [`generate`] fills.
const GENERATED: &[Case] = &[
    case(
        NETWORK,
        "million-calls.json",
        r#"$.lines[0].calls[10000]: line "x": has 1,000,000 calls, more than the limit of 10,000"#,
    ),
    case(
        NETWORK,
        "too-many-stop-times.json",
        r#"$.lines[1]: line "two": brings the network past 20,000,000 stop times a day, the limit"#,
    ),
    case(NETWORK, "huge.json", r#"is 65.0 MiB, larger than the limit of 64.0 MiB"#),
    case(
        NETWORK,
        "million-stations.json",
        "$.stations[1000000]: more than 1,000,000 stations (1,000,001), the limit",
    ),
    case(
        SCENARIO,
        "many-modifications.json",
        r#"$.modifications[1000]: more than 1,000 modifications (its parents' included), the limit"#,
    ),
    case(
        SCENARIO,
        "more-trips.json",
        r#"$.modifications[0]: line "one": would bring the network past 20,000,000 stop times a day, the limit"#,
    ),
    case(
        SCENARIO,
        "more-calls.json",
        r#"$.modifications[0]: station "X": would give line "one" more than 10,000 calls, the limit"#,
    ),
    case(
        TIMETABLE,
        "huge_gtfs",
        r#"{gen}/huge_gtfs/stop_times.txt: is 9,536.7 MiB, larger than the limit of 1,024.0 MiB"#,
    ),
    case(
        TIMETABLE,
        "declared_4gb.zip",
        r#"{gen}/declared_4gb.zip/stop_times.txt: is 3,814.6 MiB, larger than the limit of 1,024.0 MiB"#,
    ),
];

/// Generated inputs one past a limit that can only be counted by reading
/// them (each is read once, up to the count, and nothing is built): like
/// [`GENERATED`], but their time is printed rather than bounded.
const PAST_LIMITS: &[Case] = &[
    case(NETWORK, "million-lines.json", "$.lines[1000000]: more than 1,000,000 lines (1,000,001), the limit"),
    case(
        TIMETABLE,
        "million_stops_gtfs",
        "{gen}/million_stops_gtfs/stops.txt: 1,000,001 stations (parent stations and stops without one), more than the limit of 1,000,000",
    ),
];

/// Writes the absurd inputs of [`GENERATED`] and [`PAST_LIMITS`] into `dir`.
fn generate(dir: &Path) {
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    // A line with a million calls (about 7 MB).
    let calls: Vec<&str> = (0..1_000_000).map(|i| if i % 2 == 0 { "\"LDS\"" } else { "\"HUD\"" }).collect();
    let runs = vec!["20"; 999_999];
    write(
        "million-calls.json",
        &format!(
            r#"{{"format": "railshed-network/1", "name": "big", "stations": ["LDS", "HUD"], "links": [{{"path": ["LDS", "HUD"]}}],
"lines": [{{"id": "x", "name": "X", "calls": [{}], "run_min": [{}], "service": {{"tph": 1, "from": "06:00", "to": "07:00"}}}}]}}"#,
            calls.join(","),
            runs.join(",")
        ),
    );
    // Two lines of 5,000 calls between stations 1 km apart, every minute for a
    // day both ways: 28.8 million stop times.
    let calls: Vec<&str> = (0..5_000).map(|i| if i % 2 == 0 { "\"A\"" } else { "\"B\"" }).collect();
    let runs = vec!["0.5"; 4_999];
    let line = |id: &str| {
        format!(
            r#"{{"id": "{id}", "name": "{id}", "calls": [{}], "run_min": [{}], "dwell_min": 0, "service": {{"tph": 60, "from": "00:00", "to": "24:00"}}}}"#,
            calls.join(","),
            runs.join(",")
        )
    };
    write(
        "too-many-stop-times.json",
        &format!(
            r#"{{"format": "railshed-network/1", "name": "busy",
"stations": [{{"id": "A", "name": "A", "lat": 53.8, "lon": -1.55}}, {{"id": "B", "name": "B", "lat": 53.809, "lon": -1.55}}],
"links": [{{"path": ["A", "B"]}}], "lines": [{}, {}]}}"#,
            line("one"),
            line("two")
        ),
    );
    // Scenarios past a limit by their modifications alone, on a line of
    // 5,000 calls (or 10,000) between A and B running once: every minute
    // for 72 hours is 21.6 million stop times; a station opened between A
    // and B gives the longer line a call too many.
    for (name, calls, run, modification) in [
        (
            "more-trips.json",
            5_000,
            "0.5",
            r#"{"type": "change_frequency", "line": "one", "tph": 60, "from": "00:00", "to": "72:00"}"#,
        ),
        (
            "more-calls.json",
            10_000,
            "0.35",
            r#"{"type": "add_station", "station": {"id": "X", "name": "X", "lat": 53.8045, "lon": -1.55}, "between": ["A", "B"], "lines": ["one"]}"#,
        ),
    ] {
        let calls: Vec<&str> = (0..calls).map(|i| if i % 2 == 0 { "\"A\"" } else { "\"B\"" }).collect();
        let network = dir.join(format!("base-{name}"));
        std::fs::write(
            &network,
            format!(
                r#"{{"format": "railshed-network/1", "name": "long",
"stations": [{{"id": "A", "name": "A", "lat": 53.8, "lon": -1.55}}, {{"id": "B", "name": "B", "lat": 53.809, "lon": -1.55}}],
"links": [{{"path": ["A", "B"]}}],
"lines": [{{"id": "one", "name": "one", "calls": [{}], "run_min": [{}], "dwell_min": 0, "service": {{"departures": ["00:00"]}}}}]}}"#,
                calls.join(","),
                vec![run; calls.len() - 1].join(",")
            ),
        )
        .unwrap();
        write(
            name,
            &format!(
                r#"{{"format": "railshed-scenario/1", "name": "more", "base": {{"network": {:?}}}, "modifications": [{modification}]}}"#,
                network.display().to_string()
            ),
        );
    }
    // 1,000,001 stations, each the same one (6 MB: counted before they are
    // read, so not refused as duplicates).
    write(
        "million-stations.json",
        &format!(
            r#"{{"format": "railshed-network/1", "name": "many", "stations": [{}]}}"#,
            vec!["\"LDS\""; 1_000_001].join(",")
        ),
    );
    // 1,000,001 empty lines (55 MB, under the 64 MiB of a file).
    write(
        "million-lines.json",
        &format!(
            r#"{{"format": "railshed-network/1", "name": "many", "lines": [{}]}}"#,
            vec![r#"{"id":"x","name":"","calls":[],"run_min":[],"service":{}}"#; 1_000_001].join(",")
        ),
    );
    // A GTFS folder of 1,000,001 stops, each its own station (24 MB).
    let feed = dir.join("million_stops_gtfs");
    std::fs::create_dir(&feed).unwrap();
    for entry in std::fs::read_dir(root().join("tests/data/timetable/mini_gtfs")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), feed.join(entry.file_name())).unwrap();
    }
    let mut stops = String::from("stop_id,stop_name,stop_lat,stop_lon\n");
    for i in 0..1_000_001 {
        stops.push_str(&format!("s{i},S,54.0,-1.5\n"));
    }
    std::fs::write(feed.join("stops.txt"), stops).unwrap();
    // A 65 MiB file (sparse: no disk is used).
    let f = std::fs::File::create(dir.join("huge.json")).unwrap();
    f.set_len(65 << 20).unwrap();
    // 1,001 modifications.
    let m = r#"{"type": "change_dwell", "line": "fast", "dwell_min": 1}"#;
    let tiny = root().join("tests/data/tiny.json");
    write(
        "many-modifications.json",
        &format!(
            r#"{{"format": "railshed-scenario/1", "name": "many", "base": {{"network": {:?}}}, "modifications": [{}]}}"#,
            tiny.display().to_string(),
            vec![m; 1_001].join(",")
        ),
    );
    // A GTFS folder whose stop_times.txt is 10 GB (sparse).
    let feed = dir.join("huge_gtfs");
    std::fs::create_dir(&feed).unwrap();
    for entry in std::fs::read_dir(root().join("tests/data/timetable/mini_gtfs")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), feed.join(entry.file_name())).unwrap();
    }
    let f = std::fs::OpenOptions::new().write(true).open(feed.join("stop_times.txt")).unwrap();
    f.set_len(10_000_000_000).unwrap();
    // A zip whose stop_times.txt states 4,000,000,000 bytes uncompressed.
    std::fs::write(dir.join("declared_4gb.zip"), declared_4gb_zip()).unwrap();
}

/// A stored (uncompressed) zip of the mini GTFS feed in which stop_times.txt
/// states an uncompressed size of 4,000,000,000 bytes.
fn declared_4gb_zip() -> Vec<u8> {
    let dir = root().join("tests/data/timetable/mini_gtfs");
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let (mut out, mut central) = (Vec::new(), Vec::new());
    let u16le = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let u32le = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for name in &names {
        let data = std::fs::read(dir.join(name)).unwrap();
        let crc = crc32(&data);
        let size = data.len() as u32;
        let stated = if name == "stop_times.txt" { 4_000_000_000 } else { size };
        let offset = out.len() as u32;
        u32le(&mut out, 0x0403_4b50);
        for x in [20, 0, 0, 0, 0] {
            u16le(&mut out, x);
        }
        for x in [crc, size, stated] {
            u32le(&mut out, x);
        }
        u16le(&mut out, name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&data);
        u32le(&mut central, 0x0201_4b50);
        for x in [20, 20, 0, 0, 0, 0] {
            u16le(&mut central, x);
        }
        for x in [crc, size, stated] {
            u32le(&mut central, x);
        }
        for x in [name.len() as u16, 0, 0, 0, 0] {
            u16le(&mut central, x);
        }
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let (cd_offset, cd_size) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    for x in [0, 0, names.len() as u16, names.len() as u16] {
        u16le(&mut out, x);
    }
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// The files of a folder with their bytes, sorted.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().into_string().unwrap(), std::fs::read(e.path()).unwrap_or_default())
        })
        .collect();
    v.sort();
    v
}

/// How long a refusal may take: at once (processor time of the command, so
/// that a busy machine does not fail it).
const AT_ONCE: Duration = Duration::from_secs(5);

/// Runs one case; returns a description of what is wrong, if anything.
fn run(c: &Case, file: &str, gen_dir: &str, print: bool, bound: Duration) -> Option<String> {
    let out = tempfile::tempdir().unwrap();
    let keep = out.path().join("keep.zip");
    std::fs::write(&keep, b"known bytes\n").unwrap();
    let before = snapshot(out.path());
    let args: Vec<String> = c
        .cmd
        .iter()
        .map(|a| {
            a.replace("{f}", file)
                .replace("{keep}", keep.to_str().unwrap())
                .replace("{out}", out.path().to_str().unwrap())
        })
        .collect();
    let (result, took) = railshed_with_cpu(&args);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    // A message about a file inside a folder or archive, or about another
    // file (a scenario's base), is given whole.
    let whole = c.expect.starts_with(BAD) || c.expect.starts_with("{gen}");
    let message = c.expect.replace("{gen}", gen_dir);
    let expect = if whole { format!("error: {message}\n") } else { format!("error: {file}: {message}\n") };
    if print {
        let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{file}\t{stderr}").as_bytes());
    }
    let mut wrong = Vec::new();
    if result.status.code() != Some(2) {
        wrong.push(format!("exit status {:?}, not 2", result.status.code()));
    }
    if stderr.contains("panicked") {
        wrong.push("panicked".to_owned());
    }
    if stderr != expect {
        wrong.push(format!("stderr\n  {stderr:?}\nnot\n  {expect:?}"));
    }
    if snapshot(out.path()) != before {
        wrong.push("the output folder changed".to_owned());
    }
    if took > bound {
        wrong.push(format!("took {took:?}"));
    }
    (!wrong.is_empty()).then(|| format!("{file} ({}): {}", args.join(" "), wrong.join("; ")))
}

/// Every file directly in the folders of `tests/data/bad` (a GTFS folder
/// counts as one file).
fn corpus_files() -> Vec<String> {
    let mut files = Vec::new();
    for kind in std::fs::read_dir(root().join(BAD)).unwrap() {
        let kind = kind.unwrap();
        assert!(kind.file_type().unwrap().is_dir(), "{:?}: only folders in {BAD}", kind.path());
        for f in std::fs::read_dir(kind.path()).unwrap() {
            let name = f.unwrap().file_name().into_string().unwrap();
            files.push(format!("{}/{name}", kind.file_name().into_string().unwrap()));
        }
    }
    files.sort();
    files
}

#[test]
fn every_bad_input_fails_with_one_line_naming_file_place_and_object() {
    let print = std::env::var_os("RAILSHED_PRINT_BAD").is_some();
    let gen_dir = tempfile::tempdir().unwrap();
    generate(gen_dir.path());
    let gen_s = gen_dir.path().to_str().unwrap().to_owned();
    let mut failures = Vec::new();
    for c in CORPUS {
        failures.extend(run(c, &format!("{BAD}/{}", c.file), &gen_s, print, AT_ONCE));
    }
    for c in GENERATED {
        failures.extend(run(c, &format!("{gen_s}/{}", c.file), &gen_s, print, AT_ONCE));
    }
    for c in PAST_LIMITS {
        let t = Instant::now();
        failures.extend(run(c, &format!("{gen_s}/{}", c.file), &gen_s, print, Duration::MAX));
        let took = format!("{}: refused in {:.1} s (test build)\n", c.file, t.elapsed().as_secs_f64());
        let _ = std::io::Write::write_all(&mut std::io::stderr(), took.as_bytes());
    }
    // Every file of the corpus is used; files named only in messages (the
    // parent of a cycle, a scenario's base) count too.
    let used: Vec<String> = corpus_files()
        .into_iter()
        .filter(|f| {
            let path = format!("{BAD}/{f}");
            !CORPUS.iter().any(|c| c.file == f || c.expect.contains(&path) || c.expect.contains(f.as_str()))
        })
        .collect();
    for f in used {
        failures.push(format!("{BAD}/{f}: no case uses it"));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        CORPUS.len() + GENERATED.len() + PAST_LIMITS.len(),
        failures.join("\n")
    );
}

/// `extends` nests up to 32 links deep (a scenario and 32 ancestors); the
/// 33rd link is refused, naming the file where it is written.
#[test]
fn extends_nests_32_deep_and_no_deeper() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..=33 {
        let tail = if i == 33 {
            r#""base": "default""#.to_owned()
        } else {
            format!(r#""extends": "s{}.json""#, i + 1)
        };
        let text =
            format!(r#"{{"format": "railshed-scenario/1", "name": "s{i}", {tail}, "modifications": []}}"#);
        std::fs::write(d.join(format!("s{i}.json")), text).unwrap();
    }
    let run = |leaf: &str| {
        let out = d.join("out.zip");
        let args = ["export", "gtfs", "--date", "2026-05-18", "--out", out.to_str().unwrap(), "--scenario"];
        Command::cargo_bin("railshed").unwrap().args(args).arg(d.join(leaf)).output().unwrap()
    };
    let ok = run("s1.json");
    assert_eq!(ok.status.code(), Some(0), "32 links: {}", String::from_utf8_lossy(&ok.stderr));
    let deep = run("s0.json");
    assert_eq!(deep.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&deep.stderr),
        format!(
            "error: {}: $.extends: scenarios nest deeper than 32 `extends` links\n",
            d.join("s32.json").display()
        )
    );
}

/// Command-line errors, clap's included, are one line of at most a few
/// hundred characters, exit status 2; a long value is elided in the middle.
#[test]
fn argument_errors_are_one_short_line() {
    let long = "x".repeat(100_000);
    let cases: &[(&[&str], &str)] = &[
        (
            &["--bogus"],
            "error: unexpected argument '--bogus' found (usage: railshed [OPTIONS] <COMMAND>; see --help)",
        ),
        (
            &["route"],
            "error: the following required arguments were not provided: --depart <TIME> <FROM> <TO>",
        ),
        (
            &["compare", "--format", "xml"],
            "error: invalid value 'xml' for '--format <FORMAT>' [possible values: table, csv, json]",
        ),
        (&["nosuch"], "error: unrecognized subcommand 'nosuch'"),
        (&["route", &long, "MAN", "--depart", "08:00"], "error: unknown station \"xxxxxxxx"),
        (&["compare", "--format", &long], "error: invalid value 'xxxxx"),
    ];
    for (args, start) in cases {
        let out = Command::cargo_bin("railshed").unwrap().current_dir(root()).args(*args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(start), "{err}");
        assert!(err.chars().count() <= 410, "{} characters", err.chars().count());
        assert!(out.stdout.is_empty());
    }
}

/// Limits that hold at once: a FIFO given as an input is refused (not
/// waited on), `validate` refuses a file over 64 MiB from its size, and
/// `--threads` is bounded.
#[test]
fn fifos_huge_files_and_thread_counts_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("network.json");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge).unwrap().set_len(65 << 20).unwrap();
    // A sparse terabyte: read whole before the check, it could not be
    // refused within the time allowed here.
    let tera = dir.path().join("tera.json");
    std::fs::File::create(&tera).unwrap().set_len(1 << 40).unwrap();
    let f = fifo.to_str().unwrap();
    let out = dir.path().join("m.csv");
    let o = out.to_str().unwrap();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["network", "info", f],
            format!("error: {f}: is not a regular file (a FIFO, device or socket): give a file\n"),
        ),
        (
            vec!["timetable", "info", f, "--date", "2020-03-20"],
            format!("error: {f}: is not a regular file (a FIFO, device or socket): give a file\n"),
        ),
        (
            vec!["validate", f],
            format!("{f}: is not a regular file (a FIFO, device or socket): give a file\n"),
        ),
        (
            vec!["validate", huge.to_str().unwrap()],
            format!("{}: is 65.0 MiB, larger than the limit of 64.0 MiB\n", huge.display()),
        ),
        (
            vec!["validate", tera.to_str().unwrap()],
            format!("{}: is 1,048,576.0 MiB, larger than the limit of 64.0 MiB\n", tera.display()),
        ),
        (
            vec!["matrix", "--from", "all", "--out", o, "--threads", "257"],
            "error: --threads 257 is more than 256, the limit\n".to_owned(),
        ),
    ];
    // A feed of 10,005 stops: its all-stations matrix is past the cell limit.
    let feed = support::cli::mini_feed_with_stops(&dir.path().join("many_stops"), 10_001);
    let many = [
        "matrix",
        "--from",
        "all",
        "--timetable",
        feed.to_str().unwrap(),
        "--date",
        "2020-03-20",
        "--out",
        o,
    ];
    let cases = [
        cases,
        vec![(
            many.to_vec(),
            "error: --from all: 10,005 origins × 10,005 destinations is 100,100,025 cells, more than the limit of \
             100,000,000 (about 200 MB per statistic): give fewer origins\n"
                .to_owned(),
        )],
    ]
    .concat();
    for (args, expect) in cases {
        let r = Command::cargo_bin("railshed")
            .unwrap()
            .args(&args)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(r.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&r.stderr));
        assert_eq!(String::from_utf8_lossy(&r.stderr), expect, "{args:?}");
    }
    assert!(!out.exists());
}

/// Writes a zones file of `n` zones (the embedded ones, repeated under new
/// codes and moved a little north each round).
fn zones_file(path: &Path, n: usize) {
    let mut reader = csv::Reader::from_path(root().join("networks/zones/msoa21_north.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|c| c == name).unwrap();
    let (code, lat) = (col("msoa21_cd"), col("lat"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(&header).unwrap();
    for i in 0..n {
        let mut r: Vec<String> = rows[i % rows.len()].iter().map(str::to_owned).collect();
        r[code] = format!("Z{i:07}");
        r[lat] = format!("{:.6}", r[lat].parse::<f64>().unwrap() + 0.001 * (i / rows.len()) as f64);
        w.write_record(&r).unwrap();
    }
    w.flush().unwrap();
}

/// Writes a hubs file of `n` hubs (the embedded ones, repeated under new ids).
fn hubs_file(path: &Path, n: usize) {
    let text = std::fs::read_to_string(root().join("networks/hubs.json")).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Every hub must be reachable in today's network: leave out the proposed HS2/NPR station.
    let hubs: Vec<serde_json::Value> = json["hubs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["id"] != "manchester-airport-hs2")
        .cloned()
        .collect();
    json["hubs"] = (0..n)
        .map(|i| {
            let mut h = hubs[i % hubs.len()].clone();
            if i >= hubs.len() {
                h["id"] = format!("{}-{i}", h["id"].as_str().unwrap()).into();
            }
            h
        })
        .collect();
    std::fs::write(path, serde_json::to_string(&json).unwrap()).unwrap();
}

/// The zone and hub limits hold: a file at the limit completes, one past it
/// is refused at once.
#[test]
fn zone_and_hub_limits_hold() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::cargo_bin("railshed").unwrap().current_dir(root()).args(args).output().unwrap()
    };
    for (flag, max, write) in
        [("--zones", 10_000, zones_file as fn(&Path, usize)), ("--hubs-file", 100, hubs_file)]
    {
        let at = dir.path().join(format!("at{flag}"));
        write(&at, max);
        let r = run(&["--quiet", "compare", "today", flag, at.to_str().unwrap(), "--format", "csv"]);
        assert_eq!(r.status.code(), Some(0), "{flag} at the limit: {}", String::from_utf8_lossy(&r.stderr));
        let past = dir.path().join(format!("past{flag}"));
        write(&past, max + 1);
        let args = ["compare", "today", flag, past.to_str().unwrap()].map(str::to_owned);
        let (r, cpu) = railshed_with_cpu(&args);
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{err}");
        assert!(err.contains("the limit") && err.lines().count() == 1, "{err}");
        assert!(cpu < AT_ONCE, "refused at once: {cpu:?}");
    }
}

/// A big but legal network file: 100,000 stations in rows of 1,000 a few
/// hundred metres apart, joined along each row, and a line between each
/// pair of neighbours (99,900 lines). It is read and checked in full; the
/// time is printed, not asserted (the machine may be busy). One past the
/// station and line limits is in [`GENERATED`].
#[test]
fn a_big_network_completes() {
    let dir = tempfile::tempdir().unwrap();
    let (rows, per_row) = (100, 1_000);
    let id = |r: usize, c: usize| format!("s{}", r * per_row + c);
    let mut stations = Vec::new();
    let mut links = Vec::new();
    let mut lines = Vec::new();
    for r in 0..rows {
        for c in 0..per_row {
            let (lat, lon) = (52.0 + r as f64 * 0.005, -2.5 + c as f64 * 0.003);
            stations.push(format!(r#"{{"id": "{}", "name": "S", "lat": {lat}, "lon": {lon}}}"#, id(r, c)));
            if c + 1 < per_row {
                let (a, b) = (id(r, c), id(r, c + 1));
                links.push(format!(r#"{{"path": ["{a}", "{b}"]}}"#));
                lines.push(format!(
                    r#"{{"id": "{a}-{b}", "name": "L", "calls": ["{a}", "{b}"], "run_min": [2], "service": {{"tph": 1, "from": "08:00", "to": "09:00"}}}}"#
                ));
            }
        }
    }
    let file = dir.path().join("big.json");
    std::fs::write(
        &file,
        format!(
            r#"{{"format": "railshed-network/1", "name": "big", "stations": [{}], "links": [{}], "lines": [{}]}}"#,
            stations.join(","),
            links.join(","),
            lines.join(",")
        ),
    )
    .unwrap();
    let t = Instant::now();
    let r = Command::cargo_bin("railshed")
        .unwrap()
        .current_dir(root())
        .args(["validate", file.to_str().unwrap()])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&r.stdout);
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(out.contains("100000 stations") || out.contains("100,000 stations"), "{out}");
    let took = format!(
        "100,000 stations and 99,900 lines validated in {:.1} s (test build)\n",
        t.elapsed().as_secs_f64()
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr(), took.as_bytes());
}
