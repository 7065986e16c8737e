//! Hostile input through the real binary: whatever a file holds, banshi answers with diagnostics
//! and an exit code, never a crash.

mod common;

use std::process::{Command, Output};

fn banshi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run banshi")
}

/// A bundle whose flow nests `depth` blocks of 并联 inside its own braces.
fn nested_bundle(depth: usize) -> String {
    format!(
        "一件事 深层流程 {{\n  名称 \"深层流程\"\n  牵头 民政局\n  流程 {}{}\n}}\n",
        "并联 { ".repeat(depth),
        "} ".repeat(depth)
    )
}

#[test]
fn twenty_thousand_nested_blocks_are_refused_with_a_diagnostic() {
    let cat = common::catalog("ok_complete_matter");
    std::fs::write(cat.path().join("deep.banshi"), nested_bundle(20_000)).expect("write");
    let dir = cat.path().to_str().expect("utf-8 path");
    let out = banshi(&["check", dir, "--format", "json", "--today", common::TODAY]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["name"], "nesting-too-deep");
    assert_eq!(items[0]["file"], "deep.banshi");
    // The formatter refuses the file too, and says so, instead of overflowing its stack.
    let out = banshi(&["fmt", "--check", dir]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("deep.banshi"));
}

#[test]
fn nesting_just_under_the_limit_is_checked_and_formatted() {
    // 99 blocks inside the bundle's own braces: 100 levels, the most allowed. The test binary is
    // unoptimised, so this also shows the recursion fits the worker threads' stacks with room.
    let cat = common::catalog("ok_complete_matter");
    std::fs::write(cat.path().join("deep.banshi"), nested_bundle(99)).expect("write");
    let dir = cat.path().to_str().expect("utf-8 path");
    let out = banshi(&["check", dir, "--format", "json", "--today", common::TODAY]);
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        items
            .iter()
            .all(|d| d["name"] != "nesting-too-deep" && d["name"] != "syntax-error"),
        "{items:?}"
    );
    let out = banshi(&["fmt", dir]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let formatted = std::fs::read_to_string(cat.path().join("deep.banshi")).expect("read");
    assert_eq!(formatted.matches("并联 {").count(), 99);
}

#[test]
fn a_line_of_two_hundred_kilobytes_is_shown_as_a_window_around_the_finding() {
    let cat = common::catalog("ok_complete_matter");
    let filler = "申请人应当如实填写家庭成员收入情况".repeat(4_000);
    let spec = std::fs::read_to_string(cat.path().join("input.banshi")).expect("read");
    let condition = format!("\"{filler}及其他材料\"");
    let chars_before = "    \"".chars().count() + filler.chars().count() + "及".chars().count();
    let spec = spec.replacen(
        "\"共同生活家庭成员月人均收入低于本区城乡居民最低生活保障标准\"",
        &condition,
        1,
    );
    std::fs::write(cat.path().join("input.banshi"), spec).expect("write");
    let dir = cat.path().to_str().expect("utf-8 path");
    let out = banshi(&["check", dir, "--today", common::TODAY]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("vague-wording"),
        "{}",
        &text[..text.len().min(2000)]
    );
    // The whole report stays small: the 200 KB line is cut to a window with … at both ends…
    assert!(text.len() < 4_000, "{} bytes of output", text.len());
    assert!(text.contains("…"), "{text}");
    // …while the header still gives the finding's real column.
    let header = format!(":{}", chars_before + 1);
    assert!(text.contains(&header), "no {header} in\n{text}");
}
