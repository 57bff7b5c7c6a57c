//! Finding stations by what people call them.

use std::collections::HashMap;

use crate::{Station, StationIdx};

/// A station named by a user could not be found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StationQueryError {
    /// Nothing matches.
    #[error("unknown station {query:?}{}", did_you_mean(.suggestions))]
    Unknown {
        /// What was asked for.
        query: String,
        /// The closest names and ids.
        suggestions: Vec<String>,
    },
    /// Several stations match a partial name.
    #[error("station {query:?} is ambiguous{}", did_you_mean(.candidates))]
    Ambiguous {
        /// What was asked for.
        query: String,
        /// What it could mean.
        candidates: Vec<String>,
    },
}

fn did_you_mean(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => format!(" (did you mean {one}?)"),
        many => format!(" (did you mean {}?)", many.join(", ")),
    }
}

/// Finds stations by id, CRS code, TIPLOC or name, case-insensitively.
///
/// ```
/// use railshed_core::{Lookup, Station};
/// let mut leeds = Station::new("LDS", "Leeds", -1.547, 53.795);
/// leeds.tiplocs.push("LEEDS".into());
/// let stations = vec![leeds, Station::new("MAN", "Manchester Piccadilly", -2.23, 53.477)];
/// let lookup = Lookup::new(&stations);
/// assert_eq!(lookup.find("lds").unwrap().0, 0);
/// assert_eq!(lookup.find("Manchester Piccadilly").unwrap().0, 1);
/// assert_eq!(lookup.find("piccadilly").unwrap().0, 1);
/// assert!(lookup.find("Leedz").unwrap_err().to_string().contains("did you mean Leeds (LDS)?"));
/// ```
#[derive(Clone, Debug)]
pub struct Lookup {
    exact: HashMap<String, StationIdx>,
    names: Vec<(String, StationIdx)>,
    labels: Vec<String>,
}

impl Lookup {
    /// Indexes these stations (index `i` is `StationIdx(i)`).
    pub fn new(stations: &[Station]) -> Lookup {
        let mut exact = HashMap::new();
        // Names first, then codes, so a code wins over a name that equals it.
        for (i, s) in stations.iter().enumerate() {
            exact.entry(s.name.to_lowercase()).or_insert(StationIdx::new(i));
        }
        for (i, s) in stations.iter().enumerate() {
            let idx = StationIdx::new(i);
            for t in &s.tiplocs {
                exact.insert(t.to_lowercase(), idx);
            }
            if let Some(crs) = &s.crs {
                exact.insert(crs.to_lowercase(), idx);
            }
            exact.insert(s.id.to_lowercase(), idx);
        }
        Lookup {
            exact,
            names: stations
                .iter()
                .enumerate()
                .map(|(i, s)| (s.name.to_lowercase(), StationIdx::new(i)))
                .collect(),
            labels: stations.iter().map(|s| format!("{} ({})", s.name, s.id)).collect(),
        }
    }

    /// The station `query` names: an exact id, CRS, TIPLOC or name, else the
    /// only station whose name contains it.
    pub fn find(&self, query: &str) -> Result<StationIdx, StationQueryError> {
        let q = query.trim().to_lowercase();
        if let Some(&idx) = self.exact.get(&q) {
            return Ok(idx);
        }
        let mut hits: Vec<StationIdx> =
            self.names.iter().filter(|(n, _)| !q.is_empty() && n.contains(&q)).map(|&(_, i)| i).collect();
        hits.dedup();
        match hits.len() {
            1 => Ok(hits[0]),
            0 => Err(StationQueryError::Unknown { query: query.to_owned(), suggestions: self.suggest(&q) }),
            _ => {
                hits.truncate(5);
                Err(StationQueryError::Ambiguous {
                    query: query.to_owned(),
                    candidates: hits.iter().map(|i| self.labels[i.idx()].clone()).collect(),
                })
            }
        }
    }

    /// Up to three labels closest to `q` by edit distance.
    fn suggest(&self, q: &str) -> Vec<String> {
        // (distance, whether to the start of a longer name only, station)
        let mut scored: Vec<(usize, bool, StationIdx)> = Vec::new();
        let n = q.chars().count();
        if n > MAX_SUGGEST_CHARS {
            // No name is that long: nothing to suggest (and the distances
            // would cost the square of the query's length).
            return Vec::new();
        }
        for (key, &idx) in &self.exact {
            // A typo in the first words of a longer name counts too
            // ("manchster" for Manchester Piccadilly), after whole names.
            let start = |len: usize| key.char_indices().nth(len).map_or(key.as_str(), |(i, _)| &key[..i]);
            let whole = edit_distance(q, key);
            let part = [n.saturating_sub(1), n, n + 1]
                .into_iter()
                .map(|len| edit_distance(q, start(len)))
                .min()
                .unwrap_or(usize::MAX);
            let (d, partial) = if part < whole { (part, true) } else { (whole, false) };
            if d <= typo_limit(q) {
                scored.push((d, partial, idx));
            }
        }
        scored.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, idx) in scored {
            let label = &self.labels[idx.idx()];
            if !out.contains(label) {
                out.push(label.clone());
            }
            if out.len() == 3 {
                break;
            }
        }
        out
    }
}

/// The longest query for which names are suggested (longer than any name).
const MAX_SUGGEST_CHARS: usize = 200;

/// The most characters a name may differ by and still be suggested for a
/// query: a third of its length, at least one.
fn typo_limit(query: &str) -> usize {
    (query.chars().count() / 3).max(1)
}

/// Up to three of `candidates` that `query` may have meant, closest first:
/// those within a few typos of it (edit distance up to a third of its
/// length, at least one) or starting with it, case-insensitively. The one
/// rule for "did you mean" suggestions of stations, hubs, scenarios and
/// anything else a user names.
///
/// ```
/// use railshed_core::closest;
/// let known = ["leeds", "liverpool", "manchester", "npr-tfn", "npr-irp"];
/// assert_eq!(closest("leds", known), ["leeds"]);
/// assert_eq!(closest("npr-tfm", known), ["npr-tfn"]);
/// assert_eq!(closest("npr", known), ["npr-tfn", "npr-irp"]);
/// assert!(closest("york", known).is_empty());
/// ```
pub fn closest<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let q = query.trim().to_lowercase();
    let (q_len, limit) = (q.chars().count(), typo_limit(&q));
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let lc = c.to_lowercase();
            let prefix = q_len >= 2 && lc.starts_with(&q);
            // The distance is at least the difference in length: beyond the
            // limit it need not be computed (a huge query costs nothing).
            let d =
                if q_len.abs_diff(lc.chars().count()) > limit { usize::MAX } else { edit_distance(&q, &lc) };
            (d <= limit || prefix).then_some((d, i, c))
        })
        .collect();
    scored.sort();
    let mut out: Vec<&str> = Vec::new();
    for (_, _, c) in scored {
        if !out.contains(&c) {
            out.push(c);
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// Levenshtein distance between two strings, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("leeds", "leedz"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
