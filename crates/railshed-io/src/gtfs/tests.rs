//! GTFS import: inline feeds, printed trips and transfers compared as text.

use railshed_core::TripIdx;

use crate::Date;
use crate::timetable::{ImportSettings, import};

const STOPS: &str = "\u{feff}stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,extra\r
LDS,Leeds,53.7950,-1.5480,1,,x\r
LDS1,Leeds platform 1,53.7951,-1.5481,0,LDS,\r
LDS2,Leeds platform 2,53.7952,-1.5482,,LDS,\r
HUD,Huddersfield,53.6485,-1.7846,,,\r
MAN,\"Manchester, Piccadilly\",53.4774,-2.2309,,,\r
MCV,Manchester Victoria,53.4875,-2.2425,,,\r
";
const ROUTES: &str =
    "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,TP,,Leeds - Manchester,2\n";
const AGENCY: &str =
    "agency_id,agency_name,agency_url,agency_timezone\nTP,TransPennine Express,https://x,Europe/London\n";
const CALENDAR: &str = "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
WK,1,1,1,1,1,0,0,20200101,20201231\nSA,0,0,0,0,0,1,0,20200101,20201231\n";
const TRIPS: &str = "route_id,service_id,trip_id\nR1,WK,T1\nR1,WK,T2\nR1,SA,T3\n";
const STOP_TIMES: &str = "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n\
T1,08:00:00,08:00:00,LDS1,1,0,1\n\
T1,08:20:00,08:21:00,HUD,2,,\n\
T1,08:55:00,08:55:00,MAN,3,1,0\n\
T2,23:50:00,23:50:00,LDS2,1,0,1\n\
T2,24:10:00,24:11:00,HUD,2,2,3\n\
T2,24:45:00,24:45:00,MAN,3,1,0\n\
T3,09:00:00,09:00:00,LDS1,1,,\n\
T3,09:20:00,09:21:00,HUD,2,,\n";

/// The stop times of T1 alone.
const T1: &str = "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n\
T1,08:00:00,08:00:00,LDS1,1,0,1\n\
T1,08:20:00,08:21:00,HUD,2,,\n\
T1,08:55:00,08:55:00,MAN,3,1,0\n";

/// A feed of the standard files with `replace` substituted or added.
fn feed<'a>(replace: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut files = vec![
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        ("agency.txt", AGENCY),
        ("calendar.txt", CALENDAR),
        ("trips.txt", TRIPS),
        ("stop_times.txt", STOP_TIMES),
    ];
    for &(name, text) in replace {
        files.retain(|(n, _)| *n != name);
        if !text.is_empty() {
            files.push((name, text));
        }
    }
    files
}

/// Imports the files (a folder) for `date` and prints the trips, the
/// stations' change times and the walks, or the error.
fn check(files: &[(&str, &str)], date: &str, expect: &str) {
    check_with(files, ImportSettings::new(Date::parse_iso(date).unwrap()), expect);
}

/// [`check`] with import options.
fn check_with(files: &[(&str, &str)], options: ImportSettings, expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let got = match import(dir.path(), &options) {
        Ok(imported) => {
            let tt = imported.network.compile();
            let mut out = String::new();
            for (i, trip) in tt.trips.iter().enumerate() {
                let calls: Vec<String> = tt
                    .stop_times_of(TripIdx::new(i))
                    .iter()
                    .map(|s| {
                        let flags = match (s.pickup, s.dropoff) {
                            (true, true) => "",
                            (true, false) => "^",
                            (false, true) => "v",
                            (false, false) => "x",
                        };
                        let st = &tt.stations[s.station.idx()].id;
                        if s.arr == s.dep {
                            format!("{st}{flags} {}", s.arr)
                        } else {
                            format!("{st}{flags} {}-{}", s.arr, s.dep)
                        }
                    })
                    .collect();
                out += &format!("{} [{}]: {}\n", trip.id, tt.lines[trip.line.idx()].id, calls.join(", "));
            }
            let changes: Vec<String> =
                tt.stations.iter().map(|s| format!("{}={}", s.id, s.min_change / 60)).collect();
            out += &format!("change {}\n", changes.join(" "));
            for f in &tt.footpaths {
                out += &format!(
                    "walk {}->{} {}s\n",
                    tt.stations[f.from.idx()].id,
                    tt.stations[f.to.idx()].id,
                    f.secs
                );
            }
            let s = &imported.summary;
            out += &format!(
                "routes {} lines {} trips {} stop times {}",
                s.routes, s.lines, s.trips, s.stop_times
            );
            for (reason, n) in &s.dropped {
                out += &format!("\ndropped {n} {reason}");
            }
            out
        }
        Err(e) => e.to_string().replace(&dir.path().display().to_string(), "FEED"),
    };
    assert_eq!(got.trim(), expect.trim(), "\n{got}");
}

