//! The maps, as SVG [`Figure`]s on the shared base map:
//!
//! - [`network_map`]: track coloured by scheme tag, stations sized by RDG
//!   interchange status;
//! - [`catchment_map`]: zones shaded by door-to-door time to a hub in
//!   15-minute bands, the reference and a scenario side by side;
//! - [`difference_map`]: minutes saved per zone, zones newly within a
//!   threshold ringed;
//! - [`network_effect_map`]: zones by how many of the big cities they reach
//!   within a time, the reference and a scenario side by side.
//!
//! Zones are drawn as dots (see [`crate::atlas`]), grouped by class in a
//! fixed drawing order, each group `<g class="zc" data-class="k">` with the
//! class's colour, so a test can count zones per class.

use railshed_core::Interchange;
use railshed_scenario::compare::Comparison;
use railshed_scenario::settings::clock;

use crate::Error;
use crate::atlas::{Atlas, Dot};
use crate::figure::{Figure, Legend, MapFigure, Swatch, people, station_mark, thousands};
use crate::sketch::NetworkSketch;
use crate::style::{Class, SavingClasses, TimeBands, count_classes};
use crate::svg::{Svg, num, path_data};

/// A labelled place on a map (a hub's centre), WGS84.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Label.
    pub name: String,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
}

/// Checks that every per-zone and per-hub table of `c` has the right length.
pub fn check(c: &Comparison, atlas: &Atlas) -> Result<(), Error> {
    let zones = c.zones.len();
    if atlas.dots().len() != zones {
        return Err(Error::Inconsistent(format!(
            "{} zones drawn, {zones} in the comparison",
            atlas.dots().len()
        )));
    }
    if c.runs.is_empty() {
        return Err(Error::Inconsistent("no scenario".into()));
    }
    let s = &c.settings;
    for run in &c.runs {
        let ind = &run.indicators;
        let bad = |what: &str| Error::Inconsistent(format!("{}: {what}", run.name));
        if ind.zone_hub.len() != zones || ind.zone_hub.iter().any(|z| z.len() != c.hubs.len()) {
            return Err(bad("zone × hub times do not match the zones and hubs"));
        }
        if ind.catchment.len() != c.hubs.len()
            || ind.catchment.iter().any(|h| h.len() != s.thresholds_min.len())
        {
            return Err(bad("catchments do not match the hubs and thresholds"));
        }
        let definitions = s.definitions();
        let ne = definitions[0].minutes.len();
        if ind.network_effect.len() != definitions.len()
            || ind.network_effect.iter().zip(&definitions).any(|(v, d)| v.len() != d.minutes.len())
            || ind.cities_reached.len() != zones
            || ind.cities_reached.iter().any(|z| z.len() != ne)
        {
            return Err(bad("network-effect results do not match the zones and times"));
        }
    }
    Ok(())
}

/// Draws the zones grouped by class, groups in `order`.
fn zones(svg: &mut Svg, dots: &[Dot], class_of: &[usize], classes: &[Class], order: &[usize]) {
    svg.open("g", &[("class", "zones".into())]);
    for &k in order {
        if !class_of.contains(&k) {
            continue;
        }
        let class = &classes[k];
        let k_str = k.to_string();
        let mut attrs =
            vec![("class", "zc".into()), ("data-class", (&k_str).into()), ("fill", (&class.fill).into())];
        if let Some(stroke) = &class.stroke {
            attrs.push(("stroke", stroke.into()));
            attrs.push(("stroke-width", 0.5.into()));
        }
        svg.open("g", &attrs);
        for (d, _) in dots.iter().zip(class_of).filter(|(_, c)| **c == k) {
            svg.circle(d.x, d.y, d.r);
        }
        svg.close();
    }
    svg.close();
}

/// A ringed, labelled place.
fn place(svg: &mut Svg, atlas: &Atlas, p: &Place) -> Result<(), Error> {
    let (x, y) = atlas.page(p.lon, p.lat)?;
    svg.open("g", &[("class", "place".into())]);
    svg.el(
        "circle",
        &[
            ("cx", x.into()),
            ("cy", y.into()),
            ("r", 5.0.into()),
            ("fill", "none".into()),
            ("stroke", "#d7191c".into()),
            ("stroke-width", 2.0.into()),
        ],
    );
    label(svg, x + 7.0, y + 4.0, &p.name);
    svg.close();
    Ok(())
}

