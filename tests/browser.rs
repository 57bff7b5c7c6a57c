//! The HTML report in a real browser: `railshed compare --report` on the
//! default comparison, opened in headless Chromium.
//!
//! Chromium is found at `$RAILSHED_CHROMIUM`, else `/usr/bin/chromium`, else
//! as `chromium`, `chromium-browser` or `google-chrome` on the `PATH`
//! (`.ci/test`, the README's test command, installs it when it is missing). The test
//! fails, rather than skips, without one.
//!
//! Three runs of the browser, each with a fresh profile and no network:
//! 1. `--dump-dom` of a copy of the report with two scripts added (the
//!    report itself has none): one at the top of `<head>` records errors
//!    and `console.error` calls, one at the end checks on `load` that every
//!    figure has a size, every `<use>` finds what it refers to, no text of
//!    a figure (outside the map panels, which clip their own) reaches past
//!    its edges in the browser's own font, each
//!    picker (city, scenario, time) shows the pane of the choice clicked and
//!    only that, and nothing was fetched; it writes its findings into the
//!    DOM as JSON. Chromium's own log (stderr) must show no console message
//!    either.
//! 2. `--screenshot` of the report itself, which must not be blank.
//! 3. `--print-to-pdf` of the report itself on A4: at most ten pages.

use assert_cmd::cargo::CommandCargoExt;
use std::process::Command;

mod support;
use support::{assert_not_blank, browse};

/// Recorded before anything else on the page runs.
const PROBE: &str = "<script>\
window.__errors=[];\
window.addEventListener('error',function(e){window.__errors.push('error: '+(e.message||(e.target&&e.target.outerHTML)||'?'))},true);\
(function(){var o=console.error;console.error=function(){window.__errors.push('console.error: '+Array.prototype.join.call(arguments,' '));o.apply(console,arguments)};})();\
</script>";

/// Checks on `load` and writes its findings into `<pre id="rs-check">`:
/// every figure outside a picker has a size, a text alternative and maps
/// whose `<use>` draws; then, for each picker (cities, scenarios, times),
/// each choice is clicked by its label and must show its own pane and hide
/// the others, and the figures of the pane shown are checked the same way.
const CHECK: &str = "<script>\
window.addEventListener('load',function(){\
var bad=[],checked=0,picks=0;\
function fig(s){var r=s.getBoundingClientRect();if(!(r.width>0&&r.height>0))bad.push('no size: '+s.getAttribute('aria-labelledby'));\
if(!s.querySelector('title')||!s.querySelector('desc'))bad.push('no text alternative: '+s.getAttribute('aria-labelledby'));\
s.querySelectorAll('use').forEach(function(u){var h=u.getAttribute('href');\
if(!document.querySelector(h)||!(u.getBBox().width>0))bad.push('use '+h+' draws nothing');});\
s.querySelectorAll('text').forEach(function(t){if(t.parentNode.closest('svg')!==s)return;\
var a=s.getBoundingClientRect(),b=t.getBoundingClientRect();\
if(b.left<a.left-1||b.right>a.right+1)bad.push('clipped in '+s.getAttribute('aria-labelledby')+': '+t.textContent);});checked++;}\
document.querySelectorAll('figure svg[role=img]').forEach(function(s){if(!s.closest('.pane'))fig(s);});\
document.querySelectorAll('.pick').forEach(function(p){\
var inputs=p.querySelectorAll(':scope>input[type=radio]'),panes=p.querySelectorAll(':scope>.panes>.pane');\
if(inputs.length!==panes.length||!inputs.length)bad.push(p.id+': '+inputs.length+' choices, '+panes.length+' panes');\
inputs.forEach(function(input,i){document.querySelector('label[for=\"'+input.id+'\"]').click();picks++;\
if(!input.checked)bad.push(p.id+': choice '+i+' not checked by its label');\
panes.forEach(function(pane,j){var shown=getComputedStyle(pane).display!=='none';\
if(shown!==(i===j))bad.push(p.id+': choice '+i+(shown?' shows':' hides')+' pane '+j);});\
if(panes[i])panes[i].querySelectorAll('figure svg[role=img]').forEach(fig);});\
if(inputs.length)inputs[0].click();});\
var incomplete=Array.prototype.filter.call(document.images,function(i){return !(i.complete&&i.naturalWidth>0)}).length;\
var pre=document.createElement('pre');pre.id='rs-check';\
pre.textContent=JSON.stringify({figures:document.querySelectorAll('figure svg[role=img]').length,checked:checked,picks:picks,\
uses:document.querySelectorAll('use').length,bad:bad,errors:window.__errors,\
fetched:performance.getEntriesByType('resource').length,images:document.images.length,incomplete:incomplete});\
document.body.appendChild(pre);});\
</script>";