#[test]
fn a_parent_station_missing_from_the_feed_leaves_the_stop_a_station_of_its_own() {
    let stops = "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n\
LDS1,Leeds platform 1,53.7951,-1.5481,0,LDS\n\
HUD,Huddersfield,53.6485,-1.7846,,GONE\n\
MAN,Manchester Piccadilly,53.4774,-2.2309,,\n";
    check(
        &feed(&[("stops.txt", stops), ("stop_times.txt", T1)]),
        "2020-03-20",
        "
T1 [R1]: LDS1^ 08:00:00, HUD 08:20:00-08:21:00, MANv 08:55:00
change LDS1=5 HUD=5 MAN=5
routes 1 lines 1 trips 1 stop times 3
dropped 2 parent_station references to missing stops (each stop kept as its own station)
dropped 1 trips not running on 2020-03-20",
    );
}

#[test]
fn platforms_are_stations_of_their_own_when_asked() {
    let transfers =
        "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nLDS1,LDS1,2,180\nLDS1,LDS2,2,120\n";
    let mut options = ImportSettings::new(Date::parse_iso("2020-03-20").unwrap());
    options.platforms = true;
    check_with(
        &feed(&[("transfers.txt", transfers)]),
        options,
        "
T1 [R1/1]: LDS1^ 08:00:00, HUD 08:20:00-08:21:00, MANv 08:55:00
T2 [R1/2]: LDS2^ 23:50:00, HUD 24:10:00-24:11:00, MANv 24:45:00
change LDS=5 LDS1=3 LDS2=5 HUD=5 MAN=5 MCV=5
walk LDS1->LDS2 120s
routes 1 lines 2 trips 2 stop times 6
dropped 1 trips not running on 2020-03-20",
    );
}

#[test]
fn imports_a_weekday() {
    check(
        &feed(&[]),
        "2020-03-20",
        "
T1 [R1]: LDS^ 08:00:00, HUD 08:20:00-08:21:00, MANv 08:55:00
T2 [R1]: LDS^ 23:50:00, HUD 24:10:00-24:11:00, MANv 24:45:00
change LDS=5 HUD=5 MAN=5 MCV=5
routes 1 lines 1 trips 2 stop times 6
dropped 1 trips not running on 2020-03-20",
    );
}

#[test]
fn calendar_dates_add_and_remove_service() {
    let dates = "service_id , date , exception_type\r\nWK,20200321,1\r\nSA,20200321,2\r\n";
    check(
        &feed(&[("calendar_dates.txt", dates)]),
        "2020-03-21",
        "
T1 [R1]: LDS^ 08:00:00, HUD 08:20:00-08:21:00, MANv 08:55:00
T2 [R1]: LDS^ 23:50:00, HUD 24:10:00-24:11:00, MANv 24:45:00
change LDS=5 HUD=5 MAN=5 MCV=5
routes 1 lines 1 trips 2 stop times 6
dropped 1 trips not running on 2020-03-21",
    );
    // calendar_dates.txt alone.
    check(
        &feed(&[
            ("calendar.txt", ""),
            ("calendar_dates.txt", "service_id,date,exception_type\nSA,20200322,1\n"),
        ]),
        "2020-03-22",
        "
T3 [R1]: LDS 09:00:00, HUD 09:20:00
change LDS=5 HUD=5 MAN=5 MCV=5
routes 1 lines 1 trips 1 stop times 2
dropped 2 trips not running on 2020-03-22",
    );
}

