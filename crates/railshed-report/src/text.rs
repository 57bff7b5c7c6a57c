//! Text measured with font metrics, so that titles and labels are never
//! clipped.
//!
//! The figures ask for DejaVu Sans first (see [`crate::style::FONT_FAMILY`]);
//! its advance widths are embedded below for the characters railshed's
//! figures use (ASCII, Latin-1 and some typographic signs), regular and
//! bold. DejaVu Sans is wider than the fallbacks named after it (Liberation
//! Sans, Arial, Helvetica), so a width measured here is enough for them too.
//! A character not in the table counts as wide as `M` in the same weight.
//! Kerning is ignored (it only narrows text).
//!
//! The advance widths were read from the `hmtx` and `cmap` tables of DejaVu
//! Sans 2.37 (`DejaVuSans.ttf`, `DejaVuSans-Bold.ttf`). DejaVu fonts are
//! © Bitstream (Bitstream Vera licence) with changes in the public domain;
//! see `DATA-LICENSES.md`.

/// The weight of a run of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    /// Regular (book).
    Regular,
    /// Bold.
    Bold,
}

/// The width of `text` set in DejaVu Sans at `size` (px) in `weight`, in px.
///
/// ```
/// use railshed_report::text::{Weight, width};
/// // DejaVu Sans: M is 1767 units of 2048 wide.
/// assert!((width("M", 2048.0, Weight::Regular) - 1767.0).abs() < 1e-9);
/// assert!(width("Leeds", 12.0, Weight::Bold) > width("Leeds", 12.0, Weight::Regular));
/// ```
pub fn width(text: &str, size: f64, weight: Weight) -> f64 {
    let units: u32 = text.chars().map(|c| u32::from(advance(c, weight))).sum();
    f64::from(units) * size / UNITS_PER_EM
}

/// The advance of one character, in font units.
fn advance(c: char, weight: Weight) -> u16 {
    let pick = |&(_, r, b): &(char, u16, u16)| if weight == Weight::Bold { b } else { r };
    match ADVANCES.binary_search_by(|(k, _, _)| k.cmp(&c)) {
        Ok(i) => pick(&ADVANCES[i]),
        Err(_) => {
            let m = ADVANCES.binary_search_by(|(k, _, _)| k.cmp(&'M')).expect("M is in the table");
            pick(&ADVANCES[m])
        }
    }
}

/// Every `<text>` of an SVG figure that does not fit inside it, as
/// `"text": from x0 to x1, figure width w`; empty when everything fits.
///
/// Reads the SVG this crate writes: `translate` on groups, `x`,
/// `font-size`, `font-weight` and `text-anchor` (inherited), and measures
/// each text with [`width`]. Text inside a nested `<svg>` (a map panel,
/// which clips its own content) is not checked.
pub fn overflows(svg: &str) -> Vec<String> {
    #[derive(Clone)]
    struct Ctx {
        name: String,
        tx: f64,
        size: f64,
        bold: bool,
        anchor: String,
        nested: bool,
    }
    let attr = |tag: &str, key: &str| -> Option<String> {
        let pat = format!(" {key}=\"");
        let start = tag.find(&pat)? + pat.len();
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_owned())
    };
    let unescape = |t: &str| {
        t.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    };
    let mut stack: Vec<Ctx> = Vec::new();
    let mut figure_w = f64::INFINITY;
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[..=close];
        rest = &rest[close + 1..];
        if tag.starts_with("</") {
            stack.pop();
            continue;
        }
        if tag.starts_with("<?") || tag.starts_with("<!") {
            continue;
        }
        let name: String = tag[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let parent = stack.last().cloned().unwrap_or(Ctx {
            name: String::new(),
            tx: 0.0,
            size: 16.0,
            bold: false,
            anchor: "start".into(),
            nested: false,
        });
        let mut ctx = Ctx { name: name.clone(), ..parent.clone() };
        if let Some(t) = attr(tag, "transform").and_then(|t| t.strip_prefix("translate(").map(str::to_owned))
        {
            let x: f64 = t.split([' ', ',', ')']).next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
            ctx.tx += x;
        }
        if let Some(v) = attr(tag, "font-size").and_then(|v| v.parse().ok()) {
            ctx.size = v;
        }
        if let Some(v) = attr(tag, "font-weight") {
            ctx.bold = v == "bold";
        }
        if let Some(v) = attr(tag, "text-anchor") {
            ctx.anchor = v;
        }
        if name == "svg" {
            if stack.iter().any(|c| c.name == "svg") {
                ctx.nested = true;
            } else if let Some(w) = attr(tag, "width").and_then(|v| v.parse().ok()) {
                figure_w = w;
            }
        }
        if tag.ends_with("/>") {
            continue;
        }
        if name == "text" && !ctx.nested && !stack.iter().any(|c| c.name == "defs") {
            let end = rest.find("</text>").unwrap_or(rest.len());
            let text = unescape(&rest[..end]);
            let x = ctx.tx + attr(tag, "x").and_then(|v| v.parse().ok()).unwrap_or(0.0);
            let w = width(&text, ctx.size, if ctx.bold { Weight::Bold } else { Weight::Regular });
            let x0 = match ctx.anchor.as_str() {
                "end" => x - w,
                "middle" => x - w / 2.0,
                _ => x,
            };
            if x0 < -0.5 || x0 + w > figure_w + 0.5 {
                out.push(format!("{text:?}: from {x0:.1} to {:.1}, figure width {figure_w}", x0 + w));
            }
        }
        stack.push(ctx);
    }
    out
}

