//! Charts as SVG [`Figure`]s:
//!
//! - [`catchment_chart`]: population within each time threshold of a hub,
//!   one curve per scenario;
//! - [`network_effect_chart`]: population within each time of at least `n`
//!   of the network-effect cities, a bar per scenario and time;
//! - [`explain_chart`]: where the time goes — the network effect as
//!   measured and with each term of the journey switched off, per scenario;
//! - [`hub_times_chart`]: the fastest journey between pairs of hubs, one bar
//!   per scenario.
//!
//! Each scenario has a colour and a dash pattern (see [`crate::style`]); every
//! curve is `<g class="series">` and every bar `<rect class="bar">`, so a test
//! can count them.

use railshed_scenario::compare::Comparison;
use railshed_scenario::settings::Measure;

use crate::Error;
use crate::figure::{Figure, MARGIN, open, people, thousands};
use crate::style::{run_color, run_dash};
use crate::svg::{Svg, num};
use crate::text::{self, Weight};

/// Ticks from 0 to at least `max`: a step of 1, 2, 2.5 or 5 × 10ⁿ, at most `n` steps.
pub fn ticks(max: f64, n: usize) -> Vec<f64> {
    let max = if max > 0.0 { max } else { 1.0 };
    let raw = max / n as f64;
    let pow = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * pow)
        .find(|s| s * n as f64 >= max)
        .unwrap_or(10.0 * pow);
    let count = (max / step).ceil() as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

/// A tick's label: as [`num`], with two decimals where one would round it.
fn tick_label(v: f64) -> String {
    if ((v * 10.0).round() - v * 10.0).abs() > 1e-9 { format!("{v:.2}") } else { num(v) }
}

/// A key of scenario names with their line styles, from `(x, y)` down.
fn series_key(svg: &mut Svg, c: &Comparison, x: f64, y: f64) {
    svg.open("g", &[("class", "legend".into())]);
    for (r, run) in c.runs.iter().enumerate() {
        let yy = y + 16.0 * r as f64;
        svg.open("g", &[("class", "legend-entry".into())]);
        svg.el(
            "line",
            &[
                ("x1", x.into()),
                ("x2", (x + 22.0).into()),
                ("y1", yy.into()),
                ("y2", yy.into()),
                ("stroke", run_color(r).into()),
                ("stroke-width", 2.2.into()),
                ("stroke-dasharray", run_dash(r).into()),
            ],
        );
        svg.text_el("text", &[("x", (x + 27.0).into()), ("y", (yy + 4.0).into())], &run.name);
        svg.close();
    }
    svg.close();
}

