//! The station files of an RDG timetable archive: master station names
//! (`.msn`), fixed links (`.flf`) and additional links (`.alf`).

use std::collections::HashMap;

use crate::{Date, Error};

/// One `A` record of the master station names file.
#[derive(Clone, Debug)]
pub(crate) struct MsnStation {
    /// Name as RDG writes it (capitals).
    pub(crate) name: String,
    /// RDG interchange status: 0–3, or 9 for a subsidiary TIPLOC.
    pub(crate) interchange: u8,
    pub(crate) tiploc: String,
    pub(crate) crs: String,
    /// Ordnance Survey grid reference, metres.
    pub(crate) easting: f64,
    pub(crate) northing: f64,
    /// Minimum change time, minutes.
    pub(crate) min_change: u32,
}

/// The master station names file.
#[derive(Debug, Default)]
pub(crate) struct Msn {
    /// Records in file order.
    pub(crate) stations: Vec<MsnStation>,
    /// TIPLOC → index of its record.
    pub(crate) by_tiploc: HashMap<String, usize>,
}

/// Bytes `from..=to` (1-based columns, as the RDG specification counts).
fn cols(line: &[u8], from: usize, to: usize) -> &[u8] {
    &line[from - 1..to.min(line.len())]
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).trim().to_owned()
}