/// Units per em of DejaVu Sans.
pub(crate) const UNITS_PER_EM: f64 = 2048.0;

/// `(char, regular advance, bold advance)`, sorted by char, in font units.
const ADVANCES: [(char, u16, u16); 211] = [
    (' ', 651, 713),
    ('!', 821, 934),
    ('"', 942, 1067),
    ('#', 1716, 1716),
    ('$', 1303, 1425),
    ('%', 1946, 2052),
    ('&', 1597, 1786),
    ('\'', 563, 627),
    ('(', 799, 936),
    (')', 799, 936),
    ('*', 1024, 1071),
    ('+', 1716, 1716),
    (',', 651, 778),
    ('-', 739, 850),
    ('.', 651, 778),
    ('/', 690, 748),
    ('0', 1303, 1425),
    ('1', 1303, 1425),
    ('2', 1303, 1425),
    ('3', 1303, 1425),
    ('4', 1303, 1425),
    ('5', 1303, 1425),
    ('6', 1303, 1425),
    ('7', 1303, 1425),
    ('8', 1303, 1425),
    ('9', 1303, 1425),
    (':', 690, 819),
    (';', 690, 819),
    ('<', 1716, 1716),
    ('=', 1716, 1716),
    ('>', 1716, 1716),
    ('?', 1087, 1188),
    ('@', 2048, 2048),
    ('A', 1401, 1585),
    ('B', 1405, 1561),
    ('C', 1430, 1503),
    ('D', 1577, 1700),
    ('E', 1294, 1399),
    ('F', 1178, 1399),
    ('G', 1587, 1681),
    ('H', 1540, 1714),
    ('I', 604, 762),
    ('J', 604, 762),
    ('K', 1343, 1587),
    ('L', 1141, 1305),
    ('M', 1767, 2038),
    ('N', 1532, 1714),
    ('O', 1612, 1741),
    ('P', 1235, 1501),
    ('Q', 1612, 1741),
    ('R', 1423, 1577),
    ('S', 1300, 1475),
    ('T', 1251, 1397),
    ('U', 1499, 1663),
    ('V', 1401, 1585),
    ('W', 2025, 2259),
    ('X', 1403, 1579),
    ('Y', 1251, 1483),
    ('Z', 1403, 1485),
    ('[', 799, 936),
    ('\\', 690, 748),
    (']', 799, 936),
    ('^', 1716, 1716),
    ('_', 1024, 1024),
    ('`', 1024, 1024),
    ('a', 1255, 1382),
    ('b', 1300, 1466),
    ('c', 1126, 1214),
    ('d', 1300, 1466),
    ('e', 1260, 1389),
    ('f', 721, 891),
    ('g', 1300, 1466),
    ('h', 1298, 1458),
    ('i', 569, 702),
    ('j', 569, 702),
    ('k', 1186, 1362),
    ('l', 569, 702),
    ('m', 1995, 2134),
    ('n', 1298, 1458),
    ('o', 1253, 1407),
    ('p', 1300, 1466),
    ('q', 1300, 1466),
    ('r', 842, 1010),
    ('s', 1067, 1219),
    ('t', 803, 979),
    ('u', 1298, 1458),
    ('v', 1212, 1335),
    ('w', 1675, 1892),
    ('x', 1212, 1321),
    ('y', 1212, 1335),
    ('z', 1075, 1192),
    ('{', 1303, 1458),
    ('|', 690, 748),
    ('}', 1303, 1458),
    ('~', 1716, 1716),
    ('\u{a0}', 651, 713),
    ('¡', 821, 934),
    ('¢', 1303, 1425),
    ('£', 1303, 1425),
    ('¤', 1303, 1303),
    ('¥', 1303, 1425),
    ('¦', 690, 748),
    ('§', 1024, 1024),
    ('¨', 1024, 1024),
    ('©', 2048, 2048),
    ('ª', 965, 1155),
    ('«', 1253, 1323),
    ('¬', 1716, 1716),
    ('\u{ad}', 739, 850),
    ('®', 2048, 2048),
    ('¯', 1024, 1024),
    ('°', 1024, 1024),
    ('±', 1716, 1716),
    ('²', 821, 897),
    ('³', 821, 897),
    ('´', 1024, 1024),
    ('µ', 1303, 1507),
    ('¶', 1303, 1303),
    ('·', 651, 778),
    ('¸', 1024, 1024),
    ('¹', 821, 897),
    ('º', 965, 1155),
    ('»', 1253, 1323),
    ('¼', 1985, 2120),
    ('½', 1985, 2120),
    ('¾', 1985, 2120),
    ('¿', 1087, 1188),
    ('À', 1401, 1585),
    ('Á', 1401, 1585),
    ('Â', 1401, 1585),
    ('Ã', 1401, 1585),
    ('Ä', 1401, 1585),
    ('Å', 1401, 1585),
    ('Æ', 1995, 2222),
    ('Ç', 1430, 1503),
    ('È', 1294, 1399),
    ('É', 1294, 1399),
    ('Ê', 1294, 1399),
    ('Ë', 1294, 1399),
    ('Ì', 604, 762),
    ('Í', 604, 762),
    ('Î', 604, 762),
    ('Ï', 604, 762),
    ('Ð', 1587, 1716),
    ('Ñ', 1532, 1714),
    ('Ò', 1612, 1741),
    ('Ó', 1612, 1741),
    ('Ô', 1612, 1741),
    ('Õ', 1612, 1741),
    ('Ö', 1612, 1741),
    ('×', 1716, 1716),
    ('Ø', 1612, 1741),
    ('Ù', 1499, 1663),
    ('Ú', 1499, 1663),
    ('Û', 1499, 1663),
    ('Ü', 1499, 1663),
    ('Ý', 1251, 1483),
    ('Þ', 1239, 1511),
    ('ß', 1290, 1473),
    ('à', 1255, 1382),
    ('á', 1255, 1382),
    ('â', 1255, 1382),
    ('ã', 1255, 1382),
    ('ä', 1255, 1382),
    ('å', 1255, 1382),
    ('æ', 2011, 2146),
    ('ç', 1126, 1214),
    ('è', 1260, 1389),
    ('é', 1260, 1389),
    ('ê', 1260, 1389),
    ('ë', 1260, 1389),
    ('ì', 569, 702),
    ('í', 569, 702),
    ('î', 569, 702),
    ('ï', 569, 702),
    ('ð', 1253, 1407),
    ('ñ', 1298, 1458),
    ('ò', 1253, 1407),
    ('ó', 1253, 1407),
    ('ô', 1253, 1407),
    ('õ', 1253, 1407),
    ('ö', 1253, 1407),
    ('÷', 1716, 1716),
    ('ø', 1253, 1407),
    ('ù', 1298, 1458),
    ('ú', 1298, 1458),
    ('û', 1298, 1458),
    ('ü', 1298, 1458),
    ('ý', 1212, 1335),
    ('þ', 1300, 1466),
    ('ÿ', 1212, 1335),
    ('Σ', 1294, 1399),
    ('α', 1350, 1407),
    ('β', 1307, 1466),
    ('γ', 1212, 1395),
    ('–', 1024, 1024),
    ('—', 2048, 2048),
    ('‘', 651, 778),
    ('’', 651, 778),
    ('“', 1061, 1346),
    ('”', 1061, 1346),
    ('•', 1208, 1309),
    ('…', 2048, 2048),
    ('€', 1303, 1425),
    ('←', 1716, 1716),
    ('↑', 1716, 1716),
    ('→', 1716, 1716),
    ('↓', 1716, 1716),
    ('−', 1716, 1716),
    ('≤', 1716, 1716),
    ('≥', 1716, 1716),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_complete_for_ascii() {
        assert!(ADVANCES.windows(2).all(|w| w[0].0 < w[1].0));
        for c in ' '..='~' {
            assert!(ADVANCES.iter().any(|a| a.0 == c), "{c:?}");
        }
    }

    #[test]
    fn widths_add_up_and_unknown_characters_count_as_wide() {
        let check = |text: &str, size: f64, weight: Weight, expect: f64| {
            let got = width(text, size, weight);
            assert!((got - expect).abs() < 0.01, "{text:?} at {size}: {got}, expected {expect}");
        };
        check("", 12.0, Weight::Regular, 0.0);
        check("MM", 2048.0, Weight::Regular, 2.0 * 1767.0);
        check("M", 2048.0, Weight::Bold, 2038.0);
        check("i", 2048.0, Weight::Regular, 569.0);
        check("中", 2048.0, Weight::Regular, 1767.0);
        check(
            "Leeds",
            10.0,
            Weight::Regular,
            width("L", 10.0, Weight::Regular) + width("eeds", 10.0, Weight::Regular),
        );
    }

    #[test]
    fn overflowing_text_is_found() {
        let svg = |w: f64, body: &str| format!("<svg width=\"{w}\" font-size=\"10\">{body}</svg>");
        let fits = svg(100.0, "<g transform=\"translate(10 5)\"><text x=\"2\">Leeds</text></g>");
        assert_eq!(overflows(&fits), Vec::<String>::new());
        let wide = svg(40.0, "<g transform=\"translate(10 5)\"><text x=\"2\">Manchester</text></g>");
        assert_eq!(overflows(&wide).len(), 1, "{:?}", overflows(&wide));
        let left = svg(100.0, "<text x=\"5\" text-anchor=\"end\">Leeds</text>");
        assert_eq!(overflows(&left).len(), 1);
        let clipped_panel = svg(40.0, "<svg width=\"20\"><text x=\"2\">Manchester</text></svg>");
        assert_eq!(overflows(&clipped_panel), Vec::<String>::new());
    }
}
