//! Scenario modifications, applied to a network in memory.

use railshed_core::{Anchor, LineSpec, Network, Overlay, Station, TimeSpan};

/// One change a scenario makes. Stations and lines are named by id.
#[derive(Clone, Debug, PartialEq)]
pub enum Modification {
    /// Apply an overlay (a scheme file), its lines that replace others
    /// anchored as `anchor` says ([`Overlay::anchored`]).
    AddOverlay {
        /// The overlay.
        overlay: Overlay,
        /// Which times a re-timed line keeps.
        anchor: Anchor,
    },
    /// Apply an overlay that another one requires, unless its scheme (its
    /// first tag) is already in the network.
    RequireOverlay(Overlay),
    /// Add a line (stations, running times, and a headway or departures).
    AddLine(LineSpec),
    /// Withdraw a line.
    RemoveLine(String),
    /// Remove a line's trips departing in a window (both directions).
    RemoveTrips {
        /// Line id.
        line: String,
        /// Departures from the first call in `[from, to)`.
        window: TimeSpan,
    },
    /// Run a line at a new frequency, over a window or its whole day.
    ChangeFrequency {
        /// Line id.
        line: String,
        /// Trains per hour.
        tph: f64,
        /// Where the new frequency applies (default: the line's whole day).
        window: Option<TimeSpan>,
    },
    /// Multiply a line's running times.
    ScaleRunningTimes {
        /// Line id.
        line: String,
        /// Factor, e.g. 0.9 for 10 % faster.
        factor: f64,
    },
    /// New running times on a section of a line.
    SetSectionTimes {
        /// Line id.
        line: String,
        /// First station of the section (outbound order).
        from: String,
        /// Last station of the section.
        to: String,
        /// Seconds between consecutive calls of the section.
        run: Vec<u32>,
    },
    /// New dwell times.
    SetDwell {
        /// Line id.
        line: String,
        /// Seconds.
        dwell: u32,
        /// Only at these stations (default: every intermediate call).
        stations: Option<Vec<String>>,
    },
    /// Open a station on an existing link.
    AddStation {
        /// The station.
        station: Station,
        /// The two stations of the link it opens on.
        between: (String, String),
        /// Lines that call there.
        lines: Vec<String>,
        /// Their dwell there, seconds.
        dwell: u32,
        /// Time added for braking and accelerating, seconds.
        stop_penalty: u32,
    },
    /// Close a station: no train calls there.
    CloseStation(String),
}

/// Why a modification could not be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{object}: {message}")]
pub struct ModifyError {
    /// The object at fault, e.g. `line "tpe-north"`.
    pub object: String,
    /// What is wrong.
    pub message: String,
}

fn err(object: String, message: impl ToString) -> ModifyError {
    ModifyError { object, message: message.to_string() }
}

impl Modification {
    /// A short description, e.g. `remove line "x"`.
    pub fn describe(&self) -> String {
        match self {
            Modification::AddOverlay { overlay: o, anchor: Anchor::Last } => {
                format!("add overlay {:?}, re-timed trains keeping their arrival at the last call", o.name)
            }
            Modification::AddOverlay { overlay: o, .. } | Modification::RequireOverlay(o) => {
                format!("add overlay {:?}", o.name)
            }
            Modification::AddLine(l) => format!("add line {:?}", l.id),
            Modification::RemoveLine(l) => format!("remove line {l:?}"),
            Modification::RemoveTrips { line, .. } => format!("remove trips of line {line:?}"),
            Modification::ChangeFrequency { line, tph, .. } => format!("run line {line:?} at {tph} tph"),
            Modification::ScaleRunningTimes { line, factor } => {
                format!("scale line {line:?} running times by {factor}")
            }
            Modification::SetSectionTimes { line, from, to, .. } => {
                format!("new running times on line {line:?} from {from} to {to}")
            }
            Modification::SetDwell { line, .. } => format!("new dwell times on line {line:?}"),
            Modification::AddStation { station, .. } => format!("add station {:?}", station.id),
            Modification::CloseStation(s) => format!("close station {s:?}"),
        }
    }

