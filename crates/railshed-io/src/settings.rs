//! The `settings` object of scenario files, and of every output that
//! prints the settings (the result JSON, shard manifests).
//!
//! [`SettingsJson`] is the serde shape: times and windows as text
//! (`"09:00"`, `["07:00", "09:00"]`), the measure by its id. The domain type
//! is [`railshed_scenario::settings::Settings`], whose times are parsed
//! [`Time`]s: [`SettingsJson::to_settings`] parses them (a time that does
//! not parse is a [`SettingError`] naming its setting) and
//! [`SettingsJson::from`] writes them back as `HH:MM` (`HH:MM:SS` when they
//! have seconds). The defaults are the domain type's.

use railshed_core::Time;
use railshed_scenario::settings::{
    AccessSettings, EffectiveDensity, Gjt, Measure, NetworkEffect, NetworkEffectDefinition, Sector,
    SettingError, Settings, SettingsError, clock,
};
use serde::{Deserialize, Serialize};

/// Every parameter of the indicators, as a scenario file writes it (see
/// [`Settings`] for each field's meaning and default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SettingsJson {
    /// Access and egress legs.
    pub access: AccessJson,
    /// `HH:MM` or `HH:MM:SS`.
    pub arrive_by: String,
    /// Minutes.
    pub arrival_window_min: u32,
    /// Two times.
    pub depart_window: [String; 2],
    /// 0 to 100.
    pub percentile: f64,
    /// Minutes.
    pub thresholds_min: Vec<f64>,
    /// The network-effect indicator.
    pub network_effect: NetworkEffectJson,
    /// Several network-effect definitions (none: the one of `network_effect`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub network_effects: Vec<NetworkEffectDefinitionJson>,
    /// Minutes.
    pub jobs_minutes: Vec<f64>,
    /// Effective density.
    pub effective_density: EffectiveDensityJson,
    /// Two times.
    pub hub_times_window: [String; 2],
    /// `door-to-door`, `station` or `gjt`.
    pub measure: MeasureJson,
    /// Weights of the generalised journey time.
    pub gjt: GjtJson,
    /// Kilometres.
    pub station_radius_km: f64,
}

/// [`AccessSettings`] as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[allow(missing_docs)]
pub struct AccessJson {
    pub detour: f64,
    pub walk_kmh: f64,
    pub walk_max_min: f64,
    pub feeder_kmh: f64,
    pub feeder_penalty_min: f64,
    pub max_min: f64,
}

/// [`NetworkEffect`] as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[allow(missing_docs)]
pub struct NetworkEffectJson {
    pub n: u32,
    pub cities: Vec<String>,
    pub minutes: Vec<f64>,
}

/// [`NetworkEffectDefinition`] as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct NetworkEffectDefinitionJson {
    pub id: String,
    pub name: String,
    pub n: u32,
    pub cities: Vec<String>,
    pub minutes: Vec<f64>,
}

impl From<&NetworkEffectDefinition> for NetworkEffectDefinitionJson {
    fn from(d: &NetworkEffectDefinition) -> Self {
        NetworkEffectDefinitionJson {
            id: d.id.clone(),
            name: d.name.clone(),
            n: d.n,
            cities: d.cities.clone(),
            minutes: d.minutes.clone(),
        }
    }
}

impl From<&NetworkEffectDefinitionJson> for NetworkEffectDefinition {
    fn from(d: &NetworkEffectDefinitionJson) -> Self {
        NetworkEffectDefinition {
            id: d.id.clone(),
            name: d.name.clone(),
            n: d.n,
            cities: d.cities.clone(),
            minutes: d.minutes.clone(),
        }
    }
}

/// [`Gjt`] as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[allow(missing_docs)]
pub struct GjtJson {
    pub wait_weight: f64,
    pub access_weight: f64,
    pub interchange_penalty_min: f64,
}

/// [`Sector`] as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct SectorJson {
    pub name: String,
    pub alpha: f64,
}

/// [`EffectiveDensity`] as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[allow(missing_docs)]
pub struct EffectiveDensityJson {
    pub interchange_penalty_min: f64,
    pub intrazonal_min: f64,
    pub sectors: Vec<SectorJson>,
}

