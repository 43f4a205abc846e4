//! A progress bar on standard error for long runs: shown only when standard error is a
//! terminal and the input is large (more than [`LARGE_BYTES`] in its files, or more than
//! [`LARGE_RECORDS`] records read from a pipe), and the verdicts do not go to the terminal
//! themselves; never in a pipe, a log or a test. Lines written
//! to standard error while it is shown go above it ([`suspend`]).

use std::io::{self, IsTerminal, Read};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Inputs larger than this, in bytes, show a bar from the start.
pub const LARGE_BYTES: u64 = 1 << 20;
/// Records read from inputs of unknown size, past which a counter is shown.
pub const LARGE_RECORDS: usize = 2_000;

/// The bar being shown, so that messages on standard error can step around it.
static SHOWN: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// A run's progress: bytes read out of the inputs' total, or records read.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Whether the bar may be shown at all (standard error is a terminal).
    terminal: bool,
    records: usize,
}

impl Progress {
    /// Progress over inputs of `total` bytes (`None` when some input's size is unknown, such
    /// as standard input). `shown`: whether a bar may be drawn at all (not when the verdicts
    /// themselves scroll on the same terminal).
    pub fn new(total: Option<u64>, shown: bool, lang: rung::diag::Lang) -> Progress {
        let terminal = shown && io::stderr().is_terminal();
        let bar = match total {
            Some(total) if terminal && total > LARGE_BYTES => {
                let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
                let template = lang.pick(
                    "{spinner} 评估中 [{bar:32}] {bytes}/{total_bytes} · {msg} · 剩余 {eta}",
                    "{spinner} evaluating [{bar:32}] {bytes}/{total_bytes} · {msg} · {eta} left",
                );
                if let Ok(style) = ProgressStyle::with_template(template) {
                    bar.set_style(style.progress_chars("=> "));
                }
                bar.enable_steady_tick(Duration::from_millis(200));
                Some(bar)
            }
            _ => None,
        };
        show(bar.as_ref());
        Progress {
            bar,
            terminal,
            records: 0,
        }
    }

    /// Wraps an input so that its bytes are counted as they are read.
    pub fn reader<'a>(&self, inner: Box<dyn Read + Send + 'a>) -> Box<dyn Read + Send + 'a> {
        match &self.bar {
            Some(bar) if bar.length().is_some() => Box::new(Counted {
                inner,
                bar: bar.clone(),
            }),
            _ => inner,
        }
    }

    /// Counts one record read; past [`LARGE_RECORDS`] from inputs of unknown size, a counter
    /// starts.
    pub fn record(&mut self, lang: rung::diag::Lang) {
        self.records += 1;
        if self.bar.is_none() && self.terminal && self.records > LARGE_RECORDS {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let template = lang.pick("{spinner} 评估中 · {msg}", "{spinner} evaluating · {msg}");
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            show(Some(&bar));
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            if self.records % 256 == 0 || self.records == LARGE_RECORDS + 1 {
                bar.set_message(lang.fmt(
                    format!("{} 条记录", self.records),
                    format!("{} records", self.records),
                ));
            }
        }
    }

    /// Clears the bar.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        show(None);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

fn show(bar: Option<&ProgressBar>) {
    if let Ok(mut shown) = SHOWN.lock() {
        *shown = bar.cloned();
    }
}

/// Runs `f` (a write to standard error) with the bar, if one is shown, out of the way.
pub fn suspend<R>(f: impl FnOnce() -> R) -> R {
    let bar = SHOWN.lock().ok().and_then(|b| b.clone());
    match bar {
        Some(bar) => bar.suspend(f),
        None => f(),
    }
}

/// An input whose bytes are counted on the bar.
struct Counted<'a> {
    inner: Box<dyn Read + Send + 'a>,
    bar: ProgressBar,
}

impl Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}
