//! RDG CIF timetables (the "CIF End User Specification", RSPS5046): import
//! an archive (`.mca` schedules, `.msn` stations, `.flf`/`.alf` links) for
//! one service date.
//!
//! - Schedules: `BS` (UID, dates, days run, train status and category, STP
//!   indicator), `BX` (operator), `LO`/`LI`/`LT` (calls); `TI` gives CRS
//!   codes of TIPLOCs the station file lacks; other records are skipped.
//!   Every record must be 80 characters long. Only full extracts
//!   (header update indicator `F`, transaction type `N`) are read.
//! - Short-term planning: of the schedules of one train UID that run on the
//!   date (date range and days-run bitmap), a cancellation `C` beats a new
//!   STP schedule `N`, which beats an overlay `O`, which beats the permanent
//!   schedule `P`. Bank-holiday running flags and change-en-route (`CR`)
//!   records are not applied.
//! - Passenger trains only: train status `P`/`1` with a passenger category
//!   (`OO`, `OW`, `OL`, `XC`, `XD`, `XI`, `XR`, `XX`, `XZ`); buses, ships,
//!   freight and everything else are counted by reason and left out.
//! - Calls: locations whose activities include `T`, `TB`, `TF`, `D`
//!   (set down only), `U` (pick up only) or `R` (request); passing points and
//!   operational stops are not calls. Public times where the schedule gives
//!   them, otherwise working times (a half minute `H` is kept as 30 s). A
//!   public time of `0000` means "none" unless the working time is within
//!   two minutes of midnight. Times after midnight run past 24:00.
//! - Stations: TIPLOCs grouped by CRS code (station id), with the name,
//!   position and local authority of the embedded GB station table when it
//!   knows the CRS, otherwise the station file's name; the position from the
//!   station file's Ordnance Survey grid reference converted to WGS84, the
//!   minimum change time and interchange status from the station file.
//!   Only stations with calls on the date are kept. Every station in the
//!   file states its minimum change time, so `--default-change-time` does
//!   not apply to CIF.
//! - Walks: `WALK` links of the fixed links file and of the additional links
//!   file valid on the date (date range and days; a walk listed only for
//!   some hours is kept all day: walking is always possible), both ways; an
//!   additional link replaces the fixed link between the same stations.
//!
//! Trip ids are train UIDs, with `_2`, `_3` ... when one UID runs twice.
//! Routes are operator, origin and destination (`TP:LDS-MCV`).

mod msn;
mod osgb;

use std::collections::{BTreeMap, HashMap};

use railshed_core::limits::{MAX_CALLS_PER_LINE, thousands};
use railshed_core::{Interchange, Network, Station, StationIdx, StopTime, Time, Walk};

use crate::archive::{Archive, display};
use crate::stations::StationTable;
use crate::timetable::{Format, ImportSettings, Route, Summary, TripIn, build};
use crate::{Date, Error};
use msn::{LinkCounts, Msn, WalkLink};

/// Length of every CIF record.
const RECORD_LEN: usize = 80;

