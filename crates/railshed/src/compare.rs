//! The pipeline: load scenarios, build their networks, evaluate them with
//! the zones and hubs in use, and compare them.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use railshed_core::Network;
use railshed_io::embedded;
use railshed_io::scenario::{Base, Scenario};
use railshed_report::{NetworkSketch, Place, ScenarioText};
use railshed_scenario::compare::{Comparison, HubName, NetworkSummary, Run};
use railshed_scenario::hubs::HubDef;
use railshed_scenario::indicators::Indicators;
use railshed_scenario::run::{Context, RunError, evaluate_zones};
use railshed_scenario::settings::{Measure, NetworkEffect, Settings};
use railshed_scenario::zones::spread_jobs;

use crate::error::{Error, Result, did_you_mean};
use crate::load::{Loader, Networks};

/// What a scenario given alone is compared with.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Against {
    /// Its base network, with no modifications (the default).
    #[default]
    Base,
    /// The scenario it extends (its base when it extends none).
    Parent,
}

/// A comparison to run.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// Scenario files or names of shipped scenarios; the first is the
    /// reference. None: the flagship comparison.
    pub scenarios: Vec<String>,
    /// What a single scenario is compared with.
    pub against: Against,
    /// Zones from this CSV instead of the embedded MSOAs of the North.
    pub zones: Option<PathBuf>,
    /// Hubs from this `railshed-hubs/1` file instead of the embedded cities.
    pub hubs: Option<PathBuf>,
    /// The measures to give catchments and the network effect under, in
    /// this order (duplicates dropped). None: the scenarios' `measure`
    /// setting alone. Per-zone results (maps, zone tables) use the
    /// setting; each measure's zone-to-hub times are in `Reach::zone_hub`.
    pub measures: Vec<Measure>,
    /// Work out where the time goes: each catchment and network effect
    /// with access, waiting and egress switched off in turn (`Reach::explain`).
    /// Off (the default), the explanations are empty and the queries only
    /// they need are not run.
    pub explain: bool,
    /// Centre sets whose network-effect definitions replace the scenarios'
    /// for the run, in this order (`compare --centre-set`), each with the
    /// time limits of the scenarios' first definition. None: the
    /// scenarios' own.
    pub centre_sets: Vec<String>,
    /// The `railshed-centre-sets/1` file the ids of `centre_sets` are
    /// from, instead of the embedded `networks/centre_sets.json`.
    pub centre_sets_file: Option<PathBuf>,
    /// Evaluation settings put on top of every scenario's own (a JSON
    /// object of the keys of a scenario file's `settings`: thresholds,
    /// windows, percentile, access, ...), merged as a scenario's settings go
    /// on top of its parent's. Read and checked as a scenario file's are;
    /// problems name the file `settings`. None: the scenarios' settings.
    pub settings: Option<serde_json::Value>,
}

impl Request {
    /// A comparison of these scenarios (files or shipped names), the first
    /// being the reference.
    pub fn new<S: Into<String>>(scenarios: impl IntoIterator<Item = S>) -> Request {
        Request { scenarios: scenarios.into_iter().map(Into::into).collect(), ..Request::default() }
    }
}

/// The name problems of [`Request::settings`] are reported under.
pub const SETTINGS_ORIGIN: &str = "settings";

/// Where the time went, for `--stats`.
#[derive(Copy, Clone, Debug, Default)]
pub struct Timings {
    /// Loading scenarios, zones and hubs.
    pub load: Duration,
    /// Building the scenarios' networks.
    pub build: Duration,
    /// Evaluating them.
    pub evaluate: Duration,
}

/// A comparison with what was read to make it.
pub struct Outcome {
    /// The results.
    pub comparison: Comparison,
    /// The scenarios compared, the reference first.
    pub scenarios: Vec<Scenario>,
    /// What the maps need of each scenario's network.
    pub sketches: Vec<NetworkSketch>,
    /// Where each hub is drawn (its station with the shortest egress in
    /// the reference's network).
    pub places: Vec<Option<Place>>,
    /// Where the time went.
    pub timings: Timings,
    /// The files read, for provenance.
    pub(crate) loader: Loader,
    /// The zone and hub files given instead of the embedded ones: (file, text).
    pub(crate) zones_file: Option<(String, String)>,
    pub(crate) hubs_file: Option<(String, String)>,
    /// The centre-set file read for `Request::centre_sets` (the embedded
    /// one or the one given): (file, text); none when no set was asked for.
    pub(crate) centre_sets: Option<(String, String)>,
}

/// Runs a comparison; `progress` hears the name of each scenario as its
/// evaluation starts.
pub fn compare(request: &Request, progress: &mut dyn FnMut(&str)) -> Result<Outcome> {
    Plan::new(request)?.run(progress)
}