/// Population within each threshold of hub `hub`, one curve per scenario,
/// from nobody at 0 minutes.
pub fn catchment_chart(c: &Comparison, hub: usize) -> Result<Figure, Error> {
    let s = &c.settings;
    if c.runs
        .iter()
        .any(|r| r.indicators.catchment.get(hub).is_none_or(|v| v.len() != s.thresholds_min.len()))
    {
        return Err(Error::Inconsistent(format!("catchments of hub {hub} do not match the thresholds")));
    }
    let h = &c.hubs[hub];
    let (w, ht) = (300.0, 190.0);
    let (left, top) = (MARGIN + 52.0, 44.0);
    let key_w = 27.0
        + c.runs.iter().map(|r| text::width(&r.name, 11.0, Weight::Regular)).fold(0.0, f64::max)
        + MARGIN;
    let width = left + w + 24.0 + key_w;
    let height = top + ht + 44.0;
    let tmax = s.thresholds_min.iter().copied().fold(0.0, f64::max);
    let pmax = c.runs.iter().flat_map(|r| r.indicators.catchment[hub].iter().copied()).max().unwrap_or(0);
    let xt = ticks(tmax, 6);
    let yt = ticks(pmax as f64 / 1e6, 5);
    let (xmax, ymax) = (*xt.last().expect("ticks"), *yt.last().expect("ticks"));
    let px = |m: f64| left + m / xmax * w;
    let py = |p: f64| top + ht - p / 1e6 / ymax * ht;
    let last = s.thresholds_min.len() - 1;
    let summary: Vec<String> =
        c.runs.iter().map(|r| format!("{} {}", r.name, people(r.indicators.catchment[hub][last]))).collect();
    let alt = format!(
        "Line chart of the population within each door-to-door time of {} ({} minutes), one line per scenario. \
         Within {} minutes: {}.",
        h.name,
        s.thresholds_min.iter().map(|&t| num(t)).collect::<Vec<_>>().join(", "),
        num(s.thresholds_min[last]),
        summary.join("; ")
    );
    let id = format!("catchment-chart-{}", h.id);
    let title = format!("People within reach of {}", h.name);
    let mut svg = Svg::new();
    open(&mut svg, &id, &title, &alt, width, height);
    axes(&mut svg, (left, top, w, ht), &xt, &yt, &px, &|v| py(v * 1e6));
    svg.text_el(
        "text",
        &[("x", (left + w / 2.0).into()), ("y", (top + ht + 34.0).into()), ("text-anchor", "middle".into())],
        "minutes door to door",
    );
    svg.text_el("text", &[("x", MARGIN.into()), ("y", (top - 10.0).into())], "people (millions)");
    for (r, run) in c.runs.iter().enumerate() {
        let points: Vec<(f64, f64)> = std::iter::once((px(0.0), py(0.0)))
            .chain(
                s.thresholds_min
                    .iter()
                    .zip(&run.indicators.catchment[hub])
                    .map(|(&t, &p)| (px(t), py(p as f64))),
            )
            .collect();
        let mut d = String::new();
        crate::svg::path_data(&mut d, points.iter().copied(), false);
        let name = run.name.as_str();
        svg.open(
            "g",
            &[("class", "series".into()), ("data-name", name.into()), ("stroke", run_color(r).into())],
        );
        svg.el(
            "path",
            &[
                ("d", (&d).into()),
                ("fill", "none".into()),
                ("stroke-width", 2.2.into()),
                ("stroke-dasharray", run_dash(r).into()),
            ],
        );
        for &(x, y) in &points[1..] {
            svg.el(
                "circle",
                &[
                    ("cx", x.into()),
                    ("cy", y.into()),
                    ("r", 2.6.into()),
                    ("fill", "#ffffff".into()),
                    ("stroke-width", 1.5.into()),
                ],
            );
        }
        svg.close();
    }
    series_key(&mut svg, c, left + w + 24.0, top + 6.0);
    svg.close();
    Ok(Figure { id, title, alt, svg: svg.finish(), uses_base: false })
}

/// Axes with grid lines: `frame` is `(left, top, width, height)`.
fn axes(
    svg: &mut Svg,
    frame: (f64, f64, f64, f64),
    xt: &[f64],
    yt: &[f64],
    px: &dyn Fn(f64) -> f64,
    py: &dyn Fn(f64) -> f64,
) {
    let (left, top, w, h) = frame;
    svg.open("g", &[("class", "axes".into()), ("font-size", 10.0.into()), ("fill", "#333333".into())]);
    for &v in yt {
        let y = py(v);
        svg.el(
            "line",
            &[
                ("x1", left.into()),
                ("x2", (left + w).into()),
                ("y1", y.into()),
                ("y2", y.into()),
                ("stroke", "#e1e1e1".into()),
            ],
        );
        svg.text_el(
            "text",
            &[("x", (left - 6.0).into()), ("y", (y + 3.5).into()), ("text-anchor", "end".into())],
            &tick_label(v),
        );
    }
    for &v in xt {
        let x = px(v);
        svg.el(
            "line",
            &[
                ("x1", x.into()),
                ("x2", x.into()),
                ("y1", (top + h).into()),
                ("y2", (top + h + 4.0).into()),
                ("stroke", "#333333".into()),
            ],
        );
        svg.text_el(
            "text",
            &[("x", x.into()), ("y", (top + h + 15.0).into()), ("text-anchor", "middle".into())],
            &num(v),
        );
    }
    svg.el(
        "path",
        &[
            ("d", (&format!("M{} {}V{}H{}", num(left), num(top), num(top + h), num(left + w))).into()),
            ("fill", "none".into()),
            ("stroke", "#333333".into()),
        ],
    );
    svg.close();
}

