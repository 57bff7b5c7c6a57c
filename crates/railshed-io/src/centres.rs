//! Centre sets: the `railshed-centre-sets/1` format (documented in
//! `networks/README.md`), named sets of hubs with the number of them a zone
//! must reach, each a network-effect definition (`compare --centre-set`).
//! `networks/centre_sets.json` is embedded ([`crate::embedded::CENTRE_SETS`]); a file in the same format may
//! replace it.

use railshed_scenario::hubs::HubDef;
use railshed_scenario::settings::{MAX_CITIES, MAX_DEFINITIONS, NetworkEffectDefinition};
use serde::Deserialize;

use crate::Error;
use crate::network::from_json;

/// The format string of centre-set files.
pub const CENTRE_SETS_FORMAT: &str = "railshed-centre-sets/1";

/// The most sets a centre-set file may hold.
pub const MAX_CENTRE_SETS: usize = 100;

/// One centre set: hubs, and how many of them a zone must reach.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CentreSet {
    /// Short id, as `--centre-set` names it.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Hub ids.
    pub hubs: Vec<String>,
    /// How many of the hubs a zone must reach (the network effect's `n`).
    pub min_count: u32,
    /// Where the list comes from.
    pub source: String,
}

impl CentreSet {
    /// The network-effect definition of this set with time limits `minutes`.
    pub fn definition(&self, minutes: &[f64]) -> NetworkEffectDefinition {
        NetworkEffectDefinition {
            id: self.id.clone(),
            name: self.name.clone(),
            n: self.min_count,
            cities: self.hubs.clone(),
            minutes: minutes.to_vec(),
        }
    }
}

/// Whether `id` is an id: 1 to 64 ASCII letters, digits, `-` or `_`.
fn is_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Reads a centre-set file, checking its structure: the format, at most
/// [`MAX_CENTRE_SETS`] sets, distinct ids, each set's hubs (at least one,
/// each once, at most [`MAX_CITIES`]) and `min_count` (between 1 and the
/// number of hubs). Hubs are checked against the hubs in use by
/// [`check_hubs`].
pub fn parse_centre_sets(file: &str, text: &str) -> Result<Vec<CentreSet>, Error> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct CentreSetsJson {
        format: String,
        #[allow(dead_code)]
        name: String,
        #[serde(default)]
        #[allow(dead_code)]
        notes: Vec<String>,
        sets: Vec<CentreSet>,
    }
    let json: CentreSetsJson = from_json(file, text)?;
    crate::network::check_format(file, &json.format, CENTRE_SETS_FORMAT)?;
    if json.sets.len() > MAX_CENTRE_SETS {
        return Err(Error::invalid(
            file,
            format!("$.sets[{MAX_CENTRE_SETS}]"),
            "",
            format!("more than {MAX_CENTRE_SETS} centre sets, the limit"),
        ));
    }
    let mut problems = Vec::new();
    let mut problem = |location: String, id: &str, message: String| {
        problems.push(crate::Problem {
            file: file.to_owned(),
            location,
            object: format!("centre set {:?}", id.chars().take(80).collect::<String>()),
            message,
        })
    };
    for (i, set) in json.sets.iter().enumerate() {
        if !is_id(&set.id) {
            problem(
                format!("$.sets[{i}].id"),
                &set.id,
                "not an id (1 to 64 letters, digits, '-' or '_')".into(),
            );
        } else if json.sets[..i].iter().any(|s| s.id == set.id) {
            problem(format!("$.sets[{i}].id"), &set.id, "duplicate centre-set id".into());
        }
        if set.hubs.is_empty() || set.hubs.len() > MAX_CITIES {
            problem(format!("$.sets[{i}].hubs"), &set.id, format!("give between 1 and {MAX_CITIES} hubs"));
        } else if let Some(j) = (1..set.hubs.len()).find(|&j| set.hubs[..j].contains(&set.hubs[j])) {
            problem(
                format!("$.sets[{i}].hubs[{j}]"),
                &set.id,
                format!("hub {:?} is listed twice", set.hubs[j]),
            );
        }
        if set.min_count == 0 || set.min_count as usize > set.hubs.len() {
            problem(
                format!("$.sets[{i}].min_count"),
                &set.id,
                format!("min_count must be between 1 and the {} hubs, not {}", set.hubs.len(), set.min_count),
            );
        }
    }
    if problems.is_empty() { Ok(json.sets) } else { Err(Error::Invalid { problems }) }
}

