//! One worker: runs the targets in turn on generated and mutated inputs, counts executions,
//! times each one on the thread's CPU clock, and saves any input that panics, hangs or aborts.

use std::fs::{self, File};
use std::io::Write as _;
use std::os::unix::fs::FileExt as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::gen::run::Ran;
use crate::mutate::{self, Rng};
use crate::Target;

/// An input taking more CPU time than this is a hang.
pub const HANG: Duration = Duration::from_secs(1);
/// An input still running after this much wall time ends the worker (its input is saved).
const STUCK: Duration = Duration::from_secs(60);

pub struct Options {
    pub targets: Vec<Target>,
    pub seconds: u64,
    pub seed: u64,
    pub slot: usize,
    pub corpus: PathBuf,
    pub out: PathBuf,
    /// How long each target runs before the next one's turn.
    pub slice: Duration,
}

/// What one target did in this worker.
#[derive(Default, Clone)]
pub struct Stats {
    pub execs: u64,
    pub bytes: u64,
    pub max_len: usize,
    pub cpu: Duration,
    pub max_cpu: Duration,
    pub max_wall: Duration,
    pub panics: u64,
    pub hangs: u64,
    /// Policies that checked, records read, verdicts, record errors.
    pub checked: u64,
    pub records: u64,
    pub verdicts: u64,
    pub errors: u64,
}

impl Stats {
    /// One line, `key=value` pairs, read back by the supervisor and by the logs' reader.
    pub fn line(&self, name: &str) -> String {
        format!(
            "target={name} execs={} bytes={} max_len={} cpu_ms={} max_cpu_ms={} max_wall_ms={} \
             panics={} hangs={} checked={} records={} verdicts={} errors={}",
            self.execs,
            self.bytes,
            self.max_len,
            self.cpu.as_millis(),
            self.max_cpu.as_millis(),
            self.max_wall.as_millis(),
            self.panics,
            self.hangs,
            self.checked,
            self.records,
            self.verdicts,
            self.errors
        )
    }
}

/// The CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec to write into; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// A short, stable name for an input (FNV-1a).
pub fn hash(data: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Saves a finding as `out/<kind>/<target>/<hash>` and returns its path.
pub fn save(out: &Path, kind: &str, target: &str, data: &[u8], note: &str) -> PathBuf {
    let dir = out.join(kind).join(target);
    let _ = fs::create_dir_all(&dir);
    let path = dir.join(hash(data));
    let _ = fs::write(&path, data);
    let _ = fs::write(path.with_extension("txt"), note);
    path
}

/// The file holding the input being run, so that an abort (a stack overflow) leaves it behind;
/// a worker that starts and finds one saves it as a crash.
fn current(out: &Path, slot: usize) -> (PathBuf, PathBuf) {
    (
        out.join(format!("current-{slot}.bin")),
        out.join(format!("current-{slot}.target")),
    )
}

/// Picks up the input a previous worker in this slot died on.
fn recover(out: &Path, slot: usize) {
    let (bin, name) = current(out, slot);
    let Ok(data) = fs::read(&bin) else { return };
    let target = fs::read_to_string(&name).unwrap_or_else(|_| "unknown".into());
    if !data.is_empty() {
        let path = save(
            out,
            "aborts",
            target.trim(),
            &data,
            "the worker died on this input",
        );
        println!("ABORT target={} input={}", target.trim(), path.display());
    }
    let _ = fs::remove_file(&bin);
}

pub fn run(o: &Options) -> std::io::Result<()> {
    fs::create_dir_all(&o.out)?;
    recover(&o.out, o.slot);
    let (bin, name_file) = current(&o.out, o.slot);
    let cur = File::create(&bin)?;

    // A panic's message and place, kept instead of printed.
    let message: Arc<Mutex<String>> = Arc::default();
    let m = Arc::clone(&message);
    panic::set_hook(Box::new(move |info| {
        if let Ok(mut s) = m.lock() {
            *s = info.to_string();
        }
    }));

    // The watchdog: an execution running for over a minute of wall time ends the worker with
    // its input saved (the supervisor starts a new one).
    let started = Arc::new(AtomicU64::new(0));
    let epoch = Instant::now();
    {
        let started = Arc::clone(&started);
        let out = o.out.clone();
        let slot = o.slot;
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_secs(1));
            let s = started.load(Ordering::Relaxed);
            if s != 0 && epoch.elapsed().as_millis() as u64 > s + STUCK.as_millis() as u64 {
                let (bin, name) = current(&out, slot);
                let data = fs::read(&bin).unwrap_or_default();
                let target = fs::read_to_string(&name).unwrap_or_default();
                let path = save(&out, "hangs", target.trim(), &data, "stuck: over a minute");
                println!("STUCK target={} input={}", target.trim(), path.display());
                let _ = fs::remove_file(&bin);
                std::process::exit(3);
            }
        });
    }

    let mut rng = Rng(o.seed);
    let mut pools: Vec<Vec<Vec<u8>>> = o
        .targets
        .iter()
        .map(|t| mutate::corpus(&o.corpus.join(t.name)))
        .collect();
    let seeds: Vec<usize> = pools.iter().map(Vec::len).collect();
    let mut stats: Vec<Stats> = vec![Stats::default(); o.targets.len()];
    let deadline = epoch + Duration::from_secs(o.seconds);
    let mut last_report = Instant::now();
    let mut turn = 0;
    while Instant::now() < deadline {
        let k = turn % o.targets.len();
        turn += 1;
        let (Some(t), Some(pool), Some(st)) =
            (o.targets.get(k), pools.get_mut(k), stats.get_mut(k))
        else {
            continue;
        };
        fs::write(&name_file, t.name)?;
        let slice_end = Instant::now() + o.slice;
        while Instant::now() < slice_end {
            let input = (t.input)(&mut rng, pool);
            cur.set_len(0)?;
            cur.write_all_at(&input, 0)?;
            let wall = Instant::now();
            started.store(epoch.elapsed().as_millis() as u64 + 1, Ordering::Relaxed);
            let cpu = thread_cpu();
            let result = panic::catch_unwind(AssertUnwindSafe(|| (t.run)(&input)));
            let cpu = thread_cpu().saturating_sub(cpu);
            started.store(0, Ordering::Relaxed);
            let wall = wall.elapsed();
            st.execs += 1;
            st.bytes += input.len() as u64;
            st.max_len = st.max_len.max(input.len());
            st.cpu += cpu;
            st.max_cpu = st.max_cpu.max(cpu);
            st.max_wall = st.max_wall.max(wall);
            match result {
                Ok(ran) => {
                    count(st, &ran);
                    keep(
                        &mut rng,
                        pool,
                        seeds.get(k).copied().unwrap_or(0),
                        t,
                        &ran,
                        input.clone(),
                    );
                }
                Err(_) => {
                    st.panics += 1;
                    let note = message.lock().map(|s| s.clone()).unwrap_or_default();
                    let path = save(&o.out, "crashes", t.name, &input, &note);
                    println!(
                        "PANIC target={} input={} {}",
                        t.name,
                        path.display(),
                        first_line(&note)
                    );
                }
            }
            if cpu > HANG {
                st.hangs += 1;
                let note = format!("cpu {} ms, wall {} ms", cpu.as_millis(), wall.as_millis());
                let path = save(&o.out, "hangs", t.name, &input, &note);
                println!("HANG target={} input={} {note}", t.name, path.display());
            }
        }
        if last_report.elapsed() >= Duration::from_secs(10) {
            report(&stats, &o.targets);
            last_report = Instant::now();
        }
    }
    report(&stats, &o.targets);
    drop(cur);
    fs::remove_file(&bin)?;
    std::io::stdout().flush()
}

