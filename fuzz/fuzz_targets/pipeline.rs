//! The whole pipeline on one input: read → parse → lower → graph → check → policy → report →
//! publish (in memory), plus the formatter. Anything but a clean return is a bug: a panic, a
//! stack overflow, a hang (libFuzzer's -timeout) or runaway memory (-rss_limit_mb).
//!
//! Publishing compiles every template, which costs twenty times the rest of a run, so it runs only
//! when the selector's top bit is set (an eighth of the seeds).
//!
//! The first byte of the input picks the file it replaces in a copy of the shipped catalog's
//! registries (the spec file most of the time, sometimes a registry or the configuration), so
//! the YAML readers are fuzzed as well as the grammar. The catalog lives on tmpfs and is made
//! once per process.

#![no_main]

use banshi::driver::{self, Options};
use banshi::emit::site::{self, Collect, Input};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where the input goes, by the low four bits of its first byte: the spec file for 0–11 (most
/// inputs), otherwise one of these for 12–15.
const OTHER_TARGETS: [&str; 4] = [
    "registry/departments.yaml",
    "registry/laws.yaml",
    "registry/evidence.yaml",
    "banshi.yaml",
];

fn target(selector: u8) -> &'static str {
    match usize::from(selector % 16) {
        i @ 12.. => OTHER_TARGETS[i - 12],
        _ => "spec.banshi",
    }
}

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogs")
}

/// A catalog of one spec file beside the shipped registries, reset before every run.
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("banshi-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("registry")).expect("scratch catalog");
        dir
    })
}

/// `std::fs::copy`, again when a signal interrupts it: libFuzzer's timers (`-timeout`) deliver
/// SIGALRM, and the copy does not restart itself (one 10-minute run stopped on an EINTR here,
/// in the harness, not in banshi).
fn copy(from: &Path, to: &Path) -> std::io::Result<u64> {
    loop {
        match std::fs::copy(from, to) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

fn reset(dir: &Path) {
    for name in [
        "banshi.yaml",
        "registry/departments.yaml",
        "registry/laws.yaml",
        "registry/evidence.yaml",
    ] {
        copy(&shipped().join(name), &dir.join(name)).expect("copy registry");
    }
    // A matter that cites, is produced and consumed, so registry fuzzing reaches the rules.
    copy(
        &shipped().join("民政局/低保申请.banshi"),
        &dir.join("base.banshi"),
    )
    .expect("copy base matter");
    let _ = std::fs::remove_file(dir.join("spec.banshi"));
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let dir = scratch();
    reset(dir);
    let target = target(selector);
    std::fs::write(dir.join(target), body).expect("write input");

    if let Ok(text) = std::str::from_utf8(body)
        && target.ends_with(".banshi")
        && let Some(once) = banshi::syntax::fmt::format(text)
    {
        // The formatter's contract: what it accepts it lays out canonically, once and for all.
        let twice = banshi::syntax::fmt::format(&once);
        assert_eq!(
            twice.as_deref(),
            Some(once.as_str()),
            "fmt is not idempotent"
        );
    }

    let options = Options {
        today: Some(jiff::civil::Date::constant(2026, 11, 1)),
        ..Default::default()
    };
    let Ok(checked) = driver::check(dir, &options) else {
        return;
    };
    if selector & 0x80 == 0 {
        return;
    }
    let report =
        banshi::analysis::report::report(&checked.catalog, &checked.graph, &checked.sources);
    let overrides = Default::default();
    let input = Input {
        catalog: &checked.catalog,
        sources: &checked.sources,
        report: &report,
        overrides: &overrides,
        stamp: None,
    };
    // Publishing is only offered for catalogs without errors, but the emitters must not crash
    // on whatever the model holds, so they run either way.
    let out = Collect::default();
    let _ = site::build(&input, &out, &banshi::progress::Silent);
});
