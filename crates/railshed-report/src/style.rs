//! Colours, classes and the text every figure shares.
//!
//! Palettes are colour-blind safe: Okabe–Ito for scenarios (with a dash
//! pattern each, so curves differ without colour too), viridis for travel
//! times, ColorBrewer RdBu for differences, Purples for counts.

use railshed_scenario::compare::HubChange;

/// The data sources every map credits.
pub const ATTRIBUTION: [&str; 3] = [
    "Boundaries and Census 2021 population: Office for National Statistics (OGL v3.0).",
    "Contains OS data © Crown copyright and database right.",
    "Stations: Rail Delivery Group; positions from NaPTAN, Department for Transport (OGL v3.0).",
];

/// The fonts figures ask for, in order: what browsers and resvg both find on most systems.
pub const FONT_FAMILY: &str = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";

/// Scenario colours: the reference first (dark grey), then Okabe–Ito.
const RUN_COLORS: [&str; 7] = ["#4d4d4d", "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"];

/// Dash patterns to go with [`RUN_COLORS`] (solid for the reference).
const RUN_DASHES: [&str; 4] = ["none", "7 3", "2 2", "9 3 2 3"];

/// The colour of scenario `r` (0 is the reference).
pub fn run_color(r: usize) -> &'static str {
    RUN_COLORS[r % RUN_COLORS.len()]
}

/// The dash pattern of scenario `r` (`none` for solid).
pub fn run_dash(r: usize) -> &'static str {
    RUN_DASHES[r % RUN_DASHES.len()]
}

/// Viridis at eight stops, dark (fast) to light (slow).
const VIRIDIS: [(u8, u8, u8); 8] = [
    (0x44, 0x01, 0x54),
    (0x46, 0x32, 0x7e),
    (0x36, 0x5c, 0x8d),
    (0x27, 0x7f, 0x8e),
    (0x1f, 0xa1, 0x87),
    (0x4a, 0xc1, 0x6d),
    (0xa0, 0xda, 0x39),
    (0xfd, 0xe7, 0x25),
];

/// Purples from light to dark.
const PURPLES: [(u8, u8, u8); 2] = [(0xf2, 0xf0, 0xf7), (0x3f, 0x00, 0x7d)];

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The colour at `t` (0–1) along piecewise-linear `stops`.
fn ramp(stops: &[(u8, u8, u8)], t: f64) -> String {
    let t = t.clamp(0.0, 1.0) * (stops.len() - 1) as f64;
    let i = (t.floor() as usize).min(stops.len() - 2);
    let f = t - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (stops[i], stops[i + 1]);
    hex((mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2)))
}

/// A class of zones on a map: a legend entry and how its dots look.
#[derive(Clone, Debug, PartialEq)]
pub struct Class {
    /// Legend text.
    pub label: String,
    /// Fill colour.
    pub fill: String,
    /// Outline colour, if the dots have one.
    pub stroke: Option<String>,
}

impl Class {
    fn new(label: impl Into<String>, fill: impl Into<String>) -> Class {
        Class { label: label.into(), fill: fill.into(), stroke: None }
    }

    fn outlined(label: impl Into<String>, fill: impl Into<String>, stroke: &str) -> Class {
        Class { label: label.into(), fill: fill.into(), stroke: Some(stroke.to_owned()) }
    }
}

/// Width of a travel-time band, minutes.
pub const BAND_MIN: f64 = 15.0;

/// Travel-time bands of [`BAND_MIN`] minutes up to `max_min` (rounded up to
/// a whole band, at least four bands), then "over" and "not reached".
#[derive(Clone, Debug, PartialEq)]
pub struct TimeBands {
    /// Number of 15-minute bands.
    pub bands: usize,
    /// Every class: the bands, then over the last band, then not reached.
    pub classes: Vec<Class>,
}

impl TimeBands {
    /// Bands up to `max_min` minutes.
    pub fn new(max_min: f64) -> TimeBands {
        let bands = ((max_min / BAND_MIN).ceil() as usize).max(4);
        let mut classes: Vec<Class> = (0..bands)
            .map(|b| {
                let (lo, hi) = (b as f64 * BAND_MIN, (b + 1) as f64 * BAND_MIN);
                let label = if b == 0 { format!("up to {hi} min") } else { format!("{lo}–{hi} min") };
                Class::new(label, ramp(&VIRIDIS, b as f64 / (bands - 1) as f64))
            })
            .collect();
        classes.push(Class::new(format!("over {} min", bands as f64 * BAND_MIN), "#d4d4d4"));
        classes.push(Class::outlined("not reached", "#ffffff", "#8a8a8a"));
        TimeBands { bands, classes }
    }

