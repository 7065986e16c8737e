//! The workspace's answer after an edit must be what a full check of the edited catalog says,
//! file by file, and the files it names as changed must be every file whose findings changed.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use banshi::driver::{self, Options, Workspace};
use banshi::source::FileId;
use std::collections::BTreeMap;
use std::path::Path;

/// What a finding says, without the fingerprint (which numbers repeats across the catalog).
type Said = (String, &'static str, String, u32, u32, String);

fn options() -> Options {
    Options {
        today: Some(common::TODAY.parse().unwrap()),
        ..Default::default()
    }
}

/// Every file's findings, from a full check of what is on disk.
fn full(root: &Path) -> BTreeMap<String, Vec<Said>> {
    let checked = driver::check(root, &options()).expect("check");
    let mut by_file: BTreeMap<String, Vec<Said>> = BTreeMap::new();
    for d in &checked.diagnostics {
        let path = checked.sources.path(d.span.file).to_string();
        by_file
            .entry(path.clone())
            .or_default()
            .push(said(&path, d));
    }
    by_file
}

fn said(path: &str, d: &banshi::diagnostic::Diagnostic) -> Said {
    (
        path.to_string(),
        d.rule.code,
        format!("{:?}", d.severity),
        d.span.start,
        d.span.end,
        d.message.clone(),
    )
}

/// Every file's findings, as the workspace has them.
fn kept(ws: &Workspace) -> BTreeMap<String, Vec<Said>> {
    let mut by_file = BTreeMap::new();
    for (id, file) in ws.sources().iter() {
        let found: Vec<Said> = ws
            .file_diagnostics(id)
            .iter()
            .map(|d| said(&file.path, d))
            .collect();
        if !found.is_empty() {
            by_file.insert(file.path.clone(), found);
        }
    }
    by_file
}

/// A copy of the shipped catalog, to edit.
fn shipped() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogs"),
        dir.path(),
    );
    dir
}

const EDITED: &str = "民政局/临时救助.banshi";

/// Edits that reach every part: the file's own findings (a suppression removed, a syntax
/// error), and catalog-wide findings standing in another file (an id and a 基本编码 that
/// another file already defines).
fn edits(original: &str) -> Vec<(&'static str, String)> {
    let suppression = original
        .lines()
        .find(|l| l.trim_start().starts_with("豁免 vague-wording"))
        .expect("the edited file has a suppression");
    vec![
        (
            "id of another file's matter",
            original.replacen("事项 临时救助 {", "事项 低保申请 {", 1),
        ),
        (
            "基本编码 of another file's matter",
            original.replacen("\"000513002000\"", "\"000513001000\"", 1),
        ),
        ("suppression removed", original.replacen(suppression, "", 1)),
        (
            "a material no longer names its evidence",
            original.replacen("      证照 居民身份证\n", "", 1),
        ),
        (
            "cut off halfway",
            original
                .chars()
                .take(original.chars().count() / 2)
                .collect(),
        ),
        ("emptied", String::new()),
        ("back as it was", original.to_string()),
    ]
}

#[test]
fn an_edit_gives_what_a_full_check_of_the_edited_catalog_gives() {
    let dir = shipped();
    let root = dir.path();
    let original = std::fs::read_to_string(root.join(EDITED)).unwrap();
    let mut ws = Workspace::open(root, &options()).expect("open");
    let mut before = kept(&ws);
    assert_eq!(before, full(root), "as opened");

    for (what, text) in edits(&original) {
        std::fs::write(root.join(EDITED), &text).unwrap();
        let changed = ws.update(EDITED, text).expect("update");
        let after = kept(&ws);
        assert_eq!(after, full(root), "after the edit: {what}");

        // The graph may be kept when an edit leaves what it is built from as it was: it must
        // be the graph of the catalog as it now is.
        let edges = |g: &banshi::graph::DepGraph| {
            use petgraph::visit::EdgeRef;
            let mut e: Vec<_> = g
                .graph
                .edge_references()
                .map(|e| (e.source(), e.target(), *e.weight()))
                .collect();
            e.sort_by_key(|&(s, t, w)| (s, t, w.material, w.evidence));
            e
        };
        assert_eq!(
            edges(ws.graph()),
            edges(&banshi::graph::build(ws.catalog())),
            "{what}"
        );

        let edited = ws.spec(EDITED).unwrap();
        assert_eq!(changed.first(), Some(&edited), "{what}");
        let named: Vec<&str> = changed.iter().map(|&f| ws.sources().path(f)).collect();
        for path in before.keys().chain(after.keys()) {
            if before.get(path) != after.get(path) {
                assert!(
                    named.contains(&path.as_str()),
                    "{what}: findings of {path} changed but it was not named"
                );
            }
        }
        before = after;
    }
}

#[test]
fn a_catalog_wide_finding_in_another_file_comes_and_goes() {
    let dir = shipped();
    let original = std::fs::read_to_string(dir.path().join(EDITED)).unwrap();
    let mut ws = Workspace::open(dir.path(), &options()).expect("open");
    let other = ws.spec("民政局/低保申请.banshi").unwrap();
    let duplicates = |ws: &Workspace, f: FileId| {
        ws.file_diagnostics(f)
            .iter()
            .filter(|d| d.rule.name == "duplicate-id")
            .count()
    };
    assert_eq!(duplicates(&ws, other), 0);

    let copied = original.replacen("事项 临时救助 {", "事项 低保申请 {", 1);
    let changed = ws.update(EDITED, copied).unwrap();
    assert!(changed.contains(&other), "{changed:?}");
    assert_eq!(duplicates(&ws, other), 1);

    let changed = ws.update(EDITED, original).unwrap();
    assert!(changed.contains(&other), "{changed:?}");
    assert_eq!(duplicates(&ws, other), 0);
}

#[test]
fn only_spec_files_of_the_catalog_can_be_edited() {
    let dir = shipped();
    let mut ws = Workspace::open(dir.path(), &options()).expect("open");
    for rel in [
        "民政局/没有这个文件.banshi",
        "registry/laws.yaml",
        "../etc/passwd",
        "",
    ] {
        let err = ws.update(rel, String::new()).unwrap_err();
        assert!(
            err.to_string().contains("不是打开目录时读取的事项文件"),
            "{rel}: {err}"
        );
    }
}

#[test]
fn an_oversized_edit_is_refused_like_an_oversized_file() {
    let dir = shipped();
    let mut ws = Workspace::open(dir.path(), &options()).expect("open");
    let huge = " ".repeat(usize::try_from(banshi::load::MAX_FILE_BYTES).unwrap() + 1);
    ws.update(EDITED, huge).unwrap();
    let f = ws.spec(EDITED).unwrap();
    let found = ws.file_diagnostics(f);
    assert!(
        found.iter().any(|d| d.message.contains("超过上限")),
        "{:?}",
        found
            .iter()
            .map(|d| (&d.rule.name, &d.message))
            .collect::<Vec<_>>()
    );
    assert!(ws.sources().get(f).unwrap().text.is_empty());
}
