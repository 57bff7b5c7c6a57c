//! Golden tests on the structure of the figures and the report (not their
//! pixels): zones per class and panel, legend entries, series and bars,
//! tables and text alternatives. Figures are summarised as text and
//! compared with snapshots in `tests/snapshots/`.

use geo::{MultiPolygon, polygon};
use railshed_report::maps::{Place, catchment_map, difference_map, network_effect_map};
use railshed_report::{
    Area, Atlas, Boundaries, Figure, Provenance, Report, ReportOptions, ScenarioText, charts,
};
use railshed_scenario::compare::{Comparison, HubName, NetworkSummary, Run};
use railshed_scenario::indicators::{Figures, HubTime, Indicators, Off, Reach};
use railshed_scenario::settings::{Measure, NetworkEffect, Settings};
use railshed_scenario::zones::Zone;

/// Two local authorities side by side around Leeds, in one region.
fn boundaries() -> Boundaries {
    let area = |code: &str, x0: f64, x1: f64| Area {
        code: code.into(),
        name: code.into(),
        shape: MultiPolygon::from(polygon![
            (x: x0, y: 53.5), (x: x1, y: 53.5), (x: x1, y: 54.0), (x: x0, y: 54.0), (x: x0, y: 53.5)
        ]),
    };
    Boundaries {
        areas: vec![area("W", -2.0, -1.5), area("E", -1.5, -1.0)],
        regions: vec![area("R", -2.0, -1.0)],
    }
}

const MINUTES: [[Option<f64>; 6]; 2] = [
    // Zone 0–5 to hub "a" in the reference, then in the scenario.
    [Some(10.0), Some(25.0), Some(50.0), Some(70.0), None, Some(100.0)],
    [Some(10.0), Some(12.0), Some(30.0), Some(55.0), Some(80.0), Some(103.0)],
];

/// Six zones, two hubs (a, b), two runs with hand-written results.
fn comparison() -> Comparison {
    let zones: Vec<Zone> = (0..6)
        .map(|i| Zone {
            code: format!("Z{i}"),
            name: format!("Zone {i}"),
            lad: "W".into(),
            population: 1000 * (i + 1),
            pos: geo::Point::new(-1.9 + 0.15 * f64::from(i), 53.6 + 0.05 * f64::from(i)),
        })
        .collect();
    let settings = Settings {
        thresholds_min: vec![30.0, 60.0, 90.0],
        network_effect: NetworkEffect { n: 2, cities: vec!["a".into(), "b".into()], minutes: vec![60.0] },
        ..Settings::default()
    };
    let run = |r: usize, name: &str| {
        let zone_hub: Vec<Vec<Option<f64>>> =
            (0..6).map(|z| vec![MINUTES[r][z], MINUTES[r][z].map(|m| m + 20.0)]).collect();
        let within = |h: usize, t: f64| -> u64 {
            zones
                .iter()
                .zip(&zone_hub)
                .filter(|(_, m)| m[h].is_some_and(|m| m <= t))
                .map(|(z, _)| u64::from(z.population))
                .sum()
        };
        let cities_reached: Vec<Vec<u8>> = zone_hub
            .iter()
            .map(|m| vec![m.iter().filter(|m| m.is_some_and(|m| m <= 60.0)).count() as u8])
            .collect();
        let network_effect = vec![vec![
            zones
                .iter()
                .zip(&cities_reached)
                .filter(|(_, c)| c[0] >= 2)
                .map(|(z, _)| u64::from(z.population))
                .sum(),
        ]];
        let hub_time = |from: &str, to: &str, m: u32| HubTime {
            from: from.into(),
            to: to.into(),
            minutes: Some(m - 10 * r as u32),
            changes: Some(1),
        };
        Run {
            name: name.into(),
            file: format!("scenarios/{name}.json"),
            lineage: vec![name.into()],
            network: NetworkSummary { stations: 10, served: 8, lines: 3, trips: 300 + r },
            indicators: Indicators {
                catchment: (0..2)
                    .map(|h| settings.thresholds_min.iter().map(|&t| within(h, t)).collect())
                    .collect(),
                zone_hub,
                network_effect,
                cities_reached,
                jobs_within: vec![vec![100.0, 200.0]; 6],
                effective_density: vec![vec![1.0; 4]; 6],
                hub_times: vec![hub_time("a", "b", 50), hub_time("b", "a", 52)],
                by_measure: vec![],
            },
        }
    };
    Comparison::new(
        settings.clone(),
        zones.clone(),
        vec![500.0; 6],
        vec![
            HubName { id: "a".into(), name: "Aston".into() },
            HubName { id: "b".into(), name: "Brough".into() },
        ],
        vec![run(0, "Before"), run(1, "After")],
    )
}

