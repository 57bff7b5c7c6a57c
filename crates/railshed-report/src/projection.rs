//! From WGS84 longitude and latitude to the page: the British National Grid
//! (EPSG:27700, transverse Mercator on the Airy ellipsoid) with `proj4rs`,
//! then a uniform scale into a panel.
//!
//! The National Grid is the projection of Ordnance Survey maps: distances
//! and shapes are true to within 0.04% across Great Britain, so a scale bar
//! in kilometres is right everywhere on the map, and grid north is within
//! a degree of true north over the North of England.

use proj4rs::proj::Proj;

use crate::Error;

const BRITISH_NATIONAL_GRID: &str = "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 \
    +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs";
const WGS84: &str = "+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs";

/// WGS84 to British National Grid metres.
pub struct Grid {
    wgs84: Proj,
    grid: Proj,
}

impl Grid {
    /// The projection, set up.
    pub fn new() -> Grid {
        Grid {
            wgs84: Proj::from_proj_string(WGS84).expect("valid projection string"),
            grid: Proj::from_proj_string(BRITISH_NATIONAL_GRID).expect("valid projection string"),
        }
    }

    /// Easting and northing in metres of a WGS84 longitude and latitude in degrees.
    pub fn project(&self, lon: f64, lat: f64) -> Result<(f64, f64), Error> {
        let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
        proj4rs::transform::transform(&self.wgs84, &self.grid, &mut p).map_err(|e| Error::Projection {
            lon,
            lat,
            reason: e.to_string(),
        })?;
        if !(p.0.is_finite() && p.1.is_finite()) {
            return Err(Error::Projection { lon, lat, reason: "not a finite grid reference".into() });
        }
        Ok((p.0, p.1))
    }
}

impl Default for Grid {
    fn default() -> Self {
        Grid::new()
    }
}

/// A rectangle of grid metres fitted into a panel of page units, north up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// Western edge, metres.
    pub min_e: f64,
    /// Northern edge, metres.
    pub max_n: f64,
    /// Page units per metre.
    pub scale: f64,
    /// Panel width, page units.
    pub width: f64,
    /// Panel height, page units.
    pub height: f64,
}

impl Frame {
    /// The frame `width` units wide showing the box `(min_e, min_n, max_e,
    /// max_n)` with a margin of `pad` units on every side; the height
    /// follows from the box's shape. The box must have positive width and height.
    pub fn fit(bounds: (f64, f64, f64, f64), width: f64, pad: f64) -> Frame {
        let (min_e, min_n, max_e, max_n) = bounds;
        let scale = (width - 2.0 * pad) / (max_e - min_e);
        let height = (max_n - min_n) * scale + 2.0 * pad;
        Frame { min_e: min_e - pad / scale, max_n: max_n + pad / scale, scale, width, height }
    }

    /// Page coordinates of a grid reference.
    pub fn page(&self, (e, n): (f64, f64)) -> (f64, f64) {
        ((e - self.min_e) * self.scale, (self.max_n - n) * self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ordnance Survey's OSTN15 test points TP19 (Blackpool Airport) and
    /// TP20 (Pudsey): National Grid references of ETRS89 positions, which
    /// are within a metre of WGS84 here; the Helmert transformation is good
    /// to a few metres.
    #[test]
    fn projects_to_the_national_grid_within_ten_metres() {
        let grid = Grid::new();
        for (lat, lon, e, n) in [
            (53.779_110_257_60, -3.040_454_906_91, 331_534.564, 431_920.794),
            (53.800_215_196_30, -1.663_791_682_42, 422_242.186, 433_818.701),
        ] {
            let (ge, gn) = grid.project(lon, lat).unwrap();
            let d = ((ge - e).powi(2) + (gn - n).powi(2)).sqrt();
            assert!(d < 10.0, "{lat}, {lon}: {ge:.1}, {gn:.1} is {d:.1} m from {e}, {n}");
        }
    }

    #[test]
    fn a_frame_puts_north_up_and_keeps_the_margin() {
        let f = Frame::fit((0.0, 0.0, 1000.0, 2000.0), 120.0, 10.0);
        assert_eq!(f.height, 220.0);
        assert_eq!(f.page((0.0, 2000.0)), (10.0, 10.0));
        assert_eq!(f.page((1000.0, 0.0)), (110.0, 210.0));
    }
}