pub(crate) fn import(archive: &mut Archive, options: &ImportSettings) -> Result<(Network, Summary), Error> {
    let date = options.date;
    if options.platforms {
        return Err(Error::invalid(
            display(&archive.path),
            "",
            "",
            "is a CIF archive: its stations are TIPLOCs grouped by CRS, so stops cannot be kept apart as platforms",
        ));
    }
    let missing =
        |what: &str| Error::invalid(display(&archive.path), "", "", format!("missing required file {what}"));
    let mca = match archive.find_suffix(".mca")? {
        Some(f) => f,
        None => archive.find_suffix(".cif")?.ok_or_else(|| missing("*.mca"))?,
    };
    let msn_name = archive.find_suffix(".msn")?.ok_or_else(|| missing("*.msn"))?;
    let msn_label = archive.label(&msn_name);
    let msn = Msn::parse(&msn_label, &archive.read(&msn_name)?)?;
    let mut link_counts = LinkCounts::default();
    let mut walks: Vec<WalkLink> = Vec::new();
    if let Some(f) = archive.find_suffix(".flf")? {
        walks = msn::parse_flf(&archive.label(&f), &archive.read(&f)?, &mut link_counts)?;
    }
    if let Some(f) = archive.find_suffix(".alf")? {
        let extra = msn::parse_alf(&archive.label(&f), &archive.read(&f)?, date, &mut link_counts)?;
        // An additional link replaces the fixed one between the same stations.
        let key =
            |w: &WalkLink| if w.a <= w.b { (w.a.clone(), w.b.clone()) } else { (w.b.clone(), w.a.clone()) };
        let mut best: BTreeMap<(String, String), u32> = BTreeMap::new();
        for w in &extra {
            let e = best.entry(key(w)).or_insert(w.minutes);
            *e = (*e).min(w.minutes);
        }
        walks.retain(|w| !best.contains_key(&key(w)));
        walks.extend(best.into_iter().map(|((a, b), minutes)| WalkLink { a, b, minutes }));
    }

    let mca_label = archive.label(&mca);
    let mut summary = Summary::new(Format::Cif, date);
    // The schedules are parsed as they are read: memory grows with the
    // schedules kept for the date, not with the file.
    let parsed = parse_schedules(&mca_label, std::io::BufReader::new(archive.stream(&mca)?), date)?;
    summary.drop(&format!("schedules not running on {date}"), parsed.not_on_date);
    summary.drop(
        "links by modes other than walking (metro, tube, bus, ferry, transfer)",
        link_counts.other_modes,
    );
    summary.drop(&format!("additional walking links not valid on {date}"), link_counts.not_on_date);

    let chosen = resolve(parsed.schedules, &mut summary);
    let mut builder = StationBuilder::new(&msn, &parsed.tiploc_crs);
    let mut routes: Vec<Route> = Vec::new();
    let mut route_idx: HashMap<String, usize> = HashMap::new();
    let mut trips: Vec<TripIn> = Vec::new();
    let mut uid_count: HashMap<String, usize> = HashMap::new();
    for s in chosen {
        if let Some(reason) = s.drop_reason() {
            summary.drop(&reason, 1);
            continue;
        }
        let mut calls: Vec<StopTime> = Vec::with_capacity(s.calls.len());
        for c in &s.calls {
            let Some(station) = builder.station(&c.tiploc) else {
                summary.drop("calls at TIPLOCs with no station in the station file", 1);
                continue;
            };
            match calls.last_mut() {
                // Two TIPLOCs of one station in a row: one call.
                Some(last) if last.station == station => {
                    last.dep = c.dep;
                    last.pickup |= c.pickup;
                    last.dropoff |= c.dropoff;
                }
                _ => calls.push(StopTime {
                    station,
                    arr: c.arr,
                    dep: c.dep,
                    pickup: c.pickup,
                    dropoff: c.dropoff,
                }),
            }
        }
        if calls.len() < 2 {
            summary.drop("passenger trains with fewer than two public calls", 1);
            continue;
        }
        let atoc = if s.atoc.is_empty() { "ZZ" } else { s.atoc.as_str() };
        let (first, last) = (calls[0].station, calls[calls.len() - 1].station);
        let route_id = format!("{atoc}:{}-{}", builder.net.station(first).id, builder.net.station(last).id);
        let route = *route_idx.entry(route_id.clone()).or_insert_with(|| {
            routes.push(Route {
                id: route_id,
                name: format!("{} – {}", builder.net.station(first).name, builder.net.station(last).name),
                operator: operator_name(atoc),
            });
            routes.len() - 1
        });
        let n = uid_count.entry(s.uid.clone()).or_default();
        *n += 1;
        let id = if *n == 1 { s.uid.clone() } else { format!("{}_{n}", s.uid) };
        trips.push(TripIn { route, id, calls });
    }

    let mut net = builder.net;
    summary.change_times = builder.stated;
    for w in &walks {
        let (Some(a), Some(b)) = (net.station_by_id(&w.a), net.station_by_id(&w.b)) else { continue };
        if a != b {
            for (from, to) in [(a, b), (b, a)] {
                net.add_walk(Walk { from, to, secs: w.minutes * 60 }).expect("stations differ");
            }
        }
    }
    net.name = format!("CIF {} on {date}", display(&archive.path));
    let source = format!("CIF {}", display(&archive.path));
    let file = display(&archive.path);
    let network = build(net, &routes, trips, (&file, &source), &mut summary)?;
    Ok((network, summary))
}