/// The figure as text: its title and size, each panel's subtitle and zones per
/// class, other element counts, and the legend.
fn summary(f: &Figure) -> String {
    let svg = &f.svg;
    let mut out = format!("{} | {}\n", f.id, f.title);
    // The size, from measured text: it changes when a label or title would no longer fit.
    out.push_str(&format!(
        "size: {} × {}\n",
        between(svg, " width=\"", "\""),
        between(svg, " height=\"", "\"")
    ));
    for (i, panel) in svg.split("<g class=\"panel\"").skip(1).enumerate() {
        let subtitle = between(panel, "font-weight=\"bold\">", "</text>");
        out.push_str(&format!("panel {i}: {subtitle}\n"));
        for group in panel.split("<g class=\"zc\" data-class=\"").skip(1) {
            let class = &group[..group.find('"').unwrap()];
            let body = &group[..group.find("</g>").unwrap()];
            out.push_str(&format!("  class {class}: {} zones\n", body.matches("<circle").count()));
        }
        for (what, tag) in [("ringed", "<g class=\"ringed\""), ("places", "<g class=\"place\"")] {
            let n = panel.matches(tag).count();
            if n > 0 {
                out.push_str(&format!("  {what}: {n}\n"));
            }
        }
        if let Some(ringed) = panel.split("<g class=\"ringed\"").nth(1) {
            let body = &ringed[..ringed.find("</g>").unwrap()];
            out.push_str(&format!("  rings: {}\n", body.matches("<circle").count()));
        }
        for part in ["scale-bar", "north-arrow"] {
            out.push_str(&format!("  {part}: {}\n", panel.matches(&format!("class=\"{part}\"")).count()));
        }
    }
    for (what, tag) in
        [("series", "<g class=\"series\""), ("bars", "class=\"bar\""), ("pairs", "<g class=\"pair\"")]
    {
        let n = svg.matches(tag).count();
        if n > 0 {
            out.push_str(&format!("{what}: {n}\n"));
        }
    }
    for entry in svg.split("<g class=\"legend-entry\">").skip(1) {
        let label = between(entry, "\">", "</text>");
        let label = label.rsplit('>').next().unwrap();
        out.push_str(&format!("legend: {label}\n"));
    }
    out.push_str(&format!(
        "attribution lines: {}\n",
        between(svg, "<g class=\"attribution\"", "</g>").matches("<text").count()
    ));
    out
}

