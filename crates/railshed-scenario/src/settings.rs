//! Every parameter of the indicators, with its default and why.
//!
//! These are domain types: times and windows are parsed [`Time`]s. The
//! settings object of scenario files (times as text) is `railshed-io`'s
//! `SettingsJson`, which converts to and from them.

use railshed_core::Time;

/// How people get between a zone centroid and a station (both ways).
///
/// A leg's distance is the straight line × `detour`. It takes the faster of
/// walking (only up to `walk_max_min`) and a feeder (bus, car or bicycle:
/// `feeder_kmh` plus a fixed `feeder_penalty_min` for waiting or parking),
/// and is dropped beyond `max_min`. Only stations some train calls at are
/// used.
#[derive(Clone, Debug, PartialEq)]
pub struct AccessSettings {
    /// Straight line to street distance: 1.3, the usual ratio for British
    /// urban streets.
    pub detour: f64,
    /// Walking speed: 4.8 km/h (3 mph, 1.33 m/s; R5's default is 1.3 m/s).
    pub walk_kmh: f64,
    /// Longest walk: 20 minutes.
    pub walk_max_min: f64,
    /// Feeder speed: 20 km/h, an urban bus or car average including stops.
    pub feeder_kmh: f64,
    /// Fixed feeder time: 10 minutes (waiting for a bus, parking a car).
    pub feeder_penalty_min: f64,
    /// Longest access or egress leg: 45 minutes.
    pub max_min: f64,
}

impl Default for AccessSettings {
    fn default() -> Self {
        AccessSettings {
            detour: 1.3,
            walk_kmh: 4.8,
            walk_max_min: 20.0,
            feeder_kmh: 20.0,
            feeder_penalty_min: 10.0,
            max_min: 45.0,
        }
    }
}

impl AccessSettings {
    /// Every value is positive and finite (the walking and feeder limits may be 0).
    pub fn check(&self) -> Result<(), SettingsError> {
        let mut problems = Vec::new();
        self.check_into(&mut problems);
        SettingsError::from_problems(problems)
    }

    /// Adds a problem for each value out of range to `problems`; each
    /// names its setting within `access`.
    fn check_into(&self, problems: &mut Vec<SettingError>) {
        let mut problem = |name: &str, message: String| problems.push(SettingError::new(name, message));
        let positive =
            [("detour", self.detour), ("walk_kmh", self.walk_kmh), ("feeder_kmh", self.feeder_kmh)];
        for (name, v) in positive {
            if !(v.is_finite() && v > 0.0) {
                problem(name, format!("{name} must be positive, not {v}"));
            } else if name == "detour" && v < 1.0 {
                problem(name, format!("detour must be at least 1, not {v}"));
            }
        }
        let limits = [
            ("walk_max_min", self.walk_max_min),
            ("feeder_penalty_min", self.feeder_penalty_min),
            ("max_min", self.max_min),
        ];
        for (name, v) in limits {
            if !(v.is_finite() && (0.0..=600.0).contains(&v)) {
                problem(name, format!("{name} must be between 0 and 600 minutes, not {v}"));
            }
        }
    }
}

/// The network-effect indicator: people within `minutes` of at least `n` of `cities`.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkEffect {
    /// How many of the cities: 4.
    pub n: u32,
    /// Hub ids: the six NPR cities Liverpool, Manchester, Leeds, Sheffield, Hull, Newcastle.
    pub cities: Vec<String>,
    /// Time limits: 60 and 90 minutes.
    pub minutes: Vec<f64>,
}

impl Default for NetworkEffect {
    fn default() -> Self {
        NetworkEffect {
            n: 4,
            cities: ["liverpool", "manchester", "leeds", "sheffield", "hull", "newcastle"]
                .map(str::to_owned)
                .to_vec(),
            minutes: vec![60.0, 90.0],
        }
    }
}

