//! `deflect`: the native command. The same engine as the app, reading files from disk.
//!
//! ```text
//! deflect report --json [--tz ZONE] [--param NAME=VALUE ...] [--filter FIELD=VALUE ...] [--sample] [--timings] FILE...
//! deflect metrics --list
//! deflect sample DIR
//! ```
//! The time zone is UTC unless `--tz` is given; the effective parameters are written into the
//! output. Exit status 2 for usage errors, 1 when a file cannot be read at all.

use std::io::{Read, Write};
use std::process::ExitCode;

use deflect::engine::catalogue::CATALOGUE;
use deflect::engine::dataset::Dataset;
use deflect::engine::ingest::{failed_part, Heartbeat, IngestOptions, Ingester};
use deflect::engine::params::{Filters, Params};
use deflect::engine::report::Report;
use deflect::engine::sample::{sample_files, SAMPLE_PARAMS};

const USAGE: &str = "usage:
  deflect report --json [--tz ZONE] [--param NAME=VALUE ...] [--filter FIELD=VALUE ...] [--sample] [--timings] FILE...
  deflect metrics --list
  deflect sample DIR";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("report") => report(&args[1..]),
        Some("metrics") if args.get(1).map(String::as_str) == Some("--list") => {
            let mut out = std::io::stdout().lock();
            for e in CATALOGUE {
                let unit = serde_json::to_value(e.unit).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                let text = format!("{}\t{}\t{}\t{unit}\n  definition: {}\n  formula: {}\n", e.id, e.family, e.name, e.definition, e.formula);
                // A closed pipe (`| head`) ends the listing quietly.
                if writeln!(out, "{text}").is_err() {
                    break;
                }
            }
            ExitCode::SUCCESS
        }
        Some("sample") if args.len() == 2 => {
            for (name, text) in sample_files() {
                let path = std::path::Path::new(&args[1]).join(name);
                if let Err(e) = std::fs::write(&path, text) {
                    eprintln!("deflect: cannot write {}: {e}", path.display());
                    return ExitCode::from(1);
                }
                println!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn report(args: &[String]) -> ExitCode {
    let mut params = Params::default();
    let mut files = Vec::new();
    let mut sample = false;
    let mut json = false;
    let mut timings = false;
    let mut filters = Filters::default();
    let mut sets: Vec<(String, String)> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--sample" => sample = true,
            "--timings" => timings = true,
            "--tz" => match it.next() {
                Some(z) => sets.insert(0, ("time_zone".into(), z.clone())),
                None => return usage("--tz needs a zone"),
            },
            "--filter" => match it.next().and_then(|p| p.split_once('=')) {
                Some(("channel", v)) => match deflect::engine::record::Channel::from_label(v) {
                    Some(c) => filters.channels.push(c),
                    None => return usage(&format!("unknown channel {v}")),
                },
                Some(("team", v)) => filters.teams.push(v.to_string()),
                Some(("agent", v)) => filters.agents.push(v.to_string()),
                Some(("issue_type", v)) => filters.issue_types.push(v.to_string()),
                _ => return usage("--filter needs channel|team|agent|issue_type=VALUE"),
            },
            "--param" => match it.next().and_then(|p| p.split_once('=')) {
                Some((k, v)) => sets.push((k.to_string(), v.to_string())),
                None => return usage("--param needs NAME=VALUE"),
            },
            f if f.starts_with("--") => return usage(&format!("unknown option {f}")),
            f => files.push(f.to_string()),
        }
    }
    if !json {
        return usage("only --json output exists");
    }
    if files.is_empty() && !sample {
        return usage("no files");
    }
    // The time zone first: dates in other parameters are read in it.
    if let Some((_, z)) = sets.iter().find(|(k, _)| k == "time_zone") {
        if let Err(e) = params.set("time_zone", z) {
            return usage(&e.0);
        }
    }
    if sample {
        for (k, v) in SAMPLE_PARAMS {
            if let Err(e) = params.set(k, v) {
                return usage(&e.0);
            }
        }
    }
    for (k, v) in &sets {
        if let Err(e) = params.set(k, v) {
            return usage(&e.0);
        }
    }
    let opts = IngestOptions::new(params.zone.clone());
    let clock = std::time::Instant::now();
    // Phase durations on stderr, for profiling (docs/PERFORMANCE.md).
    let lap = |what: &str| {
        if timings {
            eprintln!("deflect: timing: {what} at {:.3} s{}", clock.elapsed().as_secs_f64(), memory_now());
        }
    };
    // The longest time the engine went without a heartbeat (or a slice read, or a metric
    // family's start): where the page would hear nothing from the worker.
    let pulse = Pulse::new(clock);
    let mut parts = Vec::new();
    let mut failed = false;
    if sample {
        for (name, text) in sample_files() {
            let mut ing = Ingester::new(&name, opts.clone());
            ing.feed(text.as_bytes());
            match ing.finish() {
                Ok(i) => parts.extend(i.parts),
                Err(e) => parts.push(failed_part(&name, e)),
            }
        }
    }
    for path in &files {
        let name = std::path::Path::new(path).file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or(path.clone());
        let result = std::fs::File::open(path).map_err(|e| e.to_string()).and_then(|mut f| {
            let mut ing = Ingester::new(&name, opts.clone());
            if timings {
                let (pulse, phase) = (pulse.clone(), format!("reading {name}"));
                ing.set_heartbeat(Heartbeat(std::rc::Rc::new(move |_rows| pulse.tick(&phase))));
            }
            if let Ok(m) = f.metadata() {
                ing.set_size_hint(m.len());
            }
            let mut buf = vec![0u8; 1 << 20];
            loop {
                let n = f.read(&mut buf).map_err(|e| e.to_string())?;
                if n == 0 {
                    break;
                }
                ing.feed(&buf[..n]);
                pulse.tick("reading");
            }
            Ok(ing.finish())
        });
        match result {
            Ok(Ok(i)) => parts.extend(i.parts),
            Ok(Err(e)) => {
                eprintln!("deflect: {name}: {e}");
                failed = true;
                parts.push(failed_part(&name, e));
            }
            Err(e) => {
                eprintln!("deflect: {path}: {e}");
                return ExitCode::from(1);
            }
        }
    }
    lap("read");
    pulse.tick("read");
    let ds = Dataset::from_parts_with_heartbeat(parts, &|| pulse.tick("merging"));
    pulse.tick("merged");
    lap("merged");
    for (f, diags) in ds.files.iter().zip(&ds.diagnostics) {
        for d in diags.iter().filter(|d| d.severity == deflect::engine::error::Severity::Rejected).take(20) {
            eprintln!("deflect: {}: rejected: {d}", f.file);
        }
    }
    // The callback comes before every metric; a family's first call is its start.
    let family_starts = |prefix: &'static str| {
        let mut last = usize::MAX;
        let pulse = pulse.clone();
        move |i: usize, family: &str| {
            pulse.tick(family);
            if i != last {
                last = i;
                lap(&format!("{prefix}starting {family}"));
            }
        }
    };
    let report = Report::build_reporting(&ds, &params, &filters, &mut family_starts(""));
    pulse.tick("computed");
    lap("computed");
    if timings {
        // What the worker adds to the first report for the page: the filter choices.
        deflect::engine::dataset::FilterOptions::of_beating(&ds, &params, &|| pulse.tick("filter options"));
        pulse.tick("filter options found");
        lap("filter options for the page");
        // A second report on the same loaded data without the rows kept from the first: what a
        // filter change costs (every metric recomputed, the per-dataset facts kept).
        ds.derived.forget_metric_rows();
        Report::build_reporting(&ds, &params, &filters, &mut family_starts("again: "));
        lap("computed again");
        // And with another repeat window: what a setting change costs (only the metrics that
        // read the window are recomputed; the kept follow-ups serve every window).
        let mut changed = params.clone();
        changed.repeat_window *= 2;
        Report::build_reporting(&ds, &changed, &filters, &mut family_starts("new repeat window: "));
        let (recomputed, of) = ds.derived.metrics_recomputed().unwrap_or_default();
        lap(&format!("computed with a new repeat window ({recomputed} of {of} metrics read it and were recomputed)"));
        // What the worker adds to a report for the page: the filter choices (kept) and the
        // message.
        let options = deflect::protocol::FilterOptions::of(&ds, &changed);
        let analysis = deflect::protocol::Analysis::of(&ds, &changed, &filters, 0.0);
        let message = serde_json::to_string(&analysis).unwrap_or_default();
        lap(&format!("the page's analysis again (all kept) and its message ({} KB; {} filter values)", message.len() / 1024, options.agents.len() + options.teams.len()));
        let (ms, from, to) = pulse.longest();
        eprintln!("deflect: timing: longest time without a heartbeat up to the first answer: {ms:.0} ms, from {from} to {to}");
    }
    let text = report.to_json();
    lap("serialised");
    // A closed pipe is not an error worth a panic.
    let _ = writeln!(std::io::stdout().lock(), "{text}");
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The longest gap between calls of [`Pulse::tick`] up to the first report and its filter
/// choices (what the worker computes before its first answer), and the phases
/// at its two ends.
#[derive(Clone)]
struct Pulse(std::rc::Rc<std::cell::RefCell<PulseState>>);

