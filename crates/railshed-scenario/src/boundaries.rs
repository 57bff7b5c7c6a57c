//! Local-authority and region outlines: what maps are drawn on and what
//! zones belong to. Read by `railshed-io` (`railshed_io::boundaries`), drawn
//! by `railshed-report`; plain data, not a file format.

use geo::MultiPolygon;

/// An outline: a local authority or a region.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    /// ONS code.
    pub code: String,
    /// Name for people.
    pub name: String,
    /// Its shape, WGS84 (x = longitude).
    pub shape: MultiPolygon<f64>,
}

/// The outlines maps are drawn on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Boundaries {
    /// Local authorities: filled, with thin outlines.
    pub areas: Vec<Area>,
    /// Regions: thicker outlines over the local authorities.
    pub regions: Vec<Area>,
}
