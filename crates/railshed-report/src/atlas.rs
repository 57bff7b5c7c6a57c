//! The base map: local-authority and region outlines and the zones,
//! projected once and fitted into a panel shared by every map.
//!
//! Zones are MSOA population-weighted centroids (no MSOA polygons are
//! published with the data railshed ships), so a zone is drawn as a dot
//! whose area is proportional to its population, on the outlines of the
//! local authorities. Dots need no geometry beyond the centroid, cannot
//! fail on odd shapes, and keep every map to a few hundred kilobytes.

use geo::{MapCoords, MultiPolygon, Simplify};
pub use railshed_scenario::boundaries::{Area, Boundaries};
use railshed_scenario::zones::Zone;

use crate::Error;
use crate::projection::{Frame, Grid};
use crate::svg::{Svg, path_data};

/// A zone as drawn: page position and radius.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    /// Page x.
    pub x: f64,
    /// Page y.
    pub y: f64,
    /// Radius, page units.
    pub r: f64,
}

/// The id of the base-map group that every map panel refers to with `<use>`.
pub const BASE_ID: &str = "rs-base";

/// Width of a map panel, page units (CSS pixels).
pub const PANEL_WIDTH: f64 = 330.0;

/// Blank space around the outlines inside a panel.
const PANEL_PAD: f64 = 6.0;

/// Douglas–Peucker tolerance for outlines, metres: a sixth of a page unit.
const SIMPLIFY_M: f64 = 120.0;

/// People for whom a dot has a radius of [`DOT_RADIUS`] (about a typical MSOA).
pub const DOT_PEOPLE: f64 = 8_000.0;

/// Radius of a dot of [`DOT_PEOPLE`] people.
pub const DOT_RADIUS: f64 = 2.1;

/// The radius of a zone's dot: area proportional to population.
pub fn dot_radius(population: u32) -> f64 {
    (DOT_RADIUS * (f64::from(population) / DOT_PEOPLE).sqrt()).clamp(0.5, 5.0)
}

/// Outlines and zones on the page, ready to draw.
pub struct Atlas {
    grid: Grid,
    frame: Frame,
    areas: String,
    regions: String,
    dots: Vec<Dot>,
    names: Vec<(String, String)>,
}