/// [`Measure`] as written: its [`Measure::id`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum MeasureJson {
    #[default]
    DoorToDoor,
    Station,
    Gjt,
}

impl From<Measure> for MeasureJson {
    fn from(m: Measure) -> Self {
        match m {
            Measure::DoorToDoor => MeasureJson::DoorToDoor,
            Measure::Station => MeasureJson::Station,
            Measure::Gjt => MeasureJson::Gjt,
        }
    }
}

impl From<MeasureJson> for Measure {
    fn from(m: MeasureJson) -> Self {
        match m {
            MeasureJson::DoorToDoor => Measure::DoorToDoor,
            MeasureJson::Station => Measure::Station,
            MeasureJson::Gjt => Measure::Gjt,
        }
    }
}

impl From<&AccessSettings> for AccessJson {
    fn from(a: &AccessSettings) -> Self {
        AccessJson {
            detour: a.detour,
            walk_kmh: a.walk_kmh,
            walk_max_min: a.walk_max_min,
            feeder_kmh: a.feeder_kmh,
            feeder_penalty_min: a.feeder_penalty_min,
            max_min: a.max_min,
        }
    }
}

impl From<&AccessJson> for AccessSettings {
    fn from(a: &AccessJson) -> Self {
        AccessSettings {
            detour: a.detour,
            walk_kmh: a.walk_kmh,
            walk_max_min: a.walk_max_min,
            feeder_kmh: a.feeder_kmh,
            feeder_penalty_min: a.feeder_penalty_min,
            max_min: a.max_min,
        }
    }
}

impl Default for AccessJson {
    fn default() -> Self {
        AccessJson::from(&AccessSettings::default())
    }
}

impl From<&NetworkEffect> for NetworkEffectJson {
    fn from(n: &NetworkEffect) -> Self {
        NetworkEffectJson { n: n.n, cities: n.cities.clone(), minutes: n.minutes.clone() }
    }
}

impl From<&NetworkEffectJson> for NetworkEffect {
    fn from(n: &NetworkEffectJson) -> Self {
        NetworkEffect { n: n.n, cities: n.cities.clone(), minutes: n.minutes.clone() }
    }
}

impl Default for NetworkEffectJson {
    fn default() -> Self {
        NetworkEffectJson::from(&NetworkEffect::default())
    }
}

impl From<&Gjt> for GjtJson {
    fn from(g: &Gjt) -> Self {
        GjtJson {
            wait_weight: g.wait_weight,
            access_weight: g.access_weight,
            interchange_penalty_min: g.interchange_penalty_min,
        }
    }
}

impl From<&GjtJson> for Gjt {
    fn from(g: &GjtJson) -> Self {
        Gjt {
            wait_weight: g.wait_weight,
            access_weight: g.access_weight,
            interchange_penalty_min: g.interchange_penalty_min,
        }
    }
}

impl Default for GjtJson {
    fn default() -> Self {
        GjtJson::from(&Gjt::default())
    }
}

impl From<&EffectiveDensity> for EffectiveDensityJson {
    fn from(e: &EffectiveDensity) -> Self {
        EffectiveDensityJson {
            interchange_penalty_min: e.interchange_penalty_min,
            intrazonal_min: e.intrazonal_min,
            sectors: e.sectors.iter().map(|s| SectorJson { name: s.name.clone(), alpha: s.alpha }).collect(),
        }
    }
}

impl From<&EffectiveDensityJson> for EffectiveDensity {
    fn from(e: &EffectiveDensityJson) -> Self {
        EffectiveDensity {
            interchange_penalty_min: e.interchange_penalty_min,
            intrazonal_min: e.intrazonal_min,
            sectors: e.sectors.iter().map(|s| Sector { name: s.name.clone(), alpha: s.alpha }).collect(),
        }
    }
}

impl Default for EffectiveDensityJson {
    fn default() -> Self {
        EffectiveDensityJson::from(&EffectiveDensity::default())
    }
}

