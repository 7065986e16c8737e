//! The real binary: exit codes, output formats, explain.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn banshi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run banshi")
}

fn check(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        dir.to_str().expect("utf-8 path"),
        "--today",
        common::TODAY,
    ];
    args.extend_from_slice(extra);
    banshi(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice(&o.stdout).expect("stdout is a JSON array")
}

#[test]
fn clean_catalog_exits_0() {
    let cat = common::catalog("ok_complete_matter");
    let out = check(cat.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("未发现问题"));
    let out = check(cat.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(json(&out).is_empty());
}

#[test]
fn errors_exit_1_and_warnings_alone_exit_0() {
    let cat = common::catalog("visit_without_reason");
    assert_eq!(check(cat.path(), &[]).status.code(), Some(1));
    let cat = common::catalog("basis_order");
    let out = check(cat.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let items = json(&out);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["severity"], "warning");
}

#[test]
fn json_follows_the_contract() {
    let cat = common::catalog("vague_wording_open_lists");
    let out = check(cat.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let items = json(&out);
    assert_eq!(items.len(), 4);
    for item in &items {
        for key in ["code", "name", "severity", "message", "file"] {
            assert!(item[key].is_string(), "{key} in {item}");
        }
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(
                item[key].as_u64().is_some_and(|n| n >= 1),
                "{key} in {item}"
            );
        }
        assert_eq!(item["name"], "vague-wording");
        assert_eq!(item["severity"], "error");
        assert!(item["code"].as_str().is_some_and(|c| c.starts_with('E')));
    }
    // `    "能够提供房屋产权证明、购房合同等居住证明"`: 等 is character 21 of line 15.
    let first = &items[0];
    assert_eq!(first["file"], "input.banshi");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(15), Some(21))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(15), Some(22))
    );
}

#[test]
fn a_syntax_error_does_not_hide_other_files() {
    let cat = common::catalog("syntax_error_does_not_hide_other_files");
    let items = json(&check(cat.path(), &["--format", "json"]));
    let names: Vec<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
    assert_eq!(names, ["syntax-error", "vague-wording"]);
    assert_eq!(items[1]["file"], "other.banshi");
}

#[test]
fn registry_findings_point_into_yaml() {
    let cat = common::catalog("invalid_credit_code_check_character");
    let items = json(&check(cat.path(), &["--format", "json"]));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["name"], "invalid-credit-code");
    assert_eq!(items[0]["file"], "registry/departments.yaml");
    assert_eq!(items[0]["line"], 3);
}

#[test]
fn usage_and_io_problems_exit_2() {
    let out = banshi(&["check", "/nonexistent/catalog"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不存在"));
    assert_eq!(banshi(&["check", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(banshi(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn diagnostics_are_sorted_and_stable() {
    let cat = common::catalog("vague_wording_catch_alls");
    let a = check(cat.path(), &["--format", "json"]);
    let b = check(cat.path(), &["--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
    let items = json(&a);
    let keys: Vec<(String, u64, u64)> = items
        .iter()
        .map(|i| {
            (
                i["file"].as_str().unwrap_or("").to_string(),
                i["line"].as_u64().unwrap_or(0),
                i["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn explain_by_code_and_name() {
    for key in ["E150", "e150", "vague-wording"] {
        let out = banshi(&["explain", key]);
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        assert!(text.starts_with("E150 vague-wording"));
        for heading in ["检查内容", "为什么有问题", "示例", "改为", "依据"] {
            assert!(text.contains(heading));
        }
    }
    let out = banshi(&["explain", "vague-wordin"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("vague-wording"));
}

#[test]
fn explain_all_documents_every_rule() {
    let out = banshi(&["explain", "--all"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for rule in banshi::rules::all() {
        assert!(
            text.contains(&format!("{} {}", rule.code, rule.name)),
            "{}",
            rule.name
        );
    }
    let list = stdout(&banshi(&["explain"]));
    assert_eq!(list.matches('\n').count(), banshi::rules::all().len() + 2);
}

#[test]
fn default_catalog_is_catalogs() {
    let out = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(["check", "--today", common::TODAY])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn readme_lists_every_rule() {
    let readme = include_str!("../README.md");
    for rule in banshi::rules::all() {
        assert!(
            readme.contains(&format!("| {} | {} |", rule.code, rule.name)),
            "README rule table lacks {} {}",
            rule.code,
            rule.name
        );
    }
}

/// `banshi` in a sub-folder of a catalog, or given files of it, finds the catalog upwards (as
/// cargo finds Cargo.toml), checks it whole and reports only the findings of the paths given.
#[test]
fn the_catalog_is_found_upwards_and_files_filter_the_findings() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cat = tmp.path().join("repo/catalog");
    std::fs::create_dir_all(&cat).expect("mkdir");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/_base"),
        &cat,
    );
    let bad = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/syntax_error_misspelt_field/input.banshi"),
    )
    .expect("read");
    std::fs::create_dir_all(cat.join("民政局")).expect("mkdir");
    std::fs::create_dir_all(cat.join("公安局")).expect("mkdir");
    std::fs::write(cat.join("民政局/坏.banshi"), &bad).expect("write");
    std::fs::write(
        cat.join("公安局/也坏.banshi"),
        bad.replace("事项 低保申请", "事项 另一个")
            .replace("000505012000", "000505012001"),
    )
    .expect("write");
    let run = |dir: &Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_banshi"))
            .args(args)
            .args(["--today", common::TODAY, "--format", "concise"])
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .expect("run")
    };
    let files = |o: &Output| -> Vec<String> {
        let mut v: Vec<String> = stdout(o)
            .lines()
            .filter_map(|l| l.split(':').next())
            .filter(|f| f.ends_with(".banshi"))
            .map(str::to_string)
            .collect();
        v.dedup();
        v
    };
    // In a sub-folder, with no path: the whole catalog.
    let o = run(&cat.join("民政局"), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(files(&o), ["公安局/也坏.banshi", "民政局/坏.banshi"]);
    // One file (the pre-commit form): only its findings.
    let o = run(
        &tmp.path().join("repo"),
        &["check", "catalog/民政局/坏.banshi"],
    );
    assert_eq!(files(&o), ["民政局/坏.banshi"]);
    assert_eq!(o.status.code(), Some(1));
    // A folder of the catalog, given from inside another one.
    let o = run(&cat.join("公安局"), &["check", "."]);
    assert_eq!(files(&o), ["公安局/也坏.banshi"]);
    // Outside any catalog, and two catalogs at once: clear errors, exit 2.
    let o = run(tmp.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("找不到事项目录"), "{}", stderr(&o));
    let other = tmp.path().join("other");
    std::fs::create_dir_all(&other).expect("mkdir");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/_base"),
        &other,
    );
    let o = run(
        tmp.path(),
        &[
            "check",
            "repo/catalog/民政局/坏.banshi",
            "other/banshi.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不同的事项目录"), "{}", stderr(&o));
    // Other commands find it upwards too.
    let o = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(["report"])
        .current_dir(cat.join("民政局"))
        .output()
        .expect("run");
    assert!(stdout(&o).contains("事项统计报告"), "{}", stderr(&o));
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
