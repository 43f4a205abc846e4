//! Reading alone, in CPU time of the reading thread (Linux: `/proc/thread-self/stat`, in
//! hundredths of a second), so that the figures hold on a shared machine where wall times do
//! not: each round reads a JSON Lines roster with the native baseline's serde derive, then with
//! rung straight into the schema, then with rung through the JSON tree.
//!
//! ```sh
//! cargo run --release --example gen_roster -- --count 50000 --seed 1 -o /tmp/r50k.jsonl
//! cargo run --release -p rung-bench --example read_cpu -- /tmp/r50k.jsonl
//! ```
//!
//! With a second argument `native`, `direct` or `tree`, one round of that reader alone: to
//! count its instructions (`valgrind --tool=cachegrind --cache-sim=no`) or to profile it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use rung::diag::Lang;
use rung::records::{self, Encoding, Format};
use rung_bench::engine;

/// The CPU time this thread has used, in seconds.
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("Linux's /proc");
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split(' ').collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}

fn main() {
    let path = std::env::args().nth(1).expect("a JSON Lines roster");
    let text = std::fs::read_to_string(path).unwrap();
    let checked = engine::policy();
    let schema = checked.program.schema();
    let only = std::env::args().nth(2);
    let (rounds, native, readers) = match only.as_deref() {
        None => (5, true, vec![true, false]),
        Some("native") => (1, true, vec![]),
        Some("direct") => (1, false, vec![true]),
        Some("tree") => (1, false, vec![false]),
        Some(other) => panic!("`{other}`: native, direct or tree"),
    };
    for round in 1..=rounds {
        if native {
            let t = cpu();
            let n = text
                .lines()
                .filter(|l| serde_json::from_str::<rung_bench::native::Employee>(l).is_ok())
                .count();
            println!("round {round}: native {n} records, {:.2} s CPU", cpu() - t);
        }
        for &direct in &readers {
            let t = cpu();
            let mut read = records::read(
                schema,
                Format::JsonLines,
                Encoding::Utf8,
                text.as_bytes(),
                Lang::Zh,
            )
            .unwrap();
            read.set_direct(direct);
            let n = read.filter(Result::is_ok).count();
            let how = if direct {
                "straight into the schema"
            } else {
                "through the tree"
            };
            println!(
                "round {round}: rung {how}, {n} records, {:.2} s CPU",
                cpu() - t
            );
        }
    }
}