// ---------------------------------------------------------------------------
// Schedules.

/// A public call of a schedule, times absolute from the service day start.
#[derive(Clone, Debug)]
struct CallIn {
    tiploc: String,
    arr: Time,
    dep: Time,
    pickup: bool,
    dropoff: bool,
}

/// A schedule that runs on the date.
#[derive(Clone, Debug)]
struct Schedule {
    uid: String,
    stp: u8,
    status: u8,
    category: [u8; 2],
    atoc: String,
    calls: Vec<CallIn>,
}

impl Schedule {
    /// Why the schedule is not a passenger train, if it is not.
    fn drop_reason(&self) -> Option<String> {
        let cat = &self.category;
        Some(match (self.status, cat) {
            (b'B' | b'5', _) | (_, b"BR" | b"BS") => "buses (train status B/5 or category BR/BS)".to_owned(),
            (b'S' | b'4', _) | (_, b"SS") => "ships (train status S/4 or category SS)".to_owned(),
            (b'F' | b'2' | b'T' | b'3', _) => "freight and trip trains (train status F/2/T/3)".to_owned(),
            (b'P' | b'1', b"OO" | b"OW" | b"OL" | b"XC" | b"XD" | b"XI" | b"XR" | b"XX" | b"XZ") => {
                return None;
            }
            (b'P' | b'1', _) => format!(
                "trains of a category carrying no advertised passengers ({})",
                String::from_utf8_lossy(cat).trim()
            ),
            _ => format!("trains of unknown status {:?}", self.status as char),
        })
    }
}

struct Parsed {
    /// Schedules that run on the date, in file order.
    schedules: Vec<Schedule>,
    not_on_date: usize,
    /// CRS codes of TIPLOCs from `TI` records.
    tiploc_crs: HashMap<String, String>,
}