/// The text between the first `start` and the next `end`.
fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let Some(i) = s.find(start) else { return "" };
    let rest = &s[i + start.len()..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

fn place() -> Place {
    Place { name: "Aston".into(), lon: -1.5, lat: 53.75 }
}

#[test]
fn catchment_map_has_every_zone_in_each_panel_by_band() {
    let c = comparison();
    let atlas = Atlas::new(&boundaries(), &c.zones).unwrap();
    let f = catchment_map(&atlas, &c, 0, 1, Some(&place())).unwrap();
    insta::assert_snapshot!(summary(&f));
}

#[test]
fn difference_map_rings_zones_newly_within_the_hour() {
    let c = comparison();
    let atlas = Atlas::new(&boundaries(), &c.zones).unwrap();
    let f = difference_map(&atlas, &c, 0, 1, 60.0, Some(&place())).unwrap();
    insta::assert_snapshot!(summary(&f));
}

#[test]
fn network_effect_map_counts_cities() {
    let c = comparison();
    let atlas = Atlas::new(&boundaries(), &c.zones).unwrap();
    let f = network_effect_map(&atlas, &c, 0, 1, &[place()]).unwrap();
    insta::assert_snapshot!(summary(&f));
}

#[test]
fn charts_have_a_series_per_scenario_and_a_bar_per_scenario_and_pair() {
    let c = comparison();
    let curves = charts::catchment_chart(&c, 1).unwrap();
    let bars = charts::hub_times_chart(&c, &[0, 1]).unwrap();
    insta::assert_snapshot!(format!("{}\n{}", summary(&curves), summary(&bars)));
}

#[test]
fn a_wrong_table_is_refused_not_drawn() {
    let mut c = comparison();
    c.runs[1].indicators.zone_hub.pop();
    let atlas = Atlas::new(&boundaries(), &c.zones).unwrap();
    let err = catchment_map(&atlas, &c, 0, 1, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "inconsistent comparison: After: zone × hub times do not match the zones and hubs"
    );
}

fn report_html(c: &Comparison, atlas: &Atlas) -> (String, Vec<Figure>) {
    let mut provenance = Provenance::new("0.1.0");
    provenance.add("zones", "zones.csv", b"zone,population\n");
    provenance.add("zones", "zones.csv", b"added twice, listed once");
    let texts = vec![
        ScenarioText {
            description: "Today's railway.".into(),
            base: "the embedded network".into(),
            modifications: vec![],
        },
        ScenarioText {
            description: "Faster & more <often>.".into(),
            base: "the embedded network".into(),
            modifications: vec!["run line x at 4 trains an hour".into()],
        },
    ];
    let places = [Some(place()), None];
    let report = Report {
        comparison: c,
        atlas,
        networks: &[],
        places: &places,
        scenarios: &texts,
        provenance: &provenance,
        options: ReportOptions::default(),
    };
    (report.html().unwrap(), report.figures().unwrap())
}

#[test]
fn the_report_is_self_contained_accessible_and_deterministic() {
    let c = comparison();
    let atlas = Atlas::new(&boundaries(), &c.zones).unwrap();
    let (html, figures) = report_html(&c, &atlas);
    let ids: Vec<&str> = figures.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "network-effect-chart-door-to-door",
            "network-effect-60-1",
            "catchment-chart-a",
            "catchment-a-1",
            "difference-a-1",
            "catchment-chart-b",
            "catchment-b-1",
            "difference-b-1",
            "hub-times"
        ]
    );
    assert_eq!(html.matches("<figure ").count(), figures.len());
    // Every figure is an image with a title and a description.
    assert_eq!(html.matches("<svg xmlns=\"http://www.w3.org/2000/svg\"").count(), figures.len());
    assert_eq!(html.matches("role=\"img\" aria-labelledby=").count(), figures.len());
    assert_eq!(html.matches("<title id=").count(), figures.len());
    assert_eq!(html.matches("<desc id=").count(), figures.len());
    // One base map, drawn by reference in every map panel.
    assert_eq!(html.matches("<g id=\"rs-base\">").count(), 1);
    assert_eq!(html.matches("<use href=\"#rs-base\"/>").count(), 2 + 2 + 1 + 2 + 1);
    // Nothing from elsewhere.
    let without_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for outside in ["http:", "https:", "<script", "<link", "@import", "url(", "src="] {
        assert!(!without_ns.contains(outside), "{outside}");
    }
    // Tables with headers, a print stylesheet, escaped text, input hashes listed once.
    // Network effect, two by local authority, catchments, journeys, jobs, scenarios, settings, inputs.
    assert_eq!(html.matches("<table>").count(), 9);
    assert_eq!(html.matches("<caption>").count(), 9);
    assert!(html.matches("<th scope=\"row\"").count() > 20);
    assert!(html.contains("@media print{"));
    assert!(html.contains("Faster &amp; more &lt;often&gt;."));
    assert_eq!(html.matches("<td><code>zones.csv</code></td>").count(), 1);
    assert!(html.contains("<code>d73c01c5f2425a47c0cc6abb8bbf37d59b16c9a51d5b42d17e36d8d63d85f23d</code>"));
    // Same inputs, same bytes.
    assert_eq!(report_html(&c, &atlas).0, html);
}

#[test]
fn standalone_maps_carry_the_base_map_and_charts_do_not() {
    let c = comparison();
    let atlas = Atlas::new(&boundaries(), &c.zones).unwrap();
    let (_, figures) = report_html(&c, &atlas);
    for f in &figures {
        let svg = f.standalone(&atlas);
        assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
        let defs = svg.matches("<defs><g id=\"rs-base\">").count();
        assert_eq!(defs, usize::from(f.uses_base), "{}", f.id);
        assert_eq!(f.uses_base, svg.contains("<use href=\"#rs-base\"/>"), "{}", f.id);
    }
}

