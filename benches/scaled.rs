//! A timetable `k` times another: `k` copies of every station, trip and
//! stop time, copy `c` running `c × 7` minutes later, each station joined
//! to its twin in the next copy by a 5-minute walk both ways, so that a
//! query from one station reaches every copy and its cost grows with `k`.

use railshed_core::{Footpath, StationIdx, StopTime, Time, Timetable, Trip};

/// `tt` scaled `k` times (see the module docs).
pub fn scaled(tt: &Timetable, k: usize) -> Timetable {
    let n = tt.stations.len() as u32;
    let mut out = Timetable { lines: tt.lines.clone(), ..Timetable::default() };
    for c in 0..k as u32 {
        let shift = c * 7 * 60;
        let at = |s: StationIdx| StationIdx(s.0 + c * n);
        out.stations.extend(tt.stations.iter().map(|s| {
            let mut s = s.clone();
            s.id = format!("{}~{c}", s.id);
            s
        }));
        for trip in &tt.trips {
            let first = out.stop_times.len() as u32;
            let range = trip.first as usize..(trip.first + trip.len) as usize;
            out.stop_times.extend(tt.stop_times[range].iter().map(|st| StopTime {
                station: at(st.station),
                arr: Time((st.arr.0 + shift).min(Time::MAX_SERVICE.0)),
                dep: Time((st.dep.0 + shift).min(Time::MAX_SERVICE.0)),
                ..*st
            }));
            out.trips.push(Trip { line: trip.line, id: format!("{}~{c}", trip.id), first, len: trip.len });
        }
        out.footpaths.extend(tt.footpaths.iter().map(|f| Footpath {
            from: at(f.from),
            to: at(f.to),
            secs: f.secs,
        }));
        if c + 1 < k as u32 {
            for s in 0..n {
                let (a, b) = (StationIdx(s + c * n), StationIdx(s + (c + 1) * n));
                out.footpaths.push(Footpath { from: a, to: b, secs: 300 });
                out.footpaths.push(Footpath { from: b, to: a, secs: 300 });
            }
        }
    }
    out.footpaths.sort_by_key(|f| (f.from, f.to));
    out.check().expect("a valid timetable");
    out
}
