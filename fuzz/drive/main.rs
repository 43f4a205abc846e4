//! The generation-based fuzz driver: runs the fuzz targets (`fuzz_targets/targets.rs`) in a
//! loop on generated and mutated inputs, on the stable toolchain, with a per-input watchdog,
//! counts per target and every crashing or hanging input saved. See docs/robustness.md.
//!
//! ```text
//! drive run [--targets check,records,eval] [--seconds N] [--seed N] [--slot N]
//!           [--corpus DIR] [--out DIR]            one worker, in this process
//! drive supervise --workers N [same options]     N workers, restarted when one dies
//! drive replay TARGET FILE...                    runs saved inputs again
//! ```

mod mutate;
mod worker;

#[path = "../fuzz_targets/common.rs"]
mod common;

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use common::gen::run::Ran;
use mutate::Rng;

/// A target: its name (also its corpus folder), what it runs and how its inputs are made.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]) -> Ran,
    pub input: fn(&mut Rng, &[Vec<u8>]) -> Vec<u8>,
}

pub const TARGETS: [Target; 3] = [
    Target {
        name: "check",
        run: common::targets::check,
        input: check_input,
    },
    Target {
        name: "records",
        run: common::targets::records,
        input: records_input,
    },
    Target {
        name: "eval",
        run: common::targets::eval,
        input: eval_input,
    },
];

/// The largest inputs made: policies up to just over the reference policy (30 KB), records and
/// generator choices up to 4 KB (libFuzzer's default `-max_len`; a few dozen records, every
/// format's quoting, escaping and splitting). Bigger inputs cost time without reaching new
/// code; deep nesting and long chains are reached well within them.
const MAX_POLICY: usize = 32 << 10;
const MAX_RECORDS: usize = 4 << 10;
const MAX_CHOICES: usize = 4 << 10;

/// Random bytes of a random length up to `max`.
fn fresh(rng: &mut Rng, max: usize) -> Vec<u8> {
    (0..16 + rng.len(max)).map(|_| rng.next() as u8).collect()
}

/// An input of the pool to mutate; of two drawn, mostly the shorter, so that the long ones
/// (the 30 KB reference policy) are run now and then rather than a third of the time.
fn pick(rng: &mut Rng, pool: &[Vec<u8>]) -> Vec<u8> {
    let a = pool.get(rng.below(pool.len()));
    let b = pool.get(rng.below(pool.len()));
    let shorter = match (a, b) {
        (Some(a), Some(b)) if b.len() < a.len() && !rng.one_in(4) => Some(b),
        _ => a,
    };
    shorter.cloned().unwrap_or_default()
}

/// `check`: a quarter generated policies (mode 0), the rest mutated policies and calendars.
fn check_input(rng: &mut Rng, pool: &[Vec<u8>]) -> Vec<u8> {
    if pool.is_empty() || rng.one_in(4) {
        let mut v = vec![4 * rng.below(64) as u8];
        v.extend(fresh(rng, 1024));
        return v;
    }
    let mut v = pick(rng, pool);
    if v.first().is_some_and(|m| m % 4 == 0) {
        // A generated policy's choices: mutate them as bytes, whatever they are.
        mutate::mutate(rng, &mut v, &[], MAX_CHOICES);
        return v;
    }
    mutate::mutate(rng, &mut v, pool, MAX_POLICY);
    if rng.one_in(8) {
        if let Some(m) = v.first_mut() {
            *m = 1 + rng.below(3) as u8;
        }
    }
    v
}

/// `records`: the seed records mutated, now and then read in another format or encoding.
fn records_input(rng: &mut Rng, pool: &[Vec<u8>]) -> Vec<u8> {
    let mut v = pick(rng, pool);
    mutate::mutate(rng, &mut v, pool, MAX_RECORDS);
    if rng.one_in(6) {
        if let Some(m) = v.first_mut() {
            *m = rng.next() as u8;
        }
    }
    v
}

