//! Writing the HTML report and the map and chart files of `railshed
//! compare`, rendered by the library.

use std::path::Path;

use anyhow::{Context as _, Result};
use railshed::{Outcome, Render};

/// Renders and writes the report (to `report`) and figures (into `maps`,
/// as SVG, and as PNG too with `png`) asked for.
pub(crate) fn write(
    outcome: &Outcome,
    report: Option<&Path>,
    maps: Option<&Path>,
    png: bool,
    version: &str,
) -> Result<()> {
    let progress = crate::output::progress(None, "{spinner} {msg}");
    progress.enable_steady_tick(std::time::Duration::from_millis(120));
    progress.set_message("drawing maps and charts");
    let rendered = outcome.render(Render { html: report.is_some(), figures: maps.is_some() }, version)?;
    if let (Some(path), Some(html)) = (report, &rendered.html) {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
        }
        railshed_io::atomic::write(path, html.as_bytes())?;
    }
    if let Some(dir) = maps {
        let maps = railshed_io::atomic::DirSet::begin(dir, railshed_io::atomic::MAPS)?;
        progress.set_length(rendered.figures.len() as u64);
        progress.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}/{len}").expect("valid template"),
        );
        progress.set_message("writing figures");
        #[cfg(feature = "png")]
        let fonts = png.then(|| {
            let mut db = railshed_report::png::fontdb::Database::new();
            db.load_system_fonts();
            std::sync::Arc::new(db)
        });
        #[cfg(not(feature = "png"))]
        let _ = png;
        for f in &rendered.figures {
            let svg = f.standalone(&rendered.atlas);
            maps.write(&format!("{}.svg", f.id), svg.as_bytes())?;
            #[cfg(feature = "png")]
            if let Some(fonts) = &fonts {
                let png = railshed_report::png::render(&f.id, &svg, fonts, 2.0)?;
                maps.write(&format!("{}.png", f.id), &png)?;
            }
            progress.inc(1);
        }
        maps.commit()?;
    }
    progress.finish_and_clear();
    Ok(())
}
