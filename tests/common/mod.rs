//! Helpers shared by the integration tests.
#![allow(dead_code)]
// Test helpers may panic: that is the test failing, with its message.
// The browser helper prints its skip note to stderr.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stderr)]

pub mod browser;
pub mod random;

use std::path::{Path, PathBuf};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("fixture entry");
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
            copy_dir(&path, &target);
        } else if path.extension().is_none_or(|e| e != "snap" && e != "new") {
            std::fs::copy(&path, &target).expect("copy fixture file");
        }
    }
}

/// A temporary catalog: the shared base with the files of fixture `case` laid over it.
pub fn catalog(case: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixtures_dir().join("_base"), tmp.path());
    copy_dir(&fixtures_dir().join(case), tmp.path());
    tmp
}

/// The fixed day fixtures are checked on, so repeal dates do not age the snapshots.
pub const TODAY: &str = "2026-06-01";

/// Everything a catalog means, without positions: every matter and bundle as published, and
/// every finding's rule and message.
pub fn meaning(dir: &Path) -> (Vec<String>, Vec<(String, String)>) {
    let options = banshi::driver::Options {
        today: Some(TODAY.parse().expect("date")),
        ..Default::default()
    };
    let c = banshi::driver::check(dir, &options).expect("check");
    let mut docs: Vec<String> = c
        .catalog
        .matters
        .iter()
        .map(|m| {
            let d = banshi::emit::doc::matter(&c.catalog, m, c.sources.path(m.id.span.file));
            serde_json::to_string(&d).expect("json")
        })
        .collect();
    let report = banshi::analysis::report::report(&c.catalog, &c.graph, &c.sources);
    for (b, f) in c.catalog.bundles.iter().zip(&report.bundles) {
        let d = banshi::emit::doc::bundle(&c.catalog, b, f, c.sources.path(b.id.span.file));
        docs.push(serde_json::to_string(&d).expect("json"));
    }
    let mut findings: Vec<(String, String)> = c
        .diagnostics
        .iter()
        .map(|d| (d.rule.name.to_string(), d.message.clone()))
        .collect();
    findings.sort();
    (docs, findings)
}

/// Two string fields of each JSON finding, e.g. `("name", "file")`.
pub fn pairs<'a>(items: &'a [serde_json::Value], a: &str, b: &str) -> Vec<(&'a str, &'a str)> {
    items
        .iter()
        .map(|d| (d[a].as_str().unwrap_or(""), d[b].as_str().unwrap_or("")))
        .collect()
}

/// Asserts a command's exit code, showing its stderr when the code differs.
pub fn assert_exit(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
