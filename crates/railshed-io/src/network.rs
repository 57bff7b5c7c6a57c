//! The network and overlay JSON format.
//!
//! Documented for users in `networks/README.md`. A network file
//! (`"format": "railshed-network/1"`) is an overlay applied to an empty
//! network; an overlay file (`"format": "railshed-overlay/1"`) is applied to
//! a network that already has the stations and schemes it builds on.
//!
//! Clock times are always strings (`"HH:MM"` or `"HH:MM:SS"`, hours past 23
//! for after midnight); durations are always numbers of minutes in fields
//! whose names end in `_min`. Nothing else is accepted, so no value is
//! ambiguous.

use std::collections::HashMap;

use railshed_core::{
    CallSpec, Departure, HeadwayPeriod, Interchange, LineSpec, LineSpot, LinkSpec, Network, Overlay,
    OverlayError, OverlayPath, Service, Station, StationSpec, Tag, Time, WalkSpec,
};
use serde::{Deserialize, Serialize};

use crate::stations::StationTable;
use crate::{Error, Problem};

/// The format string of network files.
pub const NETWORK_FORMAT: &str = "railshed-network/1";
/// The format string of overlay files.
pub const OVERLAY_FORMAT: &str = "railshed-overlay/1";

/// Default dwell at intermediate calls when a line gives none, minutes.
pub const DEFAULT_DWELL_MIN: f64 = 1.0;

/// Longest duration any `_min` field may hold: 72 hours.
const MAX_MINUTES: f64 = 72.0 * 60.0;

// ---------------------------------------------------------------------------
// The file as serde sees it.

/// A network or overlay file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileJson {
    /// `railshed-network/1` or `railshed-overlay/1`.
    pub format: String,
    /// Name for people.
    pub name: String,
    /// What it is and where it comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Overlays: the scheme tag the overlay defines; its lines and links
    /// default to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<TagJson>,
    /// Overlays: scheme tags that must be applied first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    /// Further tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<TagJson>,
    /// Stations: a CRS code of the embedded table, or an inline station.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stations: Vec<StationJson>,
    /// Track.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<LinkJson>,
    /// Walking connections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub walks: Vec<WalkJson>,
    /// Overlays: ids of lines to withdraw.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdraw: Vec<String>,
    /// Lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<LineJson>,
    /// Free-form notes on sources and assumptions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A scheme tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagJson {
    /// Short name, e.g. `npr-tfn`.
    pub name: String,
    /// Name for people.
    pub label: String,
    /// Map colour, `#rrggbb`.
    pub color: String,
    /// Line speed of its new track, km/h.
    pub max_kmh: f64,
}

/// A station: a CRS code of the embedded table, or given inline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StationJson {
    /// A CRS code of the embedded station table.
    Ref(String),
    /// A station not in the table (a new one, or one with other values).
    Inline(InlineStationJson),
}

/// A station given in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InlineStationJson {
    /// Unique id (a CRS code, or a made-up code for new stations).
    pub id: String,
    /// Name.
    pub name: String,
    /// Latitude, WGS84.
    pub lat: f64,
    /// Longitude, WGS84.
    pub lon: f64,
    /// CRS code, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crs: Option<String>,
    /// TIPLOCs, principal first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiplocs: Vec<String>,
    /// Minimum change time, minutes (default 5, RDG's default).
    #[serde(default = "five", skip_serializing_if = "is_five")]
    pub min_change_min: f64,
    /// RDG interchange status 0–3 (default 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub interchange: u8,
    /// ONS local authority district code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lad: Option<String>,
}

fn five() -> f64 {
    5.0
}
fn is_five(v: &f64) -> bool {
    *v == 5.0
}
fn is_zero(v: &u8) -> bool {
    *v == 0
}
fn is_false(v: &bool) -> bool {
    !*v
}

/// Track along a path of stations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkJson {
    /// Station ids; each consecutive pair is linked.
    pub path: Vec<String>,
    /// Tag (default: `existing` in a network file, the overlay's tag in an overlay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Length in km, for a path of two stations (default: the straight line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub km: Option<f64>,
    /// Line speed in km/h (default: the tag's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_kmh: Option<f64>,
}

/// A walking connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalkJson {
    /// Station id.
    pub from: String,
    /// Station id.
    pub to: String,
    /// Walking time, minutes.
    pub min: f64,
    /// Only from `from` to `to` (default: both ways).
    #[serde(default, skip_serializing_if = "is_false")]
    pub one_way: bool,
}

/// A call: a station id, or an object with details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CallJson {
    /// Just the station id.
    At(String),
    /// A station id with details.
    Detailed(DetailedCallJson),
}