/// One of several network-effect definitions of a run (the
/// `network_effects` setting): people within `minutes` of at least `n` of
/// `cities`, reported under `id`.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkEffectDefinition {
    /// Short id outputs key it by (`definition` in JSON and CSV).
    pub id: String,
    /// Name for people.
    pub name: String,
    /// How many of the cities.
    pub n: u32,
    /// Hub ids.
    pub cities: Vec<String>,
    /// Time limits, minutes.
    pub minutes: Vec<f64>,
}

/// The id of the one definition `network_effect` makes.
pub const DEFAULT_DEFINITION: &str = "default";

/// The most network-effect definitions a run may have: each adds its
/// counts to every measure and a block to every output.
pub const MAX_DEFINITIONS: usize = 16;

/// The generalised journey time of the `gjt` measure: the door-to-door
/// journey with its terms weighted, in minutes of in-vehicle time (see
/// `scenarios/README.md` for the guidance these defaults follow).
#[derive(Clone, Debug, PartialEq)]
pub struct Gjt {
    /// Weight of waiting (the time between arriving at the city's centre
    /// and the deadline): 2.
    pub wait_weight: f64,
    /// Weight of the access and egress legs (walk or feeder) and of walks
    /// between stations with no train: 2.
    pub access_weight: f64,
    /// Minutes added per interchange (a journey of `k` trains has `k − 1`):
    /// 10, as effective density's.
    pub interchange_penalty_min: f64,
}

impl Default for Gjt {
    fn default() -> Self {
        Gjt { wait_weight: 2.0, access_weight: 2.0, interchange_penalty_min: 10.0 }
    }
}

impl Gjt {
    /// Each weight between 0 and 10, the penalty between 0 and 600 minutes:
    /// every weight out of range, each naming its setting.
    pub fn check(&self) -> Vec<SettingError> {
        [
            ("wait_weight", self.wait_weight, 10.0),
            ("access_weight", self.access_weight, 10.0),
            ("interchange_penalty_min", self.interchange_penalty_min, 600.0),
        ]
        .into_iter()
        .filter(|&(_, v, max)| !(v.is_finite() && (0.0..=max).contains(&v)))
        .map(|(name, v, max)| {
            SettingError::new(
                format!("gjt.{name}"),
                format!("gjt.{name} must be between 0 and {max}, not {v}"),
            )
        })
        .collect()
    }
}

/// How a zone-to-city time is measured for catchments and the network effect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Measure {
    /// Door to door: the access leg from the zone's centroid to a station,
    /// waiting, the train, and the egress from the city's station to its
    /// centre.
    #[default]
    DoorToDoor,
    /// The promoters' convention, station to station: a zone counts at its
    /// stations within `station_radius_km` of its centroid (or, with none,
    /// at its nearest station) with no access time, a city is reached at
    /// any of its stations with no egress, and the time is the train
    /// journey, with the same window and percentile as door to door.
    Station,
    /// Generalised journey time: door to door with the access and egress
    /// legs and waiting weighted and a penalty per interchange
    /// ([`Gjt`]); for each deadline the journey of least generalised time,
    /// then the same percentile over the window.
    Gjt,
}

impl Measure {
    /// Every measure, in the order outputs list them.
    pub const ALL: [Measure; 3] = [Measure::DoorToDoor, Measure::Station, Measure::Gjt];

    /// The name settings, JSON and CSV use: `door-to-door`, `station`, `gjt`.
    pub fn id(self) -> &'static str {
        match self {
            Measure::DoorToDoor => "door-to-door",
            Measure::Station => "station",
            Measure::Gjt => "gjt",
        }
    }

    /// The measure named `id` (see [`Measure::id`]).
    pub fn from_id(id: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.id() == id)
    }

    /// The terms of a journey it counts.
    pub fn terms(self) -> Terms {
        match self {
            Measure::DoorToDoor | Measure::Gjt => Terms { access: true, waiting: true, egress: true },
            Measure::Station => Terms { access: false, waiting: true, egress: false },
        }
    }
}