fn parse_schedules(file: &str, mut data: impl std::io::BufRead, date: Date) -> Result<Parsed, Error> {
    let mut parsed = Parsed { schedules: Vec::new(), not_on_date: 0, tiploc_crs: HashMap::new() };
    // The schedule whose records are being read, if it runs on the date.
    let mut current: Option<usize> = None;
    let mut clock = Clock::default();
    let mut seen_header = false;
    let mut shape = Shape::default();
    // Records one at a time, numbered from 1, without their line ends (as
    // `msn::lines` splits a file read whole).
    let mut record = Vec::with_capacity(RECORD_LEN + 2);
    let mut n = 0;
    loop {
        record.clear();
        if data.read_until(b'\n', &mut record).map_err(|e| crate::archive::stream_error(file, e))? == 0 {
            break;
        }
        n += 1;
        let line = record.strip_suffix(b"\n").unwrap_or(&record);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let bad = |message: String| Error::invalid(file, format!("line {n}"), "", message);
        if line.len() != RECORD_LEN {
            return Err(bad(format!("record is {} characters long, not {RECORD_LEN}", line.len())));
        }
        let field = |from: usize, to: usize| &line[from - 1..to];
        match field(1, 2) {
            b"HD" => {
                if field(47, 47) != b"F" {
                    return Err(bad(format!(
                        "is an update extract (update indicator {:?}); railshed reads full extracts (F)",
                        String::from_utf8_lossy(field(47, 47))
                    )));
                }
                let (start, end) = (Date::parse_ddmmyy(field(49, 54)), Date::parse_ddmmyy(field(55, 60)));
                if let (Some(start), Some(end)) = (start, end)
                    && !(start <= date && date <= end)
                {
                    return Err(bad(format!("the timetable covers {start} to {end}, not {date}")));
                }
                seen_header = true;
            }
            _ if !seen_header => return Err(bad("the first record is not a header (HD)".into())),
            b"TI" => {
                let crs = String::from_utf8_lossy(field(54, 56)).trim().to_owned();
                if !crs.is_empty() {
                    parsed.tiploc_crs.insert(String::from_utf8_lossy(field(3, 9)).trim().to_owned(), crs);
                }
            }
            b"BS" => {
                current = None;
                shape.end(file)?;
                let uid = String::from_utf8_lossy(field(4, 9)).trim().to_owned();
                shape = Shape { open: Some((n, uid.clone())), origin: false, end: false };
                let object = format!("train {uid:?}");
                let bad =
                    |message: String| Error::invalid(file, format!("line {n}"), object.clone(), message);
                if field(3, 3) != b"N" {
                    return Err(bad(format!(
                        "transaction type {:?} in a full extract (expected N)",
                        String::from_utf8_lossy(field(3, 3))
                    )));
                }
                let stp = field(80, 80)[0];
                if !matches!(stp, b'C' | b'N' | b'O' | b'P') {
                    return Err(bad(format!(
                        "unknown STP indicator {:?} (expected C, N, O or P)",
                        stp as char
                    )));
                }
                let from = Date::parse_yymmdd(field(10, 15)).ok_or_else(|| {
                    bad(format!("date runs from {:?} is not YYMMDD", String::from_utf8_lossy(field(10, 15))))
                })?;
                let to = if field(16, 21) == b"      " {
                    from
                } else {
                    Date::parse_yymmdd(field(16, 21)).ok_or_else(|| {
                        bad(format!(
                            "date runs to {:?} is not YYMMDD",
                            String::from_utf8_lossy(field(16, 21))
                        ))
                    })?
                };
                if to < from {
                    return Err(bad(format!("date runs to {to} is before date runs from {from}")));
                }
                let days = field(22, 28);
                if !days.iter().all(|&d| d == b'0' || d == b'1') {
                    return Err(bad(format!(
                        "days run {:?} is not seven days of 0 or 1",
                        String::from_utf8_lossy(days)
                    )));
                }
                if from <= date && date <= to && days[date.weekday()] == b'1' {
                    parsed.schedules.push(Schedule {
                        uid,
                        stp,
                        status: field(30, 30)[0],
                        category: [line[30], line[31]],
                        atoc: String::new(),
                        calls: Vec::new(),
                    });
                    current = Some(parsed.schedules.len() - 1);
                    clock = Clock::default();
                } else {
                    parsed.not_on_date += 1;
                }
            }
            b"BX" => {
                if let Some(i) = current {
                    parsed.schedules[i].atoc = String::from_utf8_lossy(field(12, 13)).trim().to_owned();
                }
            }
            kind @ (b"LO" | b"LI" | b"LT") => {
                shape.location(file, n, kind, field(3, 9))?;
                let Some(i) = current else { continue };
                let s = &mut parsed.schedules[i];
                let tiploc = String::from_utf8_lossy(field(3, 9)).trim().to_owned();
                let object = format!("train {:?} at {tiploc:?}", s.uid);
                let bad =
                    |message: String| Error::invalid(file, format!("line {n}"), object.clone(), message);
                let working = |from: usize| -> Result<Option<u32>, Error> {
                    working_time(field(from, from + 4)).map_err(|()| {
                        bad(format!(
                            "time {:?} is not HHMM or HHMMH",
                            String::from_utf8_lossy(field(from, from + 4))
                        ))
                    })
                };
                let public = |from: usize, work: Option<u32>| -> Result<Option<u32>, Error> {
                    public_time(field(from, from + 3), work).map_err(|()| {
                        bad(format!("time {:?} is not HHMM", String::from_utf8_lossy(field(from, from + 3))))
                    })
                };
                let (arr, dep, activity) = match kind {
                    b"LO" => {
                        let w = working(11)?;
                        let p = public(16, w)?;
                        let t = p.or(w);
                        (t, t, field(30, 41))
                    }
                    b"LT" => {
                        let w = working(11)?;
                        let p = public(16, w)?;
                        let t = p.or(w);
                        (t, t, field(26, 37))
                    }
                    _ => {
                        let (wa, wd) = (working(11)?, working(16)?);
                        if working(21)?.is_some() && wa.is_none() && wd.is_none() {
                            continue; // A passing point.
                        }
                        let (pa, pd) = (public(26, wa)?, public(30, wd)?);
                        if pa.is_some() || pd.is_some() {
                            (pa.or(pd), pd.or(pa), field(43, 54))
                        } else {
                            (wa.or(wd), wd.or(wa), field(43, 54))
                        }
                    }
                };
                let (pickup, dropoff) = activities(activity);
                if !(pickup || dropoff) {
                    continue;
                }
                let (Some(arr), Some(dep)) = (arr, dep) else {
                    return Err(bad("a passenger call has no time".into()));
                };
                let arr = clock.absolute(arr);
                let dep = clock.absolute(dep);
                if dep > Time::MAX_SERVICE {
                    return Err(bad(format!("runs past 72:00:00 (this call is at {dep})")));
                }
                if s.calls.len() == MAX_CALLS_PER_LINE {
                    return Err(bad(format!(
                        "has more than {} calls, the limit",
                        thousands(MAX_CALLS_PER_LINE)
                    )));
                }
                s.calls.push(CallIn { tiploc, arr, dep, pickup, dropoff });
            }
            b"ZZ" => {
                shape.end(file)?;
                break;
            }
            b"AA" | b"CR" | b"TA" | b"TD" => {}
            other => {
                return Err(bad(format!("unknown record type {:?}", String::from_utf8_lossy(other))));
            }
        }
    }
    shape.end(file)?;
    Ok(parsed)
}

