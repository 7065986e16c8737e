//! `banshi report` on tests/report_catalog, whose figures are worked out by hand below.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use banshi::analysis::report::{Figures, report};
use std::path::Path;

fn catalog() -> banshi::driver::Checked {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/report_catalog");
    let options = banshi::driver::Options {
        today: Some(jiff::civil::date(2026, 6, 1)),
        ..Default::default()
    };
    banshi::driver::check(&root, &options).expect("check runs")
}

#[test]
fn catalog_figures_by_hand() {
    let checked = catalog();
    assert!(
        checked
            .diagnostics
            .iter()
            .all(|d| d.severity == banshi::diagnostic::Severity::Warning)
    );
    let r = report(&checked.catalog, &checked.graph, &checked.sources);
    // 甲: 身份证 (数据共享), 申请书, 低保证 (own-issued, still asked)   → 3 listed, 2 to submit
    // 乙: 户口簿 (shared, still asked), 照片 (容缺后补), 承诺书 (告知承诺) → 3 listed, 2 to submit
    // 丙: 出生证 (部门核查), 病历                                       → 2 listed, 1 to submit
    // Visits 1, 0, 2. Legal 30 工作日, 即办 (0), 20 自然日 (left out); promised 15, 0, 10 自然日.
    let expected = Figures {
        matters: 3,
        materials_listed: 8,
        materials_to_submit: 5,
        materials_avoidable: 2,
        materials_deferrable: 1,
        materials_by_data_sharing: 1,
        materials_by_internal_check: 1,
        materials_by_commitment: 1,
        unverified_facts: 0,
        zero_visit_share: 0.3333,
        at_most_one_visit_share: 0.6667,
        avg_legal_days: Some(15.0),
        avg_promised_days: Some(7.5),
        legal_calendar_day_limits: 1,
        promised_calendar_day_limits: 1,
        // The only 承诺件 in working days is 甲, promised 15 > 7.
        promised_within_7_days_share: Some(0.0),
    };
    assert_eq!(r.catalog.figures, expected);
    assert_eq!(r.catalog.promised_reduction, Some(0.5));
    let avoidable: Vec<(&str, &str)> = r
        .avoidable
        .iter()
        .map(|m| (m.matter.as_str(), m.material.as_str()))
        .collect();
    assert_eq!(avoidable, [("乙", "户口簿"), ("甲", "低保证")]);
    let deferrable: Vec<&str> = r.deferrable.iter().map(|m| m.material.as_str()).collect();
    assert_eq!(deferrable, ["照片"]);
}

#[test]
fn department_and_matter_figures_by_hand() {
    let checked = catalog();
    let r = report(&checked.catalog, &checked.graph, &checked.sources);
    // Registry order: 民政局, 公安局 (卫健委 handles nothing and is left out).
    let ids: Vec<&str> = r.departments.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["民政局", "公安局"]);
    let minzheng = &r.departments[0].figures;
    assert_eq!(
        (
            minzheng.matters,
            minzheng.materials_listed,
            minzheng.materials_to_submit
        ),
        (2, 5, 3)
    );
    assert_eq!(minzheng.materials_avoidable, 1);
    assert_eq!(
        (minzheng.zero_visit_share, minzheng.at_most_one_visit_share),
        (0.0, 0.5)
    );
    assert_eq!(
        (minzheng.avg_legal_days, minzheng.avg_promised_days),
        (Some(30.0), Some(15.0))
    );
    let gongan = &r.departments[1].figures;
    assert_eq!(
        (gongan.materials_to_submit, gongan.materials_deferrable),
        (2, 1)
    );
    assert_eq!(
        (gongan.avg_legal_days, gongan.avg_promised_days),
        (Some(0.0), Some(0.0))
    );
    assert_eq!(gongan.promised_within_7_days_share, None);

    let bing = r.matters.iter().find(|m| m.id == "丙").expect("丙");
    assert_eq!(bing.visits, Some(2));
    assert_eq!(bing.legal_limit.as_deref(), Some("20 自然日"));
    assert_eq!(bing.figures.avg_legal_days, None);
    assert_eq!(bing.figures.legal_calendar_day_limits, 1);
}

#[test]
fn json_has_the_contract_keys() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(["report", "--format", "json", "--today", "2026-06-01"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/report_catalog"))
        .output()
        .expect("run banshi");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for key in [
        "matters",
        "materials_listed",
        "materials_to_submit",
        "materials_avoidable",
        "zero_visit_share",
        "at_most_one_visit_share",
        "avg_legal_days",
        "avg_promised_days",
    ] {
        assert!(v["catalog"].get(key).is_some(), "catalog.{key}");
        assert!(
            v["departments"][0].get(key).is_some(),
            "departments[].{key}"
        );
        assert!(v["matters"][0].get(key).is_some(), "matters[].{key}");
    }
    assert_eq!(v["catalog"]["materials_to_submit"], 5);
    assert!(v["departments"].is_array() && v["matters"].is_array());
}

/// Part two in the report: a `任选` group is one material, a variant's own materials count
/// (each once), and the `待核` facts are counted per department.
#[test]
fn part_two_report_by_hand() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/part_two_catalog");
    let options = banshi::driver::Options {
        today: Some(jiff::civil::date(2026, 6, 1)),
        ..Default::default()
    };
    let checked = banshi::driver::check(&dir, &options).expect("check runs");
    let r = report(&checked.catalog, &checked.graph, &checked.sources);
    let by_dept: Vec<(&str, usize, usize, usize)> = r
        .departments
        .iter()
        .map(|d| {
            (
                d.name.as_str(),
                d.figures.materials_listed,
                d.figures.materials_to_submit,
                d.figures.unverified_facts,
            )
        })
        .collect();
    // 低保申请: 身份证 (数据共享), 申请书, 任选 户籍证明 (one of two), 委托书, 首次's 授权书.
    // 居民身份证: 申领登记表, 换领's 原证件; 地点 and 时间 are 待核.
    assert_eq!(
        by_dept,
        [
            ("常州市天宁区民政局", 5, 4, 0),
            ("常州市公安局天宁分局", 2, 2, 2)
        ]
    );
    assert_eq!(r.catalog.figures.unverified_facts, 2);
}

/// A bundle matter whose limit is 待核 counts 0 days: the figures name it, so that no page or
/// report states a total, or a target met, that leaves it out silently.
#[test]
fn unverified_limits_are_named_not_summed_silently() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/part_two_catalog");
    common::copy_dir(&root, tmp.path());
    let spec = tmp.path().join("低保申请.banshi");
    let text = std::fs::read_to_string(&spec).expect("read");
    assert!(text.contains("    承诺 25 自然日\n"));
    std::fs::write(
        &spec,
        text.replacen("    承诺 25 自然日\n", "    承诺 待核 \"尚未查到\"\n", 1),
    )
    .expect("write");
    let options = banshi::driver::Options {
        today: Some(jiff::civil::date(2026, 6, 1)),
        ..Default::default()
    };
    let checked = banshi::driver::check(tmp.path(), &options).expect("check runs");
    let r = report(&checked.catalog, &checked.graph, &checked.sources);
    let unknown: Vec<&[String]> = r
        .bundles
        .iter()
        .map(|b| b.critical_path.unknown.as_slice())
        .collect();
    assert_eq!(unknown, [&["城乡居民最低生活保障申请".to_string()][..]]);

    let clean = banshi::driver::check(&root, &options).expect("check runs");
    let r = report(&clean.catalog, &clean.graph, &clean.sources);
    assert!(r.bundles.iter().all(|b| b.critical_path.unknown.is_empty()));
}
