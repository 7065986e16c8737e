//! The formatter: idempotent, and meaning-preserving — the checked model of `fmt(x)` equals
//! that of `x` — over the shipped catalog and every test catalog and fixture.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use banshi::syntax::fmt::format;
use std::path::{Path, PathBuf};

fn banshi_files(dir: &Path) -> Vec<PathBuf> {
    banshi::load::discover(dir)
        .expect("discover")
        .files
        .into_iter()
        .map(|rel| dir.join(rel))
        .collect()
}

/// Every catalog the tests know: the shipped one, the test catalogs, and each fixture laid
/// over the fixture base.
fn catalogs() -> Vec<(String, tempfile::TempDir)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        "catalogs",
        "tests/bundle_catalog",
        "tests/report_catalog",
        "tests/ci_catalog",
        "tests/hostile/names",
    ] {
        let tmp = tempfile::tempdir().expect("tmp");
        common::copy_dir(&root.join(dir), tmp.path());
        out.push((dir.to_string(), tmp));
    }
    let mut fixtures: Vec<String> = std::fs::read_dir(common::fixtures_dir())
        .expect("fixtures")
        .flatten()
        .filter(|e| e.path().is_dir() && e.file_name() != "_base")
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    fixtures.sort();
    for name in fixtures {
        out.push((format!("fixture {name}"), common::catalog(&name)));
    }
    out
}

#[test]
fn idempotent_and_meaning_preserving() {
    let mut formatted_files = 0;
    for (name, dir) in catalogs() {
        let before = common::meaning(dir.path());
        let mut changed = false;
        for file in banshi_files(dir.path()) {
            let src = std::fs::read_to_string(&file).expect("read");
            let Some(once) = format(&src) else { continue };
            let twice = format(&once)
                .unwrap_or_else(|| panic!("{name}: formatted {} does not parse", file.display()));
            assert_eq!(once, twice, "{name}: {} is not idempotent", file.display());
            formatted_files += 1;
            if once != src {
                changed = true;
                std::fs::write(&file, once).expect("write");
            }
        }
        if changed {
            assert_eq!(
                before,
                common::meaning(dir.path()),
                "{name}: formatting changed the meaning"
            );
        }
    }
    assert!(
        formatted_files > 100,
        "only {formatted_files} files formatted"
    );
}

#[test]
fn the_shipped_catalog_is_formatted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogs");
    for file in banshi_files(&root) {
        let src = std::fs::read_to_string(&file).expect("read");
        assert_eq!(
            format(&src).as_deref(),
            Some(src.as_str()),
            "{} needs banshi fmt",
            file.display()
        );
    }
}

#[test]
fn check_mode_lists_files_and_exits_1() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("a.banshi"), "事项 甲 {  名称：\"a\" }\n").expect("write");
    std::fs::write(tmp.path().join("b.banshi"), "事项 乙 {\n  名称 \"b\"\n}\n").expect("write");
    let run = |args: &[&str]| fmt_cli(tmp.path(), args);
    let checked = run(&["--check"]);
    assert_eq!(checked.status.code(), Some(1));
    let out = String::from_utf8_lossy(&checked.stdout);
    assert!(
        out.contains("a.banshi") && !out.contains("b.banshi"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("a.banshi")).expect("read"),
        "事项 甲 {  名称：\"a\" }\n"
    );
    assert_eq!(run(&[]).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("a.banshi")).expect("read"),
        "事项 甲 {\n  名称 \"a\"\n}\n"
    );
    assert_eq!(run(&["--check"]).status.code(), Some(0));
}

#[test]
fn a_gb18030_file_is_refused_then_converted_to_utf8_with_encoding_gb18030() {
    let tmp = tempfile::tempdir().expect("tmp");
    let gbk = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/gb18030_file/gbk.banshi");
    let original = std::fs::read(&gbk).expect("read");
    assert!(
        std::str::from_utf8(&original).is_err(),
        "the case is not UTF-8"
    );
    let file = tmp.path().join("gbk.banshi");
    std::fs::write(&file, &original).expect("write");
    let run = |args: &[&str]| fmt_cli(tmp.path(), args);

    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("GB18030") && stderr.contains("--encoding gb18030"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&file).expect("read"),
        original,
        "left as it was"
    );

    assert_eq!(
        run(&["--check", "--encoding", "gb18030"]).status.code(),
        Some(1)
    );
    assert_eq!(
        std::fs::read(&file).expect("read"),
        original,
        "--check writes nothing"
    );

    let converted = run(&["--encoding", "gbk"]);
    assert_eq!(converted.status.code(), Some(0), "{converted:?}");
    let text = std::fs::read_to_string(&file).expect("now UTF-8");
    assert_eq!(
        format(&text).as_deref(),
        Some(text.as_str()),
        "and formatted"
    );
    let (decoded, _, _) = encoding_rs::GB18030.decode(&original);
    assert_eq!(
        format(&decoded).as_deref(),
        Some(text.as_str()),
        "same text"
    );
    assert_eq!(run(&["--check"]).status.code(), Some(0));
}

/// `banshi fmt ARGS DIR` on the real binary.
fn fmt_cli(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_banshi"))
        .arg("fmt")
        .args(args)
        .arg(dir)
        .output()
        .expect("run")
}