/// The structure of the schedule being read: one `LO` (origin), then `LI`s
/// (intermediate points), then one `LT` (terminus). A schedule with no
/// locations (a cancellation) is fine; any other shape would silently
/// give a wrong train, so it is refused.
#[derive(Default)]
struct Shape {
    /// The `BS` line and train UID of the open schedule.
    open: Option<(usize, String)>,
    origin: bool,
    end: bool,
}

impl Shape {
    /// Checks a location record `kind` at line `n`.
    fn location(&mut self, file: &str, n: usize, kind: &[u8], tiploc: &[u8]) -> Result<(), Error> {
        let tiploc = String::from_utf8_lossy(tiploc).trim().to_owned();
        let kind_s = String::from_utf8_lossy(kind);
        let Some((_, uid)) = &self.open else {
            return Err(Error::invalid(
                file,
                format!("line {n}"),
                format!("at {tiploc:?}"),
                format!("{kind_s} record outside a schedule (no BS before it)"),
            ));
        };
        let bad =
            |m: &str| Error::invalid(file, format!("line {n}"), format!("train {uid:?} at {tiploc:?}"), m);
        match kind {
            b"LO" if self.origin => return Err(bad("a second origin (LO) in one schedule")),
            b"LO" => self.origin = true,
            _ if !self.origin => return Err(bad(&format!("{kind_s} before the origin (LO)"))),
            _ if self.end => return Err(bad(&format!("{kind_s} after the terminus (LT)"))),
            b"LT" => self.end = true,
            _ => {}
        }
        Ok(())
    }

    /// Checks the open schedule is complete, at its end.
    fn end(&mut self, file: &str) -> Result<(), Error> {
        if let Some((n, uid)) = self.open.take()
            && self.origin
            && !self.end
        {
            return Err(Error::invalid(
                file,
                format!("line {n}"),
                format!("train {uid:?}"),
                "has an origin (LO) but no terminus (LT)",
            ));
        }
        Ok(())
    }
}

/// Turns times of day into times of the service day, running past 24:00
/// after midnight and never going back.
#[derive(Default)]
struct Clock {
    day: u32,
    last: u32,
}