/// A call with details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetailedCallJson {
    /// Station id.
    pub at: String,
    /// Dwell, minutes (default: the line's `dwell_min`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dwell_min: Option<f64>,
    /// Passengers may board (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub pickup: bool,
    /// Passengers may alight (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub dropoff: bool,
}

fn yes() -> bool {
    true
}
fn is_true(v: &bool) -> bool {
    *v
}

/// A line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineJson {
    /// Unique id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Operator.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub operator: String,
    /// Tag (default: `existing` in a network file, the overlay's tag in an overlay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Calls in outbound order.
    pub calls: Vec<CallJson>,
    /// Running minutes between consecutive calls.
    pub run_min: Vec<f64>,
    /// Dwell at intermediate calls, minutes (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dwell_min: Option<f64>,
    /// Outbound departures.
    pub service: ServiceJson,
    /// Inbound departures: `false` for a one-way line; an object with only
    /// `offset_min` for the outbound service shifted; or a full service.
    /// Default: the outbound service unshifted.
    #[serde(default, rename = "return", skip_serializing_if = "Option::is_none")]
    pub inbound: Option<ReturnJson>,
    /// Overlays: ids of lines this one replaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<String>,
    /// Where the figures come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// When trains depart: a single headway period (`tph`, `from`, `to`,
/// `offset_min`), several (`headway`), or explicit `departures`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceJson {
    /// Trains per hour (single period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tph: Option<f64>,
    /// First departure not before (single period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Departures before (single period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Minutes after `from` of the first departure; in `return`, the shift
    /// of the outbound service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset_min: Option<f64>,
    /// Several headway periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headway: Option<Vec<PeriodJson>>,
    /// Explicit departures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departures: Option<Vec<DepartureJson>>,
}

/// The inbound service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ReturnJson {
    /// `false`: one way only (`true` means the default).
    Runs(bool),
    /// A shift or a full service.
    Service(ServiceJson),
}

/// A headway period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodJson {
    /// First departure not before.
    pub from: String,
    /// Departures before.
    pub to: String,
    /// Trains per hour.
    pub tph: f64,
    /// Minutes after `from` of the first departure (default 0).
    #[serde(default, skip_serializing_if = "is_zero_f")]
    pub offset_min: f64,
}

fn is_zero_f(v: &f64) -> bool {
    *v == 0.0
}

/// A departure: a time, or a time with a trip id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DepartureJson {
    /// `"HH:MM"`.
    Time(String),
    /// `{"time": "HH:MM", "id": "..."}`.
    WithId {
        /// Departure time.
        time: String,
        /// Trip id.
        id: String,
    },
}

// ---------------------------------------------------------------------------
// Reading.

/// What a file is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A whole network.
    Network,
    /// Changes to a network.
    Overlay,
}

/// A parsed file, ready to apply.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// Network or overlay.
    pub kind: Kind,
    /// The changes it makes.
    pub overlay: Overlay,
    /// Its description.
    pub description: String,
    /// Where things came from, to locate problems.
    file: String,
    main_tag: bool,
    service_shorthand: Vec<bool>,
    /// The ids of the stations and lines left out by [`parse_checked`].
    unread: Vec<String>,
    /// The index in the file of each station, walk and line read (they
    /// differ from the index in the overlay when some are left out).
    at: Indices,
}

/// Where in the file each item of an overlay was read.
#[derive(Debug, Clone, Default)]
struct Indices {
    stations: Vec<usize>,
    walks: Vec<usize>,
    lines: Vec<usize>,
}

/// Parses a network or overlay file. Errors name the file and the JSON path
/// or line and column.
pub fn parse(file: &str, text: &str) -> Result<Parsed, Error> {
    let (parsed, problems) = parse_checked(file, text)?;
    if problems.is_empty() { Ok(parsed) } else { Err(Error::Invalid { problems }) }
}

/// Parses a network or overlay file as [`parse`] does, but keeps going past
/// problems in its stations, walks and lines: the file without those, and
/// every problem found (for `validate`, which then applies the rest to find
/// more). The error is for a file that is not JSON of the format at all.
pub fn parse_checked(file: &str, text: &str) -> Result<(Parsed, Vec<Problem>), Error> {
    let json: FileJson = from_json(file, text)?;
    from_file_json(file, json)
}

/// Refuses a document of `file` whose `format` field is `found` rather
/// than `expected`.
pub(crate) fn check_format(file: &str, found: &str, expected: &str) -> Result<(), Error> {
    if found == expected {
        return Ok(());
    }
    Err(Error::invalid(file, "$.format", "", format!("unknown format {found:?} (expected {expected:?})")))
}