impl Atlas {
    /// Projects the outlines and zones. The panel frames every local
    /// authority; zones outside it are still drawn (and clipped by the panel).
    pub fn new(boundaries: &Boundaries, zones: &[Zone]) -> Result<Atlas, Error> {
        let grid = Grid::new();
        let project = |areas: &[Area]| -> Result<Vec<MultiPolygon<f64>>, Error> {
            areas
                .iter()
                .map(|a| {
                    let grid = &grid;
                    a.shape
                        .try_map_coords(|c| grid.project(c.x, c.y).map(|(e, n)| geo::coord! { x: e, y: n }))
                        .map(|m| m.simplify(SIMPLIFY_M))
                })
                .collect()
        };
        let areas = project(&boundaries.areas)?;
        let regions = project(&boundaries.regions)?;
        let mut bounds = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
        for c in areas.iter().flat_map(|m| m.iter()).flat_map(|p| p.exterior().coords()) {
            bounds = (bounds.0.min(c.x), bounds.1.min(c.y), bounds.2.max(c.x), bounds.3.max(c.y));
        }
        if !(bounds.0 < bounds.2 && bounds.1 < bounds.3) {
            return Err(Error::NoBoundaries);
        }
        let frame = Frame::fit(bounds, PANEL_WIDTH, PANEL_PAD);
        let d = |shapes: &[MultiPolygon<f64>]| {
            let mut d = String::new();
            for polygon in shapes.iter().flat_map(|m| m.iter()) {
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    path_data(&mut d, ring.coords().map(|c| frame.page((c.x, c.y))), true);
                }
            }
            d
        };
        let dots = zones
            .iter()
            .map(|z| {
                let (x, y) = frame.page(grid.project(z.pos.x(), z.pos.y())?);
                Ok(Dot { x, y, r: dot_radius(z.population) })
            })
            .collect::<Result<_, Error>>()?;
        let mut names: Vec<(String, String)> =
            boundaries.areas.iter().map(|a| (a.code.clone(), a.name.clone())).collect();
        names.sort();
        names.dedup_by(|a, b| a.0 == b.0);
        Ok(Atlas { areas: d(&areas), regions: d(&regions), frame, dots, grid, names })
    }

    /// The panel's frame.
    pub fn frame(&self) -> &Frame {
        &self.frame
    }

    /// The zones' dots, in zone order.
    pub fn dots(&self) -> &[Dot] {
        &self.dots
    }

    /// The name of the local authority with ONS code `code`, if the
    /// boundaries have it.
    pub fn area_name(&self, code: &str) -> Option<&str> {
        self.names.binary_search_by(|(k, _)| k.as_str().cmp(code)).ok().map(|i| self.names[i].1.as_str())
    }

    /// Page position of a WGS84 longitude and latitude.
    pub fn page(&self, lon: f64, lat: f64) -> Result<(f64, f64), Error> {
        Ok(self.frame.page(self.grid.project(lon, lat)?))
    }

    /// The base map as a group with id [`BASE_ID`]: land, local-authority
    /// outlines and region outlines, for a `<defs>` block.
    pub fn base_group(&self) -> String {
        let mut svg = Svg::new();
        svg.open("g", &[("id", BASE_ID.into())]);
        svg.el(
            "path",
            &[
                ("d", (&self.areas).into()),
                ("fill", "#fbfaf6".into()),
                ("stroke", "#b4b4b4".into()),
                ("stroke-width", 0.4.into()),
                ("stroke-linejoin", "round".into()),
            ],
        );
        svg.el(
            "path",
            &[
                ("d", (&self.regions).into()),
                ("fill", "none".into()),
                ("stroke", "#6f6f6f".into()),
                ("stroke-width", 0.9.into()),
                ("stroke-linejoin", "round".into()),
            ],
        );
        svg.close();
        svg.finish()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use geo::polygon;

    /// A square local authority around Leeds and one region holding it.
    pub(crate) fn square() -> Boundaries {
        let shape: MultiPolygon<f64> = polygon![
            (x: -2.0, y: 53.5), (x: -1.0, y: 53.5), (x: -1.0, y: 54.0), (x: -2.0, y: 54.0), (x: -2.0, y: 53.5)
        ]
        .into();
        let area = |code: &str| Area { code: code.into(), name: code.into(), shape: shape.clone() };
        Boundaries { areas: vec![area("E08000035")], regions: vec![area("E12000003")] }
    }

    pub(crate) fn zone(code: &str, population: u32, lon: f64, lat: f64) -> Zone {
        Zone {
            code: code.into(),
            name: code.into(),
            lad: "E08000035".into(),
            population,
            pos: geo::Point::new(lon, lat),
        }
    }

    #[test]
    fn zones_land_inside_the_panel_north_up() {
        let zones = [zone("south", 8000, -1.5, 53.6), zone("north", 32000, -1.5, 53.9)];
        let atlas = Atlas::new(&square(), &zones).unwrap();
        let f = atlas.frame();
        assert_eq!(f.width, PANEL_WIDTH);
        let [s, n] = [atlas.dots()[0], atlas.dots()[1]];
        assert!(n.y < s.y, "north is up");
        for d in [s, n] {
            assert!(d.x > 0.0 && d.x < f.width && d.y > 0.0 && d.y < f.height, "{d:?} in {f:?}");
        }
        assert_eq!((s.r, n.r), (DOT_RADIUS, 2.0 * DOT_RADIUS), "area follows population");
    }

    #[test]
    fn the_base_group_has_one_ring_per_outline() {
        let atlas = Atlas::new(&square(), &[]).unwrap();
        let base = atlas.base_group();
        assert!(base.starts_with("<g id=\"rs-base\">"));
        assert_eq!(base.matches('M').count(), 2, "{base}");
        assert_eq!(base.matches('Z').count(), 2);
    }

    #[test]
    fn nothing_to_draw_is_an_error() {
        assert!(matches!(Atlas::new(&Boundaries::default(), &[]), Err(Error::NoBoundaries)));
    }
}