struct PulseState {
    clock: std::time::Instant,
    last: (f64, String),
    longest: (f64, String, String),
    done: bool,
    /// With `DEFLECT_GAP_TRACE` set, every gap over 70 ms is printed with the call stacks of
    /// the ticks at its two ends (slow: a stack is taken at every tick).
    tracing: bool,
    trace: String,
}

impl Pulse {
    fn new(clock: std::time::Instant) -> Pulse {
        Pulse(std::rc::Rc::new(std::cell::RefCell::new(PulseState { clock, last: (0.0, "start".into()), longest: (0.0, String::new(), String::new()), done: false, tracing: std::env::var_os("DEFLECT_GAP_TRACE").is_some(), trace: String::new() })))
    }

    fn tick(&self, phase: &str) {
        let mut s = self.0.borrow_mut();
        if s.done {
            return;
        }
        let now = s.clock.elapsed().as_secs_f64() * 1000.0;
        let gap = now - s.last.0;
        if s.tracing {
            if gap > 70.0 {
                eprintln!("GAP {gap:.0} ms {} -> {phase}\nFROM {}\nTO {}", s.last.1, s.trace, std::backtrace::Backtrace::force_capture());
            }
            s.trace = std::backtrace::Backtrace::force_capture().to_string();
        }
        if gap > s.longest.0 {
            s.longest = (gap, s.last.1.clone(), phase.to_string());
        }
        s.last = (now, phase.to_string());
        s.done = phase == "filter options found";
    }

    fn longest(&self) -> (f64, String, String) {
        self.0.borrow().longest.clone()
    }
}

/// ", resident X MB (peak Y MB)" from `/proc/self/status` where there is one (Linux).
fn memory_now() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok());
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(now), Some(peak)) => format!(", resident {} MB (peak {} MB)", now / 1024, peak / 1024),
        _ => String::new(),
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("deflect: {msg}\n{USAGE}");
    ExitCode::from(2)
}