/// Which terms of a zone-to-city journey a time counts. The train ride
/// (in-vehicle time and changes) always counts.
///
/// - `access`: the leg from the zone's centroid to its station (off: the
///   same stations at no time; the station measure's stations are always
///   at no time);
/// - `waiting`: the time between the chosen arrival and the deadline, so
///   the percentile over the window (off: the best time of the window,
///   percentile 0, which is the fastest journey arriving in it);
/// - `egress`: the leg from the city's station to its centre (off: any of
///   the city's stations, at no time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Terms {
    /// The access leg counts.
    pub access: bool,
    /// Waiting (the percentile over the window) counts.
    pub waiting: bool,
    /// The egress leg counts.
    pub egress: bool,
}

/// A sector's distance decay for effective density.
#[derive(Clone, Debug, PartialEq)]
pub struct Sector {
    /// Name.
    pub name: String,
    /// Decay exponent α.
    pub alpha: f64,
}

/// Effective density: `Σ_j jobs_j / gjt_ij^α` per sector.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveDensity {
    /// Minutes added to the generalised journey time per change of train: 10.
    pub interchange_penalty_min: f64,
    /// Generalised journey time within a zone, minutes: 10 (an MSOA is a few km across).
    pub intrazonal_min: f64,
    /// Sectors and their decay: the rounded values of Graham, Gibbons and
    /// Martin (2009): manufacturing 1.0, construction 1.6, consumer services
    /// 1.8, business services 1.8. Workplace counts are not split by sector,
    /// so every sector weighs the same jobs with its own decay.
    pub sectors: Vec<Sector>,
}

impl Default for EffectiveDensity {
    fn default() -> Self {
        let sector = |name: &str, alpha| Sector { name: name.to_owned(), alpha };
        EffectiveDensity {
            interchange_penalty_min: 10.0,
            intrazonal_min: 10.0,
            sectors: vec![
                sector("manufacturing", 1.0),
                sector("construction", 1.6),
                sector("consumer services", 1.8),
                sector("business services", 1.8),
            ],
        }
    }
}

/// Every parameter of the indicators. A scenario file may set any of them;
/// the rest keep these defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Access and egress legs.
    pub access: AccessSettings,
    /// Commuters arrive by this time: "09:00".
    pub arrive_by: Time,
    /// ... at each minute of the window of this many minutes before it: 60.
    pub arrival_window_min: u32,
    /// Departure window for zone-to-zone indicators: ["07:00", "09:00"].
    pub depart_window: [Time; 2],
    /// Percentile of travel times over a window: 50 (the median).
    pub percentile: f64,
    /// Catchment thresholds, minutes: 30, 45, 60, 90, 120.
    pub thresholds_min: Vec<f64>,
    /// The network-effect indicator.
    pub network_effect: NetworkEffect,
    /// Several network-effect definitions, each computed for every
    /// measure: none (the default) means the one of `network_effect`, with
    /// id `default`; given, `network_effect` must keep its default and is
    /// not used.
    pub network_effects: Vec<NetworkEffectDefinition>,
    /// Thresholds for jobs within reach, minutes: 30, 60.
    pub jobs_minutes: Vec<f64>,
    /// Effective density.
    pub effective_density: EffectiveDensity,
    /// Window over which hub-to-hub fastest journeys are sought: ["06:00", "22:00"].
    pub hub_times_window: [Time; 2],
    /// How catchments and the network effect measure a zone-to-city time:
    /// `door-to-door` (the default: what a commuter lives through) or
    /// `station` (the promoters' convention, station to station) or `gjt`
    /// (generalised journey time, weighted by `gjt`).
    pub measure: Measure,
    /// Weights of the generalised journey time (the `gjt` measure).
    pub gjt: Gjt,
    /// Under the station measure, a zone counts at the stations within this
    /// distance of its centroid (straight line), or at its nearest station
    /// when none is: 2 km, about a 30-minute walk at the detour and speed
    /// of the access legs, the distance within which a station is "local".
    pub station_radius_km: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            access: AccessSettings::default(),
            arrive_by: Time::hms(9, 0, 0),
            arrival_window_min: 60,
            depart_window: [Time::hms(7, 0, 0), Time::hms(9, 0, 0)],
            percentile: 50.0,
            thresholds_min: vec![30.0, 45.0, 60.0, 90.0, 120.0],
            network_effect: NetworkEffect::default(),
            network_effects: Vec::new(),
            jobs_minutes: vec![30.0, 60.0],
            effective_density: EffectiveDensity::default(),
            hub_times_window: [Time::hms(6, 0, 0), Time::hms(22, 0, 0)],
            measure: Measure::DoorToDoor,
            gjt: Gjt::default(),
            station_radius_km: 2.0,
        }
    }
}

