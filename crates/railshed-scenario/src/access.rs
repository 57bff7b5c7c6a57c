//! Legs between zone centroids and stations.

use geo::Point;
use railshed_core::{StationIdx, haversine_km};

use crate::settings::AccessSettings;

/// A leg to (or from) a station, in seconds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Leg {
    /// The station.
    pub station: StationIdx,
    /// Door to platform (or platform to door), seconds.
    pub secs: u32,
}

impl AccessSettings {
    /// Seconds to cover `km` of straight line, or `None` beyond the longest leg.
    pub fn leg_secs(&self, km: f64) -> Option<u32> {
        let street = km * self.detour;
        let walk = street / self.walk_kmh * 60.0;
        let feeder = street / self.feeder_kmh * 60.0 + self.feeder_penalty_min;
        let minutes = if walk <= self.walk_max_min { walk.min(feeder) } else { feeder };
        (minutes <= self.max_min).then(|| (minutes * 60.0).round() as u32)
    }

    /// The longest straight line a leg may cover, km.
    pub fn reach_km(&self) -> f64 {
        let feeder = (self.max_min - self.feeder_penalty_min).max(0.0) / 60.0 * self.feeder_kmh / self.detour;
        let walk = self.walk_max_min.min(self.max_min) / 60.0 * self.walk_kmh / self.detour;
        feeder.max(walk)
    }

    /// Legs from `from` to each station in `stations` (index = station) that
    /// `served` allows, within the longest leg, sorted by time then station.
    pub fn legs(&self, from: Point<f64>, stations: &[Point<f64>], served: &[bool]) -> Vec<Leg> {
        // A box a little larger than the reach, to skip the trigonometry for most stations.
        let reach = self.reach_km() * 1.01 + 0.1;
        let dlat = reach / 110.0;
        let dlon = reach / (110.0 * from.y().to_radians().cos().max(0.1));
        let mut legs: Vec<Leg> = stations
            .iter()
            .enumerate()
            .filter(|&(i, p)| {
                served[i] && (p.y() - from.y()).abs() <= dlat && (p.x() - from.x()).abs() <= dlon
            })
            .filter_map(|(i, &p)| {
                self.leg_secs(haversine_km(from, p)).map(|secs| Leg { station: StationIdx::new(i), secs })
            })
            .collect();
        legs.sort_by_key(|l| (l.secs, l.station));
        legs
    }
}

/// The legs of the station measure from `from`: every station `served`
/// allows within `radius_km` of it (straight line), or the nearest such
/// station when none is (the first in station order among equals), each at
/// no time. Empty only when no station is served. Sorted by station.
pub fn station_legs(from: Point<f64>, stations: &[Point<f64>], served: &[bool], radius_km: f64) -> Vec<Leg> {
    let mut nearest: Option<(f64, usize)> = None;
    let mut legs = Vec::new();
    for (i, &p) in stations.iter().enumerate().filter(|&(i, _)| served[i]) {
        let km = haversine_km(from, p);
        if km <= radius_km {
            legs.push(Leg { station: StationIdx::new(i), secs: 0 });
        }
        if nearest.is_none_or(|(best, _)| km < best) {
            nearest = Some((km, i));
        }
    }
    if legs.is_empty()
        && let Some((_, i)) = nearest
    {
        legs.push(Leg { station: StationIdx::new(i), secs: 0 });
    }
    legs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn station_legs_are_the_stations_within_the_radius_else_the_nearest() {
        // Stations 0.5, 1.5, 3 and 6 km east of the zone (1° of longitude at
        // 54° N is 65.4 km); station 1 is not served.
        let from = Point::new(-2.0, 54.0);
        let east = |km: f64| Point::new(-2.0 + km / 65.43, 54.0);
        let stations = [east(0.5), east(1.5), east(3.0), east(6.0)];
        let check = |served: [bool; 4], radius: f64, expect: &[usize]| {
            let got: Vec<usize> =
                station_legs(from, &stations, &served, radius).iter().map(|l| l.station.idx()).collect();
            assert_eq!(got, expect, "{served:?}, {radius} km");
        };
        check([true; 4], 2.0, &[0, 1]);
        check([true, false, true, true], 2.0, &[0]);
        check([true; 4], 4.0, &[0, 1, 2]);
        check([false, false, true, true], 2.0, &[2]);
        check([false, false, false, true], 0.1, &[3]);
        check([false; 4], 2.0, &[]);
        assert!(station_legs(from, &stations, &[true; 4], 2.0).iter().all(|l| l.secs == 0));
    }

    fn check(km: f64, expect: Option<f64>) {
        let got = AccessSettings::default().leg_secs(km).map(|s| s as f64 / 60.0);
        match (got, expect) {
            (Some(g), Some(e)) => assert!((g - e).abs() < 0.05, "{km} km: {g} min, expected {e}"),
            _ => assert_eq!(got, expect, "{km} km"),
        }
    }

    #[test]
    fn legs_walk_then_ride() {
        check(0.0, Some(0.0));
        // 0.5 km × 1.3 at 4.8 km/h: 8.1 minutes on foot.
        check(0.5, Some(8.125));
        // 1 km: 16.25 min on foot, 13.9 by feeder (3.9 + 10).
        check(1.0, Some(13.9));
        // 10 km: 39 + 10 minutes by feeder: beyond the 45-minute limit.
        check(10.0, None);
        check(8.0, Some(41.2));
    }

    #[test]
    fn the_box_never_drops_a_leg() {
        let a = AccessSettings::default();
        let from = Point::new(-2.0, 54.0);
        let stations: Vec<Point<f64>> =
            (0..400).map(|k| Point::new(-2.3 + 0.0015 * k as f64, 53.85 + 0.00075 * k as f64)).collect();
        let served = vec![true; stations.len()];
        let brute = stations.iter().filter(|&&p| a.leg_secs(haversine_km(from, p)).is_some()).count();
        assert!(brute > 10);
        assert_eq!(a.legs(from, &stations, &served).len(), brute);
    }

    #[test]
    fn legs_are_monotone_in_distance() {
        let a = AccessSettings::default();
        let mut last = 0;
        for m in 0..9000 {
            let Some(s) = a.leg_secs(m as f64 / 1000.0) else { break };
            assert!(s + 1 >= last, "{m} m");
            last = s;
        }
    }
}
