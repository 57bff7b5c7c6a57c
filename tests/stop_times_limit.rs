//! The stop-times limit holds on a real-shaped feed: a GTFS folder of
//! 10,000 stops, 2,000 routes of 20 stops and 1,000,000 trips, whose
//! stop_times.txt holds exactly 20,000,000 rows (711 MB), is imported
//! within the time and memory written in networks/README.md "Limits"; with
//! one more trip it is refused with one line naming the file, the row and
//! the limit, having kept nothing past it.
//!
//! The feed is generated here (nothing of it is committed). The peak
//! resident memory of a command is that of the largest child this test
//! process has waited for (`getrusage(RUSAGE_CHILDREN)`): the first command
//! is measured alone, before the second runs.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use support::cli::children_max_rss_mib;

use railshed_core::limits::MAX_STOP_TIMES;

const STOPS: usize = 10_000;
const ROUTES: usize = 2_000;
const CALLS: usize = 20;
const TRIPS_PER_ROUTE: usize = MAX_STOP_TIMES / ROUTES / CALLS;

/// The memory the import of the feed at the limit may take, in MiB: the
/// figure of networks/README.md "Limits" (1,652 MiB measured, most of it the
/// stop times kept for the date), with room for the allocator.
const MAX_RSS_MIB: i64 = 2_048;

/// The time it may take: the figure of networks/README.md "Limits" for the
/// test build (63 s measured on a busy 2-core machine), many times over, as
/// the machine running the tests may be busier; a cost that grew faster than
/// the rows would pass it.
const MAX_TIME: Duration = Duration::from_secs(600);

/// `HH:MM:SS` of `secs` after midnight.
fn hms(secs: usize) -> String {
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Writes the feed into `dir`: route `r` calls at stops `r*7 + 3k` (mod
/// 10,000) for k = 0..20, two minutes apart with 30-second dwells; its
/// 500 trips leave every two minutes from 05:00.
fn feed(dir: &Path) {
    let file = |name: &str| {
        std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(dir.join(name)).unwrap())
    };
    let mut f = file("agency.txt");
    f.write_all(
        b"agency_id,agency_name,agency_url,agency_timezone\nA,Agency,https://example.org,Europe/London\n",
    )
    .unwrap();
    let mut f = file("calendar.txt");
    f.write_all(
        b"service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
          WK,1,1,1,1,1,0,0,20200101,20201231\n",
    )
    .unwrap();
    let mut f = file("stops.txt");
    f.write_all(b"stop_id,stop_name,stop_lat,stop_lon\n").unwrap();
    for s in 0..STOPS {
        let (lat, lon) = (53.3 + (s / 100) as f64 * 0.012, -2.9 + (s % 100) as f64 * 0.025);
        writeln!(f, "s{s},Stop {s},{lat:.5},{lon:.5}").unwrap();
    }
    let mut f = file("routes.txt");
    f.write_all(b"route_id,agency_id,route_short_name,route_long_name,route_type\n").unwrap();
    for r in 0..ROUTES {
        writeln!(f, "r{r},A,{r},Route {r},3").unwrap();
    }
    // Times of day as text, once: every half minute.
    let times: Vec<String> = (0..48 * 120).map(|h| hms(h * 30)).collect();
    let mut trips = file("trips.txt");
    trips.write_all(b"route_id,service_id,trip_id\n").unwrap();
    let mut st = file("stop_times.txt");
    st.write_all(b"trip_id,arrival_time,departure_time,stop_id,stop_sequence\n").unwrap();
    let mut row = Vec::with_capacity(64);
    for r in 0..ROUTES {
        let stops: Vec<String> = (0..CALLS).map(|k| format!("s{}", (r * 7 + 3 * k) % STOPS)).collect();
        for t in 0..TRIPS_PER_ROUTE {
            let trip = format!("r{r}t{t}");
            writeln!(trips, "r{r},WK,{trip}").unwrap();
            // In half minutes: 05:00 plus two minutes a trip.
            let start = 600 + 4 * t;
            for (k, stop) in stops.iter().enumerate() {
                let arr = start + 5 * k;
                let dep = if k == 0 || k == CALLS - 1 { arr } else { arr + 1 };
                row.clear();
                row.extend_from_slice(trip.as_bytes());
                row.push(b',');
                row.extend_from_slice(times[arr].as_bytes());
                row.push(b',');
                row.extend_from_slice(times[dep].as_bytes());
                row.push(b',');
                row.extend_from_slice(stop.as_bytes());
                row.push(b',');
                row.extend_from_slice(k.to_string().as_bytes());
                row.push(b'\n');
                st.write_all(&row).unwrap();
            }
        }
    }
    trips.flush().unwrap();
    st.flush().unwrap();
}

fn info(feed: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_railshed"))
        .args(["timetable", "info"])
        .arg(feed)
        .args(["--date", "2020-03-20", "--format", "json"])
        .output()
        .unwrap()
}

#[test]
fn twenty_million_stop_times_are_imported_and_one_more_trip_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    feed(dir.path());
    let bytes = std::fs::metadata(dir.path().join("stop_times.txt")).unwrap().len();
    let generated = t.elapsed();

    let t = Instant::now();
    let out = info(dir.path());
    let took = t.elapsed();
    let rss = children_max_rss_mib();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["stop_times"], MAX_STOP_TIMES, "{json}");
    assert_eq!(json["trips"], ROUTES * TRIPS_PER_ROUTE, "{json}");
    assert_eq!(json["lines"], ROUTES, "{json}");
    assert_eq!(json["stations"], STOPS, "{json}");

    // One more trip of one stop time past the limit (and a second to make
    // it a trip): refused at the row that passes the limit.
    let append = |name: &str, text: &str| {
        let mut f = std::fs::OpenOptions::new().append(true).open(dir.path().join(name)).unwrap();
        f.write_all(text.as_bytes()).unwrap();
    };
    append("trips.txt", "r0,WK,extra\n");
    append("stop_times.txt", "extra,06:00:00,06:00:00,s0,0\nextra,06:02:00,06:02:00,s1,1\n");
    let t = Instant::now();
    let past = info(dir.path());
    let refused = t.elapsed();
    let stderr = String::from_utf8_lossy(&past.stderr);
    assert_eq!(past.status.code(), Some(2), "{stderr}");
    let file = dir.path().join("stop_times.txt");
    assert_eq!(
        stderr,
        format!(
            "error: {}: line {}: trip \"extra\": more than 20,000,000 stop times on the date, the limit\n",
            file.display(),
            MAX_STOP_TIMES + 2
        )
    );
    assert!(past.stdout.is_empty());

    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "stop_times.txt of {:.0} MB generated in {:.1} s; 20,000,000 stop times imported in {:.1} s, \
             peak {rss} MiB; one more refused in {:.1} s\n",
            bytes as f64 / 1e6,
            generated.as_secs_f64(),
            took.as_secs_f64(),
            refused.as_secs_f64()
        )
        .as_bytes(),
    );
    assert!(rss > 0 && rss <= MAX_RSS_MIB, "peak memory {rss} MiB, over {MAX_RSS_MIB} MiB");
    assert!(took <= MAX_TIME && refused <= MAX_TIME, "{took:?}, {refused:?}");
}