#[test]
fn interpolates_stops_without_times() {
    let stop_times = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
        T1,08:00:00,08:00:00,LDS,1\nT1,,,HUD,2\nT1,08:40:00,08:40:00,MAN,3\n\
        T2,08:00:00,08:00:00,LDS,1\nT2,,,HUD,2\nT2,08:40:00,08:40:00,MAN,3\n";
    // T2's distances come from shape_dist_traveled: HUD is 3/4 of the way.
    let with_shape = "trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled\n\
        T2,08:00:00,08:00:00,LDS,1,0\nT2,,,HUD,2,30\nT2,08:40:00,08:40:00,MAN,3,40\n";
    check(
        &feed(&[
            ("stop_times.txt", stop_times),
            ("trips.txt", "route_id,service_id,trip_id\nR1,WK,T1\nR1,SA,T2\n"),
        ]),
        "2020-03-20",
        "
T1 [R1]: LDS 08:00:00, HUD 08:15:39, MAN 08:40:00
change LDS=5 HUD=5 MAN=5 MCV=5
routes 1 lines 1 trips 1 stop times 3
dropped 1 trips not running on 2020-03-20",
    );
    check(
        &feed(&[("stop_times.txt", with_shape), ("trips.txt", "route_id,service_id,trip_id\nR1,WK,T2\n")]),
        "2020-03-20",
        "
T2 [R1]: LDS 08:00:00, HUD 08:30:00, MAN 08:40:00
change LDS=5 HUD=5 MAN=5 MCV=5
routes 1 lines 1 trips 1 stop times 3",
    );
}

#[test]
fn expands_frequencies() {
    let freq = "trip_id,start_time,end_time,headway_secs,exact_times\n\
        T1,07:00:00,08:00:00,1200,1\nT1,10:00:00,10:30:00,600,0\n";
    check(
        &feed(&[
            ("frequencies.txt", freq),
            ("trips.txt", "route_id,service_id,trip_id\nR1,WK,T1\n"),
            ("stop_times.txt", T1),
        ]),
        "2020-03-20",
        "
T1@07:00:00 [R1]: LDS^ 07:00:00, HUD 07:20:00-07:21:00, MANv 07:55:00
T1@07:20:00 [R1]: LDS^ 07:20:00, HUD 07:40:00-07:41:00, MANv 08:15:00
T1@07:40:00 [R1]: LDS^ 07:40:00, HUD 08:00:00-08:01:00, MANv 08:35:00
T1@10:05:00 [R1]: LDS^ 10:05:00, HUD 10:25:00-10:26:00, MANv 11:00:00
T1@10:15:00 [R1]: LDS^ 10:15:00, HUD 10:35:00-10:36:00, MANv 11:10:00
T1@10:25:00 [R1]: LDS^ 10:25:00, HUD 10:45:00-10:46:00, MANv 11:20:00
change LDS=5 HUD=5 MAN=5 MCV=5
routes 1 lines 1 trips 6 stop times 18",
    );
}

#[test]
fn transfers_give_change_times_and_walks() {
    let transfers = "from_stop_id,to_stop_id,transfer_type,min_transfer_time,from_trip_id\n\
        LDS1,LDS1,2,420,\n\
        LDS1,LDS2,2,540,\n\
        HUD,HUD,2,180,\n\
        MAN,MCV,2,900,\n\
        MCV,MAN,2,1000,\n\
        MCV,MAN,2,960,\n\
        MAN,HUD,0,,\n\
        HUD,MAN,3,,\n\
        LDS1,HUD,2,600,T1\n\
        LDS,HUD,2,600,\n\
        HUD,LDS,3,,\n";
    check(
        &feed(&[
            ("transfers.txt", transfers),
            ("trips.txt", "route_id,service_id,trip_id\nR1,WK,T1\n"),
            ("stop_times.txt", T1),
        ]),
        "2020-03-20",
        "
T1 [R1]: LDS^ 08:00:00, HUD 08:20:00-08:21:00, MANv 08:55:00
change LDS=9 HUD=3 MAN=5 MCV=5
walk LDS->HUD 600s
walk MAN->HUD 31574s
walk MAN->MCV 900s
walk MCV->MAN 960s
routes 1 lines 1 trips 1 stop times 3
dropped 1 route- or trip-specific transfers",
    );
}

#[test]
fn default_change_time_applies_where_none_is_stated() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in
        feed(&[("transfers.txt", "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nHUD,HUD,2,60\n")])
    {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let mut options = ImportSettings::new(Date::parse_iso("2020-03-20").unwrap());
    options.default_change_secs = 120;
    let net = import(dir.path(), &options).unwrap().network;
    let changes: Vec<u32> = net.stations().iter().map(|s| s.min_change).collect();
    assert_eq!(changes, [120, 60, 120, 120]);
}