impl From<&Settings> for SettingsJson {
    fn from(s: &Settings) -> Self {
        let window = |w: &[Time; 2]| [clock(w[0]), clock(w[1])];
        SettingsJson {
            access: AccessJson::from(&s.access),
            arrive_by: clock(s.arrive_by),
            arrival_window_min: s.arrival_window_min,
            depart_window: window(&s.depart_window),
            percentile: s.percentile,
            thresholds_min: s.thresholds_min.clone(),
            network_effect: NetworkEffectJson::from(&s.network_effect),
            network_effects: s.network_effects.iter().map(NetworkEffectDefinitionJson::from).collect(),
            jobs_minutes: s.jobs_minutes.clone(),
            effective_density: EffectiveDensityJson::from(&s.effective_density),
            hub_times_window: window(&s.hub_times_window),
            measure: s.measure.into(),
            gjt: GjtJson::from(&s.gjt),
            station_radius_km: s.station_radius_km,
        }
    }
}

impl Default for SettingsJson {
    fn default() -> Self {
        SettingsJson::from(&Settings::default())
    }
}

impl SettingsJson {
    /// The settings with their times parsed. Every time that does not parse
    /// is a problem naming its setting (`arrive_by`, `depart_window[1]`);
    /// the values are not checked here (see [`Settings::check`]).
    pub fn to_settings(&self) -> Result<Settings, SettingsError> {
        let mut problems = Vec::new();
        let mut time = |name: String, text: &str| match Time::parse(text) {
            Ok(t) => t,
            Err(e) => {
                problems.push(SettingError::new(name, e.to_string()));
                Time(0)
            }
        };
        let arrive_by = time("arrive_by".to_owned(), &self.arrive_by);
        let mut window = |name: &str, w: &[String; 2]| {
            [time(format!("{name}[0]"), &w[0]), time(format!("{name}[1]"), &w[1])]
        };
        let depart_window = window("depart_window", &self.depart_window);
        let hub_times_window = window("hub_times_window", &self.hub_times_window);
        if !problems.is_empty() {
            return Err(SettingsError { problems });
        }
        Ok(Settings {
            access: AccessSettings::from(&self.access),
            arrive_by,
            arrival_window_min: self.arrival_window_min,
            depart_window,
            percentile: self.percentile,
            thresholds_min: self.thresholds_min.clone(),
            network_effect: NetworkEffect::from(&self.network_effect),
            network_effects: self.network_effects.iter().map(NetworkEffectDefinition::from).collect(),
            jobs_minutes: self.jobs_minutes.clone(),
            effective_density: EffectiveDensity::from(&self.effective_density),
            hub_times_window,
            measure: self.measure.into(),
            gjt: Gjt::from(&self.gjt),
            station_radius_km: self.station_radius_km,
        })
    }
}