/// `eval`: bytes for the generator, fresh or mutated.
fn eval_input(rng: &mut Rng, pool: &[Vec<u8>]) -> Vec<u8> {
    if pool.is_empty() || rng.one_in(2) {
        return fresh(rng, 1024);
    }
    let mut v = pick(rng, pool);
    mutate::mutate(rng, &mut v, pool, MAX_CHOICES);
    v
}

struct Args {
    targets: Vec<&'static Target>,
    seconds: u64,
    seed: u64,
    slot: usize,
    workers: usize,
    corpus: PathBuf,
    out: PathBuf,
    rest: Vec<String>,
}

fn args(raw: &[String]) -> Result<Args, String> {
    let mut a = Args {
        targets: TARGETS.iter().collect(),
        seconds: 60,
        seed: 1,
        slot: 0,
        workers: 1,
        corpus: PathBuf::from("corpus"),
        out: PathBuf::from("artifacts/drive"),
        rest: Vec::new(),
    };
    let mut it = raw.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{flag} needs a value"));
        let num = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag}: not a number"))
        };
        match flag.as_str() {
            "--targets" => {
                let v = value()?;
                a.targets = v
                    .split(',')
                    .map(|n| {
                        TARGETS
                            .iter()
                            .find(|t| t.name == n)
                            .ok_or(format!("no target {n}"))
                    })
                    .collect::<Result<_, _>>()?;
            }
            "--seconds" => a.seconds = num(value()?)?,
            "--seed" => a.seed = num(value()?)?,
            "--slot" => a.slot = num(value()?)? as usize,
            "--workers" => a.workers = num(value()?)? as usize,
            "--corpus" => a.corpus = value()?.into(),
            "--out" => a.out = value()?.into(),
            _ => a.rest.push(flag.clone()),
        }
    }
    Ok(a)
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = raw.split_first() else {
        eprintln!("usage: drive run|supervise|replay … (see drive/main.rs)");
        return ExitCode::from(2);
    };
    let a = match args(rest) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("drive: {e}");
            return ExitCode::from(2);
        }
    };
    match command.as_str() {
        "run" => {
            let o = worker::Options {
                targets: a.targets.iter().map(|t| Target { ..**t }).collect(),
                seconds: a.seconds,
                seed: a.seed,
                slot: a.slot,
                corpus: a.corpus,
                out: a.out,
                slice: Duration::from_secs(2),
            };
            match worker::run(&o) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("drive: {e}");
                    ExitCode::from(1)
                }
            }
        }
        "supervise" => supervise(&a),
        "replay" => {
            let Some((name, files)) = a.rest.split_first() else {
                eprintln!("usage: drive replay TARGET FILE...");
                return ExitCode::from(2);
            };
            let Some(t) = TARGETS.iter().find(|t| t.name == name) else {
                eprintln!("drive: no target {name}");
                return ExitCode::from(2);
            };
            let files: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
            worker::replay(t, &files);
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("drive: unknown command {command}");
            ExitCode::from(2)
        }
    }
}

/// Totals per target: the last `STAT` line of each worker run, summed.
type Totals = BTreeMap<String, BTreeMap<String, u64>>;

fn parse_stat(line: &str) -> Option<(String, BTreeMap<String, u64>)> {
    let rest = line.strip_prefix("STAT ")?;
    let mut name = None;
    let mut values = BTreeMap::new();
    for kv in rest.split_whitespace() {
        let (k, v) = kv.split_once('=')?;
        if k == "target" {
            name = Some(v.to_string());
        } else {
            values.insert(k.to_string(), v.parse().ok()?);
        }
    }
    Some((name?, values))
}

fn add(totals: &mut Totals, run: &Totals) {
    for (t, values) in run {
        let into = totals.entry(t.clone()).or_default();
        for (k, v) in values {
            let slot = into.entry(k.clone()).or_default();
            if k.starts_with("max_") {
                *slot = (*slot).max(*v);
            } else {
                *slot += v;
            }
        }
    }
}