    /// Applies the modification. On error the network is unchanged. Lines
    /// whose timings change are checked again with
    /// [`Network::check_line`], so a scenario cannot make a train faster
    /// than its track allows.
    pub fn apply(&self, net: &mut Network) -> Result<(), ModifyError> {
        let mut next = net.clone();
        let station = |n: &Network, id: &str| {
            n.station_by_id(id).ok_or_else(|| err(format!("station {id:?}"), "unknown station"))
        };
        let line_obj = |l: &str| format!("line {l:?}");
        let changed: Vec<String> = match self {
            Modification::RequireOverlay(o)
                if o.tags.first().is_some_and(|t| next.tag_named(&t.name).is_some()) =>
            {
                Vec::new()
            }
            Modification::AddOverlay { overlay: o, anchor } => {
                let o = o.anchored(&next, *anchor).map_err(|e| err(e.object.clone(), &e.message))?;
                next.apply(&o).map_err(|e| err(format!("overlay {:?}", o.name), &e[0]))?;
                Vec::new()
            }
            Modification::RequireOverlay(o) => {
                next.apply(o).map_err(|e| err(format!("overlay {:?}", o.name), &e[0]))?;
                Vec::new()
            }
            Modification::AddLine(spec) => {
                let overlay =
                    Overlay { name: spec.id.clone(), lines: vec![spec.clone()], ..Overlay::default() };
                next.apply(&overlay).map_err(|e| err(e[0].object.clone(), &e[0].message))?;
                Vec::new()
            }
            Modification::RemoveLine(l) => {
                next.withdraw_line(l).map_err(|_| err(line_obj(l), "no such line"))?;
                Vec::new()
            }
            Modification::RemoveTrips { line, window } => {
                next.remove_trips(line, *window).map_err(|e| err(line_obj(line), e))?;
                Vec::new()
            }
            Modification::ChangeFrequency { line, tph, window } => {
                next.set_frequency(line, *tph, *window).map_err(|e| err(line_obj(line), e))?;
                Vec::new()
            }
            Modification::ScaleRunningTimes { line, factor } => {
                next.scale_running_times(line, *factor).map_err(|e| err(line_obj(line), e))?;
                vec![line.clone()]
            }
            Modification::SetSectionTimes { line, from, to, run } => {
                let (a, b) = (station(&next, from)?, station(&next, to)?);
                next.set_section_times(line, a, b, run).map_err(|e| err(line_obj(line), e))?;
                vec![line.clone()]
            }
            Modification::SetDwell { line, dwell, stations } => {
                let at = match stations {
                    Some(ids) => {
                        Some(ids.iter().map(|id| station(&next, id)).collect::<Result<Vec<_>, _>>()?)
                    }
                    None => None,
                };
                next.set_dwell(line, *dwell, at.as_deref()).map_err(|e| err(line_obj(line), e))?;
                vec![line.clone()]
            }
            Modification::AddStation { station: s, between, lines, dwell, stop_penalty } => {
                let (a, b) = (station(&next, &between.0)?, station(&next, &between.1)?);
                let ids: Vec<&str> = lines.iter().map(String::as_str).collect();
                next.add_station_on_link(s.clone(), a, b, &ids, *dwell, *stop_penalty)
                    .map_err(|e| err(format!("station {:?}", s.id), e))?;
                lines.clone()
            }
            Modification::CloseStation(id) => {
                let s = station(&next, id)?;
                next.close_station(s);
                Vec::new()
            }
        };
        for id in changed {
            if let Some(l) = next.line(&id)
                && let Some(p) = next.check_line(l).into_iter().next()
            {
                return Err(err(line_obj(&id), p.message));
            }
        }
        *net = next;
        Ok(())
    }
}