/// Reads `text` as JSON of type `T`, with errors that give the line, column
/// and JSON path.
pub fn from_json<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::invalid(file, "1:1", "", "is empty: expected a JSON object"));
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let inner = e.inner();
        let location = format!("{}:{}", inner.line(), inner.column());
        let path = e.path().to_string();
        let message = strip_position(&inner.to_string());
        let message = match inner.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!("malformed JSON: {message}")
            }
            _ if path != "." => format!("{}: {message}", json_path(&path)),
            _ => message,
        };
        Error::invalid(file, location, "", message)
    })?;
    // Text after the document (a second document, a stray brace) would be
    // ignored: refuse it, at its place.
    de.end().map_err(|e| {
        Error::invalid(
            file,
            format!("{}:{}", e.line(), e.column()),
            "",
            "text after the end of the JSON document (one document per file)",
        )
    })?;
    Ok(value)
}

/// serde_json appends " at line L column C"; we give the position first.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

/// `lines[3].calls` → `$.lines[3].calls`.
fn json_path(path: &str) -> String {
    if path.starts_with('[') { format!("${path}") } else { format!("$.{path}") }
}

fn from_file_json(file: &str, json: FileJson) -> Result<(Parsed, Vec<Problem>), Error> {
    let mut problems = Vec::new();
    let mut unread = Vec::new();
    let mut at = Indices::default();
    let mut problem = |location: String, object: String, message: String| {
        problems.push(Problem { file: file.to_owned(), location, object, message })
    };
    let kind = match json.format.as_str() {
        NETWORK_FORMAT => Kind::Network,
        OVERLAY_FORMAT => Kind::Overlay,
        other => {
            return Err(Error::invalid(
                file,
                "$.format",
                "",
                format!("unknown format {other:?} (expected {NETWORK_FORMAT:?} or {OVERLAY_FORMAT:?})"),
            ));
        }
    };
    // Counted before anything is built (applying checks the network's and
    // the overlay's together).
    for (field, n, limit) in [
        ("stations", json.stations.len(), railshed_core::limits::MAX_STATIONS),
        ("lines", json.lines.len(), railshed_core::limits::MAX_LINES),
    ] {
        if n > limit {
            return Err(Error::invalid(
                file,
                format!("$.{field}[{limit}]"),
                "",
                format!(
                    "more than {} {field} ({}), the limit",
                    railshed_core::limits::thousands(limit),
                    railshed_core::limits::thousands(n)
                ),
            ));
        }
    }
    if kind == Kind::Network {
        for (field, present) in [
            ("tag", json.tag.is_some()),
            ("requires", !json.requires.is_empty()),
            ("withdraw", !json.withdraw.is_empty()),
        ] {
            if present {
                problem(
                    format!("$.{field}"),
                    String::new(),
                    format!("{field:?} is only allowed in overlays"),
                );
            }
        }
        if let Some(j) = json.lines.iter().position(|l| !l.replaces.is_empty()) {
            problem(
                format!("$.lines[{j}].replaces"),
                format!("line {:?}", json.lines[j].id),
                "\"replaces\" is only allowed in overlays".into(),
            );
        }
    } else if json.tag.is_none() {
        problem("$.tag".into(), String::new(), "an overlay must define its scheme tag".into());
    }
    let default_tag = json.tag.as_ref().map_or("existing".to_owned(), |t| t.name.clone());
    let main_tag = json.tag.is_some();
    let tags = json.tag.iter().chain(&json.tags).map(tag_from_json).collect();

    let table = StationTable::embedded();
    let mut stations = Vec::with_capacity(json.stations.len());
    for (i, s) in json.stations.iter().enumerate() {
        match s {
            StationJson::Ref(crs) => match table.get(crs) {
                Some(st) => {
                    at.stations.push(i);
                    stations.push(StationSpec::Known(st.clone()))
                }
                None => {
                    unread.push(crs.clone());
                    problem(
                        format!("$.stations[{i}]"),
                        format!("station {crs:?}"),
                        "unknown station: not in the embedded station table (give it inline)".into(),
                    )
                }
            },
            StationJson::Inline(st) => match station_from_json(st) {
                Ok(st) => {
                    at.stations.push(i);
                    stations.push(StationSpec::New(st))
                }
                Err(e) => {
                    unread.push(st.id.clone());
                    problem(format!("$.stations[{i}]"), format!("station {:?}", st.id), e.to_string())
                }
            },
        }
    }

    let links = json
        .links
        .iter()
        .map(|l| LinkSpec {
            path: l.path.clone(),
            km: l.km,
            tag: l.tag.clone().unwrap_or_else(|| default_tag.clone()),
            max_kmh: l.max_kmh,
        })
        .collect();

    let mut walks = Vec::with_capacity(json.walks.len());
    for (i, w) in json.walks.iter().enumerate() {
        match minutes(w.min) {
            Ok(secs) => {
                at.walks.push(i);
                walks.push(WalkSpec { from: w.from.clone(), to: w.to.clone(), secs, both_ways: !w.one_way })
            }
            Err(e) => {
                problem(format!("$.walks[{i}].min"), format!("walk {}–{}", w.from, w.to), e.to_string())
            }
        }
    }

    let mut lines = Vec::with_capacity(json.lines.len());
    let mut service_shorthand = Vec::with_capacity(json.lines.len());
    for (i, l) in json.lines.iter().enumerate() {
        service_shorthand.push(l.service.headway.is_none() && l.service.departures.is_none());
        match line_from_json(l, &default_tag) {
            Ok(spec) => {
                at.lines.push(i);
                lines.push(spec)
            }
            Err(e) => {
                unread.push(l.id.clone());
                problem(format!("$.lines[{i}]{}", e.path), format!("line {:?}", l.id), e.error.to_string())
            }
        }
    }

    let parsed = Parsed {
        kind,
        overlay: Overlay {
            name: json.name,
            requires: json.requires,
            tags,
            stations,
            links,
            walks,
            withdraw: json.withdraw,
            lines,
        },
        description: json.description,
        file: file.to_owned(),
        main_tag,
        service_shorthand,
        unread,
        at,
    };
    Ok((parsed, problems))
}