/// The comparison with both measures and where the time goes: station to
/// station counts twice as many people, and each term switched off adds
/// 100 people per step (a made-up but well-formed decomposition).
fn with_measures(c: &Comparison) -> Comparison {
    let runs = c
        .runs
        .iter()
        .map(|run| {
            let mut run = run.clone();
            let ind = &mut run.indicators;
            let figures =
                Figures { catchment: ind.catchment.clone(), network_effect: ind.network_effect.clone() };
            let plus = |f: &Figures, k: u64| Figures {
                catchment: f.catchment.iter().map(|h| h.iter().map(|v| v + 100 * k).collect()).collect(),
                network_effect: f
                    .network_effect
                    .iter()
                    .map(|d| d.iter().map(|v| v + 100 * k).collect())
                    .collect(),
            };
            let station = Figures {
                catchment: figures.catchment.iter().map(|h| h.iter().map(|v| 2 * v).collect()).collect(),
                network_effect: figures
                    .network_effect
                    .iter()
                    .map(|d| d.iter().map(|v| 2 * v).collect())
                    .collect(),
            };
            let offs = |f: &Figures, m: Measure| {
                Off::for_measure(m).into_iter().zip(1..).map(|(off, k)| (off, plus(f, k))).collect()
            };
            ind.by_measure = vec![
                Reach {
                    measure: Measure::DoorToDoor,
                    explain: offs(&figures, Measure::DoorToDoor),
                    figures,
                    zone_hub: ind.zone_hub.clone(),
                },
                Reach {
                    measure: Measure::Station,
                    explain: offs(&station, Measure::Station),
                    figures: station,
                    zone_hub: ind.zone_hub.clone(),
                },
            ];
            run
        })
        .collect();
    Comparison::new(c.settings.clone(), c.zones.clone(), c.jobs.clone(), c.hubs.clone(), runs)
}

/// A report's first screen and its table by local authority as text.
fn first_screen(c: &Comparison, atlas: &Atlas) -> String {
    let texts: Vec<ScenarioText> = c
        .runs
        .iter()
        .map(|_| ScenarioText { base: "the embedded network of the North".into(), ..ScenarioText::default() })
        .collect();
    let provenance = Provenance::new("0.1.0");
    let report = Report {
        comparison: c,
        atlas,
        networks: &[],
        places: &[],
        scenarios: &texts,
        provenance: &provenance,
        options: ReportOptions::default(),
    };
    let mut out = String::new();
    for s in report.sentences() {
        out.push_str(&format!("- {s}\n"));
    }
    let html = report.html().unwrap();
    out.push_str(&format!(
        "scope: {}\n",
        between(&html, "<aside class=\"scope\" aria-label=\"Scope\">\n", "</aside>")
    ));
    for (hub, h) in c.hubs.iter().enumerate() {
        for (code, v) in report.by_local_authority(hub, &[1, 2]) {
            out.push_str(&format!("{} {code} {}: {:?}\n", h.id, atlas.area_name(&code).unwrap_or("?"), v));
        }
    }
    out
}

#[test]
fn the_first_screen_says_what_changes_in_words_with_the_scope() {
    let c = comparison();
    let atlas = Atlas::new(&boundaries(), &c.zones).unwrap();
    insta::assert_snapshot!(first_screen(&with_measures(&c), &atlas));
}

#[test]
fn the_table_by_local_authority_adds_up_to_the_catchments() {
    let mut c = comparison();
    // Half the zones in the other authority.
    for z in c.zones.iter_mut().skip(3) {
        z.lad = "E".into();
    }
    let c =
        Comparison::new(c.settings.clone(), c.zones.clone(), c.jobs.clone(), c.hubs.clone(), c.runs.clone());
    let atlas = Atlas::new(&boundaries(), &c.zones).unwrap();
    let provenance = Provenance::new("0.1.0");
    let report = Report {
        comparison: &c,
        atlas: &atlas,
        networks: &[],
        places: &[],
        scenarios: &[],
        provenance: &provenance,
        options: ReportOptions::default(),
    };
    let thresholds = [0, 1, 2];
    for hub in 0..c.hubs.len() {
        let rows = report.by_local_authority(hub, &thresholds);
        assert_eq!(rows.iter().map(|(code, _)| code.as_str()).collect::<Vec<_>>(), ["E", "W"]);
        for (r, run) in c.runs.iter().enumerate() {
            for (k, &t) in thresholds.iter().enumerate() {
                let sum: u64 = rows.iter().map(|(_, v)| v[r][k]).sum();
                assert_eq!(sum, run.indicators.catchment[hub][t], "hub {hub}, run {r}, threshold {t}");
            }
        }
    }
}

