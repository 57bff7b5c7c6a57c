//! A small SVG writer: elements, attributes and text, escaped, with numbers
//! written compactly and identically on every platform.
//!
//! The figures are made of a few kinds of element (paths, circles, lines,
//! rectangles, text); a DOM or a drawing crate would add nothing that this
//! writer does not do, and its output is what the golden tests read.

use std::fmt::Write as _;

/// Escapes text for an XML text node or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number with at most one decimal, no trailing `.0`, and no `-0`.
///
/// ```
/// use railshed_report::svg::num;
/// assert_eq!(num(12.0), "12");
/// assert_eq!(num(-0.04), "0");
/// assert_eq!(num(3.14159), "3.1");
/// ```
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    if r.fract() == 0.0 { format!("{}", r as i64) } else { format!("{r:.1}") }
}

/// An SVG document or fragment being written.
#[derive(Default)]
pub struct Svg {
    out: String,
    open: Vec<&'static str>,
}

/// An attribute value.
pub enum Value<'a> {
    /// Text, escaped when written.
    Str(&'a str),
    /// A number, written with [`num`].
    Num(f64),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Str(s)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(s: &'a String) -> Self {
        Value::Str(s)
    }
}

impl From<f64> for Value<'_> {
    fn from(v: f64) -> Self {
        Value::Num(v)
    }
}

impl Svg {
    /// An empty fragment.
    pub fn new() -> Svg {
        Svg::default()
    }

    fn start(&mut self, name: &'static str, attrs: &[(&str, Value<'_>)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            match v {
                Value::Str(s) => {
                    let _ = write!(self.out, " {k}=\"{}\"", escape(s));
                }
                Value::Num(n) => {
                    let _ = write!(self.out, " {k}=\"{}\"", num(*n));
                }
            }
        }
    }

    /// Opens an element; [`Svg::close`] closes it.
    pub fn open(&mut self, name: &'static str, attrs: &[(&str, Value<'_>)]) -> &mut Svg {
        self.start(name, attrs);
        self.out.push('>');
        self.open.push(name);
        self
    }

    /// Closes the innermost open element.
    ///
    /// # Panics
    /// If no element is open (a bug in the drawing code).
    pub fn close(&mut self) -> &mut Svg {
        let name = self.open.pop().expect("an element is open");
        let _ = write!(self.out, "</{name}>");
        self
    }

    /// An empty element.
    pub fn el(&mut self, name: &'static str, attrs: &[(&str, Value<'_>)]) -> &mut Svg {
        self.start(name, attrs);
        self.out.push_str("/>");
        self
    }

    /// An element holding escaped text.
    pub fn text_el(&mut self, name: &'static str, attrs: &[(&str, Value<'_>)], text: &str) -> &mut Svg {
        self.start(name, attrs);
        self.out.push('>');
        self.out.push_str(&escape(text));
        let _ = write!(self.out, "</{name}>");
        self
    }

    /// A circle: the most frequent element, written without the attribute machinery.
    pub fn circle(&mut self, cx: f64, cy: f64, r: f64) -> &mut Svg {
        let _ = write!(self.out, "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"/>", num(cx), num(cy), num(r));
        self
    }

    /// Markup written as is: the caller guarantees it is well formed.
    pub fn raw(&mut self, markup: &str) -> &mut Svg {
        self.out.push_str(markup);
        self
    }

    /// The markup written so far.
    ///
    /// # Panics
    /// If an element is still open (a bug in the drawing code).
    pub fn finish(self) -> String {
        assert!(self.open.is_empty(), "unclosed elements: {:?}", self.open);
        self.out
    }
}

/// Path data for a polyline (`closed`: a ring) through points, each a
/// move or line command, coordinates with one decimal.
pub fn path_data(out: &mut String, points: impl IntoIterator<Item = (f64, f64)>, closed: bool) {
    let mut last = (String::new(), String::new());
    let mut first = true;
    for (x, y) in points {
        let (x, y) = (num(x), num(y));
        if !first && (x == last.0 && y == last.1) {
            continue;
        }
        out.push(if first { 'M' } else { 'L' });
        out.push_str(&x);
        out.push(' ');
        out.push_str(&y);
        first = false;
        last = (x, y);
    }
    if closed && !first {
        out.push('Z');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_nests() {
        let mut svg = Svg::new();
        svg.open("g", &[("class", "a&b".into()), ("opacity", 0.55.into())]);
        svg.text_el("text", &[("x", 1.0.into())], "<Hull & York>");
        svg.circle(1.04, -0.01, 2.25);
        svg.close();
        assert_eq!(
            svg.finish(),
            "<g class=\"a&amp;b\" opacity=\"0.6\"><text x=\"1\">&lt;Hull &amp; York&gt;</text>\
             <circle cx=\"1\" cy=\"0\" r=\"2.3\"/></g>"
        );
    }

    #[test]
    fn path_data_drops_repeated_points() {
        let mut d = String::new();
        path_data(&mut d, [(0.0, 0.0), (0.01, 0.02), (10.0, 0.0), (10.0, 5.55)], true);
        assert_eq!(d, "M0 0L10 0L10 5.6Z");
        let mut empty = String::new();
        path_data(&mut empty, [], true);
        assert_eq!(empty, "");
    }
}