fn tag_from_json(t: &TagJson) -> Tag {
    Tag { name: t.name.clone(), label: t.label.clone(), color: t.color.clone(), max_kmh: t.max_kmh }
}

/// What is wrong with one value of a network, overlay or scenario file.
/// Where it is (the JSON path below the object read) is an [`AtPath`]; the
/// file and the object are added by the reader, as a [`Problem`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValueError {
    /// A duration below zero (or not a number).
    #[error("{0} minutes must not be negative")]
    NegativeMinutes(f64),
    /// A duration over 72 hours.
    #[error("{0} minutes is longer than 72 hours")]
    LongerThan72Hours(f64),
    /// A shift of a return service over 72 hours either way.
    #[error("{0} minutes is out of range")]
    ShiftOutOfRange(f64),
    /// A clock time that does not parse.
    #[error(transparent)]
    Time(#[from] railshed_core::TimeParseError),
    /// A problem with the field `field` of the object.
    #[error("{field}: {error}")]
    Field {
        /// The field's name.
        field: &'static str,
        /// What is wrong with it.
        error: Box<ValueError>,
    },
    /// An RDG interchange status other than 0–3.
    #[error("unknown interchange status {0}")]
    Interchange(u8),
    /// A station with an empty id.
    #[error("station id must not be empty")]
    EmptyStationId,
    /// Trains per hour not above zero.
    #[error("trains per hour must be positive, not {0}")]
    Tph(f64),
    /// A dwell at a line's first or last call.
    #[error("dwell at the terminal call {0} must be 0")]
    TerminalDwell(String),
    /// A running time not above zero between two calls.
    #[error("running time from {0} to {1} must be positive")]
    RunningTime(String, String),
    /// A return shifted in time that also gives a window.
    #[error("a return with only a shift takes just offset_min")]
    ShiftOnly,
    /// A service given in no form or in several.
    #[error("give exactly one of tph (with from and to), headway or departures")]
    ServiceForms,
    /// Trains per hour with no window.
    #[error("tph needs from and to")]
    TphWithoutWindow,
    /// A window or offset with no trains per hour.
    #[error("from, to and offset_min belong with tph")]
    WindowWithoutTph,
}

impl ValueError {
    /// This problem, in the field `field`.
    fn in_field(self, field: &'static str) -> ValueError {
        ValueError::Field { field, error: Box::new(self) }
    }
}

/// A [`ValueError`] at a JSON path below the object read
/// (`.calls[2].dwell_min`; empty for the object itself).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {error}")]
pub struct AtPath {
    /// The JSON path below the object.
    pub path: String,
    /// What is wrong there.
    pub error: ValueError,
}

impl AtPath {
    /// `error` at `path`.
    pub fn new(path: impl Into<String>, error: ValueError) -> AtPath {
        AtPath { path: path.into(), error }
    }

    /// The same problem, `prefix` further down (`.line` then `.calls[2]`).
    pub fn under(self, prefix: &str) -> AtPath {
        AtPath { path: format!("{prefix}{}", self.path), error: self.error }
    }
}