/// A time as settings write it: `HH:MM`, or `HH:MM:SS` when it has seconds.
pub fn clock(t: Time) -> String {
    if t.secs().is_multiple_of(60) { t.hhmm() } else { t.to_string() }
}

/// The most thresholds any list of minutes may hold (`thresholds_min`,
/// `jobs_minutes`, `network_effect.minutes`): each adds a pass over every
/// zone and a column to every output.
pub const MAX_THRESHOLDS: usize = 16;

/// The most network-effect cities (each a hub; a hubs file holds at most
/// 100).
pub const MAX_CITIES: usize = 100;

/// Settings checked, with the deadlines and windows the queries use.
#[derive(Clone, Debug, PartialEq)]
pub struct Windows {
    /// Arrival deadlines, a minute apart, ending at `arrive_by`.
    pub deadlines: Vec<Time>,
    /// Departure window `[from, to)`.
    pub depart: (Time, Time),
    /// Hub-to-hub window `[from, to)`.
    pub hub_times: (Time, Time),
}

/// One setting out of range.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SettingError {
    /// The setting at fault, as a path in the settings object:
    /// `percentile`, `thresholds_min[2]`, `access.detour`.
    pub setting: String,
    /// What is wrong; it names the setting.
    pub message: String,
}

impl SettingError {
    /// The problem `message` with `setting`.
    pub fn new(setting: impl Into<String>, message: String) -> SettingError {
        SettingError { setting: setting.into(), message }
    }
}

/// Every setting out of range (at least one); shown as the first, with
/// how many more there are.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{}", .problems[0], more(.problems.len()))]
pub struct SettingsError {
    /// Each setting out of range, in the order of [`Settings`]' fields.
    pub problems: Vec<SettingError>,
}

impl SettingsError {
    fn from_problems(problems: Vec<SettingError>) -> Result<(), SettingsError> {
        if problems.is_empty() { Ok(()) } else { Err(SettingsError { problems }) }
    }
}

fn more(n: usize) -> String {
    match n {
        0 | 1 => String::new(),
        2 => " (and 1 more problem)".to_owned(),
        _ => format!(" (and {} more problems)", n - 1),
    }
}

/// Checks the cities and `n` of a network-effect definition at `name`.
fn check_effect(name: &str, n: u32, cities: &[String], problems: &mut Vec<SettingError>) {
    if cities.len() > MAX_CITIES {
        problems.push(SettingError::new(
            format!("{name}.cities"),
            format!("{name}.cities: more than {MAX_CITIES} cities, the limit"),
        ));
    } else {
        for j in (1..cities.len()).filter(|&j| cities[..j].contains(&cities[j])) {
            problems.push(SettingError::new(
                format!("{name}.cities[{j}]"),
                format!("{name}.cities[{j}]: hub {:?} is listed twice", cities[j]),
            ));
        }
    }
    if n == 0 || n as usize > cities.len() {
        problems.push(SettingError::new(
            format!("{name}.n"),
            format!("{name}.n must be between 1 and the {} cities, not {n}", cities.len()),
        ));
    }
}

impl Settings {
    /// The network-effect definitions of a run, in the order outputs list
    /// them: `network_effects`, or when none is given the one of
    /// `network_effect`, with id [`DEFAULT_DEFINITION`].
    pub fn definitions(&self) -> Vec<NetworkEffectDefinition> {
        if self.network_effects.is_empty() {
            let ne = &self.network_effect;
            vec![NetworkEffectDefinition {
                id: DEFAULT_DEFINITION.to_owned(),
                name: "Network effect".to_owned(),
                n: ne.n,
                cities: ne.cities.clone(),
                minutes: ne.minutes.clone(),
            }]
        } else {
            self.network_effects.clone()
        }
    }