#[test]
fn reports_file_line_and_field() {
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("stops.txt", "")], "FEED: missing required file stops.txt"),
        (
            &[("calendar.txt", "")],
            "FEED: missing required file calendar.txt or calendar_dates.txt (one at least)",
        ),
        (&[("trips.txt", "route_id,trip_id\nR1,T1\n")], "FEED/trips.txt: line 1: missing column service_id"),
        (
            &[(
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00,08:00,LDS,1\nT1,25:7x,25:7x,HUD,2\n",
            )],
            "FEED/stop_times.txt: line 3: trip \"T1\", field arrival_time: time \"25:7x\" is not of the form HH:MM or HH:MM:SS",
        ),
        (
            &[(
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00,08:00,NOWHERE,1\n",
            )],
            "FEED/stop_times.txt: line 2: trip \"T1\", field stop_id: unknown stop \"NOWHERE\"",
        ),
        (
            &[(
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT9,08:00,08:00,LDS,1\n",
            )],
            "FEED/stop_times.txt: line 2: field trip_id: unknown trip \"T9\"",
        ),
        (
            &[(
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00,08:00,LDS,1\nT1,07:50,07:50,HUD,2\n",
            )],
            "FEED/stop_times.txt: line 3: field arrival_time: trip \"T1\" arrives at 07:50:00, before it left the stop before at 08:00:00",
        ),
        (
            &[(
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00,08:00,LDS,1\nT1,,,HUD,2\n",
            )],
            "FEED/stop_times.txt: line 3: field arrival_time: the last stop of trip \"T1\" has no time",
        ),
        (
            &[(
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type\nT1,08:00,08:00,LDS,1,7\n",
            )],
            "FEED/stop_times.txt: line 2: trip \"T1\", field pickup_type: \"7\" is not 0, 1, 2 or 3",
        ),
        (
            &[("stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nA,A,north,1\n")],
            "FEED/stops.txt: line 2: stop \"A\", field stop_lat: \"north\" is not a number",
        ),
        (
            &[("trips.txt", "route_id,service_id,trip_id\nR9,WK,T1\n")],
            "FEED/trips.txt: line 2: trip \"T1\", field route_id: unknown route \"R9\"",
        ),
        (
            &[("trips.txt", "route_id,service_id,trip_id\nR1,WK,T1\nR1,WK,T1\n")],
            "FEED/trips.txt: line 3: field trip_id: duplicate trip \"T1\"",
        ),
        (
            &[(
                "calendar.txt",
                "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,0,0,2020-01-01,20201231\n",
            )],
            "FEED/calendar.txt: line 2: service \"WK\", field start_date: \"2020-01-01\" is not a date YYYYMMDD",
        ),
        (
            &[("frequencies.txt", "trip_id,start_time,end_time,headway_secs\nT1,07:00,08:00,0\n")],
            "FEED/frequencies.txt: line 2: trip \"T1\", field headway_secs: must be a positive number of seconds",
        ),
        (
            &[(
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00,08:00,LDS,1\nT1,08:10,08:10,HUD,1\n",
            )],
            "FEED/stop_times.txt: line 3: field stop_sequence: trip \"T1\" has stop_sequence 1 twice",
        ),
        (
            &[(
                "calendar.txt",
                "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,0,0,20201231,20200101\n",
            )],
            "FEED/calendar.txt: line 2: service \"WK\", field end_date: 2020-01-01 is before start_date 2020-12-31",
        ),
        (
            &[(
                "frequencies.txt",
                "trip_id,start_time,end_time,headway_secs\nT1,07:00,09:00,600\nT1,09:00,10:00,600\nT1,08:30,08:40,300\n",
            )],
            "FEED/frequencies.txt: line 4: trip \"T1\": its interval 08:30:00–08:40:00 overlaps 07:00:00–09:00:00 on line 2, which would run the trip twice",
        ),
        (
            &[(
                "transfers.txt",
                "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nHUD,MAN,2,4294967295\n",
            )],
            "FEED/transfers.txt: line 2: stop \"HUD\", field min_transfer_time: 4294967295 seconds is longer than 72 hours, the longest a change or walk may take",
        ),
    ];
    for (files, expect) in cases {
        check(&feed(files), "2020-03-20", expect);
    }
}