pub(crate) fn station_from_json(s: &InlineStationJson) -> Result<Station, ValueError> {
    let interchange = Interchange::from_code(s.interchange).ok_or(ValueError::Interchange(s.interchange))?;
    if s.id.is_empty() {
        return Err(ValueError::EmptyStationId);
    }
    Ok(Station {
        id: s.id.clone(),
        name: s.name.clone(),
        crs: s.crs.clone(),
        tiplocs: s.tiplocs.clone(),
        pos: geo::Point::new(s.lon, s.lat),
        min_change: minutes(s.min_change_min).map_err(|e| e.in_field("min_change_min"))?,
        interchange,
        lad: s.lad.clone(),
    })
}

/// Minutes to whole seconds, refusing negative, non-finite and absurd values.
pub(crate) fn minutes(v: f64) -> Result<u32, ValueError> {
    if !v.is_finite() || v < 0.0 {
        Err(ValueError::NegativeMinutes(v))
    } else if v > MAX_MINUTES {
        Err(ValueError::LongerThan72Hours(v))
    } else {
        Ok((v * 60.0).round() as u32)
    }
}

pub(crate) fn time(text: &str) -> Result<Time, ValueError> {
    Ok(Time::parse(text)?)
}

type Located<T> = Result<T, AtPath>;

pub(crate) fn line_from_json(l: &LineJson, default_tag: &str) -> Located<LineSpec> {
    let default_dwell = l.dwell_min.unwrap_or(DEFAULT_DWELL_MIN);
    let default_dwell = minutes(default_dwell).map_err(|e| AtPath::new(".dwell_min", e))?;
    let n = l.calls.len();
    let mut calls = Vec::with_capacity(n);
    for (j, c) in l.calls.iter().enumerate() {
        let terminal = j == 0 || j + 1 == n;
        let dwell = if terminal { 0 } else { default_dwell };
        calls.push(match c {
            CallJson::At(at) => CallSpec { station: at.clone(), dwell, pickup: true, dropoff: true },
            CallJson::Detailed(d) => {
                let dwell = match d.dwell_min {
                    Some(v) if terminal && v != 0.0 => {
                        return Err(AtPath::new(
                            format!(".calls[{j}].dwell_min"),
                            ValueError::TerminalDwell(d.at.clone()),
                        ));
                    }
                    Some(v) => minutes(v).map_err(|e| AtPath::new(format!(".calls[{j}].dwell_min"), e))?,
                    None => dwell,
                };
                CallSpec { station: d.at.clone(), dwell, pickup: d.pickup, dropoff: d.dropoff }
            }
        });
    }
    let mut run = Vec::with_capacity(l.run_min.len());
    for (j, &v) in l.run_min.iter().enumerate() {
        if v <= 0.0 {
            let (a, b) = (call_station(l, j), call_station(l, j + 1));
            return Err(AtPath::new(format!(".run_min[{j}]"), ValueError::RunningTime(a.into(), b.into())));
        }
        run.push(minutes(v).map_err(|e| AtPath::new(format!(".run_min[{j}]"), e))?);
    }
    let outbound = service_from_json(&l.service).map_err(|e| e.under(".service"))?;
    let inbound = match &l.inbound {
        None | Some(ReturnJson::Runs(true)) => Some(outbound.without_ids()),
        Some(ReturnJson::Runs(false)) => None,
        Some(ReturnJson::Service(s)) if s.tph.is_none() && s.headway.is_none() && s.departures.is_none() => {
            if s.from.is_some() || s.to.is_some() {
                return Err(AtPath::new(".return", ValueError::ShiftOnly));
            }
            let shift = s.offset_min.unwrap_or(0.0);
            if !shift.is_finite() || shift.abs() > MAX_MINUTES {
                return Err(AtPath::new(".return.offset_min", ValueError::ShiftOutOfRange(shift)));
            }
            Some(outbound.shifted((shift * 60.0).round() as i64).without_ids())
        }
        Some(ReturnJson::Service(s)) => Some(service_from_json(s).map_err(|e| e.under(".return"))?),
    };
    Ok(LineSpec {
        id: l.id.clone(),
        name: l.name.clone(),
        operator: l.operator.clone(),
        tag: l.tag.clone().unwrap_or_else(|| default_tag.to_owned()),
        calls,
        run,
        outbound,
        inbound,
        replaces: l.replaces.clone(),
        source: l.source.clone(),
    })
}

fn call_station(l: &LineJson, j: usize) -> &str {
    match l.calls.get(j) {
        Some(CallJson::At(s)) => s,
        Some(CallJson::Detailed(d)) => &d.at,
        None => "?",
    }
}

