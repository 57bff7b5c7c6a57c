//! A figure: one SVG with a title and a text alternative, and the pieces
//! every map shares (panels, legend, scale bar, north arrow, attribution).

use crate::atlas::{Atlas, BASE_ID, dot_radius};
use crate::projection::Frame;
use crate::style::{ATTRIBUTION, Class, FONT_FAMILY};
use crate::svg::{Svg, num};
use crate::text::{self, Weight};

/// A rendered figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Unique id, also the stem of its file name (`catchment-leeds-1`).
    pub id: String,
    /// Title.
    pub title: String,
    /// Text alternative: what the figure shows, in words.
    pub alt: String,
    /// The `<svg>` element. Maps refer to the base map by `<use>`; see
    /// [`Figure::standalone`].
    pub svg: String,
    /// Whether the SVG refers to the base map.
    pub uses_base: bool,
}

impl Figure {
    /// The figure as a standalone SVG file: an XML declaration, and the
    /// base map inlined in a `<defs>` when the figure refers to it.
    pub fn standalone(&self, atlas: &Atlas) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if self.uses_base {
            let end = self.svg.find('>').expect("an svg element") + 1;
            out.push_str(&self.svg[..end]);
            out.push_str("<defs>");
            out.push_str(&atlas.base_group());
            out.push_str("</defs>");
            out.push_str(&self.svg[end..]);
        } else {
            out.push_str(&self.svg);
        }
        out.push('\n');
        out
    }
}

/// Outer margin of a figure.
pub(crate) const MARGIN: f64 = 12.0;
/// Height of the title band.
const TITLE_H: f64 = 30.0;
/// Height of a panel's subtitle band.
const SUBTITLE_H: f64 = 20.0;
/// Gap between panels.
const GAP: f64 = 14.0;
/// Least width of the legend column.
const LEGEND_W: f64 = 150.0;
/// Height of the attribution band.
const ATTRIBUTION_H: f64 = 40.0;

/// Font size of a figure's title.
pub(crate) const TITLE_SIZE: f64 = 15.0;

/// The width a figure needs for its title (bold, [`TITLE_SIZE`]) between the margins.
pub(crate) fn title_width(title: &str) -> f64 {
    2.0 * MARGIN + text::width(title, TITLE_SIZE, Weight::Bold)
}

/// Opens a figure's `<svg>` with its title, description and background,
/// at least `width` wide and wide enough for the title; returns the width.
pub(crate) fn open(svg: &mut Svg, id: &str, title: &str, alt: &str, width: f64, height: f64) -> f64 {
    let width = width.max(title_width(title)).ceil();
    let labels = format!("{id}-title {id}-desc");
    let view = format!("0 0 {} {}", num(width), num(height));
    svg.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg".into()),
            ("viewBox", (&view).into()),
            ("width", width.into()),
            ("height", height.into()),
            ("role", "img".into()),
            ("aria-labelledby", (&labels).into()),
            ("font-family", FONT_FAMILY.into()),
            ("font-size", 11.0.into()),
            ("class", "rs-figure".into()),
        ],
    );
    svg.text_el("title", &[("id", (&format!("{id}-title")).into())], title);
    svg.text_el("desc", &[("id", (&format!("{id}-desc")).into())], alt);
    svg.el("rect", &[("width", width.into()), ("height", height.into()), ("fill", "#ffffff".into())]);
    svg.text_el(
        "text",
        &[
            ("x", MARGIN.into()),
            ("y", 21.0.into()),
            ("font-size", TITLE_SIZE.into()),
            ("font-weight", "bold".into()),
        ],
        title,
    );
    width
}

/// A legend entry's swatch.
pub(crate) enum Swatch<'a> {
    /// A dot like the zones of a class.
    Dot(&'a Class),
    /// A line of a colour and width.
    Line { color: &'a str, width: f64, dash: &'a str },
    /// A station mark of a radius.
    Station(f64),
    /// A ring drawn around zones.
    Ring,
}

/// A legend: a title and entries, and optionally the zone-size key.
pub(crate) struct Legend<'a> {
    pub(crate) title: String,
    pub(crate) entries: Vec<(Swatch<'a>, String)>,
    pub(crate) sizes: bool,
}