#[test]
fn measures_and_where_the_time_goes_are_shown() {
    let c = with_measures(&comparison());
    let atlas = Atlas::new(&boundaries(), &c.zones).unwrap();
    let (html, figures) = report_html(&c, &atlas);
    let charts: Vec<&Figure> = figures.iter().filter(|f| f.id.starts_with("network-effect-chart-")).collect();
    assert_eq!(
        charts.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
        ["network-effect-chart-door-to-door", "network-effect-chart-station"]
    );
    let explained: Vec<&Figure> = figures.iter().filter(|f| f.id.starts_with("explain-")).collect();
    let summaries: Vec<String> = charts.iter().chain(&explained).map(|f| summary(f)).collect();
    insta::assert_snapshot!(summaries.join("\n"));
    // Every figure is in the report once, in its place.
    for f in &figures {
        assert_eq!(html.matches(&format!("<figure id=\"fig-{}\"", f.id)).count(), 1, "{}", f.id);
    }
    let pane = between(&html, "<div class=\"pane\" id=\"pane-ne-0\"", "</div>");
    assert!(pane.contains("<figure id=\"fig-network-effect-60-1\" class=\"map\">"), "{pane}");
    // As measured, then each term off: four and the train alone door to door, waiting alone station to station.
    assert_eq!(explained[0].svg.matches("class=\"bar\"").count(), 2 * 5);
    assert_eq!(explained[1].svg.matches("class=\"bar\"").count(), 2 * 2);
    for caption in [
        "<caption>Network effect, door to door: people within reach of at least 2 of 2 cities</caption>",
        "<caption>Network effect, station to station: people within reach of at least 2 of 2 cities</caption>",
        "<caption>Network effect, door to door, with terms switched off</caption>",
        "<caption>Network effect, station to station, with terms switched off</caption>",
        "<caption>People within each time of Aston, door to door, with terms switched off</caption>",
    ] {
        assert_eq!(html.matches(caption).count(), 1, "{caption}");
    }
    // Door to door lists every term switched off and the train alone; station to station only waiting.
    let head = |m: &str| {
        between(
            &html,
            &format!("<caption>Network effect, {m}, with terms switched off</caption>"),
            "</thead>",
        )
        .to_owned()
    };
    assert_eq!(head("door to door").matches("<th scope=\"col\"").count(), 3 + 4);
    assert_eq!(head("station to station").matches("<th scope=\"col\"").count(), 3 + 1);
}

#[test]
fn one_city_at_a_time_picked_without_a_script() {
    let c = comparison();
    let atlas = Atlas::new(&boundaries(), &c.zones).unwrap();
    let (html, _) = report_html(&c, &atlas);
    assert!(!html.contains("<script"));
    for (i, hub) in c.hubs.iter().enumerate() {
        let checked = if i == 0 { " checked" } else { "" };
        let radio =
            format!("<input type=\"radio\" name=\"pick-hub\" id=\"pick-hub-{i}\" value=\"{i}\"{checked}>");
        assert_eq!(html.matches(&radio).count(), 1, "{radio}");
        assert!(html.contains(&format!("<label for=\"pick-hub-{i}\">{}</label>", hub.name)));
        assert!(html.contains(&format!("#pick-hub-{i}:checked~.panes>#pane-hub-{i}{{display:block}}")));
        let pane =
            between(&html, &format!("<div class=\"pane\" id=\"pane-hub-{i}\""), "<details class=\"la\">");
        assert_eq!(
            pane.matches("<figure ").count(),
            3,
            "chart, catchment map, difference map of {}",
            hub.name
        );
    }
    assert!(html.contains(".pane{display:none}"));
}

#[test]
fn the_longest_names_fit_in_every_figure() {
    let mut c = comparison();
    c.hubs[0].name = "Manchester Airport High Speed (HS2/NPR)".into();
    c.hubs[1].name = "Newcastle-upon-Tyne Central (with Gateshead)".into();
    c.runs[0].name = "Today (December 2019 standard hour, early trains)".into();
    c.runs[1].name = "HS2 + NPR + TRU (TfN full network, Jan 2026 plan) — WWWWW".into();
    let c = with_measures(&c);
    let atlas = Atlas::new(&boundaries(), &c.zones).unwrap();
    let (_, figures) = report_html(&c, &atlas);
    assert_eq!(figures.len(), 12);
    for f in &figures {
        assert_eq!(railshed_report::text::overflows(&f.svg), Vec::<String>::new(), "{}", f.id);
    }
    // A figure drawn narrower than its text is caught.
    let svg = &figures[0].svg;
    let narrow =
        svg.replacen(&format!(" width=\"{}\"", between(svg, " width=\"", "\"")), " width=\"100\"", 1);
    assert!(!railshed_report::text::overflows(&narrow).is_empty());
}
