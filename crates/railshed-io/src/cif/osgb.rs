//! Ordnance Survey National Grid (OSGB36, EPSG:27700) to WGS84, with
//! `proj4rs` and the OSGB36 → WGS84 Helmert transformation (EPSG:1314),
//! good to about 5 m across Great Britain: well within the 100 m grid of the
//! master station names file.

use proj4rs::proj::Proj;

/// The projections, set up once.
pub(crate) struct Osgb {
    grid: Proj,
    wgs84: Proj,
}

const BRITISH_NATIONAL_GRID: &str = "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 \
    +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs";
const WGS84: &str = "+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs";

impl Osgb {
    pub(crate) fn new() -> Osgb {
        Osgb {
            grid: Proj::from_proj_string(BRITISH_NATIONAL_GRID).expect("valid projection string"),
            wgs84: Proj::from_proj_string(WGS84).expect("valid projection string"),
        }
    }

    /// The WGS84 point (longitude, latitude in degrees) of a grid
    /// reference, if it converts to a place in Great Britain.
    pub(crate) fn to_wgs84(&self, easting: f64, northing: f64) -> Option<geo::Point<f64>> {
        let mut p = (easting, northing, 0.0);
        proj4rs::transform::transform(&self.grid, &self.wgs84, &mut p).ok()?;
        let point = geo::Point::new(p.0.to_degrees(), p.1.to_degrees());
        railshed_core::is_in_great_britain(point).then_some(point)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Metres between the converted grid reference and a WGS84 point.
    fn check(easting: f64, northing: f64, lat: f64, lon: f64, within_m: f64) {
        let p = Osgb::new().to_wgs84(easting, northing).unwrap();
        let m = railshed_core::haversine_km(p, geo::Point::new(lon, lat)) * 1000.0;
        assert!(m < within_m, "({easting}, {northing}) → {}, {}: {m:.1} m from {lat}, {lon}", p.y(), p.x());
    }

    #[test]
    fn converts_within_ten_metres() {
        // Ordnance Survey's OSTN15 test points (ETRS89, within a metre of
        // WGS84 here) with their National Grid references by OSTN15:
        // TP19 Blackpool Airport and TP20 Pudsey.
        check(331_534.564, 431_920.794, 53.779_110_257_60, -3.040_454_906_91, 10.0);
        check(422_242.186, 433_818.701, 53.800_215_196_30, -1.663_791_682_42, 10.0);
    }

    #[test]
    fn refuses_what_is_not_in_great_britain() {
        assert!(Osgb::new().to_wgs84(-1_000_000.0, -6_000_000.0).is_none());
    }
}
