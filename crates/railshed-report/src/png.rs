//! SVG figures rendered to PNG with resvg (cargo feature `png`).
//!
//! Text needs fonts, and finding them is IO: the caller loads a
//! [`fontdb::Database`] (for example with `load_system_fonts`) and passes
//! it in. Figures ask for DejaVu Sans, then Liberation Sans, Arial and
//! Helvetica; with none of them resvg falls back to any sans-serif face
//! in the database, and text is left out if there is none. The same SVG,
//! fonts and scale give the same PNG.

use std::sync::Arc;

pub use resvg::usvg::fontdb;

use crate::Error;

/// Renders `svg` (a standalone figure, see [`crate::Figure::standalone`])
/// at `scale` pixels per page unit, on its white background.
pub fn render(id: &str, svg: &str, fonts: &Arc<fontdb::Database>, scale: f32) -> Result<Vec<u8>, Error> {
    let bad = |reason: String| Error::Png { figure: id.to_owned(), reason };
    let options = resvg::usvg::Options { fontdb: Arc::clone(fonts), ..resvg::usvg::Options::default() };
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| bad(e.to_string()))?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(|| bad("empty figure".into()))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| bad("figure too large".into()))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| bad(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_figure_at_scale() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="#ff0000"/></svg>"##;
        let png = render("t", svg, &Arc::new(fontdb::Database::new()), 2.0).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        // IHDR: width and height, big-endian, after the 8-byte signature and 8-byte chunk header.
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 40);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 20);
        let err = render("bad", "<svg", &Arc::new(fontdb::Database::new()), 1.0).unwrap_err();
        assert!(err.to_string().starts_with("cannot render bad as PNG"), "{err}");
    }
}