impl Clock {
    fn absolute(&mut self, time_of_day: u32) -> Time {
        let mut t = self.day + time_of_day;
        // Back by more than six hours: the train ran past midnight.
        if t + 6 * 3600 < self.last {
            self.day += 24 * 3600;
            t += 24 * 3600;
        }
        // Public times are rounded to the minute and may fall a little
        // before the working time of the call before.
        t = t.max(self.last);
        self.last = t;
        Time(t)
    }
}

/// A working time `HHMM` plus ` ` or `H` (half minute), in seconds; `None` when blank.
fn working_time(b: &[u8]) -> Result<Option<u32>, ()> {
    if b.iter().all(|&c| c == b' ') {
        return Ok(None);
    }
    let half = match b[4] {
        b' ' => 0,
        b'H' => 30,
        _ => return Err(()),
    };
    hhmm(&b[..4]).map(|t| Some(t + half))
}

/// A public time `HHMM`; `0000` is "none" unless `working` is within two
/// minutes of midnight.
fn public_time(b: &[u8], working: Option<u32>) -> Result<Option<u32>, ()> {
    if b.iter().all(|&c| c == b' ') {
        return Ok(None);
    }
    let t = hhmm(b)?;
    let near_midnight = working.is_some_and(|w| !(120..=86_400 - 120).contains(&w));
    Ok(if t == 0 && !near_midnight { None } else { Some(t) })
}

fn hhmm(b: &[u8]) -> Result<u32, ()> {
    if !b.iter().all(u8::is_ascii_digit) {
        return Err(());
    }
    let d = |i: usize| u32::from(b[i] - b'0');
    let (h, m) = (d(0) * 10 + d(1), d(2) * 10 + d(3));
    if h > 23 || m > 59 {
        return Err(());
    }
    Ok(h * 3600 + m * 60)
}

/// Whether passengers may board and alight, from the activity codes.
fn activities(field: &[u8]) -> (bool, bool) {
    let (mut pickup, mut dropoff) = (false, false);
    for code in field.chunks(2) {
        match code {
            b"T " | b"R " => (pickup, dropoff) = (true, true),
            b"TB" | b"U " => pickup = true,
            b"TF" | b"D " => dropoff = true,
            _ => {}
        }
    }
    (pickup, dropoff)
}