fn number(b: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(b).ok()?.trim();
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Splits text into lines without their ends, numbered from 1.
pub(crate) fn lines(data: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let data = data.strip_suffix(b"\n").unwrap_or(data);
    let mut lines = data.split(|&b| b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let empty = data.is_empty();
    std::iter::from_fn(move || if empty { None } else { lines.next() }).enumerate().map(|(i, l)| (i + 1, l))
}

impl Msn {
    /// Parses the file. Station (`A`) records are fixed width: name in
    /// columns 6–35, interchange status 36, TIPLOC 37–43, CRS 50–52,
    /// easting 53–57 (`(v − 10000) × 100` m), northing 59–63
    /// (`(v − 60000) × 100` m), minimum change time 64–65 (minutes).
    pub(crate) fn parse(file: &str, data: &[u8]) -> Result<Msn, Error> {
        let mut msn = Msn::default();
        for (n, line) in lines(data) {
            if line.first() != Some(&b'A') || line.windows(10).any(|w| w == b"FILE-SPEC=") {
                continue;
            }
            let bad = |message: String| Error::invalid(file, format!("line {n}"), "", message);
            if line.len() < 65 {
                return Err(bad(format!(
                    "station record is {} characters long, at least 65 expected",
                    line.len()
                )));
            }
            let tiploc = text(cols(line, 37, 43));
            let field = |name: &str, from, to| {
                number(cols(line, from, to)).ok_or_else(|| {
                    Error::invalid(
                        file,
                        format!("line {n}"),
                        format!("station {tiploc:?}"),
                        format!("{name} {:?} is not a number", text(cols(line, from, to))),
                    )
                })
            };
            let interchange = field("interchange status", 36, 36)?;
            let easting = field("easting", 53, 57)?;
            let northing = field("northing", 59, 63)?;
            let min_change = field("minimum change time", 64, 65)?;
            if tiploc.is_empty() {
                return Err(bad("station record has no TIPLOC".into()));
            }
            msn.by_tiploc.insert(tiploc.clone(), msn.stations.len());
            msn.stations.push(MsnStation {
                name: text(cols(line, 6, 35)),
                interchange: interchange as u8,
                tiploc,
                crs: text(cols(line, 50, 52)),
                easting: (easting as f64 - 10_000.0) * 100.0,
                northing: (northing as f64 - 60_000.0) * 100.0,
                min_change,
            });
        }
        Ok(msn)
    }
}

/// A walking link between two stations (by CRS), both ways.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct WalkLink {
    pub(crate) a: String,
    pub(crate) b: String,
    pub(crate) minutes: u32,
}

/// What the link files held besides walks, for the summary.
#[derive(Default, Debug)]
pub(crate) struct LinkCounts {
    /// Links by other modes (metro, tube, bus, ferry, transfer).
    pub(crate) other_modes: usize,
    /// Additional links not valid on the date.
    pub(crate) not_on_date: usize,
}

/// The longest walk a link file may give, minutes: 72 hours, as for any
/// duration railshed reads.
const MAX_WALK_MIN: u32 = 72 * 60;

/// The walk from `a` to `b` of `minutes`, refusing absurd durations.
fn walk(a: &str, b: &str, minutes: u32, bad: impl Fn(String, String) -> Error) -> Result<WalkLink, Error> {
    if minutes > MAX_WALK_MIN {
        return Err(bad(format!("walk {a}–{b}"), format!("{minutes} minutes is longer than 72 hours")));
    }
    Ok(WalkLink { a: a.to_owned(), b: b.to_owned(), minutes })
}

/// Parses the fixed links file: `ADDITIONAL LINK: WALK BETWEEN AFK AND ASI IN   5 MINUTES`.
pub(crate) fn parse_flf(file: &str, data: &[u8], counts: &mut LinkCounts) -> Result<Vec<WalkLink>, Error> {
    let mut out = Vec::new();
    for (n, line) in lines(data) {
        let text = String::from_utf8_lossy(line);
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.is_empty() || words == ["END"] {
            continue;
        }
        let ok = words.len() == 10
            && words[0] == "ADDITIONAL"
            && words[1] == "LINK:"
            && words[3] == "BETWEEN"
            && words[5] == "AND"
            && words[7] == "IN"
            && words[9] == "MINUTES";
        let minutes = words.get(8).and_then(|m| m.parse::<u32>().ok());
        let (true, Some(minutes)) = (ok, minutes) else {
            return Err(Error::invalid(
                file,
                format!("line {n}"),
                "",
                "not of the form \"ADDITIONAL LINK: MODE BETWEEN AAA AND BBB IN N MINUTES\"",
            ));
        };
        if words[2] == "WALK" {
            let bad = |object, message| Error::invalid(file, format!("line {n}"), object, message);
            out.push(walk(words[4], words[6], minutes, bad)?);
        } else {
            counts.other_modes += 1;
        }
    }
    Ok(out)
}

/// Parses the additional links file (`M=WALK,O=AFK,D=ASI,T=5,S=0001,E=2359,P=4,F=dd/mm/yyyy,U=dd/mm/yyyy,R=1111110`),
/// keeping the walks valid on `date` at some time of day.
pub(crate) fn parse_alf(
    file: &str,
    data: &[u8],
    date: Date,
    counts: &mut LinkCounts,
) -> Result<Vec<WalkLink>, Error> {
    let mut out = Vec::new();
    for (n, line) in lines(data) {
        let text = String::from_utf8_lossy(line);
        if text.trim().is_empty() {
            continue;
        }
        let bad = |message: String| Error::invalid(file, format!("line {n}"), "", message);
        let mut fields: HashMap<&str, &str> = HashMap::new();
        for part in text.trim().split(',') {
            let Some((k, v)) = part.split_once('=') else {
                return Err(bad(format!("{part:?} is not KEY=VALUE")));
            };
            fields.insert(k.trim(), v.trim());
        }
        let get = |k: &str| fields.get(k).copied().ok_or_else(|| bad(format!("no {k}= field")));
        let (mode, a, b) = (get("M")?, get("O")?, get("D")?);
        let minutes: u32 = get("T")?
            .parse()
            .map_err(|_| bad(format!("T={} is not a number of minutes", get("T").unwrap_or(""))))?;
        if mode != "WALK" {
            counts.other_modes += 1;
            continue;
        }
        let day = |k: &str| -> Result<Option<Date>, Error> {
            match fields.get(k) {
                None => Ok(None),
                Some(v) => Date::parse_dd_mm_yyyy(v)
                    .map(Some)
                    .ok_or_else(|| bad(format!("{k}={v} is not a date DD/MM/YYYY"))),
            }
        };
        let (from, until) = (day("F")?, day("U")?);
        let runs = match fields.get("R") {
            None => true,
            Some(r) if r.len() == 7 && r.bytes().all(|c| c == b'0' || c == b'1') => {
                r.as_bytes()[date.weekday()] == b'1'
            }
            Some(r) => return Err(bad(format!("R={r} is not seven days of 0 or 1"))),
        };
        let link = walk(a, b, minutes, |object, message| {
            Error::invalid(file, format!("line {n}"), object, message)
        })?;
        if runs && from.is_none_or(|f| f <= date) && until.is_none_or(|u| date <= u) {
            out.push(link);
        } else {
            counts.not_on_date += 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_alf(text: &str, date: &str, expect: &str) {
        let mut counts = LinkCounts::default();
        let got = match parse_alf("x.alf", text.as_bytes(), Date::parse_iso(date).unwrap(), &mut counts) {
            Ok(walks) => {
                let w: Vec<String> = walks.iter().map(|w| format!("{}-{} {}", w.a, w.b, w.minutes)).collect();
                format!("{} other {} not on date {}", w.join(" "), counts.other_modes, counts.not_on_date)
            }
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn additional_links_valid_on_the_date() {
        let alf = "M=WALK,O=AFK,D=ASI,T=5,S=0001,E=2359,P=4,R=0000001\r\n\
                   M=WALK,O=AFK,D=ASI,T=6,S=0001,E=2359,P=4,R=1111110\r\n\
                   M=METRO,O=MAN,D=AMM,T=31,S=0700,E=0929,P=4,R=0000001\r\n\
                   M=WALK,O=NUF,D=XET,T=13,S=0001,E=2359,P=4,F=07/09/2018,U=31/12/2999,R=1111110\r\n\
                   M=WALK,O=ZFR,D=FNY,T=5,S=0001,E=2359,P=4,F=29/07/2020,U=31/12/2999,R=1111110\r\n";
        check_alf(alf, "2020-03-21", "AFK-ASI 6 NUF-XET 13 other 1 not on date 2");
        check_alf(alf, "2020-03-22", "AFK-ASI 5 other 1 not on date 3");
        check_alf("M=WALK,O=A,D=B,T=x", "2020-03-22", "x.alf: line 1: T=x is not a number of minutes");
        check_alf("M=WALK,O=A,T=1", "2020-03-22", "x.alf: line 1: no D= field");
        check_alf(
            "M=WALK,O=A,D=B,T=99999999",
            "2020-03-22",
            "x.alf: line 1: walk A–B: 99999999 minutes is longer than 72 hours",
        );
        check_alf(
            "M=WALK,O=A,D=B,T=1,F=2020-01-01",
            "2020-03-22",
            "x.alf: line 1: F=2020-01-01 is not a date DD/MM/YYYY",
        );
    }

    #[test]
    fn fixed_links() {
        let mut counts = LinkCounts::default();
        let flf = "ADDITIONAL LINK: WALK BETWEEN AFK AND ASI IN   5 MINUTES\nADDITIONAL LINK: TUBE BETWEEN BFR AND ZFD IN  11 MINUTES\n\n";
        let walks = parse_flf("x.flf", flf.as_bytes(), &mut counts).unwrap();
        assert_eq!(walks, vec![WalkLink { a: "AFK".into(), b: "ASI".into(), minutes: 5 }]);
        assert_eq!(counts.other_modes, 1);
        let err =
            parse_flf("x.flf", b"ADDITIONAL LINK: WALK BETWEEN AFK AND ASI IN five MINUTES", &mut counts);
        assert_eq!(
            err.unwrap_err().to_string(),
            "x.flf: line 1: not of the form \"ADDITIONAL LINK: MODE BETWEEN AAA AND BBB IN N MINUTES\""
        );
        let err =
            parse_flf("x.flf", b"ADDITIONAL LINK: WALK BETWEEN AFK AND ASI IN 99999999 MINUTES", &mut counts);
        assert_eq!(
            err.unwrap_err().to_string(),
            "x.flf: line 1: walk AFK–ASI: 99999999 minutes is longer than 72 hours"
        );
    }

    #[test]
    fn station_records() {
        let msn = "A                             FILE-SPEC=05 1.00 20/03/20 18.05.35   590            \n\
                   A    LEEDS                         2LEEDS  LDS   LDS14298 6433310                 \n\
                   A    ABERCYNON                     1ABRCYNSACY   ACY13081E61946 5                 \n";
        let m = Msn::parse("x.msn", msn.as_bytes()).unwrap();
        assert_eq!(m.stations.len(), 2);
        let leeds = &m.stations[0];
        assert_eq!(
            (leeds.name.as_str(), leeds.crs.as_str(), leeds.interchange, leeds.min_change),
            ("LEEDS", "LDS", 2, 10)
        );
        assert_eq!((leeds.easting, leeds.northing), (429_800.0, 433_300.0));
        assert_eq!(m.stations[m.by_tiploc["ABRCYNS"]].min_change, 5);
        let short = Msn::parse("x.msn", b"A    LEEDS                         2LEEDS  LDS   LDS14298");
        assert_eq!(
            short.unwrap_err().to_string(),
            "x.msn: line 1: station record is 57 characters long, at least 65 expected"
        );
        let bad =
            Msn::parse("x.msn", b"A    LEEDS                         2LEEDS  LDS   LDS1429x 6433310      ");
        assert_eq!(
            bad.unwrap_err().to_string(),
            "x.msn: line 1: station \"LEEDS\": easting \"1429x\" is not a number"
        );
    }
}
