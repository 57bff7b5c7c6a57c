//! The lines of a network, summarised for people choosing one to modify.

use railshed_core::Network;

/// One line of a network, as `railshed network lines` lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct LineSummary {
    /// The id scenarios name it by.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Who runs it.
    pub operator: String,
    /// The number of stations it calls at.
    pub calls: usize,
    /// Its first and last calls (station ids).
    pub ends: (String, String),
    /// Trains per hour: the most departures from its first call in any
    /// clock hour (outbound; an inbound service runs the calls in reverse).
    pub tph: usize,
    /// The scheme tag it belongs to (`existing` for today's lines).
    pub tag: String,
}

/// Every line of `net`, in the network's order.
pub fn lines(net: &Network) -> Vec<LineSummary> {
    net.lines()
        .iter()
        .map(|line| {
            let mut per_hour = std::collections::BTreeMap::<u32, usize>::new();
            for (t, _) in line.outbound.expand() {
                *per_hour.entry(t.secs() / 3600).or_default() += 1;
            }
            let id = |i: Option<&railshed_core::Call>| {
                i.map_or(String::new(), |c| net.stations()[c.station.idx()].id.clone())
            };
            LineSummary {
                id: line.id.clone(),
                name: line.name.clone(),
                operator: line.operator.clone(),
                calls: line.calls.len(),
                ends: (id(line.calls.first()), id(line.calls.last())),
                tph: per_hour.values().copied().max().unwrap_or(0),
                tag: net.tag(line.tag).name.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_network_lists_every_line() {
        let net = railshed_io::embedded::default_network().unwrap();
        let all = lines(&net);
        assert_eq!(all.len(), net.lines().len());
        for l in &all {
            assert!(l.calls >= 2 && l.tph >= 1 && !l.ends.0.is_empty(), "{l:?}");
            assert_eq!(l.tag, "existing", "{l:?}");
        }
    }
}