    /// Whether outputs name each network-effect entry's definition: when
    /// `network_effects` is given (otherwise the one definition is
    /// `network_effect`'s, and outputs are as they were before there
    /// could be several).
    pub fn names_definitions(&self) -> bool {
        !self.network_effects.is_empty()
    }

    /// The `network_effects` list's problems: its length, ids (non-empty,
    /// distinct), each definition's minutes, cities and `n`, and
    /// `network_effect` left at its default.
    fn check_definitions(&self, minutes: impl Fn(&str, &[f64]) -> Vec<SettingError>) -> Vec<SettingError> {
        let mut problems = Vec::new();
        let defs = &self.network_effects;
        if defs.len() > MAX_DEFINITIONS {
            problems.push(SettingError::new(
                "network_effects",
                format!("network_effects: more than {MAX_DEFINITIONS} definitions, the limit"),
            ));
            return problems;
        }
        if self.network_effect != NetworkEffect::default() {
            problems.push(SettingError::new(
                "network_effect",
                "network_effect: give network_effect or network_effects, not both".to_owned(),
            ));
        }
        for (k, d) in defs.iter().enumerate() {
            let name = format!("network_effects[{k}]");
            let id_ok = !d.id.is_empty()
                && d.id.len() <= 64
                && d.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !id_ok {
                problems.push(SettingError::new(
                    format!("{name}.id"),
                    format!(
                        "{name}.id: {:?} is not an id (1 to 64 letters, digits, '-' or '_')",
                        d.id.chars().take(80).collect::<String>()
                    ),
                ));
            } else if defs[..k].iter().any(|e| e.id == d.id) {
                problems.push(SettingError::new(
                    format!("{name}.id"),
                    format!("{name}.id: definition {:?} is listed twice", d.id),
                ));
            }
            problems.extend(minutes(&format!("{name}.minutes"), &d.minutes));
            check_effect(&name, d.n, &d.cities, &mut problems);
        }
        problems
    }

