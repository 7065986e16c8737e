//! Linting in CI: every output format, exit policy, severity settings, suppressions and
//! baselines, on the real binary.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ci_catalog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ci_catalog")
}

/// A writable copy of tests/ci_catalog.
fn copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    common::copy_dir(&ci_catalog(), tmp.path());
    tmp
}

/// Makes `dir` the root of a git work tree: with `git init` where git is installed, else with
/// the `.git` folder that is all banshi looks for.
fn git_root(dir: &Path) {
    let inited = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir)
        .status()
        .is_ok_and(|s| s.success());
    if !inited {
        std::fs::create_dir_all(dir.join(".git")).expect("mkdir .git");
    }
}

/// A copy of tests/ci_catalog at the root of its own repository, so CI paths do not depend on
/// whether the source tree itself is a git checkout.
fn repository_copy() -> tempfile::TempDir {
    let tmp = copy();
    git_root(tmp.path());
    tmp
}

/// `banshi check .` run inside `dir`, so file paths in CI formats carry no machine-specific
/// prefix.
fn check_in(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .current_dir(dir)
        .args(["check", ".", "--today", common::TODAY])
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .expect("run banshi")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn every_format_snapshot() {
    let repo = repository_copy();
    for format in ["human", "concise", "json", "sarif", "github", "junit"] {
        let out = check_in(repo.path(), &["--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        insta::assert_snapshot!(format!("format_{format}"), stdout(&out));
    }
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("data/sarif-2.1.0.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("compile schema");
    for dir in [
        ci_catalog(),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogs"),
    ] {
        let out = check_in(&dir, &["--format", "sarif"]);
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let run = &log["runs"][0];
        assert_eq!(
            run["tool"]["driver"]["rules"].as_array().map(Vec::len),
            Some(banshi::rules::all().len())
        );
        for r in run["results"].as_array().into_iter().flatten() {
            let index = r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
            assert_eq!(run["tool"]["driver"]["rules"][index]["id"], r["ruleId"]);
            assert!(
                r["partialFingerprints"]["banshi/v1"]
                    .as_str()
                    .is_some_and(|f| f.len() == 32)
            );
        }
    }
    // And the schema is not vacuous.
    assert!(!validator.is_valid(&serde_json::json!({ "version": "2.1.0", "runs": [{}] })));
}

/// The driver names banshi's version; rule links appear only under a base the user gives,
/// because banshi has no website whose pages a link could promise.
#[test]
fn sarif_tool_version_and_rule_help_links() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("data/sarif-2.1.0.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("compile schema");
    let sarif = |extra: &[&str]| {
        let mut args = vec!["--format", "sarif"];
        args.extend_from_slice(extra);
        let out = check_in(&ci_catalog(), &args);
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert!(validator.is_valid(&log));
        log
    };
    let plain = sarif(&[]);
    let driver = &plain["runs"][0]["tool"]["driver"];
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver.get("informationUri").is_none());
    for r in driver["rules"].as_array().expect("rules") {
        assert!(r.get("helpUri").is_none(), "{r}");
        // The help is what `banshi explain` prints: the rule's whole documentation.
        let help = r["help"]["text"].as_str().expect("help");
        assert!(help.starts_with(r["id"].as_str().expect("id")), "{help}");
        assert!(help.contains("## 为什么有问题"), "{help}");
    }
    let base = "https://wiki.example.gov.cn/banshi/rules/";
    let linked = sarif(&["--help-uri-base", base]);
    let driver = &linked["runs"][0]["tool"]["driver"];
    assert_eq!(driver["informationUri"], base);
    for r in driver["rules"].as_array().expect("rules") {
        let id = r["id"].as_str().expect("id");
        assert_eq!(r["helpUri"], format!("{base}{id}"));
    }
    // A base that is no link is a usage error, not a SARIF file with dead links.
    let bad = check_in(
        &ci_catalog(),
        &["--format", "sarif", "--help-uri-base", "wiki/rules"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--help-uri-base"));
}

fn fingerprints(dir: &Path) -> Vec<(String, u64)> {
    let out = check_in(dir, &["--format", "json"]);
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let mut v: Vec<(String, u64)> = items
        .iter()
        .map(|i| {
            (
                i["fingerprint"].as_str().unwrap_or("").to_string(),
                i["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn fingerprints_survive_moving_text() {
    let tmp = copy();
    let before = fingerprints(tmp.path());
    let file = tmp.path().join("民政局/低保申请.banshi");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, format!("// 新增的说明\n\n\n{text}")).expect("write");
    let after = fingerprints(tmp.path());
    assert_eq!(before.len(), 2);
    let ids = |v: &[(String, u64)]| v.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&before), ids(&after));
    assert!(
        before
            .iter()
            .zip(&after)
            .all(|((_, a), (_, b))| b == &(a + 3))
    );
}

#[test]
fn deny_warnings_and_statistics() {
    let tmp = copy();
    // Only the warning remains once the error is fixed.
    let file = tmp.path().join("民政局/低保申请.banshi");
    let text = std::fs::read_to_string(&file)
        .expect("read")
        .replace("等身份证明", "");
    std::fs::write(&file, text).expect("write");
    assert_eq!(check_in(tmp.path(), &[]).status.code(), Some(0));
    assert_eq!(
        check_in(tmp.path(), &["--deny-warnings"]).status.code(),
        Some(1)
    );
    let stats = check_in(tmp.path(), &["--format", "concise", "--statistics"]);
    let text = stdout(&stats);
    assert!(
        text.contains("按规则统计") && text.contains("basis-order") && text.contains("民政局"),
        "{text}"
    );
    // In machine formats the statistics go to stderr and stdout stays parseable.
    let json = check_in(tmp.path(), &["--format", "json", "--statistics"]);
    assert!(serde_json::from_slice::<serde_json::Value>(&json.stdout).is_ok());
    assert!(String::from_utf8_lossy(&json.stderr).contains("按部门统计"));
}

fn write(dir: &Path, rel: &str, text: &str) {
    std::fs::write(dir.join(rel), text).expect("write");
}

#[test]
fn severity_settings_and_folder_overrides() {
    let tmp = copy();
    let config = std::fs::read_to_string(tmp.path().join("banshi.yaml")).expect("config");
    // basis-order as an error everywhere, vague-wording off.
    write(
        tmp.path(),
        "banshi.yaml",
        &format!("{config}rules:\n  basis-order: error\n  E150: off\n"),
    );
    let items: Vec<serde_json::Value> =
        serde_json::from_slice(&check_in(tmp.path(), &["--format", "json"]).stdout).expect("json");
    let got = common::pairs(&items, "name", "severity");
    assert_eq!(got, [("basis-order", "error")]);
    // A folder override wins over the catalog setting.
    write(
        tmp.path(),
        "banshi.yaml",
        &format!(
            "{config}rules:\n  basis-order: error\noverrides:\n  - path: 民政局/\n    rules:\n      basis-order: off\n"
        ),
    );
    let items: Vec<serde_json::Value> =
        serde_json::from_slice(&check_in(tmp.path(), &["--format", "json"]).stdout).expect("json");
    let names: Vec<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
    assert_eq!(names, ["vague-wording"]);
    // Unknown rule names are findings, with a suggestion.
    write(
        tmp.path(),
        "banshi.yaml",
        &format!("{config}rules:\n  basis-ordr: off\n"),
    );
    let out = check_in(tmp.path(), &["--format", "json"]);
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let unknown = items
        .iter()
        .find(|i| i["name"] == "unknown-rule")
        .expect("unknown-rule");
    assert_eq!(unknown["file"], "banshi.yaml");
    assert!(
        unknown["help"]
            .as_str()
            .is_some_and(|h| h.contains("basis-order"))
    );
}

#[test]
fn baseline_round_trip() {
    let tmp = copy();
    let base = tmp.path().join("baseline.json");
    let base_arg = base.to_str().expect("path");
    let wrote = check_in(tmp.path(), &["--write-baseline", base_arg]);
    assert_eq!(wrote.status.code(), Some(0));
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&base).expect("baseline")).expect("json");
    assert_eq!(recorded["findings"].as_array().map(Vec::len), Some(2));
    // Nothing new: clean, even though the catalog still has its old error.
    let same = check_in(tmp.path(), &["--baseline", base_arg, "--format", "json"]);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(stdout(&same).trim(), "[]");
    // A new error fails; the fixed one is counted.
    let file = tmp.path().join("民政局/低保申请.banshi");
    let text = std::fs::read_to_string(&file)
        .expect("read")
        .replace("等身份证明", "")
        .replace("到现场 1 次 \"需现场核验申请人身份\"", "到现场 1 次");
    std::fs::write(&file, text).expect("write");
    let changed = check_in(tmp.path(), &["--baseline", base_arg, "--format", "concise"]);
    assert_eq!(changed.status.code(), Some(1));
    let out = stdout(&changed);
    assert!(out.contains("visit-without-reason"), "{out}");
    assert!(
        !out.contains("vague-wording") && !out.contains("basis-order"),
        "{out}"
    );
    assert!(out.contains("1 个已不再出现"), "{out}");
}

#[test]
fn suppressions_excuse_one_rule_on_one_element() {
    let tmp = copy();
    let file = tmp.path().join("民政局/低保申请.banshi");
    let text = std::fs::read_to_string(&file).expect("read");
    // On the material: silences its vague-wording; on the matter: silences basis-order.
    let text = text
        .replacen(
            "      免提交 数据共享\n",
            "      免提交 数据共享\n      豁免 vague-wording \"沿用省厅统一表格的材料名称\"\n",
            1,
        )
        .replacen(
            "  收费 不收费\n",
            "  收费 不收费\n  豁免 W123 \"与省级实施清单的依据顺序保持一致\"\n",
            1,
        );
    std::fs::write(&file, &text).expect("write");
    let out = check_in(tmp.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out).trim(), "[]");
    // A matter-level suppression does not reach into its materials.
    let moved = text
        .replace(
            "      豁免 vague-wording \"沿用省厅统一表格的材料名称\"\n",
            "",
        )
        .replacen(
            "  收费 不收费\n",
            "  收费 不收费\n  豁免 vague-wording \"沿用省厅统一表格的材料名称\"\n",
            1,
        );
    std::fs::write(&file, moved).expect("write");
    let out = check_in(tmp.path(), &["--format", "json"]);
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let names: Vec<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
    assert_eq!(names, ["vague-wording", "unused-suppression"], "{items:?}");
}
