//! The benchmark generator and thread-count independence: the generated catalog is
//! deterministic and clean, and every output (diagnostics in every format, the report, the
//! published site) is byte-identical with one worker thread and with many.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `examples/gen_catalog`, which `cargo test` builds next to the test binaries.
fn generator() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    profile_dir
        .join("examples")
        .join(format!("gen_catalog{}", std::env::consts::EXE_SUFFIX))
}

fn generate(dir: &Path, n: usize, seed: u64) {
    let out = Command::new(generator())
        .arg(dir)
        .arg(n.to_string())
        .arg(seed.to_string())
        .output()
        .expect("run gen_catalog (built by cargo test)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs banshi with `threads` workers, judging dates against the tests' fixed day.
fn banshi(args: &[&str], threads: usize) -> Output {
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(args)
        .args(["--today", common::TODAY])
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .expect("run banshi")
}

/// Every file under `root`, by relative path.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root");
                out.insert(
                    rel.to_string_lossy().replace('\\', "/"),
                    std::fs::read(&path).expect("read file"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

#[test]
fn generated_catalog_is_deterministic_and_clean() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    generate(a.path(), 240, 7);
    generate(b.path(), 240, 7);
    let (ta, tb) = (tree(a.path()), tree(b.path()));
    assert_eq!(ta, tb, "same seed, same bytes");
    // One matter per file, in department folders, and about N/20 bundles.
    let matters = ta
        .keys()
        .filter(|p| p.contains('/') && !p.starts_with("一件事/") && p.ends_with(".banshi"))
        .count();
    assert_eq!(matters, 240);
    let bundles = ta.keys().filter(|p| p.starts_with("一件事/")).count();
    assert!((8..=16).contains(&bundles), "{bundles} bundles");

    let dir = a.path().to_str().expect("utf-8 path");
    let out = banshi(&["check", dir, "--format", "json", "--deny-warnings"], 2);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");

    // Not a terminal: no progress on stderr, whatever the format.
    let out = banshi(&["check", dir], 2);
    assert!(String::from_utf8_lossy(&out.stdout).contains("未发现问题"));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = tempfile::tempdir().expect("tempdir");
    let site_dir = site.path().join("out");
    let out = banshi(
        &[
            "build",
            dir,
            "--quiet",
            "--out",
            site_dir.to_str().expect("utf-8"),
        ],
        2,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "--quiet prints nothing"
    );

    let c = tempfile::tempdir().expect("tempdir");
    generate(c.path(), 240, 8);
    assert_ne!(tree(c.path()), ta, "another seed, another catalog");
}

/// A catalog with a great many findings: every fixture case in a folder of its own, over the
/// shared base, so names collide across files too.
fn noisy_catalog() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fixtures = common::fixtures_dir();
    common::copy_dir(&fixtures.join("_base"), tmp.path());
    for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
        let case = entry.expect("entry").path();
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('_') || !case.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&case).expect("case") {
            let file = file.expect("entry").path();
            if file.extension().is_some_and(|e| e == "banshi") {
                let to = tmp.path().join(&name);
                std::fs::create_dir_all(&to).expect("mkdir");
                std::fs::copy(&file, to.join(file.file_name().expect("name"))).expect("copy");
            }
        }
    }
    tmp
}

#[test]
fn one_thread_and_many_give_identical_results() {
    let noisy = noisy_catalog();
    let dir = noisy.path().to_str().expect("utf-8 path");
    for format in ["json", "human", "sarif", "github", "junit", "concise"] {
        let args = ["check", dir, "--format", format, "--statistics"];
        let one = banshi(&args, 1);
        let many = banshi(&args, 4);
        assert_eq!(one.status.code(), Some(1));
        assert!(
            one.stdout.len() > 1000,
            "{format}: the noisy catalog has findings"
        );
        assert_eq!(
            one.stdout, many.stdout,
            "{format} differs between 1 and 4 threads"
        );
        assert_eq!(one.stderr, many.stderr, "{format} stderr differs");
    }

    let gen_dir = tempfile::tempdir().expect("tempdir");
    generate(gen_dir.path(), 300, 11);
    let dir = gen_dir.path().to_str().expect("utf-8 path");
    let report = ["report", dir, "--format", "json"];
    assert_eq!(banshi(&report, 1).stdout, banshi(&report, 4).stdout);

    let sites = tempfile::tempdir().expect("tempdir");
    let mut trees = Vec::new();
    for threads in [1, 4] {
        let out_dir = sites.path().join(format!("t{threads}"));
        let out = banshi(
            &["build", dir, "--out", out_dir.to_str().expect("utf-8 path")],
            threads,
        );
        common::assert_exit(&out, 0);
        trees.push(tree(&out_dir));
    }
    assert!(trees[0].len() > 600, "{} files", trees[0].len());
    assert!(
        trees[0] == trees[1],
        "the site differs between 1 and 4 threads"
    );
}

/// The whole-catalog booklet is made up to 2,000 matters and not beyond, where one book would
/// be thousands of pages and one file without bound; the index links it only when it is there,
/// and the departments' booklets are made either way.
#[test]
fn the_whole_catalog_booklet_stops_at_two_thousand_matters() {
    for (n, expected) in [(2_000, true), (2_001, false)] {
        let catalog = tempfile::tempdir().expect("tempdir");
        generate(catalog.path(), n, 11);
        let site = tempfile::tempdir().expect("tempdir");
        let out_dir = site.path().join("out");
        let out = banshi(
            &[
                "build",
                catalog.path().to_str().expect("utf-8"),
                "--quiet",
                "--out",
                out_dir.to_str().expect("utf-8"),
            ],
            2,
        );
        assert_eq!(out.status.code(), Some(0), "{n} matters");
        let whole = out_dir.join("booklets/全部事项.html");
        assert_eq!(whole.exists(), expected, "{n} matters");
        let index = std::fs::read_to_string(out_dir.join("index.html")).expect("index");
        assert_eq!(
            index.contains("booklets/全部事项.html"),
            expected,
            "{n} matters"
        );
        let departments = std::fs::read_dir(out_dir.join("booklets"))
            .expect("booklets")
            .count();
        assert!(departments >= 5, "{n} matters: {departments} booklets");
    }
}