/// The fastest station-to-station journey between each pair of `hubs`
/// (indices into `c.hubs`, each pair once, in the direction listed first),
/// one bar per scenario; pairs with no journey in any scenario are left out.
pub fn hub_times_chart(c: &Comparison, hubs: &[usize]) -> Result<Figure, Error> {
    if hubs.iter().any(|&h| h >= c.hubs.len()) {
        return Err(Error::Inconsistent("a hub index out of range".into()));
    }
    let minutes = |r: usize, a: usize, b: usize| -> Option<u32> {
        let (a, b) = (&c.hubs[a].id, &c.hubs[b].id);
        c.runs[r].indicators.hub_times.iter().find(|t| &t.from == a && &t.to == b).and_then(|t| t.minutes)
    };
    let mut pairs = Vec::new();
    for (i, &a) in hubs.iter().enumerate() {
        for &b in &hubs[i + 1..] {
            if (0..c.runs.len()).any(|r| minutes(r, a, b).is_some()) {
                pairs.push((a, b));
            }
        }
    }
    let runs = c.runs.len();
    let (bar, group_gap) = (7.0, 9.0);
    let group = bar * runs as f64 + group_gap;
    let label_w = 6.0
        + pairs
            .iter()
            .map(|&(a, b)| {
                text::width(&format!("{} – {}", c.hubs[a].name, c.hubs[b].name), 11.0, Weight::Regular)
            })
            .fold(0.0, f64::max);
    let (left, top, w) = (MARGIN + label_w, 44.0 + 16.0 * runs as f64, 380.0);
    let h = group * pairs.len() as f64;
    let width = left + w + 40.0;
    let height = top + h + 40.0;
    let max =
        pairs.iter().flat_map(|&(a, b)| (0..runs).filter_map(move |r| minutes(r, a, b))).max().unwrap_or(0);
    let xt = ticks(f64::from(max), 6);
    let xmax = *xt.last().expect("ticks");
    let px = |m: f64| left + m / xmax * w;
    let faster = pairs
        .iter()
        .filter(|&&(a, b)| {
            let before = minutes(0, a, b);
            (1..runs).any(|r| {
                matches!((before, minutes(r, a, b)), (Some(x), Some(y)) if y < x)
                    || (before.is_none() && minutes(r, a, b).is_some())
            })
        })
        .count();
    let alt = format!(
        "Bar chart of the fastest station-to-station journey times between {} pairs of cities, one bar per scenario \
         ({}); {} pairs are faster in some scenario than in {}.",
        thousands(pairs.len() as u64),
        c.runs.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", "),
        thousands(faster as u64),
        c.runs[0].name
    );
    let id = "hub-times".to_owned();
    let title = "Fastest journeys between cities".to_owned();
    let mut svg = Svg::new();
    open(&mut svg, &id, &title, &alt, width, height);
    series_key(&mut svg, c, MARGIN, 44.0);
    svg.open("g", &[("class", "axes".into()), ("font-size", 10.0.into()), ("fill", "#333333".into())]);
    for &v in &xt {
        let x = px(v);
        svg.el(
            "line",
            &[
                ("x1", x.into()),
                ("x2", x.into()),
                ("y1", top.into()),
                ("y2", (top + h).into()),
                ("stroke", "#e1e1e1".into()),
            ],
        );
        svg.text_el(
            "text",
            &[("x", x.into()), ("y", (top + h + 15.0).into()), ("text-anchor", "middle".into())],
            &num(v),
        );
    }
    svg.close();
    svg.text_el(
        "text",
        &[("x", (left + w / 2.0).into()), ("y", (top + h + 32.0).into()), ("text-anchor", "middle".into())],
        "minutes, station to station",
    );
    for (g, &(a, b)) in pairs.iter().enumerate() {
        let y0 = top + g as f64 * group + group_gap / 2.0;
        let pair = format!("{} – {}", c.hubs[a].name, c.hubs[b].name);
        svg.open("g", &[("class", "pair".into())]);
        svg.text_el(
            "text",
            &[
                ("x", (left - 6.0).into()),
                ("y", (y0 + bar * runs as f64 / 2.0 + 3.5).into()),
                ("text-anchor", "end".into()),
            ],
            &pair,
        );
        for r in 0..runs {
            let y = y0 + bar * r as f64;
            match minutes(r, a, b) {
                Some(m) => {
                    svg.open(
                        "rect",
                        &[
                            ("class", "bar".into()),
                            ("x", left.into()),
                            ("y", y.into()),
                            ("width", (px(f64::from(m)) - left).into()),
                            ("height", (bar - 1.0).into()),
                            ("fill", run_color(r).into()),
                        ],
                    );
                    svg.text_el("title", &[], &format!("{pair}, {}: {m} min", c.runs[r].name));
                    svg.close();
                }
                None => {
                    svg.text_el(
                        "text",
                        &[
                            ("x", (left + 3.0).into()),
                            ("y", (y + bar - 1.5).into()),
                            ("font-size", 7.0.into()),
                        ],
                        "no journey",
                    );
                }
            }
        }
        svg.close();
    }
    svg.el(
        "line",
        &[
            ("x1", left.into()),
            ("x2", left.into()),
            ("y1", top.into()),
            ("y2", (top + h).into()),
            ("stroke", "#333333".into()),
        ],
    );
    svg.close();
    Ok(Figure { id, title, alt, svg: svg.finish(), uses_base: false })
}