fn service_from_json(s: &ServiceJson) -> Located<Service> {
    let forms = [s.tph.is_some(), s.headway.is_some(), s.departures.is_some()];
    if forms.iter().filter(|&&f| f).count() != 1 {
        return Err(AtPath::new("", ValueError::ServiceForms));
    }
    if let Some(tph) = s.tph {
        let (Some(from), Some(to)) = (&s.from, &s.to) else {
            return Err(AtPath::new("", ValueError::TphWithoutWindow));
        };
        let period =
            PeriodJson { from: from.clone(), to: to.clone(), tph, offset_min: s.offset_min.unwrap_or(0.0) };
        return Ok(Service::Headway(vec![period_from_json(&period).map_err(|e| AtPath::new("", e))?]));
    }
    if s.from.is_some() || s.to.is_some() || s.offset_min.is_some() {
        return Err(AtPath::new("", ValueError::WindowWithoutTph));
    }
    if let Some(periods) = &s.headway {
        let mut out = Vec::with_capacity(periods.len());
        for (k, p) in periods.iter().enumerate() {
            out.push(period_from_json(p).map_err(|e| AtPath::new(format!(".headway[{k}]"), e))?);
        }
        return Ok(Service::Headway(out));
    }
    let deps = s.departures.as_deref().unwrap_or_default();
    let mut out = Vec::with_capacity(deps.len());
    for (k, d) in deps.iter().enumerate() {
        let (t, id) = match d {
            DepartureJson::Time(t) => (t, None),
            DepartureJson::WithId { time, id } => (time, Some(id.clone())),
        };
        out.push(Departure { time: time(t).map_err(|e| AtPath::new(format!(".departures[{k}]"), e))?, id });
    }
    Ok(Service::Departures(out))
}

fn period_from_json(p: &PeriodJson) -> Result<HeadwayPeriod, ValueError> {
    if p.tph.is_nan() || p.tph <= 0.0 {
        return Err(ValueError::Tph(p.tph));
    }
    Ok(HeadwayPeriod {
        from: time(&p.from)?,
        to: time(&p.to)?,
        tph: p.tph,
        offset: minutes(p.offset_min).map_err(|e| e.in_field("offset_min"))?,
    })
}

impl Parsed {
    /// The JSON path of a place in the overlay.
    fn path(&self, at: OverlayPath) -> String {
        let index = |read: &[usize], i: usize| read.get(i).copied().unwrap_or(i);
        let at = match at {
            OverlayPath::Station(i) => OverlayPath::Station(index(&self.at.stations, i)),
            OverlayPath::Walk(i) => OverlayPath::Walk(index(&self.at.walks, i)),
            OverlayPath::Line(i, spot) => OverlayPath::Line(index(&self.at.lines, i), spot),
            OverlayPath::Replaces(i, j) => OverlayPath::Replaces(index(&self.at.lines, i), j),
            other => other,
        };
        match at {
            OverlayPath::Requires(i) => format!("$.requires[{i}]"),
            OverlayPath::Tag(0) if self.main_tag => "$.tag".into(),
            OverlayPath::Tag(i) => format!("$.tags[{}]", i - usize::from(self.main_tag)),
            OverlayPath::Station(i) => format!("$.stations[{i}]"),
            OverlayPath::Link(i, None) => format!("$.links[{i}]"),
            OverlayPath::Link(i, Some(j)) => format!("$.links[{i}].path[{j}]"),
            OverlayPath::Walk(i) => format!("$.walks[{i}]"),
            OverlayPath::Withdraw(i) => format!("$.withdraw[{i}]"),
            OverlayPath::Replaces(i, j) => format!("$.lines[{i}].replaces[{j}]"),
            OverlayPath::Line(i, spot) => {
                let shorthand = self.service_shorthand.get(i).copied().unwrap_or(false);
                let rest = match spot {
                    LineSpot::Whole => String::new(),
                    LineSpot::Id => ".id".into(),
                    LineSpot::Call(j) | LineSpot::Dwell(j) => format!(".calls[{j}]"),
                    LineSpot::Run(j) => format!(".run_min[{j}]"),
                    LineSpot::Period(_) if shorthand => ".service".into(),
                    LineSpot::Period(k) => format!(".service.headway[{k}]"),
                    LineSpot::Departure(k) => format!(".service.departures[{k}]"),
                    LineSpot::Inbound => ".return".into(),
                };
                format!("$.lines[{i}]{rest}")
            }
        }
    }

    /// Core errors as problems located in this file.
    fn problems(&self, errors: Vec<OverlayError>) -> Error {
        Error::Invalid {
            problems: errors
                .into_iter()
                .map(|e| Problem {
                    file: self.file.clone(),
                    location: self.path(e.at),
                    object: e.object,
                    message: e.message,
                })
                .collect(),
        }
    }

