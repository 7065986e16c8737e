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
    check_at(dir, Path::new("."), extra)
}

/// `banshi check <catalog>` run in the folder `cwd`.
fn check_at(cwd: &Path, catalog: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .current_dir(cwd)
        .arg("check")
        .arg(catalog)
        .args(["--today", common::TODAY])
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
    for format in [
        "human", "concise", "json", "sarif", "github", "gitlab", "junit",
    ] {
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

/// The Code Quality report has the fields GitLab requires, severities from its scale, and the
/// findings' own fingerprints, which are unique, so GitLab shows every finding and tracks it
/// across pipelines.
#[test]
fn gitlab_code_quality_report() {
    let out = check_in(&ci_catalog(), &["--format", "gitlab"]);
    assert_eq!(out.status.code(), Some(1));
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let json = check_in(&ci_catalog(), &["--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(issues.len(), findings.len());
    assert_eq!(issues.len(), 2);
    for (issue, finding) in issues.iter().zip(&findings) {
        assert!(issue["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert_eq!(issue["check_name"], finding["name"]);
        assert_eq!(issue["fingerprint"], finding["fingerprint"]);
        let expected = match finding["severity"].as_str() {
            Some("error") => "major",
            _ => "minor",
        };
        assert_eq!(issue["severity"], expected);
        assert!(issue["location"]["path"].is_string());
        assert_eq!(issue["location"]["lines"]["begin"], finding["line"]);
    }
    // A clean catalog is an empty array, which GitLab reads as "no issues".
    let tmp = copy();
    let file = tmp.path().join("民政局/低保申请.banshi");
    let text = std::fs::read_to_string(&file).expect("read");
    let text = text.replace("等身份证明", "").replacen(
        "  收费 不收费\n",
        "  收费 不收费\n  豁免 W123 \"与省级实施清单的依据顺序保持一致\"\n",
        1,
    );
    std::fs::write(&file, text).expect("write");
    let clean = check_in(tmp.path(), &["--format", "gitlab"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert_eq!(stdout(&clean).trim(), "[]");
}

/// The name of the JUnit test case that has content (findings): the others are `<testcase …/>`.
fn failing_case(junit: &str) -> String {
    junit
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("<testcase ") && !l.ends_with("/>"))
        .filter_map(|l| l.split(" name=\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every path each format prints, for the one file with findings: `(format, path)`.
fn paths_by_format(cwd: &Path, catalog: &Path) -> Vec<(&'static str, String)> {
    let run = |format: &str| {
        let out = check_at(cwd, catalog, &["--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stdout(&out));
        stdout(&out)
    };
    let json =
        |format: &str| -> serde_json::Value { serde_json::from_str(&run(format)).expect("json") };
    let file_of = |text: &str, before: &str, after: char| -> String {
        let at = text.find(before).expect(before) + before.len();
        text[at..].split(after).next().unwrap_or("").to_string()
    };
    let human = run("human");
    let concise = run("concise");
    let junit = run("junit");
    let github = run("github");
    vec![
        ("human", file_of(&human, "┌─ ", ':')),
        ("concise", file_of(&concise, "", ':')),
        (
            "json",
            json("json")[0]["file"].as_str().unwrap_or("").to_string(),
        ),
        ("junit", failing_case(&junit)),
        ("github", file_of(&github, "file=", ',')),
        (
            "sarif",
            // A URI reference: the same path, percent-encoded.
            percent_encoding::percent_decode_str(
                json("sarif")["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
                    ["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or(""),
            )
            .decode_utf8_lossy()
            .into_owned(),
        ),
        (
            "gitlab",
            json("gitlab")[0]["location"]["path"]
                .as_str()
                .unwrap_or("")
                .to_string(),
        ),
    ]
}

/// The README's table of path conventions: the formats people and editors read name files from
/// the catalog folder; the CI formats from the repository root (the nearest `.git` at or above
/// the catalog), because GitHub and GitLab resolve them there whatever folder the job ran in.
#[test]
fn path_conventions_per_format() {
    let tmp = tempfile::tempdir().expect("tmp");
    git_root(tmp.path());
    let catalog = tmp.path().join("depts/catalogs");
    std::fs::create_dir_all(&catalog).expect("mkdir");
    common::copy_dir(&ci_catalog(), &catalog);
    std::fs::create_dir_all(tmp.path().join("elsewhere")).expect("mkdir");
    let in_catalog = "民政局/低保申请.banshi";
    let in_repository = "depts/catalogs/民政局/低保申请.banshi";
    let expected = [
        ("human", in_catalog),
        ("concise", in_catalog),
        ("json", in_catalog),
        ("junit", in_catalog),
        ("github", in_repository),
        ("sarif", in_repository),
        ("gitlab", in_repository),
    ];
    // Whatever folder banshi runs in, and however the catalog is named on the command line.
    let runs: [(PathBuf, PathBuf); 5] = [
        (tmp.path().to_path_buf(), "depts/catalogs".into()),
        (tmp.path().join("depts"), "catalogs".into()),
        (catalog.clone(), ".".into()),
        (catalog.join("民政局"), "..".into()),
        (tmp.path().join("elsewhere"), catalog.clone()),
    ];
    for (cwd, arg) in &runs {
        let got = paths_by_format(cwd, arg);
        let got: Vec<(&str, &str)> = got.iter().map(|(f, p)| (*f, p.as_str())).collect();
        assert_eq!(got, expected, "in {} with {}", cwd.display(), arg.display());
    }
}

/// Outside any repository the CI formats name files from the folder banshi runs in: the
/// catalog argument as given, then the path in the catalog.
#[test]
fn ci_paths_outside_a_repository_start_at_the_catalog_argument() {
    let tmp = tempfile::tempdir().expect("tmp");
    // A temporary folder inside someone's checkout would have that checkout as its root.
    if tmp.path().ancestors().any(|a| a.join(".git").exists()) {
        return;
    }
    let catalog = tmp.path().join("catalogs");
    std::fs::create_dir_all(&catalog).expect("mkdir");
    common::copy_dir(&ci_catalog(), &catalog);
    let got = paths_by_format(tmp.path(), Path::new("./catalogs/"));
    let ci: Vec<&str> = got
        .iter()
        .filter(|(f, _)| ["github", "sarif", "gitlab"].contains(f))
        .map(|(_, p)| p.as_str())
        .collect();
    assert_eq!(ci, ["catalogs/民政局/低保申请.banshi"; 3]);
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

/// Each file's JUnit test case holds that file's findings and no other's, with findings in
/// more than one file.
#[test]
fn junit_cases_hold_their_own_files_findings() {
    let tmp = copy();
    std::fs::write(tmp.path().join("民政局/未完成.banshi"), "事项 未完成 {\n").expect("write");
    let out = check_in(tmp.path(), &["--format", "junit"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let junit = stdout(&out);
    let json = check_in(tmp.path(), &["--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).expect("json");
    let files: std::collections::BTreeSet<&str> =
        findings.iter().filter_map(|f| f["file"].as_str()).collect();
    assert!(files.len() >= 2, "{files:?}");
    // The text of each file's test case, from its opening tag to the next case.
    let case = |file: &str| -> String {
        let open = format!("<testcase classname=\"banshi\" name=\"{file}\"");
        let at = junit
            .find(&open)
            .unwrap_or_else(|| panic!("{file}: {junit}"));
        let rest = &junit[at + open.len()..];
        rest.split("<testcase ").next().unwrap_or("").to_string()
    };
    for f in &findings {
        let file = f["file"].as_str().expect("file");
        let at = format!(
            "{file}:{}:{}: {}",
            f["line"],
            f["column"],
            f["code"].as_str().expect("code")
        );
        for other in &files {
            assert_eq!(
                case(other).contains(&at),
                *other == file,
                "{at} in {other}: {junit}"
            );
        }
    }
}