    /// Checks every value; the error names each setting out of range.
    pub fn check(&self) -> Result<Windows, SettingsError> {
        let mut problems = Vec::new();
        let mut access = Vec::new();
        self.access.check_into(&mut access);
        problems.extend(
            access.into_iter().map(|e| {
                SettingError::new(format!("access.{}", e.setting), format!("access: {}", e.message))
            }),
        );
        let window = |name: &str, w: &[Time; 2]| -> Result<(Time, Time), SettingError> {
            let (a, b) = (w[0], w[1]);
            if b <= a {
                return Err(SettingError::new(
                    name,
                    format!("{name}: {} is not after {}", clock(b), clock(a)),
                ));
            }
            if b.secs() - a.secs() > 24 * 3600 {
                return Err(SettingError::new(name, format!("{name}: longer than 24 hours")));
            }
            Ok((a, b))
        };
        let arrive_by = self.arrive_by;
        let arrival_ok =
            self.arrival_window_min <= 24 * 60 && self.arrival_window_min * 60 <= arrive_by.secs();
        if !arrival_ok {
            problems.push(SettingError::new(
                "arrival_window_min",
                format!("arrival_window_min: {} minutes is out of range", self.arrival_window_min),
            ));
        }
        if !(0.0..=100.0).contains(&self.percentile) {
            problems.push(SettingError::new(
                "percentile",
                format!("percentile must be between 0 and 100, not {}", self.percentile),
            ));
        }
        let minutes = |name: &str, v: &[f64]| -> Vec<SettingError> {
            let mut out = Vec::new();
            if v.len() > MAX_THRESHOLDS {
                out.push(SettingError::new(
                    name,
                    format!("{name}: more than {MAX_THRESHOLDS} thresholds, the limit"),
                ));
                return out;
            }
            for j in (1..v.len()).filter(|&j| v[..j].contains(&v[j])) {
                out.push(SettingError::new(
                    format!("{name}[{j}]"),
                    format!("{name}[{j}]: {} minutes is listed twice", v[j]),
                ));
            }
            for (j, m) in
                v.iter().enumerate().filter(|(_, m)| !(m.is_finite() && **m > 0.0 && **m <= 24.0 * 60.0))
            {
                out.push(SettingError::new(
                    format!("{name}[{j}]"),
                    format!("{name}: {m} is not a number of minutes between 0 and 1440"),
                ));
            }
            if v.is_empty() {
                out.push(SettingError::new(name, format!("{name}: give at least one")));
            }
            out
        };
        problems.extend(minutes("thresholds_min", &self.thresholds_min));
        problems.extend(minutes("jobs_minutes", &self.jobs_minutes));
        if self.network_effects.is_empty() {
            let ne = &self.network_effect;
            problems.extend(minutes("network_effect.minutes", &ne.minutes));
            check_effect("network_effect", ne.n, &ne.cities, &mut problems);
        } else {
            problems.extend(self.check_definitions(minutes));
        }
        let ed = &self.effective_density;
        for (name, v) in
            [("interchange_penalty_min", ed.interchange_penalty_min), ("intrazonal_min", ed.intrazonal_min)]
        {
            if !(v.is_finite() && (0.0..=600.0).contains(&v)) {
                problems.push(SettingError::new(
                    format!("effective_density.{name}"),
                    format!("effective_density.{name} must be between 0 and 600, not {v}"),
                ));
            }
        }
        for (k, s) in ed.sectors.iter().enumerate() {
            if !(s.alpha.is_finite() && s.alpha > 0.0 && s.alpha <= 10.0) {
                problems.push(SettingError::new(
                    format!("effective_density.sectors[{k}].alpha"),
                    format!("effective_density: sector {:?} has alpha {}, not in (0, 10]", s.name, s.alpha),
                ));
            }
        }
        problems.extend(self.gjt.check());
        if !(self.station_radius_km.is_finite()
            && self.station_radius_km > 0.0
            && self.station_radius_km <= 50.0)
        {
            problems.push(SettingError::new(
                "station_radius_km",
                format!("station_radius_km must be in (0, 50] km, not {}", self.station_radius_km),
            ));
        }
        let depart = window("depart_window", &self.depart_window);
        let hub_times = window("hub_times_window", &self.hub_times_window);
        let (depart, hub_times) = match (depart, hub_times) {
            (Ok(d), Ok(h)) if problems.is_empty() => (d, h),
            (d, h) => {
                problems.extend(d.err());
                problems.extend(h.err());
                return Err(SettingsError { problems });
            }
        };
        let first = arrive_by.secs() - self.arrival_window_min * 60;
        Ok(Windows {
            deadlines: (0..=self.arrival_window_min).map(|k| Time(first + k * 60)).collect(),
            depart,
            hub_times,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check` bounds the values and gives the deadlines and windows.
    #[test]
    fn check_gives_the_windows_or_every_problem() {
        let w = Settings::default().check().unwrap();
        assert_eq!(w.deadlines.len(), 61);
        assert_eq!((w.deadlines[0], w.deadlines[60]), (Time::hms(8, 0, 0), Time::hms(9, 0, 0)));
        assert_eq!(w.depart, (Time::hms(7, 0, 0), Time::hms(9, 0, 0)));
        let bad = Settings {
            hub_times_window: [Time::hms(9, 0, 0), Time::hms(8, 0, 0)],
            percentile: -1.0,
            ..Settings::default()
        };
        let e = bad.check().unwrap_err();
        let named: Vec<&str> = e.problems.iter().map(|p| p.setting.as_str()).collect();
        assert_eq!(named, ["percentile", "hub_times_window"]);
        assert_eq!(e.to_string(), "percentile must be between 0 and 100, not -1 (and 1 more problem)");
    }
}