/// A comparison loaded and checked, ready to run: its scenarios, zones and
/// hubs are read, so bad input is reported before any evaluation.
pub struct Plan {
    loader: Loader,
    list: Vec<Scenario>,
    ctx: Context,
    zones_file: Option<(String, String)>,
    hubs_file: Option<(String, String)>,
    centre_sets: Option<(String, String)>,
    load: Duration,
}

impl Plan {
    /// Loads and checks what `request` names, reading scenario files from
    /// the file system.
    pub fn new(request: &Request) -> Result<Plan> {
        Plan::with_loader(request, Loader::new()?)
    }

    /// Loads and checks what `request` names, reading scenario, overlay
    /// and base network files through `loader` (for instance one over
    /// uploaded documents, [`Loader::with_files`]). Zone and hub files of
    /// the request other than the embedded presets are still read from the
    /// file system.
    pub fn with_loader(request: &Request, loader: Loader) -> Result<Plan> {
        let t0 = Instant::now();
        let names: Vec<String> = if request.scenarios.is_empty() {
            embedded::FLAGSHIP.iter().map(|s| s.to_string()).collect()
        } else {
            request.scenarios.clone()
        };
        let mut list: Vec<Scenario> =
            names.iter().map(|n| loader.scenario_unchecked(n)).collect::<Result<_>>()?;
        if list.len() == 1 {
            let reference = match (request.against, &list[0].parent) {
                (Against::Parent, Some(_)) => parent_of(&list[0]),
                _ => base_of(&list[0]),
            };
            list.insert(0, reference);
        }
        Plan::with_scenarios(request, loader, list, t0)
    }

    /// A plan of these scenarios (loaded by `loader`), with the zones,
    /// hubs and measures of `request` (whose scenarios are not read);
    /// `t0` is when loading started.
    pub(crate) fn with_scenarios(
        request: &Request,
        loader: Loader,
        mut list: Vec<Scenario>,
        t0: Instant,
    ) -> Result<Plan> {
        if let Some(top) = &request.settings {
            for s in &mut list {
                s.settings = railshed_io::scenario::override_settings(SETTINGS_ORIGIN, &s.settings, top)?;
            }
        }
        let (mut zones, jobs_by_lad, mut hubs) = railshed_io::zones::embedded()?;
        let hubs_file = request.hubs.as_deref().map(read).transpose()?;
        if let Some((file, text)) = &hubs_file {
            hubs = railshed_io::zones::parse_hubs(file, text)?;
        }
        let centre_sets = centre_sets(request, &hubs, &mut list)?;
        let settings = list[0].settings.clone();
        if let Some(other) = list.iter().find(|s| s.settings != settings) {
            return Err(Error::bad_input(format!(
                "{}: its settings differ from those of {}: scenarios compared together need the same settings",
                other.file, list[0].file
            )));
        }
        let zones_file = request.zones.as_deref().map(read_zones).transpose()?;
        if let Some((file, text)) = &zones_file {
            zones = railshed_io::zones::parse_zones(file, text)?;
        }
        if let Some((file, _)) = &hubs_file {
            check_cities(file, &hubs, &list[0])?;
        } else {
            railshed_io::scenario::check_cities(&list[0].file, &settings, &hubs)?;
        }
        let jobs = spread_jobs(&zones, &jobs_by_lad);
        let mut measures: Vec<Measure> = Vec::new();
        for &m in &request.measures {
            if !measures.contains(&m) {
                measures.push(m);
            }
        }
        if measures.is_empty() {
            measures.push(settings.measure);
        }
        let ctx = Context { zones, jobs, hubs, measures, explain: request.explain };
        Ok(Plan { loader, list, ctx, zones_file, hubs_file, centre_sets, load: t0.elapsed() })
    }

    /// The scenarios to compare, the reference first.
    pub fn scenarios(&self) -> &[Scenario] {
        &self.list
    }

    /// The hubs in use, in the order of every per-hub result.
    pub fn hubs(&self) -> Vec<HubName> {
        self.ctx.hubs.iter().map(|h| HubName { id: h.id.clone(), name: h.name.clone() }).collect()
    }

    /// Builds every scenario's network and evaluates it; `progress` hears
    /// the name of each scenario as its evaluation starts.
    pub fn run(self, progress: &mut dyn FnMut(&str)) -> Result<Outcome> {
        let all = 0..self.ctx.zones.len();
        self.execute(all.clone(), progress, &mut |_, net, ctx, settings| {
            evaluate_zones(net, ctx, settings, all.clone())
        })
    }

    /// The zones, jobs and settings in use.
    pub(crate) fn context(&self) -> (&Context, &railshed_scenario::settings::Settings) {
        (&self.ctx, &self.list[0].settings)
    }

    /// The number of zones in use.
    pub fn zone_count(&self) -> usize {
        self.ctx.zones.len()
    }

