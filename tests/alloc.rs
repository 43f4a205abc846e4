//! A record's evaluation allocates nothing once the evaluator's buffers are warm: the design's
//! promise for large rosters, held by a counting allocator.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;

use rung::calendar::Date;
use rung::diag::Lang;
use rung::records::{self, Encoding, Format};

struct Counting;

thread_local! {
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator; only counts the calls on this thread.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        COUNT.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        COUNT.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations() -> usize {
    COUNT.with(Cell::get)
}

#[test]
fn evaluating_a_record_allocates_nothing_once_warm() {
    let checked =
        rung::compile_file(Path::new("policies/客服部任职发展管理制度.rung")).expect("policy");
    let program = &checked.program;
    let roster = r#"{"工号":"E1","岗位":"质检专员","入职类型":"社招","入职日期":"2024-03-04","转正日期":"2024-06-04","当前职级":"中(二)级客服(优秀)","最近定级日期":"2026-01-05","申请职务":"班组长","岗位空缺":true,"周边绩效得分":80,"胜任素质得分":75,"上次晋级":{"日期":"2026-02-05","原职级":"中(二)级客服(良好)"},"投诉":[{"日期":"2026-03-10","原因":"服务态度","成立":true}],"考核":{"2026-01":"S","2026-02":"A","2026-03":"C","2026-04":"A","2026-05":"B","2026-06":"A"}}"#;
    let mut rs = records::read(
        program.schema(),
        Format::JsonLines,
        Encoding::Utf8,
        roster.as_bytes(),
        Lang::Zh,
    )
    .expect("read");
    let record = rs.next().and_then(Result::ok).expect("record").record;
    let mut evaluator = rung::eval::Evaluator::new(program);
    // The counter sees this thread's allocations.
    let before = allocations();
    let probe: Vec<u64> = Vec::with_capacity(16);
    assert_eq!(allocations() - before, 1);
    drop(probe);
    // Dates inside and outside the promotion windows, all in years the calendar covers.
    for (y, m, d) in [
        (2026, 7, 3),
        (2026, 7, 3),
        (2026, 1, 5),
        (2026, 3, 10),
        (2025, 12, 31),
    ] {
        let date = Date::from_ymd(y, m, d).expect("date");
        let before = allocations();
        let fired = evaluator
            .with_verdict(&record, date, |v| {
                (0..v.program().rules().len())
                    .filter(|r| v.rule(*r).contributed)
                    .count()
            })
            .expect("evaluates");
        let used = allocations() - before;
        assert!(fired > 0);
        assert_eq!(used, 0, "evaluating on {y}-{m}-{d} allocated {used} times");
    }
}