/// The embedded centre sets (`networks/centre_sets.json`).
pub fn embedded() -> Result<Vec<CentreSet>, Error> {
    let f = crate::embedded::CENTRE_SETS;
    parse_centre_sets(f.file, f.text)
}

/// Checks that every hub of `sets` (read from `file`) is among `hubs`, the
/// hubs in use.
pub fn check_hubs(file: &str, sets: &[CentreSet], hubs: &[HubDef]) -> Result<(), Error> {
    let known: Vec<&str> = hubs.iter().map(|h| h.id.as_str()).collect();
    let mut problems = Vec::new();
    for (i, set) in sets.iter().enumerate() {
        for (j, hub) in set.hubs.iter().enumerate() {
            if !known.contains(&hub.as_str()) {
                problems.push(crate::Problem {
                    file: file.to_owned(),
                    location: format!("$.sets[{i}].hubs[{j}]"),
                    object: format!("centre set {:?}", set.id),
                    message: format!("unknown hub {hub:?} ({})", hint(hub, &known)),
                });
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(Error::Invalid { problems }) }
}

/// "did you mean …?" or the list of what is known.
fn hint(query: &str, known: &[&str]) -> String {
    let close = railshed_core::closest(query, known.iter().copied());
    if close.is_empty() {
        let mut list = known.join(", ");
        if list.len() > 200 {
            let cut = (0..=200).rev().find(|&i| list.is_char_boundary(i)).unwrap_or(0);
            list.truncate(cut);
            list.push('…');
        }
        format!("known: {list}")
    } else {
        format!("did you mean {}?", close.join(", "))
    }
}

/// The sets `ids` names, in that order, from `sets` (read from `file`):
/// each id once, at most [`MAX_DEFINITIONS`].
pub fn select(file: &str, sets: &[CentreSet], ids: &[String]) -> Result<Vec<CentreSet>, Error> {
    if ids.is_empty() || ids.len() > MAX_DEFINITIONS {
        return Err(Error::invalid(
            file,
            "",
            "",
            format!("give between 1 and {MAX_DEFINITIONS} centre sets, not {}", ids.len()),
        ));
    }
    let known: Vec<&str> = sets.iter().map(|s| s.id.as_str()).collect();
    let mut chosen: Vec<CentreSet> = Vec::with_capacity(ids.len());
    for id in ids {
        let shown = id.chars().take(80).collect::<String>();
        let Some(set) = sets.iter().find(|s| &s.id == id) else {
            return Err(Error::invalid(
                file,
                "$.sets",
                format!("centre set {shown:?}"),
                format!("no such centre set ({})", hint(id, &known)),
            ));
        };
        if chosen.iter().any(|c| &c.id == id) {
            return Err(Error::invalid(file, "", format!("centre set {shown:?}"), "asked for twice"));
        }
        chosen.push(set.clone());
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use railshed_scenario::hubs::HubStationDef;

    fn sets(body: &str) -> String {
        format!(r#"{{"format": "railshed-centre-sets/1", "name": "t", "sets": [{body}]}}"#)
    }

    fn set(id: &str, hubs: &[&str], min_count: u32) -> String {
        let hubs: Vec<String> = hubs.iter().map(|h| format!("{h:?}")).collect();
        format!(
            r#"{{"id": {id:?}, "name": "N", "hubs": [{}], "min_count": {min_count}, "source": "s"}}"#,
            hubs.join(", ")
        )
    }

    #[test]
    fn the_embedded_sets_read() {
        let all = embedded().unwrap();
        let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["npp-key-economic-centres", "tfn-2018-four-cities", "npr-network-centres"]);
        let d = all[1].definition(&[60.0, 90.0]);
        assert_eq!(
            (d.id.as_str(), d.n, d.cities.len(), d.minutes),
            ("tfn-2018-four-cities", 4, 4, vec![60.0, 90.0])
        );
    }

    #[test]
    fn bad_sets_are_refused_naming_the_place() {
        let err = |text: &str| parse_centre_sets("c.json", text).unwrap_err().to_string();
        let two = format!("{}, {}", set("a", &["leeds", "hull"], 2), set("a", &["york"], 1));
        assert_eq!(err(&sets(&two)), r#"c.json: $.sets[1].id: centre set "a": duplicate centre-set id"#);
        assert_eq!(
            err(&sets(&set("a", &["leeds", "hull"], 3))),
            r#"c.json: $.sets[0].min_count: centre set "a": min_count must be between 1 and the 2 hubs, not 3"#
        );
        assert_eq!(
            err(&sets(&set("a", &["leeds"], 0))),
            r#"c.json: $.sets[0].min_count: centre set "a": min_count must be between 1 and the 1 hubs, not 0"#
        );
        assert_eq!(
            err(&sets(&set("a", &["leeds", "leeds"], 1))),
            r#"c.json: $.sets[0].hubs[1]: centre set "a": hub "leeds" is listed twice"#
        );
        assert_eq!(
            err(&sets(&set("a b", &["leeds"], 1))),
            r#"c.json: $.sets[0].id: centre set "a b": not an id (1 to 64 letters, digits, '-' or '_')"#
        );
        let wrong = sets(&set("a", &["leeds"], 1)).replace("/1", "/9");
        assert!(err(&wrong).contains("$.format: unknown format"), "{}", err(&wrong));
    }

    /// A file of 100 centre sets is read; one of 101 is refused at the first
    /// past the limit.
    #[test]
    fn centre_sets_are_counted_against_their_limit() {
        let many = |n: usize| {
            let all: Vec<String> = (0..n).map(|i| set(&format!("s{i}"), &["leeds"], 1)).collect();
            sets(&all.join(", "))
        };
        assert_eq!(parse_centre_sets("c.json", &many(MAX_CENTRE_SETS)).unwrap().len(), MAX_CENTRE_SETS);
        assert_eq!(
            parse_centre_sets("c.json", &many(MAX_CENTRE_SETS + 1)).unwrap_err().to_string(),
            "c.json: $.sets[100]: more than 100 centre sets, the limit"
        );
    }

    #[test]
    fn hubs_are_checked_against_those_in_use_and_ids_selected() {
        let all = parse_centre_sets("c.json", &sets(&set("a", &["leeds", "leds"], 1))).unwrap();
        let hub = |id: &str| HubDef {
            id: id.into(),
            name: id.into(),
            stations: vec![HubStationDef { station: "LDS".into(), egress_min: 0.0 }],
        };
        let e = check_hubs("c.json", &all, &[hub("leeds"), hub("york")]).unwrap_err().to_string();
        assert_eq!(
            e,
            r#"c.json: $.sets[0].hubs[1]: centre set "a": unknown hub "leds" (did you mean leeds?)"#
        );
        assert!(check_hubs("c.json", &all, &[hub("leeds"), hub("leds")]).is_ok());
        let e = select("c.json", &all, &["npr".into()]).unwrap_err().to_string();
        assert_eq!(e, r#"c.json: $.sets: centre set "npr": no such centre set (known: a)"#);
        let e = select("c.json", &all, &["a".into(), "a".into()]).unwrap_err().to_string();
        assert_eq!(e, r#"c.json: centre set "a": asked for twice"#);
        assert_eq!(select("c.json", &all, &["a".into()]).unwrap(), all);
    }
}