impl Legend<'_> {
    /// The width the legend needs: its title, its entries, the size key.
    pub(crate) fn width(&self) -> f64 {
        let title = text::width(&self.title, 11.0, Weight::Bold);
        let entries = self
            .entries
            .iter()
            .map(|(_, l)| 20.0 + text::width(l, 11.0, Weight::Regular))
            .fold(0.0, f64::max);
        let sizes = if self.sizes {
            let bold = text::width("People per zone", 11.0, Weight::Bold);
            let r = dot_radius(16_000);
            bold.max(6.0 + 2.0 * 56.0 + r + 3.0 + text::width("16,000", 11.0, Weight::Regular))
        } else {
            0.0
        };
        title.max(entries).max(sizes).max(LEGEND_W) + MARGIN
    }

    /// Draws the legend with its top left at `(x, y)`.
    pub(crate) fn draw(&self, svg: &mut Svg, x: f64, y: f64) {
        let t = format!("translate({} {})", num(x), num(y));
        svg.open("g", &[("class", "legend".into()), ("transform", (&t).into())]);
        svg.text_el("text", &[("y", 10.0.into()), ("font-weight", "bold".into())], &self.title);
        let mut y = 26.0;
        for (swatch, label) in &self.entries {
            svg.open("g", &[("class", "legend-entry".into())]);
            match swatch {
                Swatch::Dot(class) => {
                    let stroke = class.stroke.as_deref().unwrap_or("none");
                    svg.el(
                        "circle",
                        &[
                            ("cx", 7.0.into()),
                            ("cy", y.into()),
                            ("r", 5.5.into()),
                            ("fill", (&class.fill).into()),
                            ("stroke", stroke.into()),
                        ],
                    );
                }
                Swatch::Line { color, width, dash } => {
                    svg.el(
                        "line",
                        &[
                            ("x1", 0.0.into()),
                            ("x2", 16.0.into()),
                            ("y1", y.into()),
                            ("y2", y.into()),
                            ("stroke", (*color).into()),
                            ("stroke-width", (*width).into()),
                            ("stroke-dasharray", (*dash).into()),
                        ],
                    );
                }
                Swatch::Station(r) => {
                    station_mark(svg, 7.0, y, *r);
                }
                Swatch::Ring => {
                    svg.el(
                        "circle",
                        &[
                            ("cx", 7.0.into()),
                            ("cy", y.into()),
                            ("r", 4.5.into()),
                            ("fill", "none".into()),
                            ("stroke", "#000000".into()),
                            ("stroke-width", 1.2.into()),
                        ],
                    );
                }
            }
            svg.text_el("text", &[("x", 20.0.into()), ("y", (y + 4.0).into())], label);
            svg.close();
            y += 16.0;
        }
        if self.sizes {
            y += 6.0;
            svg.text_el(
                "text",
                &[("y", (y + 4.0).into()), ("font-weight", "bold".into())],
                "People per zone",
            );
            y += 16.0;
            let mut x = 6.0;
            for people in [4_000u32, 8_000, 16_000] {
                let r = dot_radius(people);
                svg.el(
                    "circle",
                    &[
                        ("cx", x.into()),
                        ("cy", y.into()),
                        ("r", r.into()),
                        ("fill", "#9a9a9a".into()),
                        ("class", "size-key".into()),
                    ],
                );
                svg.text_el(
                    "text",
                    &[("x", (x + r + 3.0).into()), ("y", (y + 4.0).into())],
                    &thousands(people),
                );
                x += 56.0;
            }
        }
        svg.close();
    }
}

/// A station: a white disc with a dark outline.
pub(crate) fn station_mark(svg: &mut Svg, x: f64, y: f64, r: f64) {
    svg.el(
        "circle",
        &[
            ("cx", x.into()),
            ("cy", y.into()),
            ("r", r.into()),
            ("fill", "#ffffff".into()),
            ("stroke", "#222222".into()),
            ("stroke-width", (if r > 2.0 { 1.0 } else { 0.7 }).into()),
        ],
    );
}

/// `1234567` as `1,234,567`.
pub fn thousands(v: impl Into<u64>) -> String {
    let digits = v.into().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A signed change: `+1,234`, `−56`, `±0`.
pub fn signed(v: i64) -> String {
    match v.signum() {
        1 => format!("+{}", thousands(v.unsigned_abs())),
        -1 => format!("−{}", thousands(v.unsigned_abs())),
        _ => "±0".into(),
    }
}

/// `75` as "75th", `2.5` as "2.5th".
pub fn ordinal(p: f64) -> String {
    let n = p.round() as i64;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    if p.fract() == 0.0 { format!("{n}{suffix}") } else { format!("{p}th") }
}

/// People in millions with two decimals, or thousands below a million.
pub fn people(v: u64) -> String {
    if v >= 1_000_000 { format!("{:.2} million", v as f64 / 1e6) } else { thousands(v) }
}

/// A map figure of `panels` side by side, each drawn by `draw(svg, panel)`
/// inside a clipped panel showing the base map, with a legend on the right.
pub(crate) struct MapFigure<'a> {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) alt: String,
    pub(crate) subtitles: Vec<String>,
    pub(crate) legend: Legend<'a>,
}