    /// What loaded the scenarios.
    pub(crate) fn loader(&self) -> &Loader {
        &self.loader
    }

    /// Evaluates the scenario `s` on its network `net` (built by the
    /// caller) for every zone, with the zones, hubs and settings in use:
    /// its run, as [`Plan::run`] makes it.
    pub(crate) fn evaluate(&self, s: &Scenario, net: &Network) -> Result<Run> {
        if let Some((file, _)) = &self.hubs_file {
            check_reachable(file, &self.ctx.hubs, net, s)?;
        }
        let (summary, indicators) =
            evaluate_zones(net, &self.ctx, &self.list[0].settings, 0..self.ctx.zones.len())
                .map_err(|error| Error::Evaluate { file: s.file.clone(), error })?;
        Ok(run_of(s, summary, indicators))
    }

    /// Builds every scenario's network and gives it to `eval` (with the
    /// scenario's position), whose results make the comparison. The
    /// comparison holds the zones of `zones` (a range of zone indices), to
    /// which `eval`'s per-zone results must belong.
    pub(crate) fn execute(
        self,
        zones: Range<usize>,
        progress: &mut dyn FnMut(&str),
        eval: &mut Evaluator<'_>,
    ) -> Result<Outcome> {
        let Plan { loader, list, ctx, zones_file, hubs_file, centre_sets, load } = self;
        let settings = list[0].settings.clone();
        let mut timings = Timings { load, ..Timings::default() };

        let mut networks = Networks::default();
        let (mut sketches, mut places) = (Vec::with_capacity(list.len()), Vec::new());
        let mut runs = Vec::with_capacity(list.len());
        for (i, s) in list.iter().enumerate() {
            progress(&s.name);
            let t = Instant::now();
            let net = networks.build_prefix(&loader, s, s.steps.len())?;
            timings.build += t.elapsed();
            if let Some((file, _)) = &hubs_file {
                check_reachable(file, &ctx.hubs, &net, s)?;
            }
            if sketches.is_empty() {
                places = hub_places(&net, &ctx.hubs);
            }
            sketches.push(NetworkSketch::from_network(&net));
            let t = Instant::now();
            let (summary, indicators) = eval(i, &net, &ctx, &settings)
                .map_err(|error| Error::Evaluate { file: s.file.clone(), error })?;
            timings.evaluate += t.elapsed();
            runs.push(run_of(s, summary, indicators));
        }
        let hub_names = ctx.hubs.iter().map(|h| HubName { id: h.id.clone(), name: h.name.clone() }).collect();
        let (zone_list, jobs) = if zones == (0..ctx.zones.len()) {
            (ctx.zones, ctx.jobs)
        } else {
            (ctx.zones[zones.clone()].to_vec(), ctx.jobs[zones].to_vec())
        };
        let comparison = Comparison::new(settings, zone_list, jobs, hub_names, runs);
        Ok(Outcome {
            comparison,
            scenarios: list,
            sketches,
            places,
            timings,
            loader,
            zones_file,
            hubs_file,
            centre_sets,
        })
    }
}

/// Evaluates scenario `i` (its network built) with the zones, hubs and
/// settings in use: what [`Plan::run`] and a shard or merge do differently.
pub(crate) type Evaluator<'a> = dyn FnMut(usize, &Network, &Context, &Settings) -> std::result::Result<(NetworkSummary, Indicators), RunError>
    + 'a;

/// The run of scenario `s`, from its evaluation.
fn run_of(s: &Scenario, network: NetworkSummary, indicators: Indicators) -> Run {
    Run { name: s.name.clone(), file: s.file.clone(), lineage: s.lineage.clone(), network, indicators }
}

/// A file's name and text.
fn read(path: &Path) -> Result<(String, String)> {
    Ok((path.display().to_string(), railshed_io::read_text(path)?))
}

/// The zones a `--zones` value names: an embedded preset (`north`,
/// `england-wales`) or a CSV file.
fn read_zones(path: &Path) -> Result<(String, String)> {
    match railshed_io::zones::zone_preset(&path.to_string_lossy()) {
        Some((file, text)) => Ok((file.to_owned(), text.to_owned())),
        None => read(path),
    }
}