/// The settings as the result JSON and shard manifests print them.
pub fn to_json(settings: &Settings) -> serde_json::Value {
    serde_json::to_value(SettingsJson::from(settings)).expect("settings serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` read and converted, with its times parsed.
    fn read(text: &str) -> Result<Settings, String> {
        let json: SettingsJson = serde_json::from_str(text).map_err(|e| e.to_string())?;
        json.to_settings().map_err(|e| e.to_string())
    }

    /// Times are parsed once, when read, and written back as they were given.
    #[test]
    fn times_are_parsed_when_read() {
        let s = read(r#"{"arrive_by": "08:30:30", "depart_window": ["07:00", "9:15"]}"#).unwrap();
        assert_eq!(s.arrive_by, Time::hms(8, 30, 30));
        assert_eq!(s.depart_window, [Time::hms(7, 0, 0), Time::hms(9, 15, 0)]);
        let back = to_json(&s);
        assert_eq!(
            (&back["arrive_by"], &back["depart_window"]),
            (&serde_json::json!("08:30:30"), &serde_json::json!(["07:00", "09:15"]))
        );
        let json: SettingsJson =
            serde_json::from_str(r#"{"hub_times_window": ["06:00", "6pm"], "arrive_by": "25:61"}"#).unwrap();
        let bad = json.to_settings().unwrap_err();
        let named: Vec<(&str, &str)> =
            bad.problems.iter().map(|p| (p.setting.as_str(), p.message.as_str())).collect();
        assert_eq!(
            named,
            [
                ("arrive_by", r#"time "25:61" has minutes or seconds of 60 or more"#),
                ("hub_times_window[1]", r#"time "6pm" is not of the form HH:MM or HH:MM:SS"#),
            ]
        );
        let backwards =
            Settings { hub_times_window: [Time::hms(9, 0, 0), Time::hms(8, 0, 0)], ..Settings::default() };
        assert_eq!(backwards.check().unwrap_err().to_string(), "hub_times_window: 08:00 is not after 09:00");
    }

    /// The defaults are the domain type's, and they go round unchanged.
    #[test]
    fn defaults_round_trip() {
        let written = to_json(&Settings::default());
        assert_eq!(read("{}").unwrap(), Settings::default());
        assert_eq!(read(&written.to_string()).unwrap(), Settings::default());
        assert_eq!(written["hub_times_window"], serde_json::json!(["06:00", "22:00"]));
        assert_eq!(written["measure"], "door-to-door");
        assert_eq!(written["effective_density"]["sectors"][1]["alpha"], 1.6);
    }

    #[test]
    fn the_measure_is_a_checked_setting() {
        let check = |text: &str, expect: Result<Measure, &str>| {
            let got = read(text).and_then(|s| s.check().map(|_| s.measure).map_err(|e| e.to_string()));
            match (got, expect) {
                (Ok(m), Ok(e)) => assert_eq!(m, e, "{text}"),
                (Err(g), Err(e)) => assert!(g.contains(e), "{text}: {g}"),
                (got, expect) => panic!("{text}: {got:?}, expected {expect:?}"),
            }
        };
        check("{}", Ok(Measure::DoorToDoor));
        check(r#"{"measure": "door-to-door"}"#, Ok(Measure::DoorToDoor));
        check(r#"{"measure": "station"}"#, Ok(Measure::Station));
        check(r#"{"measure": "gjt"}"#, Ok(Measure::Gjt));
        check(r#"{"gjt": {"wait_weight": 2.5, "interchange_penalty_min": 5}}"#, Ok(Measure::DoorToDoor));
        check(r#"{"gjt": {"wait_weight": -1}}"#, Err("gjt.wait_weight must be between 0 and 10, not -1"));
        check(r#"{"gjt": {"access_weight": 11}}"#, Err("gjt.access_weight must be between 0 and 10, not 11"));
        check(
            r#"{"gjt": {"interchange_penalty_min": 601}}"#,
            Err("gjt.interchange_penalty_min must be between 0 and 600, not 601"),
        );
        check(r#"{"gjt": {"wait": 2}}"#, Err("unknown field `wait`"));
        check(r#"{"measure": "stations"}"#, Err("unknown variant `stations`"));
        check(r#"{"station_radius_km": 0}"#, Err("station_radius_km must be in (0, 50] km, not 0"));
        check(r#"{"station_radius_km": 80}"#, Err("station_radius_km must be in (0, 50] km, not 80"));
        for m in Measure::ALL {
            assert_eq!(serde_json::to_value(MeasureJson::from(m)).unwrap(), m.id());
            assert_eq!(Measure::from(MeasureJson::from(m)), m);
        }
    }

    /// `network_effects` gives several definitions; none means the one of
    /// `network_effect`, with id `default`, and the settings serialise as
    /// they did before the list.
    #[test]
    fn network_effect_definitions() {
        let s = Settings::default();
        assert!(!s.names_definitions());
        let d = s.definitions();
        assert_eq!(
            (d.len(), d[0].id.as_str(), d[0].n, d[0].minutes.clone()),
            (1, "default", 4, vec![60.0, 90.0])
        );
        assert!(to_json(&s).get("network_effects").is_none());
        let text = r#"{"network_effects": [
            {"id": "a", "name": "A", "n": 1, "cities": ["leeds"], "minutes": [60]},
            {"id": "b", "name": "B", "n": 2, "cities": ["leeds", "york"], "minutes": [45, 90]}]}"#;
        let s = read(text).unwrap();
        assert!(s.check().is_ok());
        assert!(s.names_definitions());
        let ids: Vec<String> = s.definitions().into_iter().map(|d| d.id).collect();
        assert_eq!(ids, ["a", "b"]);
        let back = read(&to_json(&s).to_string()).unwrap();
        assert_eq!(back, s);
        let problems = |text: &str| -> Vec<(String, String)> {
            let s = read(text).unwrap();
            s.check().unwrap_err().problems.into_iter().map(|p| (p.setting, p.message)).collect()
        };
        let def = |id: &str, n: u32, cities: &str, minutes: &str| {
            format!(r#"{{"id": "{id}", "name": "N", "n": {n}, "cities": {cities}, "minutes": {minutes}}}"#)
        };
        let list = format!(
            r#"{{"network_effects": [{}, {}, {}]}}"#,
            def("a", 1, r#"["leeds"]"#, "[60]"),
            def("a", 3, r#"["leeds", "hull"]"#, "[60, 60]"),
            def("", 1, r#"["york", "york"]"#, "[]"),
        );
        assert_eq!(
            problems(&list),
            [
                ("network_effects[1].id", "network_effects[1].id: definition \"a\" is listed twice"),
                (
                    "network_effects[1].minutes[1]",
                    "network_effects[1].minutes[1]: 60 minutes is listed twice"
                ),
                ("network_effects[1].n", "network_effects[1].n must be between 1 and the 2 cities, not 3"),
                (
                    "network_effects[2].id",
                    "network_effects[2].id: \"\" is not an id (1 to 64 letters, digits, '-' or '_')"
                ),
                ("network_effects[2].minutes", "network_effects[2].minutes: give at least one"),
                (
                    "network_effects[2].cities[1]",
                    "network_effects[2].cities[1]: hub \"york\" is listed twice"
                ),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        let both = format!(
            r#"{{"network_effect": {{"n": 2}}, "network_effects": [{}]}}"#,
            def("a", 1, r#"["leeds"]"#, "[60]")
        );
        assert_eq!(
            problems(&both),
            [(
                "network_effect".to_owned(),
                "network_effect: give network_effect or network_effects, not both".to_owned()
            )]
        );
        let many: Vec<String> = (0..=railshed_scenario::settings::MAX_DEFINITIONS)
            .map(|k| def(&format!("d{k}"), 1, r#"["leeds"]"#, "[60]"))
            .collect();
        assert_eq!(
            problems(&format!(r#"{{"network_effects": [{}]}}"#, many.join(", "))),
            [(
                "network_effects".to_owned(),
                "network_effects: more than 16 definitions, the limit".to_owned()
            )]
        );
    }

    /// Every setting out of range is reported, each naming its place.
    #[test]
    fn every_bad_setting_is_reported() {
        let check = |text: &str, expect: &[(&str, &str)]| {
            let s = read(text).unwrap();
            let got: Vec<(String, String)> = match s.check() {
                Ok(_) => Vec::new(),
                Err(e) => e.problems.into_iter().map(|p| (p.setting, p.message)).collect(),
            };
            let expect: Vec<(String, String)> =
                expect.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
            assert_eq!(got, expect, "{text}");
        };
        check("{}", &[]);
        check(
            r#"{"percentile": 175, "thresholds_min": [30, 30, -5], "access": {"detour": 0.5},
                "hub_times_window": ["10:00", "09:00"], "network_effect": {"cities": ["leeds", "leeds"], "n": 3}}"#,
            &[
                ("access.detour", "access: detour must be at least 1, not 0.5"),
                ("percentile", "percentile must be between 0 and 100, not 175"),
                ("thresholds_min[1]", "thresholds_min[1]: 30 minutes is listed twice"),
                ("thresholds_min[2]", "thresholds_min: -5 is not a number of minutes between 0 and 1440"),
                ("network_effect.cities[1]", "network_effect.cities[1]: hub \"leeds\" is listed twice"),
                ("network_effect.n", "network_effect.n must be between 1 and the 2 cities, not 3"),
                ("hub_times_window", "hub_times_window: 09:00 is not after 10:00"),
            ],
        );
        let shown =
            read(r#"{"percentile": -1, "station_radius_km": 0}"#).unwrap().check().unwrap_err().to_string();
        assert_eq!(shown, "percentile must be between 0 and 100, not -1 (and 1 more problem)");
    }
}