    /// The class of a door-to-door time (`None`: not reached).
    pub fn class(&self, minutes: Option<f64>) -> usize {
        match minutes {
            None => self.bands + 1,
            Some(m) => {
                // A time on a boundary belongs to the faster band ("within 15 minutes").
                let b = ((m / BAND_MIN).ceil() as usize).max(1) - 1;
                b.min(self.bands)
            }
        }
    }
}

/// Minutes saved per zone, with the zones reached or lost.
#[derive(Clone, Debug, PartialEq)]
pub struct SavingClasses {
    /// Every class, in legend order.
    pub classes: Vec<Class>,
}

/// Upper bounds of the "faster" classes of [`SavingClasses`], minutes.
const SAVING_BOUNDS: [f64; 4] = [5.0, 10.0, 20.0, 40.0];

impl Default for SavingClasses {
    fn default() -> Self {
        SavingClasses {
            classes: vec![
                Class::new("now reached", "#762a83"),
                Class::new("over 40 min faster", "#053061"),
                Class::new("20–40 min faster", "#2166ac"),
                Class::new("10–20 min faster", "#4393c3"),
                Class::new("5–10 min faster", "#92c5de"),
                Class::new("1–5 min faster", "#d1e5f0"),
                Class::new("within a minute", "#e6e6e6"),
                Class::new("over a minute slower", "#d6604d"),
                Class::new("no longer reached", "#67001f"),
                Class::outlined("not reached", "#ffffff", "#8a8a8a"),
            ],
        }
    }
}

impl SavingClasses {
    /// The class of a zone whose journey changed by `change`.
    pub fn class(&self, change: HubChange) -> usize {
        match change {
            HubChange::Gained => 0,
            HubChange::Lost => 8,
            HubChange::Neither => 9,
            HubChange::Saved(saved) => {
                if saved < -1.0 {
                    7
                } else if saved <= 1.0 {
                    6
                } else {
                    // 1–5 → 5, 5–10 → 4, 10–20 → 3, 20–40 → 2, over 40 → 1.
                    5 - SAVING_BOUNDS.iter().take_while(|&&hi| saved > hi).count()
                }
            }
        }
    }
}

/// Zones by how many of `k` cities they reach: `0..=k`.
pub fn count_classes(k: usize, n: u32) -> Vec<Class> {
    (0..=k)
        .map(|c| {
            let label = match c {
                1 => "1 city".to_owned(),
                c if c as u32 >= n => format!("{c} cities (counted)"),
                c => format!("{c} cities"),
            };
            Class::new(label, ramp(&PURPLES, c as f64 / k.max(1) as f64))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_bands_of_fifteen_minutes() {
        let b = TimeBands::new(120.0);
        assert_eq!(b.bands, 8);
        assert_eq!(b.classes.len(), 10);
        assert_eq!(b.classes[0].fill, "#440154");
        assert_eq!(b.classes[7].fill, "#fde725");
        assert_eq!(b.classes[1].label, "15–30 min");
        let cases =
            [(Some(0.0), 0), (Some(15.0), 0), (Some(15.5), 1), (Some(120.0), 7), (Some(121.0), 8), (None, 9)];
        for (m, want) in cases {
            assert_eq!(b.class(m), want, "{m:?}");
        }
        assert_eq!(TimeBands::new(30.0).bands, 4);
        assert_eq!(TimeBands::new(100.0).bands, 7);
    }

    #[test]
    fn savings_by_class() {
        let s = SavingClasses::default();
        let cases = [
            (None, Some(50.0), 0),
            (Some(100.0), Some(50.0), 1),
            (Some(100.0), Some(70.0), 2),
            (Some(100.0), Some(85.0), 3),
            (Some(100.0), Some(92.0), 4),
            (Some(100.0), Some(97.0), 5),
            (Some(100.0), Some(99.5), 6),
            (Some(100.0), Some(100.5), 6),
            (Some(100.0), Some(103.0), 7),
            (Some(100.0), None, 8),
            (None, None, 9),
        ];
        for (b, a, want) in cases {
            assert_eq!(s.class(HubChange::between(b, a)), want, "{b:?} → {a:?}: {}", s.classes[want].label);
        }
    }

    #[test]
    fn counts_light_to_dark() {
        let c = count_classes(6, 4);
        assert_eq!(c.len(), 7);
        assert_eq!(c[0].fill, "#f2f0f7");
        assert_eq!(c[6].fill, "#3f007d");
        assert_eq!(c[3].label, "3 cities");
        assert_eq!(c[4].label, "4 cities (counted)");
    }
}