fn summary(totals: &Totals, elapsed: Duration) -> String {
    let mut out = String::new();
    let mut all = 0;
    for (t, v) in totals {
        let execs = v.get("execs").copied().unwrap_or(0);
        all += execs;
        let get = |k: &str| v.get(k).copied().unwrap_or(0);
        out.push_str(&format!(
            "TOTAL target={t} execs={execs} rate={:.0}/s mean_len={} max_len={} \
             mean_cpu_us={} max_cpu_ms={} max_wall_ms={} panics={} hangs={} checked={} \
             records={} verdicts={} errors={}\n",
            execs as f64 / elapsed.as_secs_f64().max(1.0),
            get("bytes") / execs.max(1),
            get("max_len"),
            get("cpu_ms") * 1000 / execs.max(1),
            get("max_cpu_ms"),
            get("max_wall_ms"),
            get("panics"),
            get("hangs"),
            get("checked"),
            get("records"),
            get("verdicts"),
            get("errors"),
        ));
    }
    out.push_str(&format!(
        "TOTAL all execs={all} seconds={} rate={:.0}/s\n",
        elapsed.as_secs(),
        all as f64 / elapsed.as_secs_f64().max(1.0)
    ));
    out
}

/// Runs `workers` worker processes until the time is up, starting a new one (with a new seed)
/// whenever one ends early, and prints the totals.
fn supervise(a: &Args) -> ExitCode {
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("drive: cannot find its own executable");
        return ExitCode::from(1);
    };
    let start = Instant::now();
    let end = start + Duration::from_secs(a.seconds);
    let names: Vec<&str> = a.targets.iter().map(|t| t.name).collect();
    let (tx, rx) = mpsc::channel::<(usize, Option<Totals>, String)>();
    // The latest counts of each running worker, for the summary printed every minute.
    let live: Arc<Mutex<BTreeMap<usize, Totals>>> = Arc::default();
    let mut seed = a.seed;
    let spawn = |slot: usize, seed: u64, tx: mpsc::Sender<(usize, Option<Totals>, String)>| {
        let live = Arc::clone(&live);
        let left = end.saturating_duration_since(Instant::now()).as_secs();
        let child = Command::new(&exe)
            .arg("run")
            .args(["--targets", &names.join(",")])
            .args(["--seconds", &left.to_string()])
            .args(["--seed", &seed.to_string()])
            .args(["--slot", &slot.to_string()])
            .arg("--corpus")
            .arg(&a.corpus)
            .arg("--out")
            .arg(&a.out)
            .stdout(Stdio::piped())
            .spawn();
        std::thread::spawn(move || {
            let Ok(mut child) = child else {
                let _ = tx.send((slot, None, "cannot start a worker".into()));
                return;
            };
            let mut last: Totals = BTreeMap::new();
            if let Some(out) = child.stdout.take() {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    if let Some((t, v)) = parse_stat(&line) {
                        last.insert(t, v);
                        if let Ok(mut live) = live.lock() {
                            live.insert(slot, last.clone());
                        }
                    } else {
                        println!("[{slot}] {line}");
                    }
                }
            }
            let status = child.wait().map(|s| s.to_string()).unwrap_or_default();
            let _ = tx.send((slot, Some(last), status));
        });
    };
    for slot in 0..a.workers.max(1) {
        spawn(slot, seed, tx.clone());
        seed = seed.wrapping_add(1_000_003);
    }
    let mut totals: Totals = BTreeMap::new();
    let mut running = a.workers.max(1);
    while running > 0 {
        let (slot, run, status) = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(ended) => ended,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let mut now = totals.clone();
                if let Ok(live) = live.lock() {
                    for run in live.values() {
                        add(&mut now, run);
                    }
                }
                print!("{}", summary(&now, start.elapsed()));
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        if let Ok(mut live) = live.lock() {
            live.remove(&slot);
        }
        if let Some(run) = &run {
            add(&mut totals, run);
        }
        println!(
            "[{slot}] worker ended: {status}; so far:\n{}",
            summary(&totals, start.elapsed())
        );
        if Instant::now() + Duration::from_secs(5) < end {
            spawn(slot, seed, tx.clone());
            seed = seed.wrapping_add(1_000_003);
        } else {
            running -= 1;
        }
    }
    print!("{}", summary(&totals, start.elapsed()));
    ExitCode::SUCCESS
}
