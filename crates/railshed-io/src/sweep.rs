//! The scenario sweep format (`railshed-sweep/1`).
//!
//! Documented for users in `scenarios/README.md` ("Sweeps"). A sweep names
//! a scenario (a file relative to the sweep file, or a shipped scenario),
//! optional settings over the scenario's, and parameters: each a place in
//! the scenario's own modifications (its position and a field) with the
//! values it takes. The variants are the grid of those values (the first
//! parameter varying slowest), or an explicit `list`. Everything is checked
//! here except what needs the scenario: whether each parameter's
//! modification exists and has its field (see the `railshed` crate).

use std::path::Path;

use railshed_scenario::settings::Settings;
use railshed_scenario::sweep::{Field, MAX_VARIANTS, Parameter, Sweep, Value, grid, grid_size};
use serde::Deserialize;

use crate::Error;
use crate::network::from_json;

/// The format string of sweep files.
pub const SWEEP_FORMAT: &str = "railshed-sweep/1";

/// The most values a range may give (as many as a sweep may have variants).
const MAX_RANGE: usize = MAX_VARIANTS;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepJson {
    format: String,
    name: String,
    #[serde(default)]
    description: String,
    scenario: String,
    #[serde(default)]
    settings: Option<serde_json::Value>,
    parameters: Vec<ParameterJson>,
    #[serde(default)]
    list: Option<Vec<serde_json::Map<String, serde_json::Value>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParameterJson {
    name: String,
    modification: usize,
    field: String,
    #[serde(default)]
    values: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    range: Option<RangeJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeJson {
    from: f64,
    to: f64,
    step: f64,
}

/// A sweep file, read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepFile {
    /// The file, as named.
    pub file: String,
    /// Name for people.
    pub name: String,
    /// What it is.
    pub description: String,
    /// The scenario as written (a path relative to the sweep file, or the
    /// name of a shipped scenario).
    pub scenario: String,
    /// The scenario's path relative to the working folder (`scenario`
    /// taken relative to the sweep file's folder).
    pub scenario_path: String,
    /// Settings over the scenario's, as written.
    pub settings: Option<serde_json::Value>,
    /// The parameters and the variants.
    pub sweep: Sweep,
}

/// Names a parameter's results column may not take.
const RESERVED: &[&str] = &["variant", "trips", "catchment", "network_effect", "jobs_within"];

/// Reads the sweep in `text`, the contents of `file`.
pub fn parse(file: &str, text: &str) -> Result<SweepFile, Error> {
    let json: SweepJson = from_json(file, text)?;
    let bad = |at: String, message: String| Error::invalid(file, at, "", message);
    crate::network::check_format(file, &json.format, SWEEP_FORMAT)?;
    if json.parameters.is_empty() {
        return Err(bad("$.parameters".into(), "no parameters: a sweep varies at least one".into()));
    }
    let mut parameters: Vec<Parameter> = Vec::new();
    let mut values: Vec<Vec<Value>> = Vec::new();
    for (i, p) in json.parameters.iter().enumerate() {
        let at = |what: &str| format!("$.parameters[{i}]{what}");
        let name_ok = !p.name.is_empty()
            && p.name.len() <= 64
            && p.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && !RESERVED.iter().any(|r| p.name.starts_with(r));
        if !name_ok {
            return Err(bad(
                at(".name"),
                format!(
                    "{:?}: a parameter's name is its column: 1 to 64 of a-z, 0-9 and _, not starting with {}",
                    crate::elide(&p.name, 40),
                    RESERVED.join(", ")
                ),
            ));
        }
        if parameters.iter().any(|q| q.name == p.name) {
            return Err(bad(at(".name"), format!("parameter {:?} named twice", p.name)));
        }
        let Some(field) = Field::from_id(&p.field) else {
            let known: Vec<&str> = Field::ALL.iter().map(|f| f.id()).collect();
            return Err(bad(
                at(".field"),
                format!("unknown field {:?} (known: {})", crate::elide(&p.field, 40), known.join(", ")),
            ));
        };
        if let Some(q) = parameters.iter().find(|q| q.modification == p.modification && q.field == field) {
            return Err(bad(
                at(""),
                format!(
                    "field {} of modification {} is parameter {:?} already",
                    field.id(),
                    p.modification,
                    q.name
                ),
            ));
        }
        let taken = match (&p.values, &p.range, &json.list) {
            (Some(_), _, Some(_)) | (_, Some(_), Some(_)) => {
                return Err(bad(
                    at(""),
                    "with a list of variants, parameters take no values or range".into(),
                ));
            }
            (None, None, Some(_)) => Vec::new(),
            (Some(_), Some(_), None) => {
                return Err(bad(at(""), "give either values or range, not both".into()));
            }
            (None, None, None) => {
                return Err(bad(at(""), "give its values, or a range {from, to, step}".into()));
            }
            (Some(vs), None, None) => {
                if vs.is_empty() {
                    return Err(bad(at(".values"), "no values".into()));
                }
                if vs.len() > MAX_RANGE {
                    return Err(bad(at(".values"), format!("more than {MAX_RANGE} values, the limit")));
                }
                let mut out = Vec::with_capacity(vs.len());
                for (j, v) in vs.iter().enumerate() {
                    let v = value(field, v).ok_or_else(|| {
                        bad(
                            at(&format!(".values[{j}]")),
                            format!("{}: {} takes {}", show(v), field.id(), field.takes()),
                        )
                    })?;
                    if out.contains(&v) {
                        return Err(bad(at(&format!(".values[{j}]")), format!("{v} given twice")));
                    }
                    out.push(v);
                }
                out
            }
            (None, Some(r), None) => range(field, r).map_err(|m| bad(at(".range"), m))?,
        };
        parameters.push(Parameter { name: p.name.clone(), modification: p.modification, field });
        values.push(taken);
    }
    let variants = match &json.list {
        None => {
            let counts: Vec<usize> = values.iter().map(Vec::len).collect();
            if grid_size(&counts).is_none() {
                return Err(bad(
                    "$.parameters".into(),
                    format!(
                        "the grid of {} values has more than {} variants, the limit",
                        counts.iter().map(usize::to_string).collect::<Vec<_>>().join(" × "),
                        crate::elide(&railshed_core::limits::thousands(MAX_VARIANTS), 20)
                    ),
                ));
            }
            grid(&values)
        }
        Some(list) => {
            if list.is_empty() {
                return Err(bad("$.list".into(), "no variants".into()));
            }
            if list.len() > MAX_VARIANTS {
                return Err(bad(
                    "$.list".into(),
                    format!(
                        "more than {} variants, the limit",
                        railshed_core::limits::thousands(MAX_VARIANTS)
                    ),
                ));
            }
            let mut out = Vec::with_capacity(list.len());
            for (k, entry) in list.iter().enumerate() {
                if let Some(key) = entry.keys().find(|key| !parameters.iter().any(|p| &p.name == *key)) {
                    return Err(bad(
                        format!("$.list[{k}].{}", crate::elide(key, 40)),
                        "not a parameter of this sweep".into(),
                    ));
                }
                let mut row = Vec::with_capacity(parameters.len());
                for p in &parameters {
                    let at = format!("$.list[{k}].{}", p.name);
                    let v = entry.get(&p.name).ok_or_else(|| bad(at.clone(), "missing".into()))?;
                    row.push(value(p.field, v).ok_or_else(|| {
                        bad(at, format!("{}: {} takes {}", show(v), p.field.id(), p.field.takes()))
                    })?);
                }
                out.push(row);
            }
            out
        }
    };
    let scenario_path = crate::scenario::relative(Path::new(file), &json.scenario).display().to_string();
    Ok(SweepFile {
        file: file.to_owned(),
        name: json.name,
        description: json.description,
        scenario: json.scenario,
        scenario_path,
        settings: json.settings,
        sweep: Sweep { parameters, variants },
    })
}

/// A JSON value, short, for messages.
fn show(v: &serde_json::Value) -> String {
    crate::elide(&v.to_string(), 40).into_owned()
}

/// `v` as a value of `field`, if it is one.
fn value(field: Field, v: &serde_json::Value) -> Option<Value> {
    let v = match v {
        serde_json::Value::Bool(b) => Value::Enabled(*b),
        serde_json::Value::Number(n) => Value::Number(n.as_f64()?),
        _ => return None,
    };
    field.accepts(v).then_some(v)
}

/// The values of a range: `from`, `from + step`, … up to `to` (included
/// when a whole number of steps away, within a billionth of a step), each
/// rounded to nine decimals so that 0.8 + 0.1 is 0.9.
fn range(field: Field, r: &RangeJson) -> Result<Vec<Value>, String> {
    if field == Field::Enabled {
        return Err("enabled takes values [true, false], not a range".into());
    }
    if !(r.from.is_finite() && r.to.is_finite() && r.step.is_finite() && r.step > 0.0 && r.from <= r.to) {
        return Err(format!("from {} to {} by {}: give from ≤ to and a step above 0", r.from, r.to, r.step));
    }
    let steps = ((r.to - r.from) / r.step + 1e-9).floor();
    if steps >= MAX_RANGE as f64 {
        return Err(format!("more than {MAX_RANGE} values, the limit"));
    }
    let mut out = Vec::new();
    for k in 0..=(steps as usize) {
        let x = ((r.from + k as f64 * r.step) * 1e9).round() / 1e9;
        let v = Value::Number(x);
        if !field.accepts(v) {
            return Err(format!("{x}: {} takes {}", field.id(), field.takes()));
        }
        out.push(v);
    }
    Ok(out)
}

/// The scenario's settings with the sweep's on top (merged key by key, as
/// a scenario's over its parent's), checked.
pub fn settings(sweep: &SweepFile, base: &Settings) -> Result<Settings, Error> {
    let Some(top) = &sweep.settings else { return Ok(base.clone()) };
    let mut merged = crate::settings::to_json(base);
    crate::scenario::merge(&mut merged, top);
    let json: crate::settings::SettingsJson = serde_path_to_error::deserialize(merged).map_err(|e| {
        Error::invalid(&sweep.file, format!("$.settings.{}", e.path()), "", e.inner().to_string())
    })?;
    let settings = json.to_settings().map_err(|e| {
        let p = e.problems.into_iter().next().expect("an error has a problem");
        Error::invalid(&sweep.file, format!("$.settings.{}", p.setting), "", p.message)
    })?;
    if let Err(e) = settings.check()
        && let Some(p) = e.problems.into_iter().next()
    {
        return Err(Error::invalid(&sweep.file, format!("$.settings.{}", p.setting), "", p.message));
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sweep(body: &str) -> Result<SweepFile, String> {
        let text = format!(r#"{{"format": "railshed-sweep/1", "name": "s", "scenario": "x.json", {body}}}"#);
        parse("dir/s.json", &text).map_err(|e| e.to_string())
    }

    #[test]
    fn a_grid_of_values_and_a_range() {
        let s = sweep(
            r#""parameters": [
                {"name": "tph", "modification": 1, "field": "tph", "values": [2, 4]},
                {"name": "speed", "modification": 0, "field": "factor", "range": {"from": 0.8, "to": 1.0, "step": 0.1}}
            ]"#,
        )
        .unwrap();
        assert_eq!(s.scenario_path, "dir/x.json");
        let v = &s.sweep.variants;
        assert_eq!(v.len(), 6);
        let n = Value::Number;
        assert_eq!(v[0], [n(2.0), n(0.8)]);
        assert_eq!(v[1], [n(2.0), n(0.9)]);
        assert_eq!(v[2], [n(2.0), n(1.0)]);
        assert_eq!(v[5], [n(4.0), n(1.0)]);
    }

    #[test]
    fn a_list_of_variants() {
        let s = sweep(
            r#""parameters": [{"name": "on", "modification": 0, "field": "enabled"},
                              {"name": "tph", "modification": 1, "field": "tph"}],
               "list": [{"on": true, "tph": 3}, {"tph": 5, "on": false}]"#,
        )
        .unwrap();
        assert_eq!(
            s.sweep.variants,
            [vec![Value::Enabled(true), Value::Number(3.0)], vec![Value::Enabled(false), Value::Number(5.0)]]
        );
    }

    #[test]
    fn bad_sweeps_are_refused_naming_file_and_place() {
        let p = |rest: &str| format!(r#""parameters": [{{"name": "a", "modification": 0, {rest}}}]"#);
        for (body, expect) in [
            (p(r#""field": "tph", "values": [2], "colour": 1"#), "dir/s.json: 1:"),
            (p(r#""field": "speed", "values": [2]"#), "dir/s.json: $.parameters[0].field: unknown field \"speed\""),
            (p(r#""field": "tph", "values": [0]"#), "$.parameters[0].values[0]: 0: tph takes a number"),
            (p(r#""field": "tph", "values": [61]"#), "$.parameters[0].values[0]: 61: tph takes"),
            (p(r#""field": "enabled", "values": [1]"#), "$.parameters[0].values[0]: 1: enabled takes true or false"),
            (p(r#""field": "factor", "values": []"#), "$.parameters[0].values: no values"),
            (p(r#""field": "factor", "values": [0.9, 0.9]"#), "$.parameters[0].values[1]: 0.9 given twice"),
            (p(r#""field": "factor""#), "$.parameters[0]: give its values, or a range"),
            (p(r#""field": "factor", "range": {"from": 1, "to": 0.5, "step": 0.1}"#), "$.parameters[0].range: from 1 to 0.5"),
            (p(r#""field": "factor", "range": {"from": 0.5, "to": 20, "step": 0.5}"#), "$.parameters[0].range: 10.5: factor takes"),
            (p(r#""field": "tph", "range": {"from": 1, "to": 60, "step": 0.0000001}"#), "more than 100000 values"),
            (
                r#""parameters": [{"name": "a", "modification": 0, "field": "tph", "range": {"from": 1, "to": 60, "step": 0.1}},
                                  {"name": "b", "modification": 1, "field": "factor", "range": {"from": 0.1, "to": 10, "step": 0.01}}]"#.into(),
                "$.parameters: the grid of 591 × 991 values has more than 100,000 variants, the limit",
            ),
            (r#""parameters": []"#.into(), "$.parameters: no parameters"),
            (p(r#""name": "b", "field": "tph", "values": [2]"#), "duplicate field `name`"),
            (
                r#""parameters": [{"name": "Trains", "modification": 0, "field": "tph", "values": [2]}]"#.into(),
                "$.parameters[0].name: \"Trains\"",
            ),
            (
                r#""parameters": [{"name": "a", "modification": 0, "field": "tph", "values": [2]},
                                  {"name": "b", "modification": 0, "field": "tph", "values": [3]}]"#.into(),
                "$.parameters[1]: field tph of modification 0 is parameter \"a\" already",
            ),
            (
                r#""parameters": [{"name": "a", "modification": 0, "field": "tph"}], "list": [{"a": 2, "b": 1}]"#.into(),
                "$.list[0].b: not a parameter of this sweep",
            ),
            (
                r#""parameters": [{"name": "a", "modification": 0, "field": "tph"}], "list": [{}]"#.into(),
                "$.list[0].a: missing",
            ),
            (
                r#""parameters": [{"name": "a", "modification": 0, "field": "tph", "values": [2]}], "list": [{"a": 2}]"#.into(),
                "$.parameters[0]: with a list of variants, parameters take no values or range",
            ),
        ] {
            let got = sweep(&body).unwrap_err();
            assert!(got.contains(expect), "{body}: {got:?} lacks {expect:?}");
            assert!(got.starts_with("dir/s.json: "), "{got}");
            assert_eq!(got.lines().count(), 1);
        }
        let got = parse(
            "s.json",
            r#"{"format": "railshed-sweep/2", "name": "s", "scenario": "x", "parameters": []}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(got.starts_with("s.json: $.format: unknown format"), "{got}");
    }

    #[test]
    fn settings_go_over_the_scenarios_and_are_checked() {
        let s = sweep(r#""settings": {"thresholds_min": [30, 60]}, "parameters": [{"name": "a", "modification": 0, "field": "tph", "values": [2]}]"#)
            .unwrap();
        let merged = settings(&s, &Settings::default()).unwrap();
        assert_eq!(merged.thresholds_min, [30.0, 60.0]);
        assert_eq!(merged.percentile, Settings::default().percentile);
        let s = sweep(r#""settings": {"percentile": 150}, "parameters": [{"name": "a", "modification": 0, "field": "tph", "values": [2]}]"#)
            .unwrap();
        let got = settings(&s, &Settings::default()).unwrap_err().to_string();
        assert!(got.starts_with("dir/s.json: $.settings.percentile"), "{got}");
    }
}
