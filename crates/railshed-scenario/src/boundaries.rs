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

impl Boundaries {
    /// The outline whose code is `code`: a local authority, else a region.
    /// A zone that is itself a local authority or a region has it as its
    /// polygon; an MSOA has none (no MSOA outlines are shipped).
    pub fn outline(&self, code: &str) -> Option<&Area> {
        self.areas.iter().chain(&self.regions).find(|a| a.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn area(code: &str) -> Area {
        let square = polygon![(x: -2.0, y: 53.0), (x: -1.0, y: 53.0), (x: -1.0, y: 54.0), (x: -2.0, y: 53.0)];
        Area { code: code.into(), name: code.into(), shape: MultiPolygon(vec![square]) }
    }

    #[test]
    fn outlines_are_found_by_code_among_areas_then_regions() {
        let b = Boundaries { areas: vec![area("E08000035")], regions: vec![area("E12000003")] };
        assert_eq!(b.outline("E08000035").map(|a| a.code.as_str()), Some("E08000035"));
        assert_eq!(b.outline("E12000003").map(|a| a.code.as_str()), Some("E12000003"));
        assert!(b.outline("E02002330").is_none());
    }
}
