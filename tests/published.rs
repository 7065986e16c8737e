//! Published output cannot be hijacked: a catalog's own templates run within limits, and values
//! never become Markdown or HTML syntax.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// `banshi ARGS`, killed and failed if it has not finished within a minute, so that a template
/// that never ends fails the test instead of hanging CI.
fn banshi_finishing(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run banshi");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("banshi {args:?} did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// A clean catalog (duplicate_field without its duplicate) with `guide.md` replaced by `template`.
fn catalog_with_template(template: &str) -> tempfile::TempDir {
    let tmp = common::catalog("duplicate_field");
    let spec = tmp.path().join("input.banshi");
    let text = std::fs::read_to_string(&spec).expect("spec");
    std::fs::write(&spec, text.replace("      份数 2\n", "")).expect("write spec");
    std::fs::create_dir_all(tmp.path().join("templates")).expect("templates");
    std::fs::write(tmp.path().join("templates/guide.md"), template).expect("template");
    tmp
}

fn build(dir: &std::path::Path) -> (Output, tempfile::TempDir) {
    let out = tempfile::tempdir().expect("out");
    let site = out.path().join("site");
    let run = banshi_finishing(&[
        "build",
        dir.to_str().expect("utf-8"),
        "--out",
        site.to_str().expect("utf-8"),
        "--today",
        common::TODAY,
        "-q",
    ]);
    (run, out)
}

fn assert_template_refused(template: &str, why: &str) {
    let tmp = catalog_with_template(template);
    let (out, _site) = build(tmp.path());
    common::assert_exit(&out, 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("模板「guide.md」"), "{stderr}");
    assert!(stderr.contains(why), "{stderr}");
}

#[test]
fn a_template_loop_of_ten_billion_steps_stops_at_the_fuel_limit() {
    assert_template_refused(
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n",
        "执行步数超过上限",
    );
}

#[test]
fn a_macro_that_calls_itself_forever_stops_at_the_recursion_limit() {
    assert_template_refused(
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}\n",
        "recursion limit",
    );
}

#[test]
fn a_template_printing_gigabytes_stops_at_the_page_size_limit() {
    assert_template_refused(
        "{% for a in range(1000) %}{{ \"x\" * 100000000 }}{% endfor %}\n",
        "生成的页面超过",
    );
}

#[test]
fn the_shipped_templates_still_build_a_catalog_template_within_the_limits() {
    let tmp = catalog_with_template("# {{ matter.name }}\n");
    let (out, site) = build(tmp.path());
    common::assert_exit(&out, 0);
    let guides = site.path().join("site/guides");
    let md: Vec<_> = std::fs::read_dir(&guides)
        .expect("guides")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .collect();
    assert_eq!(md.len(), 1);
}

const HOSTILE: &str = "[点此](javascript:alert(1))<script>alert(2)</script>**粗**#标";

#[test]
fn values_never_become_markdown_links_or_html_tags() {
    let tmp = common::catalog("duplicate_field");
    let spec = tmp.path().join("input.banshi");
    let text = std::fs::read_to_string(&spec).expect("spec");
    let text = text
        .replace("      份数 2\n", "")
        .replace(
            "名称 \"城乡居民最低生活保障申请\"",
            &format!("名称 \"{}\"", HOSTILE.replace('"', "\\\"")),
        )
        .replace("名称 \"授权委托书\"", &format!("名称 \"#{HOSTILE}\""));
    std::fs::write(&spec, text).expect("write spec");
    let (out, site) = build(tmp.path());
    common::assert_exit(&out, 0);
    let guides = site.path().join("site/guides");
    let mut md = String::new();
    let mut html = String::new();
    for e in std::fs::read_dir(&guides)
        .expect("guides")
        .filter_map(Result::ok)
    {
        let body = std::fs::read_to_string(e.path()).expect("read");
        match e.path().extension().and_then(|x| x.to_str()) {
            Some("md") => md.push_str(&body),
            Some("html") => html.push_str(&body),
            _ => {}
        }
    }
    let escaped = r"\[点此\](javascript:alert(1))\<script\>alert(2)\</script\>\*\*粗\*\*#标";
    assert!(md.contains(&format!("# {escaped}\n")), "{md}");
    // A value's first character is escaped as if it began a line: a template may put it there.
    assert!(md.contains(&format!(r"| \#{escaped} |")), "{md}");
    // With the escaped characters taken out, no link and no tag is left.
    let unescaped: String = md.replace("\\[", "").replace("\\]", "").replace("\\<", "");
    assert!(!unescaped.contains("]("), "a live link: {md}");
    assert!(!unescaped.contains("<script"), "a live tag: {md}");
    let excerpt: Vec<&str> = md.lines().filter(|l| l.contains("点此")).collect();
    insta::assert_snapshot!(excerpt.join("\n"));
    assert!(!html.is_empty());
    assert!(!html.contains("<script>alert"), "raw script in HTML");
    assert!(
        !html.contains("href=\"javascript:"),
        "javascript link in HTML"
    );
}