    /// Applies the file to a network: a network file to an empty one (the
    /// argument is replaced), an overlay to the one given.
    pub fn apply_to(&self, net: &mut Network) -> Result<(), Error> {
        if self.kind == Kind::Network {
            *net = Network::new(self.overlay.name.clone());
        }
        net.apply(&self.overlay).map_err(|e| self.problems(e))
    }

    /// The network a network file describes.
    pub fn to_network(&self) -> Result<Network, Error> {
        if self.kind != Kind::Network {
            return Err(Error::invalid(
                &self.file,
                "$.format",
                "",
                format!("expected a network ({NETWORK_FORMAT:?}), found an overlay"),
            ));
        }
        let mut net = Network::new(self.overlay.name.clone());
        self.apply_to(&mut net)?;
        Ok(net)
    }

    /// Whether a problem found applying the file may be only a consequence
    /// of a station or line [`parse_checked`] left out (it names one).
    pub fn follows_from_unread(&self, problem: &Problem) -> bool {
        let word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
        problem.message.split(|c| !word(c)).any(|w| !w.is_empty() && self.unread.iter().any(|id| id == w))
    }

    /// The file it was read from.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The scheme tag name of an overlay.
    pub fn scheme(&self) -> Option<&str> {
        self.main_tag.then(|| self.overlay.tags[0].name.as_str())
    }
}

// ---------------------------------------------------------------------------
// Writing.

/// The network as a `railshed-network/1` file, losslessly: reading it back
/// gives a network with the same stations, track, walks and lines.
pub fn to_json(net: &Network) -> FileJson {
    let table = StationTable::embedded();
    let stations = net
        .stations()
        .iter()
        .map(|s| match table.get(&s.id) {
            Some(t) if t == s => StationJson::Ref(s.id.clone()),
            _ => StationJson::Inline(InlineStationJson {
                id: s.id.clone(),
                name: s.name.clone(),
                lat: s.lat(),
                lon: s.lon(),
                crs: s.crs.clone(),
                tiplocs: s.tiplocs.clone(),
                min_change_min: s.min_change as f64 / 60.0,
                interchange: s.interchange.code(),
                lad: s.lad.clone(),
            }),
        })
        .collect();
    let tag_name = |t: railshed_core::TagIdx| net.tag(t).name.clone();
    let graph = net.graph();
    let links = graph
        .edge_indices()
        .map(|e| {
            let (a, b) = graph.edge_endpoints(e).expect("edge exists");
            let link = &graph[e];
            LinkJson {
                path: vec![net.stations()[a.index()].id.clone(), net.stations()[b.index()].id.clone()],
                tag: Some(tag_name(link.tag)),
                km: Some(link.km),
                max_kmh: link.max_kmh,
            }
        })
        .collect();
    let mut walks: Vec<WalkJson> = Vec::new();
    let mut seen: HashMap<(usize, usize), u32> = HashMap::new();
    for w in net.walks() {
        seen.insert((w.from.idx(), w.to.idx()), w.secs);
    }
    let mut twins_written = std::collections::HashSet::new();
    for w in net.walks() {
        let (a, b) = (w.from.idx(), w.to.idx());
        let back = seen.get(&(b, a)).copied();
        if back == Some(w.secs) && !twins_written.insert((a.min(b), a.max(b))) {
            continue; // written with its twin, which came first
        }
        walks.push(WalkJson {
            from: net.stations()[a].id.clone(),
            to: net.stations()[b].id.clone(),
            min: w.secs as f64 / 60.0,
            one_way: back != Some(w.secs),
        });
    }
    let lines = net
        .lines()
        .iter()
        .map(|l| {
            let n = l.calls.len();
            let mut dwells: HashMap<u32, usize> = HashMap::new();
            for c in &l.calls[1..n - 1] {
                *dwells.entry(c.dwell).or_default() += 1;
            }
            let default_dwell = dwells
                .iter()
                .max_by_key(|&(d, count)| (*count, std::cmp::Reverse(*d)))
                .map_or((DEFAULT_DWELL_MIN * 60.0) as u32, |(&d, _)| d);
            let calls = l
                .calls
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    let id = net.station(c.station).id.clone();
                    let terminal = j == 0 || j + 1 == n;
                    let dwell_default = terminal || c.dwell == default_dwell;
                    if dwell_default && c.pickup && c.dropoff {
                        CallJson::At(id)
                    } else {
                        CallJson::Detailed(DetailedCallJson {
                            at: id,
                            dwell_min: (!dwell_default).then_some(c.dwell as f64 / 60.0),
                            pickup: c.pickup,
                            dropoff: c.dropoff,
                        })
                    }
                })
                .collect();
            LineJson {
                id: l.id.clone(),
                name: l.name.clone(),
                operator: l.operator.clone(),
                tag: Some(tag_name(l.tag)),
                calls,
                run_min: l.run.iter().map(|&s| s as f64 / 60.0).collect(),
                dwell_min: Some(default_dwell as f64 / 60.0),
                service: service_to_json(&l.outbound),
                inbound: Some(match &l.inbound {
                    None => ReturnJson::Runs(false),
                    Some(s) => ReturnJson::Service(service_to_json(s)),
                }),
                replaces: Vec::new(),
                source: l.source.clone(),
            }
        })
        .collect();
    FileJson {
        format: NETWORK_FORMAT.into(),
        name: net.name.clone(),
        description: String::new(),
        tag: None,
        requires: Vec::new(),
        tags: net.tags()[1..]
            .iter()
            .map(|t| TagJson {
                name: t.name.clone(),
                label: t.label.clone(),
                color: t.color.clone(),
                max_kmh: t.max_kmh,
            })
            .collect(),
        stations,
        links,
        walks,
        withdraw: Vec::new(),
        lines,
        notes: Vec::new(),
    }
}