impl MapFigure<'_> {
    /// Renders the figure; `draw` fills panel `i` in panel coordinates.
    pub(crate) fn render(self, atlas: &Atlas, mut draw: impl FnMut(&mut Svg, usize)) -> Figure {
        let f = atlas.frame();
        let n = self.subtitles.len() as f64;
        let width = MARGIN + n * f.width + n * GAP + self.legend.width() + MARGIN;
        let top = TITLE_H + SUBTITLE_H;
        let height = top + f.height + 8.0 + ATTRIBUTION_H;
        let mut svg = Svg::new();
        open(&mut svg, &self.id, &self.title, &self.alt, width, height);
        for (i, subtitle) in self.subtitles.iter().enumerate() {
            let x = MARGIN + i as f64 * (f.width + GAP);
            let t = format!("translate({} {})", num(x), num(top));
            svg.open("g", &[("class", "panel".into()), ("transform", (&t).into())]);
            svg.text_el(
                "text",
                &[("y", (-7.0).into()), ("font-size", 12.5.into()), ("font-weight", "bold".into())],
                subtitle,
            );
            svg.open("svg", &[("width", f.width.into()), ("height", f.height.into())]);
            svg.el(
                "rect",
                &[("width", f.width.into()), ("height", f.height.into()), ("fill", "#e8edf1".into())],
            );
            let href = format!("#{BASE_ID}");
            svg.el("use", &[("href", (&href).into())]);
            draw(&mut svg, i);
            svg.close();
            svg.el(
                "rect",
                &[
                    ("width", f.width.into()),
                    ("height", f.height.into()),
                    ("fill", "none".into()),
                    ("stroke", "#9a9a9a".into()),
                    ("stroke-width", 0.8.into()),
                ],
            );
            scale_bar(&mut svg, f);
            north_arrow(&mut svg, f);
            svg.close();
        }
        self.legend.draw(&mut svg, MARGIN + n * (f.width + GAP), top - 4.0);
        attribution(&mut svg, MARGIN, top + f.height + 18.0);
        svg.close();
        Figure { id: self.id, title: self.title, alt: self.alt, svg: svg.finish(), uses_base: true }
    }
}

/// A scale bar at the bottom left of a panel: the longest of 10, 20, 25, 50
/// or 100 km that fits in a third of its width.
pub(crate) fn scale_bar(svg: &mut Svg, f: &Frame) {
    let km = [100.0, 50.0, 25.0, 20.0, 10.0]
        .into_iter()
        .find(|km| km * 1000.0 * f.scale <= f.width / 3.0)
        .unwrap_or(10.0);
    let len = km * 1000.0 * f.scale;
    let (x, y) = (10.0, f.height - 14.0);
    let t = format!("translate({} {})", num(x), num(y));
    svg.open("g", &[("class", "scale-bar".into()), ("transform", (&t).into())]);
    svg.el(
        "rect",
        &[
            ("x", (-4.0).into()),
            ("y", (-12.0).into()),
            ("width", (len + 30.0).into()),
            ("height", 22.0.into()),
            ("fill", "#ffffff".into()),
            ("fill-opacity", 0.8.into()),
        ],
    );
    for (k, fill) in [(0.0, "#222222"), (1.0, "#ffffff")] {
        svg.el(
            "rect",
            &[
                ("x", (k * len / 2.0).into()),
                ("width", (len / 2.0).into()),
                ("height", 4.0.into()),
                ("fill", fill.into()),
                ("stroke", "#222222".into()),
                ("stroke-width", 0.6.into()),
            ],
        );
    }
    svg.text_el(
        "text",
        &[("y", (-3.0).into()), ("font-size", 9.0.into()), ("text-anchor", "middle".into())],
        "0",
    );
    svg.text_el(
        "text",
        &[
            ("x", len.into()),
            ("y", (-3.0).into()),
            ("font-size", 9.0.into()),
            ("text-anchor", "middle".into()),
        ],
        &format!("{} km", num(km)),
    );
    svg.close();
}

/// A north arrow at the top right of a panel (grid north: within a degree
/// of true north across the North of England).
pub(crate) fn north_arrow(svg: &mut Svg, f: &Frame) {
    let t = format!("translate({} 10)", num(f.width - 16.0));
    svg.open("g", &[("class", "north-arrow".into()), ("transform", (&t).into())]);
    svg.el("path", &[("d", "M0 0L6 16L0 12.5L-6 16Z".into()), ("fill", "#222222".into())]);
    svg.text_el(
        "text",
        &[
            ("y", 27.0.into()),
            ("font-size", 10.0.into()),
            ("font-weight", "bold".into()),
            ("text-anchor", "middle".into()),
        ],
        "N",
    );
    svg.close();
}

/// The data attributions, a line each from `(x, y)` down.
pub(crate) fn attribution(svg: &mut Svg, x: f64, y: f64) {
    svg.open("g", &[("class", "attribution".into()), ("font-size", 8.5.into()), ("fill", "#555555".into())]);
    for (i, line) in ATTRIBUTION.iter().enumerate() {
        svg.text_el("text", &[("x", x.into()), ("y", (y + 11.0 * i as f64).into())], line);
    }
    svg.close();
}