fn count(st: &mut Stats, ran: &Ran) {
    st.checked += u64::from(ran.checked);
    st.records += ran.records as u64;
    st.verdicts += ran.verdicts as u64;
    st.errors += ran.errors as u64;
}

/// Keeps now and then an input that went deep (a policy that checked, records that were
/// read) as a base for later mutations, in a bounded pool next to the seeds.
fn keep(
    rng: &mut Rng,
    pool: &mut Vec<Vec<u8>>,
    seeds: usize,
    t: &Target,
    ran: &Ran,
    input: Vec<u8>,
) {
    const EXTRA: usize = 512;
    let deep = if t.name == "records" {
        ran.verdicts > 0
    } else {
        ran.checked
    };
    if !deep || !rng.one_in(16) {
        return;
    }
    if pool.len() < seeds + EXTRA {
        pool.push(input);
    } else if let Some(slot) = pool.get_mut(seeds + rng.below(EXTRA)) {
        *slot = input;
    }
}

fn report(stats: &[Stats], targets: &[Target]) {
    for (st, t) in stats.iter().zip(targets) {
        println!("STAT {}", st.line(t.name));
    }
    let _ = std::io::stdout().flush();
}

fn first_line(s: &str) -> String {
    s.lines().take(3).collect::<Vec<_>>().join(" | ")
}

/// Runs saved inputs again and says what each did.
pub fn replay(target: &Target, files: &[PathBuf]) {
    for f in files {
        let Ok(data) = fs::read(f) else {
            println!("{}: unreadable", f.display());
            continue;
        };
        let cpu = thread_cpu();
        let wall = Instant::now();
        let r = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(&data)));
        let cpu = thread_cpu().saturating_sub(cpu);
        let verdict = match r {
            Ok(ran) => format!(
                "ok checked={} records={} verdicts={} errors={}",
                ran.checked, ran.records, ran.verdicts, ran.errors
            ),
            Err(_) => "PANIC".into(),
        };
        println!(
            "{}: {} bytes, cpu {} ms, wall {} ms, {verdict}",
            f.display(),
            data.len(),
            cpu.as_millis(),
            wall.elapsed().as_millis()
        );
    }
}