fn fmt_time(t: Time) -> String {
    if t.secs().is_multiple_of(60) { t.hhmm() } else { t.to_string() }
}

fn service_to_json(s: &Service) -> ServiceJson {
    match s {
        Service::Headway(periods) => ServiceJson {
            headway: Some(
                periods
                    .iter()
                    .map(|p| PeriodJson {
                        from: fmt_time(p.from),
                        to: fmt_time(p.to),
                        tph: p.tph,
                        offset_min: p.offset as f64 / 60.0,
                    })
                    .collect(),
            ),
            ..ServiceJson::default()
        },
        Service::Departures(deps) => ServiceJson {
            departures: Some(
                deps.iter()
                    .map(|d| match &d.id {
                        None => DepartureJson::Time(fmt_time(d.time)),
                        Some(id) => DepartureJson::WithId { time: fmt_time(d.time), id: id.clone() },
                    })
                    .collect(),
            ),
            ..ServiceJson::default()
        },
    }
}

/// The network as pretty-printed JSON text.
pub fn to_json_string(net: &Network) -> String {
    let mut s = serde_json::to_string_pretty(&to_json(net)).expect("network JSON serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_error(text: &str, expect: &str) {
        let got = match parse("t.json", text).and_then(|p| p.to_network()) {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.problems()[0].clone(),
        };
        assert_eq!(got, expect);
    }

    const HEAD: &str = r#""format": "railshed-network/1", "name": "t""#;

    #[test]
    fn errors_name_file_and_place() {
        check_error("{", "t.json: 1:1: malformed JSON: EOF while parsing an object");
        check_error(
            r#"{"format": "railshed-network/2", "name": "t"}"#,
            r#"t.json: $.format: unknown format "railshed-network/2" (expected "railshed-network/1" or "railshed-overlay/1")"#,
        );
        check_error(
            &format!(r#"{{{HEAD}, "stations": ["LDS", "ZZZ"]}}"#),
            r#"t.json: $.stations[1]: station "ZZZ": unknown station: not in the embedded station table (give it inline)"#,
        );
        check_error(
            &format!(
                r#"{{{HEAD}, "lines": [{{"id": "x", "name": "x", "calls": [], "run_min": 3, "service": {{}}}}]}}"#
            ),
            "t.json: 1:106: $.lines[0].run_min: invalid type: integer `3`, expected a sequence",
        );
    }

    #[test]
    fn a_small_network_compiles() {
        let text = format!(
            r#"{{{HEAD}, "stations": ["LDS", "HUD", "MAN"],
               "links": [{{"path": ["LDS", "HUD", "MAN"]}}],
               "lines": [{{"id": "l", "name": "L", "calls": ["MAN", "HUD", "LDS"], "run_min": [25, 20],
                          "service": {{"tph": 2, "from": "06:00", "to": "08:00"}}, "return": {{"offset_min": 5}}}}]}}"#
        );
        let net = parse("t.json", &text).unwrap().to_network().unwrap();
        let tt = net.compile();
        assert_eq!(tt.trips.len(), 8);
        assert_eq!(tt.trips[4].id, "l/i06:05");
        let st = tt.stop_times_of(railshed_core::TripIdx(0));
        assert_eq!(st[1].arr, Time::hms(6, 25, 0));
        assert_eq!(st[1].dep, Time::hms(6, 26, 0));
        assert_eq!(st[2].arr, Time::hms(6, 46, 0));
    }
}
