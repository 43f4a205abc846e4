//! Embedding rung in another program: errors that work with `?` under `Box<dyn Error>` (as
//! under anyhow), and a verdict's outcome read by decision and field name.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::error::Error;
use std::path::Path;

use rung::calendar::Date;
use rung::diag::Lang;
use rung::verdict::Value;

const POLICY: &str = "policies/客服部任职发展管理制度.rung";

/// `compile_file(..)?` in a function returning `Box<dyn Error>`, then one record evaluated and
/// its outcome read by name.
fn promotion_steps(record: &str) -> Result<Value, Box<dyn Error>> {
    let checked = rung::compile_file(Path::new(POLICY))?;
    let program = &checked.program;
    let records = rung::records::read(
        program.schema(),
        rung::records::Format::JsonLines,
        rung::records::Encoding::Auto,
        record.as_bytes(),
        Lang::Zh,
    )
    .map_err(|e| format!("{e:?}"))?;
    let mut evaluator = rung::eval::Evaluator::new(program);
    let as_of = Date::from_ymd(2026, 7, 3).ok_or("date")?;
    let mut steps = None;
    for item in records {
        let read = item.map_err(|e| format!("{e:?}"))?;
        let v = evaluator
            .with_verdict(&read.record, as_of, |v| {
                rung::verdict::of(v, Default::default())
            })
            .map_err(|e| format!("{e:?}"))?;
        steps = v.outcome("职级晋升", "小级数").cloned();
        assert!(v.outcome("职级晋升", "no such field").is_none());
        assert!(v.outcome("no such decision", "小级数").is_none());
    }
    Ok(steps.ok_or("no verdict")?)
}

#[test]
fn a_verdict_outcome_is_read_by_decision_and_field() {
    let line = std::fs::read_to_string("examples/roster.jsonl").unwrap();
    let e1005 = line.lines().find(|l| l.contains("\"E1005\"")).unwrap();
    let steps = promotion_steps(e1005).unwrap();
    assert!(
        matches!(&steps, Value::Num(n) if n.to_string() == "2"),
        "{steps:?}"
    );
}

#[test]
fn a_policy_that_does_not_compile_is_an_error_with_its_place() {
    fn compile(path: &Path) -> Result<(), Box<dyn Error>> {
        rung::compile_file(path)?;
        Ok(())
    }
    let dir = std::env::temp_dir().join(format!("rung-embedding-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.rung");
    std::fs::write(&bad, "制度 \"x\"\n记录 员工 { 工号: 文本 标识 }\n决定 d { f: 布尔 = 假\n  规则 1 \"r\" 当 没有这个名字 则 f = 真 }\n").unwrap();
    let e = compile(&bad).unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!("{}:4:", bad.display())),
        "{shown}"
    );
    assert!(shown.contains("没有这个名字"), "{shown}");

    let e = compile(&dir.join("absent.rung")).unwrap_err();
    assert!(e.to_string().contains("absent.rung"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}