/// Reads the centre sets `request` asks for (from its file or the embedded
/// one), checks their hubs against `hubs` (those in use) and makes their
/// definitions every scenario's, with the time limits of the reference's
/// first definition; gives the file read, or none when no set is asked for.
fn centre_sets(
    request: &Request,
    hubs: &[HubDef],
    list: &mut [Scenario],
) -> Result<Option<(String, String)>> {
    if request.centre_sets.is_empty() {
        if let Some(path) = &request.centre_sets_file {
            return Err(Error::bad_input(format!(
                "{}: --centre-sets names a file of centre sets, but no --centre-set chooses any",
                path.display()
            )));
        }
        return Ok(None);
    }
    let (file, text) = match &request.centre_sets_file {
        Some(path) => read(path)?,
        None => (embedded::CENTRE_SETS.file.to_owned(), embedded::CENTRE_SETS.text.to_owned()),
    };
    let all = railshed_io::centres::parse_centre_sets(&file, &text)?;
    let chosen = railshed_io::centres::select(&file, &all, &request.centre_sets)?;
    railshed_io::centres::check_hubs(&file, &chosen, hubs)?;
    let minutes = list[0].settings.definitions()[0].minutes.clone();
    let definitions: Vec<_> = chosen.iter().map(|set| set.definition(&minutes)).collect();
    for s in list.iter_mut() {
        s.settings.network_effect = NetworkEffect::default();
        s.settings.network_effects = definitions.clone();
    }
    Ok(Some((file, text)))
}

/// Checks that the network-effect cities of the reference's settings are
/// among the hubs of a hubs file.
fn check_cities(file: &str, hubs: &[HubDef], reference: &Scenario) -> Result<()> {
    let named = reference.settings.names_definitions();
    for (k, def) in reference.settings.definitions().iter().enumerate() {
        for (i, city) in def.cities.iter().enumerate() {
            if !hubs.iter().any(|h| &h.id == city) {
                let ids = hubs.iter().map(|h| h.id.as_str());
                let place = if named { format!("network_effects[{k}]") } else { "network_effect".to_owned() };
                return Err(Error::bad_input(format!(
                    "{file}: $.hubs: hub {city:?}: missing, yet {} names it at $.settings.{place}.cities[{i}]{}",
                    reference.file,
                    did_you_mean(city, ids)
                )));
            }
        }
    }
    Ok(())
}

/// Checks that every hub of a hubs file has a station in the scenario's network.
fn check_reachable(file: &str, hubs: &[HubDef], net: &Network, s: &Scenario) -> Result<()> {
    for (i, h) in hubs.iter().enumerate() {
        if h.resolve(net).stations.is_empty() {
            return Err(Error::bad_input(format!(
                "{file}: $.hubs[{i}]: hub {:?}: unreachable: none of its stations is in the network of {}",
                h.id, s.file
            )));
        }
    }
    Ok(())
}

/// Where each hub is drawn: at its station with the shortest egress.
fn hub_places(net: &Network, hubs: &[HubDef]) -> Vec<Option<Place>> {
    hubs.iter()
        .map(|h| {
            let best = h
                .stations
                .iter()
                .filter_map(|s| net.station_by_id(&s.station).map(|i| (s.egress_min, i)))
                .min_by(|a, b| a.0.total_cmp(&b.0))?;
            let st = &net.stations()[best.1.idx()];
            Some(Place { name: h.name.clone(), lon: st.pos.x(), lat: st.pos.y() })
        })
        .collect()
}

/// The reference for a single scenario: its base, unmodified.
fn base_of(s: &Scenario) -> Scenario {
    let name = match &s.base {
        Base::Default => "Today".to_owned(),
        Base::Network(p) => format!("Base ({})", p.display()),
        Base::Timetable { path, date } => format!("Base ({} on {date})", path.display()),
    };
    Scenario {
        name: name.clone(),
        description: "The scenario's base, with no modifications.".into(),
        file: s.file.clone(),
        lineage: vec![name],
        parent: None,
        overlays: Vec::new(),
        base: s.base.clone(),
        steps: Vec::new(),
        inherited_steps: 0,
        settings: s.settings.clone(),
    }
}

/// The reference for a single scenario that extends another: its parent's
/// network (the modifications it inherits), evaluated with its settings.
fn parent_of(s: &Scenario) -> Scenario {
    let lineage = s.lineage[..s.lineage.len().saturating_sub(1)].to_vec();
    let file = s.parent.clone().unwrap_or_else(|| s.file.clone());
    let steps = s.steps[..s.inherited_steps].to_vec();
    Scenario {
        name: lineage.last().cloned().unwrap_or_default(),
        description: format!("The scenario {} extends.", s.name),
        overlays: Vec::new(),
        file,
        lineage,
        parent: None,
        base: s.base.clone(),
        inherited_steps: steps.len(),
        steps,
        settings: s.settings.clone(),
    }
}

/// A scenario in words, for the report.
pub fn describe(s: &Scenario) -> ScenarioText {
    ScenarioText {
        description: s.description.clone(),
        base: match &s.base {
            Base::Default => "the embedded network of the North".to_owned(),
            Base::Network(p) => format!("the network file {}", p.display()),
            Base::Timetable { path, date } => format!("the timetable {} on {date}", path.display()),
        },
        modifications: s.steps.iter().map(|step| step.modification.describe()).collect(),
    }
}