#[test]
fn times_written_back_day_after_day_stop_at_72_hours() {
    // Each time more than twelve hours before the one before is read a day
    // later: 13:00, 24:00, 37:00, 48:00, 61:00, 72:00, 85:00. The trip is
    // refused at the first call past 72:00, before its times can overflow.
    let mut stop_times = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    for k in 0..5_000 {
        let (t, stop) = if k % 2 == 0 { ("13:00:00", "LDS1") } else { ("00:00:00", "HUD") };
        stop_times += &format!("T1,{t},{t},{stop},{}\n", k + 1);
    }
    check(
        &feed(&[("stop_times.txt", &stop_times)]),
        "2020-03-20",
        "FEED/stop_times.txt: line 8: field arrival_time: trip \"T1\" runs past 72:00:00",
    );
}

/// Two trips with the same stops and times, each run every second for two
/// days by frequencies.txt, make one pattern of 345,600 trips a day: more
/// than a line may run, refused in one line (not a panic).
#[test]
fn a_pattern_over_the_trip_limit_is_refused() {
    let trips = "route_id,service_id,trip_id\nR1,WK,T1\nR1,WK,T2\n";
    let stop_times = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
T1,08:00:00,08:00:00,LDS1,1\nT1,08:20:00,08:20:00,HUD,2\n\
T2,08:00:00,08:00:00,LDS1,1\nT2,08:20:00,08:20:00,HUD,2\n";
    let freq = "trip_id,start_time,end_time,headway_secs,exact_times\nT1,00:00:00,48:00:00,1,1\nT2,00:00:00,48:00:00,1,1\n";
    check(
        &feed(&[("trips.txt", trips), ("stop_times.txt", stop_times), ("frequencies.txt", freq)]),
        "2020-03-20",
        "FEED: route \"R1\", trip \"T1@00:00:00\": 345,600 trips a day run the same stations at the same relative times, more than the limit of 300,000",
    );
}

/// A trip of 100 calls run every second for 60 hours by frequencies.txt
/// makes 21,600,000 stop times: past the limit of 20,000,000, refused in
/// one line from the count, before any of its trips is made.
#[test]
fn frequencies_past_the_stop_time_limit_are_refused_before_building() {
    let mut stop_times = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    for k in 0..100 {
        let t = format!("{:02}:{:02}:00", 8 + k / 60, k % 60);
        let stop = if k % 2 == 0 { "LDS1" } else { "HUD" };
        stop_times += &format!("T1,{t},{t},{stop},{}\n", k + 1);
    }
    let freq = "trip_id,start_time,end_time,headway_secs,exact_times\nT1,00:00:00,60:00:00,1,1\n";
    check(
        &feed(&[("stop_times.txt", &stop_times), ("frequencies.txt", freq)]),
        "2020-03-20",
        "FEED/stop_times.txt: line 2: field trip_id: trip \"T1\" repeated by frequencies.txt brings the date past 20,000,000 stop times, the limit",
    );
}

/// A value as long as the file makes a message of one short line: values
/// are quoted with a long middle elided.
#[test]
fn huge_values_make_short_messages() {
    let huge = "Q".repeat(1 << 20);
    let header = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
    let cases = [
        format!("{header}T1,08:00,08:00,{huge},1\n"),
        format!("{header}{huge},08:00,08:00,LDS,1\n"),
        format!("{header}T1,{huge},08:00,LDS,1\n"),
        format!("{header}T1,08:00,08:00,LDS,{huge}\n"),
    ];
    for text in &cases {
        let dir = tempfile::tempdir().unwrap();
        for (name, t) in feed(&[("stop_times.txt", text)]) {
            std::fs::write(dir.path().join(name), t).unwrap();
        }
        let options = ImportSettings::new(Date::parse_iso("2020-03-20").unwrap());
        let Err(e) = import(dir.path(), &options) else { panic!("accepted") };
        let e = e.to_string();
        let e = e.replace(&dir.path().display().to_string(), "FEED");
        assert!(e.len() < 400 && e.contains("QQQ…QQQ"), "{} characters: {}", e.len(), crate::elide(&e, 400));
    }
}
