//! Bundles: the critical path and before/after figures of tests/bundle_catalog worked out by
//! hand, a property of critical paths, and `banshi graph`.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use banshi::analysis::bundle::{Side, figures};
use banshi::graph::flow::critical_path;
use banshi::model::{Flow, MatterId, Ref};
use banshi::source::{FileId, Span};
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

fn catalog_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bundle_catalog")
}

fn checked() -> banshi::driver::Checked {
    let options = banshi::driver::Options {
        today: Some(jiff::civil::date(2026, 6, 1)),
        ..Default::default()
    };
    banshi::driver::check(&catalog_dir(), &options).expect("check runs")
}

#[test]
fn figures_by_hand() {
    let c = checked();
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    let f = figures(&c.catalog, &c.graph, &c.catalog.bundles[0]);
    // 串联 { 出生证签发 并联 { 出生登记 预防接种证 } 医保参保 }
    // promised: 即办 0 + max(5, 3 自然日 → 3) + 10 = 15 along 出生证签发, 出生登记, 医保参保;
    // legal:    即办 0 + max(30, 10 自然日 → 10) + 20 = 50.
    assert_eq!(f.critical_path.promised_days, 15);
    assert_eq!(f.critical_path.legal_days, 50);
    assert_eq!(
        f.critical_path.matters,
        ["出生证签发", "出生登记", "医保参保"]
    );
    assert_eq!(f.calendar_day_limits, 2);
    // Before: 4 matters of 3 departments; 2 + 3 + 2 + 2 materials; visits 1 + 1 + 0 + 1;
    // promised 0 + 5 + 10 + 3.
    assert_eq!(
        f.before,
        Side {
            matters: 4,
            departments: 3,
            materials: 9,
            visits: 3,
            promised_days: 18
        }
    );
    // After: 统一申请表 (named twice, counted once), 出生登记申报表, 接种记录. Left out: the
    // declared 母亲身份证, 户口簿 (部门核查) and 出生证 (部门核查); 出生证 in 出生登记 and 户口簿 in
    // 医保参保, produced by an earlier step.
    assert_eq!(
        f.after,
        Side {
            matters: 4,
            departments: 3,
            materials: 3,
            visits: 1,
            promised_days: 15
        }
    );
    let items: Vec<(&str, Vec<&str>)> = f
        .checklist
        .iter()
        .map(|i| {
            (
                i.name.as_str(),
                i.matters.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("统一申请表", vec!["出生证签发", "医保参保"]),
            ("出生登记申报表", vec!["出生登记"]),
            ("新生儿首针乙肝疫苗接种记录", vec!["预防接种证"]),
        ]
    );
    assert_eq!(f.not_required.len(), 9 - 4);
    assert!(f.not_required.iter().any(|n| n.matter == "医保参保"
        && n.why
            == banshi::analysis::bundle::Why::Produced {
                by: "出生登记".into()
            }));
}

fn leaf(i: u32) -> Flow {
    Flow::Matter(banshi::model::FlowMatter {
        matter: Ref {
            name: format!("m{i}"),
            span: Span::file_start(FileId(0)),
            target: Some(MatterId(i)),
        },
        variant: None,
        optional: false,
    })
}

/// Random flows over matters 0..n: nested 串联 and 并联 blocks.
fn flow_strategy() -> impl Strategy<Value = Flow> {
    let leaf = (0u32..12).prop_map(leaf);
    leaf.prop_recursive(5, 40, 5, |inner| {
        (any::<bool>(), prop::collection::vec(inner, 1..5)).prop_map(|(serial, children)| {
            let s = Span::file_start(FileId(0));
            if serial {
                Flow::Serial {
                    keyword: s,
                    span: s,
                    children,
                }
            } else {
                Flow::Parallel {
                    keyword: s,
                    span: s,
                    children,
                }
            }
        })
    })
}

fn leaves(flow: &Flow, out: &mut Vec<MatterId>) {
    match flow {
        Flow::Matter(r) => out.extend(r.matter.target),
        Flow::Serial { children, .. } | Flow::Parallel { children, .. } => {
            for c in children {
                leaves(c, out);
            }
        }
    }
}

proptest! {
    /// The critical path never exceeds the sum of all steps and never falls below the
    /// longest single step; its chain's days add up to it.
    #[test]
    fn critical_path_between_longest_step_and_sum(
        flow in flow_strategy(),
        days in prop::collection::vec(0u64..60, 12),
    ) {
        let d = |m: MatterId| days[m.0 as usize];
        let (total, chain) = critical_path(&flow, &d);
        let mut all = Vec::new();
        leaves(&flow, &mut all);
        let sum: u64 = all.iter().map(|m| d(*m)).sum();
        let longest = all.iter().map(|m| d(*m)).max().unwrap_or(0);
        prop_assert!(total <= sum);
        prop_assert!(total >= longest);
        prop_assert_eq!(chain.iter().map(|m| d(*m)).sum::<u64>(), total);
    }
}

fn graph(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .arg("graph")
        .arg(catalog_dir())
        .args(["--today", "2026-06-01"])
        .args(args)
        .output()
        .expect("run banshi")
}

#[test]
fn graph_json_has_the_contract_keys() {
    let out = graph(&["--bundle", "新生儿", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["bundle"], "新生儿");
    for key in ["promised_days", "legal_days", "matters"] {
        assert!(v["critical_path"].get(key).is_some(), "critical_path.{key}");
    }
    for side in ["before", "after"] {
        for key in [
            "matters",
            "departments",
            "materials",
            "visits",
            "promised_days",
        ] {
            assert!(v[side].get(key).is_some(), "{side}.{key}");
        }
    }
    assert_eq!(v["nodes"].as_array().map(Vec::len), Some(4));
    // No 可选 matter here; the list is there, empty.
    assert_eq!(v["optional"].as_array().map(Vec::len), Some(0));
    // Evidence edges: 出生证签发 → 出生登记, 出生证签发 → 预防接种证, 出生登记 → 医保参保.
    let evidence: Vec<(String, String)> = v["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == "evidence")
        .map(|e| {
            (
                e["from"].as_str().unwrap_or("").to_string(),
                e["to"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(evidence.len(), 3);
    assert!(evidence.contains(&("出生登记".into(), "医保参保".into())));
}

#[test]
fn graph_drawings() {
    let dot =
        String::from_utf8(graph(&["--bundle", "新生儿", "--format", "dot"]).stdout).expect("utf-8");
    insta::assert_snapshot!("bundle_dot", dot);
    let mermaid = String::from_utf8(graph(&["--bundle", "新生儿", "--format", "mermaid"]).stdout)
        .expect("utf-8");
    insta::assert_snapshot!("bundle_mermaid", mermaid);
    let catalog = String::from_utf8(graph(&["--format", "dot"]).stdout).expect("utf-8");
    assert!(catalog.starts_with("digraph"));
    assert_eq!(catalog.matches(" -> ").count(), 3);
}

#[test]
fn unknown_bundle_is_a_usage_error() {
    let out = graph(&["--bundle", "新生"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("新生儿"));
}

/// Part two in a bundle (language §13): `低保申请.首次` counts that variant's materials, a `任选`
/// group counts once, the `可选` matter is listed apart and left out of the figures and the
/// critical path, and the bundle's own 材料 is in the after set once. Worked out by hand from
/// tests/part_two_catalog.
#[test]
fn part_two_bundle_figures_by_hand() {
    let options = banshi::driver::Options {
        today: Some(jiff::civil::date(2026, 6, 1)),
        ..Default::default()
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/part_two_catalog");
    let c = banshi::driver::check(&dir, &options).expect("check runs");
    let f = figures(&c.catalog, &c.graph, &c.catalog.bundles[0]);
    assert_eq!(f.optional, ["居民身份证"]);
    assert_eq!(f.nodes.len(), 2);
    // 低保申请 as 首次: 身份证 (免提交), 申请书, 任选 户籍证明 (two members, one material),
    // 委托书, and the variant's own 授权书 = 5; 25 自然日 counted as 25.
    assert_eq!(
        f.before,
        Side {
            matters: 1,
            departments: 1,
            materials: 5,
            visits: 1,
            promised_days: 25
        }
    );
    assert_eq!(f.critical_path.matters, ["低保申请"]);
    let items: Vec<(&str, usize)> = f
        .checklist
        .iter()
        .map(|i| (i.name.as_str(), i.matters.len()))
        .collect();
    assert_eq!(
        items,
        [
            ("一件事联办申请表", 0),
            ("最低生活保障申请书", 1),
            ("户籍证明（任选一种）", 1),
            ("授权委托书", 1),
            ("家庭经济状况核对授权书", 1),
        ]
    );
    assert_eq!(f.after.materials, 5);
    assert_eq!(f.not_required.len(), 1);
}