/// Resolves short-term planning: per train UID, the schedules of the
/// highest precedence (C, then N, then O, then P) that run on the date.
fn resolve(schedules: Vec<Schedule>, summary: &mut Summary) -> Vec<Schedule> {
    let rank = |stp: u8| match stp {
        b'C' => 0,
        b'N' => 1,
        b'O' => 2,
        _ => 3,
    };
    let mut by_uid: HashMap<String, u8> = HashMap::new();
    for s in &schedules {
        let r = by_uid.entry(s.uid.clone()).or_insert(u8::MAX);
        *r = (*r).min(rank(s.stp));
    }
    let date = summary.date;
    let mut out = Vec::new();
    for s in schedules {
        let best = by_uid[&s.uid];
        if rank(s.stp) != best {
            summary.drop(&format!("schedules replaced on {date} by a short-term plan (STP O, N or C)"), 1);
        } else if s.stp == b'C' {
            summary.drop(&format!("trains cancelled on {date} (STP C)"), 1);
        } else {
            out.push(s);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Stations.

/// Creates stations by CRS as calls need them.
struct StationBuilder<'a> {
    net: Network,
    msn: &'a Msn,
    tiploc_crs: &'a HashMap<String, String>,
    /// Every TIPLOC of each CRS, the principal (non-subsidiary) one first.
    crs_tiplocs: HashMap<&'a str, Vec<usize>>,
    by_tiploc: HashMap<String, Option<StationIdx>>,
    stated: usize,
    osgb: osgb::Osgb,
}

impl<'a> StationBuilder<'a> {
    fn new(msn: &'a Msn, tiploc_crs: &'a HashMap<String, String>) -> StationBuilder<'a> {
        let mut crs_tiplocs: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, s) in msn.stations.iter().enumerate() {
            if !s.crs.is_empty() {
                crs_tiplocs.entry(s.crs.as_str()).or_default().push(i);
            }
        }
        for v in crs_tiplocs.values_mut() {
            v.sort_by_key(|&i| (msn.stations[i].interchange == 9, i));
        }
        StationBuilder {
            net: Network::new(""),
            msn,
            tiploc_crs,
            crs_tiplocs,
            by_tiploc: HashMap::new(),
            stated: 0,
            osgb: osgb::Osgb::new(),
        }
    }

    /// The station of a TIPLOC, created on first use; `None` if the station
    /// file does not know it.
    fn station(&mut self, tiploc: &str) -> Option<StationIdx> {
        if let Some(&s) = self.by_tiploc.get(tiploc) {
            return s;
        }
        let crs = match self.msn.by_tiploc.get(tiploc) {
            Some(&i) if !self.msn.stations[i].crs.is_empty() => Some(self.msn.stations[i].crs.clone()),
            _ => self.tiploc_crs.get(tiploc).cloned(),
        };
        let station = crs.and_then(|crs| self.station_for_crs(&crs));
        self.by_tiploc.insert(tiploc.to_owned(), station);
        station
    }

    fn station_for_crs(&mut self, crs: &str) -> Option<StationIdx> {
        if let Some(s) = self.net.station_by_id(crs) {
            return Some(s);
        }
        let records = self.crs_tiplocs.get(crs)?;
        let main = &self.msn.stations[records[0]];
        let known = StationTable::embedded().get(crs);
        let pos = self.osgb.to_wgs84(main.easting, main.northing).or_else(|| known.map(|k| k.pos))?;
        let station = Station {
            id: crs.to_owned(),
            name: known.map_or_else(|| title_case(&main.name), |k| k.name.clone()),
            crs: Some(crs.to_owned()),
            tiplocs: records.iter().map(|&i| self.msn.stations[i].tiploc.clone()).collect(),
            pos,
            min_change: main.min_change * 60,
            interchange: Interchange::from_code(main.interchange).unwrap_or_default(),
            lad: known.and_then(|k| k.lad.clone()),
        };
        self.stated += 1;
        Some(self.net.add_station(station).expect("CRS codes are unique station ids"))
    }
}

/// `MANCHESTER VICTORIA` → `Manchester Victoria`.
fn title_case(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The operator named by an ATOC code.
fn operator_name(atoc: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("AW", "Transport for Wales"),
        ("CC", "c2c"),
        ("CH", "Chiltern Railways"),
        ("CS", "Caledonian Sleeper"),
        ("EM", "East Midlands Railway"),
        ("ES", "Eurostar"),
        ("GC", "Grand Central"),
        ("GN", "Great Northern"),
        ("GR", "London North Eastern Railway"),
        ("GW", "Great Western Railway"),
        ("GX", "Gatwick Express"),
        ("HC", "Heathrow Connect"),
        ("HT", "Hull Trains"),
        ("HX", "Heathrow Express"),
        ("IL", "Island Line"),
        ("LE", "Greater Anglia"),
        ("LM", "West Midlands Trains"),
        ("LO", "London Overground"),
        ("LT", "London Underground"),
        ("ME", "Merseyrail"),
        ("NT", "Northern"),
        ("NY", "North Yorkshire Moors Railway"),
        ("SE", "Southeastern"),
        ("SN", "Southern"),
        ("SR", "ScotRail"),
        ("SW", "South Western Railway"),
        ("TL", "Thameslink"),
        ("TP", "TransPennine Express"),
        ("TW", "Tyne and Wear Metro"),
        ("VT", "Avanti West Coast"),
        ("XC", "CrossCountry"),
        ("XR", "TfL Rail"),
    ];
    NAMES
        .iter()
        .find(|(code, _)| *code == atoc)
        .map_or_else(|| atoc.to_owned(), |(_, name)| (*name).to_owned())
}

#[cfg(test)]
mod tests;