#[test]
fn the_default_report_opens_in_a_browser_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("out/report.html");
    let out = Command::cargo_bin("railshed")
        .unwrap()
        .args(["compare", "--report"])
        .arg(&report)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&report).unwrap();
    let figures = html.matches("<figure ").count();
    // A network-effect chart, where the time goes, 2 network-effect maps, 16 hubs × (chart, catchment,
    // difference), 4 networks, hub times.
    assert_eq!(figures, 1 + 1 + 2 + 48 + 4 + 1);
    let maps = html.matches("<use href=\"#rs-base\"/>").count();

    let probe = dir.path().join("out/probe.html");
    let with_checks = html.replacen("<head>\n", &format!("<head>\n{PROBE}"), 1).replacen(
        "</body>",
        &format!("{CHECK}</body>"),
        1,
    );
    std::fs::write(&probe, with_checks).unwrap();
    let url = format!("file://{}", probe.display());
    let dom = browse(
        &dir.path().join("profile-dom"),
        &["--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000", "--dump-dom", &url],
    );
    let (stdout, stderr) = (&dom.stdout, &dom.stderr);
    let start = stdout
        .find("<pre id=\"rs-check\">")
        .unwrap_or_else(|| panic!("no findings; Chromium said:\n{stderr}"));
    let rest = &stdout[start + "<pre id=\"rs-check\">".len()..];
    let json = rest[..rest.find("</pre>").unwrap()].replace("&quot;", "\"").replace("&amp;", "&");
    let found: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(found["figures"], figures, "{found}");
    assert_eq!(found["checked"], figures, "every figure was seen, each in its pane: {found}");
    // Pickers: 2 network-effect times, 16 cities, 4 scenarios.
    assert_eq!(found["picks"], 2 + 16 + 4, "{found}");
    assert_eq!(found["uses"], maps, "{found}");
    assert_eq!(found["bad"], serde_json::json!([]), "{found}");
    assert_eq!(found["errors"], serde_json::json!([]), "{found}");
    assert_eq!(found["fetched"], 0, "the report fetched something: {found}");
    assert_eq!(found["incomplete"], 0, "{found}");
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");

    let shot = dir.path().join("shot.png");
    let url = format!("file://{}", report.display());
    let run = browse(
        &dir.path().join("profile-shot"),
        &["--window-size=1280,2400", &format!("--screenshot={}", shot.display()), &url],
    );
    assert!(shot.is_file(), "no screenshot; Chromium said:\n{}", run.stderr);
    assert_not_blank(&shot, (1280, 2400));

    let pdf = dir.path().join("report.pdf");
    let run = browse(
        &dir.path().join("profile-pdf"),
        &["--no-pdf-header-footer", &format!("--print-to-pdf={}", pdf.display()), &url],
    );
    let bytes =
        std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF ({e}); Chromium said:\n{}", run.stderr));
    let pages = pdf_pages(&bytes);
    assert!((1..=10).contains(&pages), "the report prints to {pages} A4 pages");
}

/// The pages of a PDF: its objects of type `/Page` (not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let key = b"/Type /Page";
    pdf.windows(key.len() + 1).filter(|w| &w[..key.len()] == key && w[key.len()] != b's').count()
}

#[test]
fn pages_of_a_pdf_are_counted() {
    let check =
        |pdf: &[u8], expect: usize| assert_eq!(pdf_pages(pdf), expect, "{}", String::from_utf8_lossy(pdf));
    check(b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type /Page/Parent 1 0 R >>", 2);
    check(b"<< /Type /Pages /Count 0 >>", 0);
}
