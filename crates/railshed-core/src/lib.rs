//! The railshed network model.
//!
//! A [`Network`] holds stations, the physical track between them (a petgraph
//! graph whose node `i` is station `i`), walking links and lines (service
//! patterns). [`Overlay`]s add stations, track and lines and withdraw lines;
//! several apply in order. [`Network::compile`] expands the lines into a
//! [`Timetable`] for one service day: dense, `u32`-indexed arrays that the
//! solver lays out for scanning.
//!
//! **Architecture invariant:** this crate does no IO and cannot fail for
//! reasons outside its arguments. Parsing files lives in `railshed-io`.

mod edit;
mod idx;
pub mod limits;
mod line;
mod lookup;
mod network;
mod overlay;
mod station;
mod time;
mod timetable;

pub use edit::{EditError, TimeSpan};
pub use idx::{LineIdx, StationIdx, TagIdx, TripIdx};
pub use line::{Call, Departure, HeadwayPeriod, Line, LineSpot, Service};
pub use lookup::{Lookup, StationQueryError, closest};
pub use network::{
    LineFault, LineProblem, Link, Network, NetworkError, SegmentTrack, Tag, Walk, haversine_km,
    is_in_great_britain,
};
pub use overlay::{
    Anchor, CallSpec, LineSpec, LinkSpec, Overlay, OverlayError, OverlayPath, StationSpec, WalkSpec,
};
pub use station::{Interchange, Station};
pub use time::{Time, TimeParseError};
pub use timetable::{Footpath, LineInfo, StopTime, Timetable, TimetableError, Trip};
