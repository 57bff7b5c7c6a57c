//! What a network map needs of a network: served stations with their
//! interchange status, and track links with their scheme tags.

use railshed_core::{Interchange, Network};

/// A station as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct StationMark {
    /// Name for people.
    pub name: String,
    /// WGS84 longitude, degrees.
    pub lon: f64,
    /// WGS84 latitude, degrees.
    pub lat: f64,
    /// RDG interchange status: the larger, the bigger the mark.
    pub interchange: Interchange,
}

/// A stretch of track as drawn, between two entries of `stations`.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkMark {
    /// Index into [`NetworkSketch::stations`].
    pub a: usize,
    /// Index into [`NetworkSketch::stations`].
    pub b: usize,
    /// Index into [`NetworkSketch::tags`].
    pub tag: usize,
}

/// A scheme tag as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct TagMark {
    /// Short name, e.g. `npr-tfn`.
    pub name: String,
    /// Name for people, for the legend.
    pub label: String,
    /// Colour, `#rrggbb`.
    pub color: String,
}

/// A network reduced to what its map shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetworkSketch {
    /// Stations some train calls at.
    pub stations: Vec<StationMark>,
    /// Track between them; track to stations no train calls at is left out.
    pub links: Vec<LinkMark>,
    /// Tags, in the network's order (`existing` first).
    pub tags: Vec<TagMark>,
}

impl NetworkSketch {
    /// The served stations and the track between them, in the network's order.
    pub fn from_network(net: &Network) -> NetworkSketch {
        let mut served = vec![false; net.stations().len()];
        for line in net.lines() {
            for call in &line.calls {
                served[call.station.idx()] = true;
            }
        }
        let mut index = vec![usize::MAX; served.len()];
        let mut stations = Vec::new();
        for (i, s) in net.stations().iter().enumerate() {
            if served[i] {
                index[i] = stations.len();
                stations.push(StationMark {
                    name: s.name.clone(),
                    lon: s.pos.x(),
                    lat: s.pos.y(),
                    interchange: s.interchange,
                });
            }
        }
        let graph = net.graph();
        let links = graph
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = graph.edge_endpoints(e)?;
                let (a, b) = (index[a.index()], index[b.index()]);
                (a != usize::MAX && b != usize::MAX).then(|| LinkMark { a, b, tag: graph[e].tag.idx() })
            })
            .collect();
        let tags = net
            .tags()
            .iter()
            .map(|t| TagMark { name: t.name.clone(), label: t.label.clone(), color: t.color.clone() })
            .collect();
        NetworkSketch { stations, links, tags }
    }
}