/// People in short form for a bar label: `1.12m`, `10k`, `0`.
pub fn short(v: u64) -> String {
    match v {
        0 => "0".into(),
        1..1_000_000 => format!("{}k", (v as f64 / 1e3).round()),
        _ => format!("{:.2}m", v as f64 / 1e6),
    }
}

/// The network effect under `c.measures()[m]`: population within each of
/// the first network-effect definition's `minutes` of at least `n` of its
/// cities, a bar
/// per scenario in a group per time, each labelled with its value.
pub fn network_effect_chart(c: &Comparison, m: usize) -> Result<Figure, Error> {
    let definitions = c.settings.definitions();
    let ne = &definitions[0];
    let measures = c.measures();
    let Some(&measure) = measures.get(m) else {
        return Err(Error::Inconsistent(format!("no measure {m}")));
    };
    if c.runs.iter().any(|r| {
        r.indicators
            .by_measure
            .get(m)
            .is_none_or(|x| x.figures.network_effect.first().map_or(0, Vec::len) != ne.minutes.len())
    }) {
        return Err(Error::Inconsistent("network-effect results do not match the times".into()));
    }
    let value = |r: usize, t: usize| c.reach(r, m).figures.network_effect[0][t];
    let runs = c.runs.len();
    let (bar, gap, ht) = (36.0, 34.0, 220.0);
    let group = bar * runs as f64;
    let key_w = 27.0 + c.runs.iter().map(|r| text::width(&r.name, 11.0, Weight::Regular)).fold(0.0, f64::max);
    let (left, top) = (MARGIN + 44.0, 44.0 + 16.0 * runs as f64 + 16.0);
    let w = ne.minutes.len() as f64 * (group + gap) + gap;
    let width = (left + w + MARGIN).max(MARGIN + key_w + MARGIN);
    let height = top + ht + 48.0;
    let pmax =
        (0..runs).flat_map(|r| (0..ne.minutes.len()).map(move |t| (r, t))).map(|(r, t)| value(r, t)).max();
    let yt = ticks(pmax.unwrap_or(0) as f64 / 1e6, 5);
    let ymax = *yt.last().expect("ticks");
    let py = |p: f64| top + ht - p / 1e6 / ymax * ht;
    let words = measure_words(measure);
    let summary: Vec<String> = ne
        .minutes
        .iter()
        .enumerate()
        .map(|(t, &mins)| {
            let v: Vec<String> = c
                .runs
                .iter()
                .enumerate()
                .map(|(r, run)| format!("{} {}", run.name, people(value(r, t))))
                .collect();
            format!("within {} minutes: {}", num(mins), v.join(", "))
        })
        .collect();
    let alt = format!(
        "Bar chart of the people within reach of at least {} of the {} cities ({}), {words}, a bar per scenario \
         for each time: {}.",
        ne.n,
        ne.cities.len(),
        ne.cities
            .iter()
            .map(|id| c.hubs.iter().find(|h| &h.id == id).map_or(id.as_str(), |h| h.name.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
        summary.join("; ")
    );
    let id = format!("network-effect-chart-{}", measure.id());
    let title =
        format!("People within reach of at least {} of the {} cities, {words}", ne.n, ne.cities.len());
    let mut svg = Svg::new();
    open(&mut svg, &id, &title, &alt, width, height);
    series_key(&mut svg, c, MARGIN, 44.0);
    let xt: Vec<f64> = Vec::new();
    axes(&mut svg, (left, top, w, ht), &xt, &yt, &|v| v, &|v| py(v * 1e6));
    svg.text_el("text", &[("x", MARGIN.into()), ("y", (top - 10.0).into())], "people (millions)");
    for (t, &mins) in ne.minutes.iter().enumerate() {
        let x0 = left + gap + t as f64 * (group + gap);
        svg.open("g", &[("class", "group".into()), ("data-minutes", (&num(mins)).into())]);
        svg.text_el(
            "text",
            &[
                ("x", (x0 + group / 2.0).into()),
                ("y", (top + ht + 18.0).into()),
                ("text-anchor", "middle".into()),
                ("font-weight", "bold".into()),
            ],
            &format!("within {} min", num(mins)),
        );
        for (r, run) in c.runs.iter().enumerate() {
            let v = value(r, t);
            let x = x0 + bar * r as f64;
            let y = py(v as f64);
            svg.open(
                "rect",
                &[
                    ("class", "bar".into()),
                    ("x", (x + 2.0).into()),
                    ("y", y.into()),
                    ("width", (bar - 4.0).into()),
                    ("height", (top + ht - y).into()),
                    ("fill", run_color(r).into()),
                ],
            );
            svg.text_el(
                "title",
                &[],
                &format!("{}, within {} minutes: {}", run.name, num(mins), thousands(v)),
            );
            svg.close();
            svg.text_el(
                "text",
                &[
                    ("x", (x + bar / 2.0).into()),
                    ("y", (y - 4.0).into()),
                    ("font-size", 9.5.into()),
                    ("text-anchor", "middle".into()),
                ],
                &short(v),
            );
        }
        svg.close();
    }
    svg.close();
    Ok(Figure { id, title, alt, svg: svg.finish(), uses_base: false })
}

/// Where the time goes under `c.measures()[m]`: the network effect within
/// the first network-effect definition's `minutes[t]` of each scenario as measured and
/// with each term switched off (see `Off::for_measure`), a horizontal bar
/// each, labelled with its value. `None` when the comparison has no
/// explanation for the measure.
pub fn explain_chart(c: &Comparison, m: usize, t: usize) -> Result<Option<Figure>, Error> {
    let definitions = c.settings.definitions();
    let ne = &definitions[0];
    let measures = c.measures();
    let Some(&measure) = measures.get(m) else {
        return Err(Error::Inconsistent(format!("no measure {m}")));
    };
    let Some(&mins) = ne.minutes.get(t) else {
        return Err(Error::Inconsistent(format!("no network-effect time {t}")));
    };
    let offs: Vec<_> = c.reach(0, m).explain.iter().map(|(off, _)| *off).collect();
    if offs.is_empty() {
        return Ok(None);
    }
    let bad = c.runs.iter().enumerate().any(|(r, _)| {
        let reach = c.reach(r, m);
        reach.explain.iter().map(|(o, _)| *o).ne(offs.iter().copied())
            || reach.figures.network_effect.first().map_or(0, Vec::len) != ne.minutes.len()
            || reach
                .explain
                .iter()
                .any(|(_, f)| f.network_effect.first().map_or(0, Vec::len) != ne.minutes.len())
    });
    if bad {
        return Err(Error::Inconsistent("explanations do not match the measures and times".into()));
    }
    let mut labels = vec!["as measured".to_owned()];
    labels.extend(offs.iter().map(|o| o.label().to_owned()));
    let value = |r: usize, k: usize| {
        let reach = c.reach(r, m);
        if k == 0 { reach.figures.network_effect[0][t] } else { reach.explain[k - 1].1.network_effect[0][t] }
    };
    let runs = c.runs.len();
    let (bar, group_gap, w) = (13.0, 14.0, 420.0);
    let label_w = 8.0
        + labels
            .iter()
            .map(|l| text::width(l, 10.0, Weight::Regular))
            .chain(c.runs.iter().map(|r| text::width(&r.name, 11.0, Weight::Bold)))
            .fold(0.0, f64::max);
    let group = bar * labels.len() as f64 + 18.0 + group_gap;
    let (left, top) = (MARGIN + label_w, 44.0);
    let ht = group * runs as f64;
    let width = left + w + 64.0;
    let height = top + ht + 40.0;
    let max = (0..runs).flat_map(|r| (0..labels.len()).map(move |k| (r, k))).map(|(r, k)| value(r, k)).max();
    let xt = ticks(max.unwrap_or(0) as f64 / 1e6, 5);
    let xmax = *xt.last().expect("ticks");
    let px = |p: f64| left + p / 1e6 / xmax * w;
    let words = measure_words(measure);
    let alt = format!(
        "Bar chart of where the time goes, {words}: the people within {} minutes of at least {} of the {} cities in each \
         scenario as measured and with {} switched off. {}.",
        num(mins),
        ne.n,
        ne.cities.len(),
        offs.iter().map(|o| o.label().trim_start_matches("without ")).collect::<Vec<_>>().join(", "),
        c.runs
            .iter()
            .enumerate()
            .map(|(r, run)| {
                let v: Vec<String> =
                    labels.iter().enumerate().map(|(k, l)| format!("{l} {}", people(value(r, k)))).collect();
                format!("{}: {}", run.name, v.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    );
    let id = format!("explain-{}-{}", measure.id(), num(mins));
    let title = format!(
        "Where the time goes: people within {} minutes of {} of {} cities, {words}",
        num(mins),
        ne.n,
        ne.cities.len()
    );
    let mut svg = Svg::new();
    open(&mut svg, &id, &title, &alt, width, height);
    svg.open("g", &[("class", "axes".into()), ("font-size", 10.0.into()), ("fill", "#333333".into())]);
    for &v in &xt {
        let x = px(v * 1e6);
        svg.el(
            "line",
            &[
                ("x1", x.into()),
                ("x2", x.into()),
                ("y1", top.into()),
                ("y2", (top + ht).into()),
                ("stroke", "#e1e1e1".into()),
            ],
        );
        svg.text_el(
            "text",
            &[("x", x.into()), ("y", (top + ht + 14.0).into()), ("text-anchor", "middle".into())],
            &tick_label(v),
        );
    }
    svg.close();
    svg.text_el(
        "text",
        &[("x", (left + w / 2.0).into()), ("y", (top + ht + 30.0).into()), ("text-anchor", "middle".into())],
        "people (millions)",
    );
    for (r, run) in c.runs.iter().enumerate() {
        let y0 = top + r as f64 * group;
        svg.open("g", &[("class", "run".into()), ("data-name", run.name.as_str().into())]);
        svg.text_el(
            "text",
            &[("x", MARGIN.into()), ("y", (y0 + 12.0).into()), ("font-weight", "bold".into())],
            &run.name,
        );
        for (k, label) in labels.iter().enumerate() {
            let y = y0 + 18.0 + k as f64 * bar;
            let v = value(r, k);
            svg.text_el(
                "text",
                &[
                    ("x", (left - 6.0).into()),
                    ("y", (y + bar / 2.0 + 3.5).into()),
                    ("font-size", 10.0.into()),
                    ("text-anchor", "end".into()),
                ],
                label,
            );
            svg.open(
                "rect",
                &[
                    ("class", "bar".into()),
                    ("x", left.into()),
                    ("y", (y + 1.0).into()),
                    ("width", (px(v as f64) - left).into()),
                    ("height", (bar - 2.0).into()),
                    ("fill", run_color(r).into()),
                    ("fill-opacity", (if k == 0 { 1.0 } else { 0.45 }).into()),
                ],
            );
            svg.text_el("title", &[], &format!("{}, {label}: {}", run.name, thousands(v)));
            svg.close();
            svg.text_el(
                "text",
                &[
                    ("x", (px(v as f64) + 4.0).into()),
                    ("y", (y + bar / 2.0 + 3.5).into()),
                    ("font-size", 9.5.into()),
                ],
                &short(v),
            );
        }
        svg.close();
    }
    svg.el(
        "line",
        &[
            ("x1", left.into()),
            ("x2", left.into()),
            ("y1", top.into()),
            ("y2", (top + ht).into()),
            ("stroke", "#333333".into()),
        ],
    );
    svg.close();
    Ok(Some(Figure { id, title, alt, svg: svg.finish(), uses_base: false }))
}

/// How figures name a measure, as in "…, door to door".
pub fn measure_words(m: Measure) -> &'static str {
    match m {
        Measure::DoorToDoor => "door to door",
        Measure::Station => "station to station",
        Measure::Gjt => "in generalised journey time",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(120.0, 6), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0, 120.0]);
        assert_eq!(ticks(4.3, 5), [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(ticks(0.0, 5).len(), 6);
        assert_eq!(ticks(130.0, 6), [0.0, 25.0, 50.0, 75.0, 100.0, 125.0, 150.0]);
    }

    #[test]
    fn short_people() {
        for (v, want) in [(0, "0"), (10_129, "10k"), (999_400, "999k"), (1_115_938, "1.12m")] {
            assert_eq!(short(v), want);
        }
    }
}
