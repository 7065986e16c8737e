//! Fixture cases: `tests/fixtures/<case>/` holds the files of one case (at least
//! `input.banshi`), laid over the shared catalog in `tests/fixtures/_base/`. The rendered
//! diagnostics are snapshotted next to the case (`diagnostics.snap`).
//!
//! - `ok_*` cases must produce no diagnostic at all;
//! - every other case is named after the rule it exercises (`visit_without_reason…`) and must
//!   produce at least one diagnostic of that rule.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;

/// Runs the check on a case laid over the base catalog.
fn run_case(case: &Path) -> banshi::driver::Checked {
    let name = case
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = common::catalog(&name);
    let options = banshi::driver::Options {
        today: Some(common::TODAY.parse().expect("date")),
        ..Default::default()
    };
    banshi::driver::check(tmp.path(), &options).expect("check runs")
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*/input.banshi", |input| {
        let case = input.parent().expect("case dir");
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let checked = run_case(case);
        let mut out = Vec::new();
        banshi::cli::render::human(&mut out, &checked, &checked.diagnostics, false)
            .expect("render");
        let text = String::from_utf8(out).expect("utf-8");
        // Every finding any case produces is a registered, documented rule.
        for d in &checked.diagnostics {
            assert!(
                banshi::rules::find(d.rule.code).is_some_and(|r| r.name == d.rule.name),
                "{name}: {} {} is not in the rule table",
                d.rule.code,
                d.rule.name
            );
        }
        if name.starts_with("ok_") {
            assert!(
                checked.diagnostics.is_empty(),
                "{name} should be clean:\n{text}"
            );
        } else {
            let rule = banshi::rules::all()
                .iter()
                .filter(|r| name.starts_with(&r.name.replace('-', "_")))
                .max_by_key(|r| r.name.len())
                .unwrap_or_else(|| panic!("{name} is not named after a rule"));
            assert!(
                checked.diagnostics.iter().any(|d| d.rule.name == rule.name),
                "{name} should report {}:\n{text}",
                rule.name
            );
        }
        insta::with_settings!({
            snapshot_path => case,
            prepend_module_to_snapshot => false,
            snapshot_suffix => "",
            omit_expression => true,
        }, {
            insta::assert_snapshot!("diagnostics", text);
        });
    });
}
