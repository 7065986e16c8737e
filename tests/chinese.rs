//! Issue 21: every message a user reads is Chinese. The real binary is run for the help of
//! every command and for a set of wrong invocations, and no line of what it prints may be an
//! English sentence. `BANSHI_SWEEP_BIN` runs the same sweep on another build (the one before
//! the translation, to count what it fixed).
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn binary() -> PathBuf {
    std::env::var_os("BANSHI_SWEEP_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_banshi")),
        PathBuf::from,
    )
}

fn run(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("run banshi")
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// A word of an English sentence: ASCII letters only, once the punctuation around it is gone.
/// Flags (`--format`), value names (`<格式>`), paths, URLs, code identifiers and rule names
/// (`vague-wording`, `credit_code`) are not words: a line of them is not a sentence.
fn is_word(token: &str) -> bool {
    if token.starts_with('-') || token.contains(['/', '\\', '_', '<', '>', '[', ']', '=', '`']) {
        return false;
    }
    let t = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    !t.is_empty() && t.chars().all(|c| c.is_ascii_alphabetic())
}

/// A line with no CJK character and at least three words in a row: an English sentence.
fn is_latin_sentence(line: &str) -> bool {
    if line.chars().any(is_cjk) {
        return false;
    }
    let mut run = 0;
    for token in line.split_whitespace() {
        run = if is_word(token) { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

/// Whether a line holds three English words in a row outside an 「原始信息」 note (the
/// original English a Chinese message may keep): stricter than [`is_latin_sentence`], it also
/// finds English after a Chinese lead-in (`无法读写「x」：No such file or directory`).
fn has_english_run(line: &str) -> bool {
    let mut rest = line.to_string();
    while let Some(start) = rest.find("原始信息") {
        let end = rest[start..].find('）').map_or(rest.len(), |e| start + e);
        rest.replace_range(start..end, " ");
    }
    let mut run = 0;
    for token in rest.split_whitespace() {
        run = if is_word(token) { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

/// The offending lines of an invocation's stdout and stderr, each with the invocation: the
/// Latin-only ones, and those with English after Chinese.
fn latin_lines(args: &[&str], out: &Output) -> (Vec<String>, Vec<String>) {
    let (mut latin, mut mixed) = (Vec::new(), Vec::new());
    for stream in [&out.stdout, &out.stderr] {
        for line in String::from_utf8_lossy(stream).lines() {
            let named = format!("banshi {}: {line}", args.join(" "));
            // A nested command's name is three ASCII words (`banshi new matter`), a name and
            // not a sentence: joined, it reads as one token like a flag.
            let line = &[
                ("new", "catalog"),
                ("new", "matter"),
                ("new", "bundle"),
                ("import", "xlsx"),
                ("export", "xlsx"),
            ]
            .iter()
            .fold(line.to_string(), |l, (cmd, sub)| {
                l.replace(
                    &format!("banshi {cmd} {sub}"),
                    &format!("banshi-{cmd}-{sub}"),
                )
            });
            if is_latin_sentence(line) {
                latin.push(named);
            } else if has_english_run(line) {
                mixed.push(named);
            }
        }
    }
    (latin, mixed)
}

/// The subcommands listed by the top-level help: the indented lines under the commands
/// heading, whichever language it is in.
fn subcommands() -> Vec<String> {
    let out = run(&["--help"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut names = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("命令") || line.starts_with("Commands") {
            inside = true;
            continue;
        }
        if inside {
            let Some(name) = line
                .strip_prefix("  ")
                .and_then(|l| l.split_whitespace().next())
            else {
                break;
            };
            names.push(name.to_string());
        }
    }
    names
}

#[test]
fn the_sentence_test_tells_english_from_names() {
    assert!(is_latin_sentence(
        "error: unexpected argument '--formt' found"
    ));
    assert!(is_latin_sentence("Usage: banshi check [OPTIONS] [CATALOG]"));
    assert!(is_latin_sentence(
        "          Print help (see a summary with '-h')"
    ));
    assert!(is_latin_sentence(
        "  [possible values: auto, always, never]"
    ));
    assert!(!is_latin_sentence("banshi: 没有「--formt」这个选项"));
    assert!(!is_latin_sentence("      --format <格式>"));
    assert!(!is_latin_sentence("   ┌─ registry/departments.yaml:3:5"));
    assert!(!is_latin_sentence("W123 basis-order vague-wording E150"));
    assert!(!is_latin_sentence("banshi 0.1.0"));
    assert!(!is_latin_sentence("https://example.org/a/b"));
    assert!(!is_latin_sentence("Print version"));
    assert!(has_english_run(
        "banshi: 无法读写「x」：No such file or directory"
    ));
    assert!(!has_english_run(
        "第 1 行：不是合法的 JSON（原始信息：key must be a string）"
    ));
}

#[test]
fn every_message_is_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let p = |p: &Path| p.to_str().expect("utf-8 path").to_string();
    let missing = root.join("没有这个目录");
    let file = root.join("一个文件.txt");
    std::fs::write(&file, "不是目录").unwrap();
    let ok = common::catalog("ok_complete_matter");
    let broken_yaml = common::catalog("ok_complete_matter");
    std::fs::write(
        broken_yaml.path().join("registry/departments.yaml"),
        "- id: 民政局\n  credit_code: \"x\"\n   level: [县级\n",
    )
    .unwrap();
    let bad_template = common::catalog("ok_complete_matter");
    std::fs::create_dir_all(bad_template.path().join("templates")).unwrap();
    std::fs::write(
        bad_template.path().join("templates/guide.html"),
        "<h1>{{ matter.nmae }}</h1>",
    )
    .unwrap();
    let site = p(&root.join("站点"));
    let bad_json = root.join("坏的基线.json");
    std::fs::write(&bad_json, "{\"banshi_baseline\": 1, \"findings\": [").unwrap();
    let wrong_json = root.join("格式不对的基线.json");
    std::fs::write(&wrong_json, "{\"banshi_baseline\": 1}").unwrap();
    let syntax_json = root.join("语法错误的基线.json");
    std::fs::write(&syntax_json, "{banshi_baseline: 1}").unwrap();
    let (missing, file, ok_dir, broken) =
        (p(&missing), p(&file), p(ok.path()), p(broken_yaml.path()));
    let (bad_json, wrong_json, syntax_json) = (p(&bad_json), p(&wrong_json), p(&syntax_json));
    let today = common::TODAY;

    let names = subcommands();
    assert!(names.len() >= 6, "subcommands found: {names:?}");
    let mut invocations: Vec<(Vec<String>, i32)> = Vec::new();
    let own = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
    for flag in ["--help", "-h"] {
        invocations.push((own(&[flag]), 0));
        for name in &names {
            invocations.push((own(&[name, flag]), 0));
        }
    }
    invocations.push((own(&["--version"]), 0));
    // `new` has commands of its own, which the top-level help does not list.
    for (cmd, sub) in [
        ("new", "catalog"),
        ("new", "matter"),
        ("new", "bundle"),
        ("import", "xlsx"),
        ("export", "xlsx"),
    ] {
        for flag in ["--help", "-h"] {
            invocations.push((own(&[cmd, sub, flag]), 0));
        }
    }
    let wrong: Vec<Vec<&str>> = vec![
        vec![],
        vec!["--bogus"],
        vec!["chek"],
        vec!["check", "--formt", "json"],
        vec!["check", "--format", "xml"],
        vec!["check", "--format"],
        vec!["check", "--today", "2026-13-01"],
        vec!["check", "--baseline", "a", "--write-baseline", "b"],
        vec!["check", "--format", "json", "--format", "human"],
        vec!["check", "-x"],
        vec!["explain", "a", "b"],
        vec!["fmt", "--check=yes"],
        vec!["graph", "--bundle"],
        vec!["report", "--format", "csv"],
        vec!["build", "--colour", "never"],
        vec!["preview", "--port", "x"],
        vec!["preview", "--port", "70000"],
        vec!["preview", "--prot", "8000"],
        vec!["new"],
        vec!["new", "katalog"],
        vec!["new", "catalog"],
        vec!["new", "matter", "--bogus"],
        vec!["new", "matter", "民政局/x", "--nam", "x"],
        vec!["new", "bundle", "x", "--flow", "sideways"],
        vec!["import"],
        vec!["import", "csv"],
        vec!["import", "xlsx", "a.xlsx"],
        vec!["export", "xlsx"],
        vec!["export", "xlsx", ".", "--out", "a.xlsx", "--forse"],
    ];
    for args in &wrong {
        invocations.push((own(args), 2));
    }
    for name in ["check", "build", "report", "graph", "fmt", "preview"] {
        invocations.push((own(&[name, &missing]), 2));
    }
    invocations.push((own(&["check", &file]), 2));
    invocations.push((
        own(&["check", &broken, "--today", today, "--color", "never"]),
        1,
    ));
    for baseline in [&bad_json, &wrong_json, &syntax_json, &missing] {
        invocations.push((
            own(&["check", &ok_dir, "--today", today, "--baseline", baseline]),
            2,
        ));
    }
    invocations.push((
        own(&[
            "check",
            &ok_dir,
            "--today",
            today,
            "--write-baseline",
            &p(root),
        ]),
        2,
    ));
    // A port already taken: the preview stops before reading the catalog.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_port = taken.local_addr().unwrap().port().to_string();
    invocations.push((own(&["preview", &ok_dir, "--port", &taken_port]), 2));
    // `new` refusing: a path for a name, an unknown department, a folder that is not empty.
    let new_matter = |target: &str| {
        own(&[
            "new",
            "matter",
            target,
            "--name",
            "临时救助",
            "--kind",
            "行政给付",
            "--basis",
            "《社会救助暂行办法》第九条",
            "--catalog",
            &ok_dir,
        ])
    };
    invocations.push((new_matter("../x"), 2));
    invocations.push((new_matter("民证局/x"), 2));
    invocations.push((new_matter("民政局/x"), 0));
    invocations.push((new_matter("民政局/x"), 2));
    invocations.push((
        own(&[
            "new",
            "catalog",
            &ok_dir,
            "--name",
            "目录",
            "--region",
            "320402",
            "--department",
            "民政局",
            "--department-name",
            "民政局",
            "--credit-code",
            "113204020141123452",
            "--level",
            "县级",
            "--matter",
            "a",
            "--matter-name",
            "a",
            "--kind",
            "行政给付",
            "--basis",
            "《法》第一条",
            "--law-rank",
            "法律",
            "--law-issuer",
            "全国人大",
            "--law-effective",
            "2020-01-01",
        ]),
        2,
    ));
    invocations.push((
        own(&[
            "import", "xlsx", &missing, "--out", &missing, "--name", "x", "--region", "320402",
        ]),
        2,
    ));
    invocations.push((own(&["export", "xlsx", &ok_dir, "--out", "清单.txt"]), 2));
    let styled = p(bad_template.path());
    invocations.push((
        own(&["build", &styled, "--today", today, "--out", &site, "-q"]),
        2,
    ));

    let (mut found, mut mixed) = (Vec::new(), Vec::new());
    for (args, code) in &invocations {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args);
        if std::env::var_os("BANSHI_SWEEP_BIN").is_none() {
            assert_eq!(out.status.code(), Some(*code), "banshi {}", args.join(" "));
        }
        let (latin, english) = latin_lines(&args, &out);
        found.extend(latin);
        mixed.extend(english);
    }
    eprintln!(
        "{} invocations, {} Latin-only lines:\n{}\n{} lines with English after Chinese:\n{}",
        invocations.len(),
        found.len(),
        found.join("\n"),
        mixed.len(),
        mixed.join("\n")
    );
    assert!(found.is_empty(), "{} Latin-only lines", found.len());
    assert!(mixed.is_empty(), "{} lines with English", mixed.len());
}

#[test]
fn argument_errors_keep_the_argument_and_the_suggestion() {
    let stderr = |args: &[&str]| {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "banshi {}", args.join(" "));
        assert!(out.stdout.is_empty());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let e = stderr(&["check", "--formt", "json"]);
    assert!(e.contains("没有「--formt」这个选项"), "{e}");
    assert!(e.contains("您是不是想写 --format？"), "{e}");
    assert!(e.contains("用法：banshi check [选项] [路径]..."), "{e}");
    assert!(e.contains("运行 banshi check --help 查看用法"), "{e}");
    let e = stderr(&["chek"]);
    assert!(e.contains("没有「chek」这个命令"), "{e}");
    assert!(e.contains("您是不是想写 check？"), "{e}");
    let e = stderr(&["check", "--format", "jsn"]);
    assert!(
        e.contains("「jsn」不是「--format <格式>」可用的取值"),
        "{e}"
    );
    assert!(e.contains("json"), "{e}");
    // A nested command's usage and help line are its own.
    let e = stderr(&["new", "matter", "民政局/x", "--nam", "x"]);
    assert!(e.contains("您是不是想写 --name？"), "{e}");
    assert!(e.contains("用法：banshi new matter [选项]"), "{e}");
    assert!(e.contains("运行 banshi new matter --help 查看用法"), "{e}");
    let e = stderr(&["check", "--today", "明天"]);
    assert!(e.contains("「明天」不是 YYYY-MM-DD 格式的日期"), "{e}");
}

#[test]
fn help_and_version_go_to_stdout_with_0() {
    let out = run(&["check", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for heading in [
        "用法：banshi check",
        "参数：",
        "选项：",
        "显示帮助",
        "向上查找 banshi.yaml",
    ] {
        assert!(help.contains(heading), "{heading} in {help}");
    }
    let out = run(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("banshi "));
    let out = run(&["--help"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("显示版本"));
}