/// Text with a white halo, readable over dots.
fn label(svg: &mut Svg, x: f64, y: f64, text: &str) {
    svg.text_el(
        "text",
        &[
            ("x", x.into()),
            ("y", y.into()),
            ("font-size", 10.0.into()),
            ("font-weight", "bold".into()),
            ("stroke", "#ffffff".into()),
            ("stroke-width", 2.5.into()),
            ("paint-order", "stroke".into()),
        ],
        text,
    );
}

fn dot_legend(classes: &[Class]) -> Vec<(Swatch<'_>, String)> {
    classes.iter().map(|c| (Swatch::Dot(c), c.label.clone())).collect()
}

/// The radius of a station mark by interchange status.
pub fn station_radius(i: Interchange) -> f64 {
    match i {
        Interchange::Large => 3.4,
        Interchange::Medium => 2.5,
        Interchange::Small => 1.8,
        Interchange::None | Interchange::Subsidiary => 1.1,
    }
}

/// Line width of track of tag `t` (0 is the existing railway).
fn track_width(t: usize) -> f64 {
    if t == 0 { 1.2 } else { 2.6 }
}

/// The network `name` (id `id`): track coloured by tag, stations sized by
/// interchange status, `places` labelled. One panel.
pub fn network_map(
    atlas: &Atlas,
    sketch: &NetworkSketch,
    id: &str,
    name: &str,
    places: &[Place],
) -> Result<Figure, Error> {
    let pos: Vec<(f64, f64)> =
        sketch.stations.iter().map(|s| atlas.page(s.lon, s.lat)).collect::<Result<_, _>>()?;
    let used: Vec<usize> =
        (0..sketch.tags.len()).filter(|&t| sketch.links.iter().any(|l| l.tag == t)).collect();
    let mut entries: Vec<(Swatch<'_>, String)> = used
        .iter()
        .map(|&t| {
            let tag = &sketch.tags[t];
            (Swatch::Line { color: &tag.color, width: track_width(t), dash: "none" }, tag.label.clone())
        })
        .collect();
    for (status, text) in [
        (Interchange::Large, "large interchange"),
        (Interchange::Medium, "medium interchange"),
        (Interchange::Small, "small interchange"),
        (Interchange::None, "other station"),
    ] {
        entries.push((Swatch::Station(station_radius(status)), text.into()));
    }
    let schemes: Vec<&str> =
        used.iter().filter(|&&t| t > 0).map(|&t| sketch.tags[t].label.as_str()).collect();
    let alt = format!(
        "Map of the railway of the North in the scenario {name}: {} stations served and {} stretches of track{}.",
        thousands(sketch.stations.len() as u64),
        thousands(sketch.links.len() as u64),
        if schemes.is_empty() { String::new() } else { format!(", with {}", schemes.join(", ")) }
    );
    let figure = MapFigure {
        id: id.to_owned(),
        title: format!("Network: {name}"),
        alt,
        subtitles: vec![format!("{} stations served", thousands(sketch.stations.len() as u64))],
        legend: Legend { title: "Track and stations".into(), entries, sizes: false },
    };
    let mut result = Ok(());
    let fig = figure.render(atlas, |svg, _| {
        svg.open("g", &[("class", "track".into()), ("stroke-linecap", "round".into())]);
        for &t in &used {
            let tag = &sketch.tags[t];
            let name = tag.name.as_str();
            svg.open(
                "g",
                &[
                    ("class", "tag".into()),
                    ("data-tag", name.into()),
                    ("stroke", (&tag.color).into()),
                    ("stroke-width", track_width(t).into()),
                    ("fill", "none".into()),
                ],
            );
            let mut d = String::new();
            for l in sketch.links.iter().filter(|l| l.tag == t) {
                path_data(&mut d, [pos[l.a], pos[l.b]], false);
            }
            svg.el("path", &[("d", (&d).into())]);
            svg.close();
        }
        svg.close();
        svg.open("g", &[("class", "stations".into())]);
        for status in [
            Interchange::None,
            Interchange::Subsidiary,
            Interchange::Small,
            Interchange::Medium,
            Interchange::Large,
        ] {
            for (s, &(x, y)) in sketch.stations.iter().zip(&pos) {
                if s.interchange == status {
                    station_mark(svg, x, y, station_radius(status));
                }
            }
        }
        svg.close();
        for p in places {
            if let Err(e) = atlas.page(p.lon, p.lat).map(|(x, y)| label(svg, x + 5.0, y - 4.0, &p.name)) {
                result = Err(e);
            }
        }
    });
    result.map(|()| fig)
}

/// Door-to-door minutes to hub `hub` in the reference and in run `run`,
/// side by side, in 15-minute bands up to the largest threshold.
pub fn catchment_map(
    atlas: &Atlas,
    c: &Comparison,
    hub: usize,
    run: usize,
    at: Option<&Place>,
) -> Result<Figure, Error> {
    check(c, atlas)?;
    let max = c.settings.thresholds_min.iter().copied().fold(60.0, f64::max);
    let bands = TimeBands::new(max);
    let runs: Vec<usize> = if run == 0 { vec![0] } else { vec![0, run] };
    let class_of: Vec<Vec<usize>> = runs
        .iter()
        .map(|&r| c.runs[r].indicators.zone_hub.iter().map(|z| bands.class(z[hub])).collect())
        .collect();
    let order: Vec<usize> = (0..bands.classes.len()).rev().collect();
    let h = &c.hubs[hub];
    let t60 = c.settings.thresholds_min.iter().position(|&t| t == 60.0);
    let within = t60.map_or(String::new(), |t| {
        format!(
            " Within 60 minutes: {} people in {}, {} in {}.",
            people(c.runs[0].indicators.catchment[hub][t]),
            c.runs[0].name,
            people(c.runs[run].indicators.catchment[hub][t]),
            c.runs[run].name
        )
    });
    let alt = format!(
        "Two maps of the {} zones of the North, each a dot sized by population and coloured by door-to-door travel \
         time to {} in 15-minute bands: {} on the left, {} on the right.{within}",
        thousands(c.zones.len() as u64),
        h.name,
        c.runs[0].name,
        c.runs[run].name
    );
    let figure = MapFigure {
        id: format!("catchment-{}-{run}", h.id),
        title: format!("Door-to-door time to {}", h.name),
        alt,
        subtitles: runs.iter().map(|&r| c.runs[r].name.clone()).collect(),
        legend: Legend {
            title: format!("Minutes to {}", h.name),
            entries: dot_legend(&bands.classes),
            sizes: true,
        },
    };
    render_with_place(figure, atlas, at, |svg, i| {
        zones(svg, atlas.dots(), &class_of[i], &bands.classes, &order)
    })
}

/// Renders a map figure, drawing `at` over every panel.
fn render_with_place(
    figure: MapFigure<'_>,
    atlas: &Atlas,
    at: Option<&Place>,
    mut draw: impl FnMut(&mut Svg, usize),
) -> Result<Figure, Error> {
    let mut result = Ok(());
    let fig = figure.render(atlas, |svg, i| {
        draw(svg, i);
        if let Some(p) = at
            && let Err(e) = place(svg, atlas, p)
        {
            result = Err(e);
        }
    });
    result.map(|()| fig)
}

/// Minutes saved per zone on the way to hub `hub`, run `run` against the
/// reference; zones newly within `ring_min` minutes are ringed.
pub fn difference_map(
    atlas: &Atlas,
    c: &Comparison,
    hub: usize,
    run: usize,
    ring_min: f64,
    at: Option<&Place>,
) -> Result<Figure, Error> {
    check(c, atlas)?;
    let classes = SavingClasses::default();
    let (before, after) = (&c.runs[0].indicators.zone_hub, &c.runs[run].indicators.zone_hub);
    // Each zone's change, as the comparison derived it once.
    let class_of = (0..c.zones.len())
        .map(|z| {
            let change = c.zone_change(run, z).and_then(|ch| ch.hubs.get(hub));
            change.map(|&ch| classes.class(ch)).ok_or_else(|| {
                Error::Inconsistent(format!("{}: no change from the reference", c.runs[run].name))
            })
        })
        .collect::<Result<Vec<usize>, Error>>()?;
    let within = |m: Option<f64>| m.is_some_and(|m| m <= ring_min);
    let ringed: Vec<usize> =
        (0..c.zones.len()).filter(|&z| !within(before[z][hub]) && within(after[z][hub])).collect();
    let newly: u64 = ringed.iter().map(|&z| u64::from(c.zones[z].population)).sum();
    let faster: u64 = class_of
        .iter()
        .zip(&c.zones)
        .filter(|(k, _)| (0..=5).contains(*k))
        .map(|(_, z)| u64::from(z.population))
        .sum();
    let h = &c.hubs[hub];
    let (a, b) = (&c.runs[0].name, &c.runs[run].name);
    let alt = format!(
        "Map of the {} zones of the North coloured by the minutes {b} saves on the door-to-door journey to {} \
         compared with {a}. {} people are more than a minute faster; {} zones ({} people) are newly within \
         {} minutes, ringed.",
        thousands(c.zones.len() as u64),
        h.name,
        people(faster),
        thousands(ringed.len() as u64),
        people(newly),
        num(ring_min)
    );
    let mut entries = dot_legend(&classes.classes);
    entries.push((Swatch::Ring, format!("newly within {} min", num(ring_min))));
    let order = [9, 6, 7, 8, 5, 4, 3, 2, 1, 0];
    let figure = MapFigure {
        id: format!("difference-{}-{run}", h.id),
        title: format!("Minutes saved to {}: {b} against {a}", h.name),
        alt,
        subtitles: vec![format!("Door to door, arriving by {}", clock(c.settings.arrive_by))],
        legend: Legend { title: format!("Time to {}", h.name), entries, sizes: true },
    };
    render_with_place(figure, atlas, at, |svg, _| {
        zones(svg, atlas.dots(), &class_of, &classes.classes, &order);
        svg.open(
            "g",
            &[
                ("class", "ringed".into()),
                ("fill", "none".into()),
                ("stroke", "#000000".into()),
                ("stroke-width", 1.1.into()),
            ],
        );
        for &z in &ringed {
            let d = atlas.dots()[z];
            svg.circle(d.x, d.y, d.r + 1.6);
        }
        svg.close();
    })
}

/// Zones by how many of the network-effect cities they reach within
/// the first network-effect definition's `minutes[t]`, the reference and run `run` side by side.
pub fn network_effect_map(
    atlas: &Atlas,
    c: &Comparison,
    t: usize,
    run: usize,
    places: &[Place],
) -> Result<Figure, Error> {
    check(c, atlas)?;
    let definitions = c.settings.definitions();
    let ne = &definitions[0];
    let minutes = ne.minutes[t];
    let k = ne.cities.len();
    let classes = count_classes(k, ne.n);
    let runs: Vec<usize> = if run == 0 { vec![0] } else { vec![0, run] };
    let class_of: Vec<Vec<usize>> = runs
        .iter()
        .map(|&r| c.runs[r].indicators.cities_reached.iter().map(|z| usize::from(z[t]).min(k)).collect())
        .collect();
    let order: Vec<usize> = (0..=k).collect();
    let alt = format!(
        "Two maps of the {} zones of the North coloured by how many of the {k} cities ({}) each reaches within {} \
         minutes door to door: {} on the left, {} on the right. People reaching at least {}: {} and {}.",
        thousands(c.zones.len() as u64),
        places.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", "),
        num(minutes),
        c.runs[0].name,
        c.runs[run].name,
        ne.n,
        people(c.runs[0].indicators.network_effect[0][t]),
        people(c.runs[run].indicators.network_effect[0][t]),
    );
    let figure = MapFigure {
        id: format!("network-effect-{}-{run}", num(minutes)),
        title: format!("Cities within {} minutes", num(minutes)),
        alt,
        subtitles: runs.iter().map(|&r| c.runs[r].name.clone()).collect(),
        legend: Legend {
            title: format!("Cities within {} min", num(minutes)),
            entries: dot_legend(&classes),
            sizes: true,
        },
    };
    let mut result = Ok(());
    let fig = figure.render(atlas, |svg, i| {
        zones(svg, atlas.dots(), &class_of[i], &classes, &order);
        for p in places {
            if let Err(e) = place(svg, atlas, p) {
                result = Err(e);
            }
        }
    });
    result.map(|()| fig)
}
