//! Isochrones as areas: what the remaining time covers around each station
//! reached, at the access model's speeds.

use geo::{MultiPolygon, Point, Polygon, unary_union};

use crate::settings::AccessSettings;

/// Vertices of the polygon standing for a disc.
const DISC_VERTICES: usize = 48;

impl AccessSettings {
    /// The longest straight line, in km, a leg covers in `secs`: the inverse
    /// of [`AccessSettings::leg_secs`] (on foot up to the walking limit, or by
    /// feeder after its fixed time, never beyond the longest leg).
    pub fn reach_in(&self, secs: f64) -> f64 {
        let minutes = (secs / 60.0).clamp(0.0, self.max_min);
        let walk = minutes.min(self.walk_max_min) / 60.0 * self.walk_kmh / self.detour;
        let feeder = (minutes - self.feeder_penalty_min).max(0.0) / 60.0 * self.feeder_kmh / self.detour;
        walk.max(feeder)
    }
}

/// A disc of `km` around `centre` (WGS84), as a polygon, drawn on the local
/// tangent plane (exact enough for the tens of kilometres of an access leg).
pub fn disc(centre: Point<f64>, km: f64) -> Polygon<f64> {
    let dlat = km / 111.195;
    let dlon = dlat / centre.y().to_radians().cos().max(0.01);
    let ring: Vec<(f64, f64)> = (0..=DISC_VERTICES)
        .map(|k| {
            let a = std::f64::consts::TAU * (k % DISC_VERTICES) as f64 / DISC_VERTICES as f64;
            (centre.x() + dlon * a.cos(), centre.y() + dlat * a.sin())
        })
        .collect();
    Polygon::new(ring.into(), Vec::new())
}

/// For each band limit (minutes, door to door), the area reachable within it:
/// the union, over the places reached (a position and the seconds spent
/// getting there), of the discs the remaining time covers.
pub fn band_areas(
    reached: &[(Point<f64>, u32)],
    bands_min: &[u32],
    access: &AccessSettings,
) -> Vec<MultiPolygon<f64>> {
    bands_min
        .iter()
        .map(|&band| {
            let limit = f64::from(band) * 60.0;
            let discs: Vec<Polygon<f64>> = reached
                .iter()
                .filter_map(|&(p, spent)| {
                    let km = access.reach_in(limit - f64::from(spent));
                    (f64::from(spent) < limit && km > 0.0).then(|| disc(p, km))
                })
                .collect();
            unary_union(&discs)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, Contains};
    use railshed_core::haversine_km;

    #[test]
    fn reach_inverts_the_leg_time() {
        let a = AccessSettings::default();
        for km in [0.2, 0.5, 1.0, 3.0, 8.0] {
            let secs = a.leg_secs(km).unwrap();
            assert!((a.reach_in(f64::from(secs)) - km).abs() < 0.02, "{km} km");
        }
        assert_eq!(a.reach_in(0.0), 0.0);
        assert_eq!(a.reach_in(1e9), a.reach_km());
    }

    #[test]
    fn bands_grow_and_cover_what_is_reached() {
        let a = AccessSettings::default();
        let leeds = Point::new(-1.5477, 53.7955);
        let york = Point::new(-1.0933, 53.958);
        // York reached after 25 minutes.
        let areas = band_areas(&[(leeds, 0), (york, 25 * 60)], &[15, 30, 60], &a);
        assert_eq!(areas.len(), 3);
        assert_eq!(areas[0].0.len(), 1);
        assert!(areas[0].unsigned_area() < areas[1].unsigned_area());
        assert!(areas[1].unsigned_area() < areas[2].unsigned_area());
        // York counts from the 30-minute band on, with 5 minutes left there.
        assert!(!areas[0].contains(&york));
        assert!(areas[1].contains(&york));
        let edge = Point::new(york.x(), york.y() + a.reach_in(300.0) * 0.9 / 111.195);
        assert!(haversine_km(york, edge) < a.reach_in(300.0));
        assert!(areas[1].contains(&edge));
    }
}
