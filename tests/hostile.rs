//! Hostile input through the real binary: whatever a file holds, banshi answers with diagnostics
//! and an exit code, never a crash.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

/// `tests/hostile/<case>/`: files laid over the base catalog of the fixtures (or a whole catalog
/// when the case has its own `banshi.yaml`). Each case is checked with 1 and with 4 threads —
/// the findings must be identical — and its rendered diagnostics are snapshotted next to it.
#[test]
fn hostile_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/hostile")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 8, "{cases:?}");
    for case in cases {
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let tmp = tempfile::tempdir().expect("tempdir");
        if !case.join("banshi.yaml").exists() {
            common::copy_dir(&common::fixtures_dir().join("_base"), tmp.path());
        }
        common::copy_dir(&case, tmp.path());
        let dir = tmp.path().to_str().expect("utf-8 path");
        let run = |threads: &str| {
            let out = Command::new(env!("CARGO_BIN_EXE_banshi"))
                .args(["check", dir, "--today", common::TODAY])
                .env("NO_COLOR", "1")
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .expect("run banshi");
            assert!(
                matches!(out.status.code(), Some(0..=2)),
                "{name}: {:?}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            (out.status.code(), out.stdout, out.stderr)
        };
        let one = run("1");
        assert_eq!(one, run("4"), "{name}: 1 and 4 threads differ");
        let text = format!(
            "exit code: {:?}\n{}{}",
            one.0,
            String::from_utf8_lossy(&one.1),
            String::from_utf8_lossy(&one.2)
        );
        insta::with_settings!({
            snapshot_path => &case,
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!("diagnostics", text);
        });
    }
}

fn banshi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run banshi")
}

/// `banshi ARGS`, killed and failed if it has not finished within a minute: for inputs that
/// could make it wait forever, so that a regression fails the test instead of hanging CI. Its
/// output is read at the end, so it must fit in a pipe buffer (64 KiB).
fn banshi_finishing(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run banshi");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("banshi {args:?} did not finish within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
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
    common::assert_exit(&out, 1);
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
    common::assert_exit(&out, 0);
    let formatted = std::fs::read_to_string(cat.path().join("deep.banshi")).expect("read");
    assert_eq!(formatted.matches("并联 {").count(), 99);
}

/// YAML nested `depth` levels in each style the reader must bound.
fn nested_yaml(depth: usize) -> [(&'static str, String); 4] {
    [
        ("block", format!("{}x\n", "- ".repeat(depth))),
        (
            "flow sequence",
            format!("{}{}\n", "[".repeat(depth), "]".repeat(depth)),
        ),
        (
            "flow mapping",
            format!("{}b{}\n", "{a: ".repeat(depth), "}".repeat(depth)),
        ),
        (
            "block then flow",
            format!(
                "{}{}{}\n",
                "- ".repeat(depth / 2),
                "[".repeat(depth - depth / 2),
                "]".repeat(depth - depth / 2)
            ),
        ),
    ]
}

const YAML_FILES: [&str; 4] = [
    "banshi.yaml",
    "registry/departments.yaml",
    "registry/laws.yaml",
    "registry/evidence.yaml",
];

#[test]
fn yaml_nested_too_deep_in_any_style_and_any_file_is_one_invalid_registry() {
    // 4,500 levels of block style overflowed the stack; 300 of flow style pass the scanner's
    // own limit of 255; 101 is the first level refused.
    for depth in [4_500, 300, 101] {
        for (style, text) in nested_yaml(depth) {
            for file in YAML_FILES {
                let cat = common::catalog("ok_complete_matter");
                std::fs::write(cat.path().join(file), &text).expect("write");
                let dir = cat.path().to_str().expect("utf-8 path");
                let out = banshi(&["check", dir, "--format", "json", "--today", common::TODAY]);
                let what = format!("{depth} levels, {style}, in {file}");
                common::assert_exit(&out, 1);
                let items: Vec<serde_json::Value> =
                    serde_json::from_slice(&out.stdout).expect("json");
                let deep: Vec<_> = items.iter().filter(|d| d["file"] == file).collect();
                assert_eq!(deep.len(), 1, "{what}: {items:?}");
                assert_eq!(deep[0]["code"], "E002", "{what}");
                let message = deep[0]["message"].as_str().expect("message");
                assert!(message.contains("嵌套超过 100 层"), "{what}: {message}");
            }
        }
    }
}

#[test]
fn yaml_nested_exactly_to_the_limit_is_read() {
    for (style, text) in nested_yaml(100) {
        let cat = common::catalog("ok_complete_matter");
        std::fs::write(cat.path().join("registry/laws.yaml"), &text).expect("write");
        let items = findings(cat.path().to_str().expect("utf-8 path"));
        assert!(
            items.iter().all(|d| !d["message"]
                .as_str()
                .is_some_and(|m| m.contains("嵌套超过"))),
            "{style}: {items:?}"
        );
        // Read, and then found not to be a list of law entries.
        assert!(
            items
                .iter()
                .any(|d| d["file"] == "registry/laws.yaml" && d["code"] == "E002"),
            "{style}: {items:?}"
        );
    }
}

#[test]
fn yaml_aliases_are_refused_without_expanding_them() {
    // Billion laughs: nine levels of nine aliases each, 9^9 strings if expanded.
    let mut text = String::from("- id: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        text.push_str(&format!("- id: &a{i} [{refs}]\n"));
    }
    for file in YAML_FILES {
        let cat = common::catalog("ok_complete_matter");
        std::fs::write(cat.path().join(file), &text).expect("write");
        let dir = cat.path().to_str().expect("utf-8 path");
        let out = banshi_finishing(&["check", dir, "--format", "json", "--today", common::TODAY]);
        common::assert_exit(&out, 1);
        let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
        let here: Vec<_> = items.iter().filter(|d| d["file"] == file).collect();
        assert_eq!(here.len(), 1, "{file}: {items:?}");
        assert_eq!(here[0]["code"], "E002");
        assert!(
            here[0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("别名")),
            "{file}: {here:?}"
        );
        // At the first alias: line 2, after `- id: &a1 [`.
        assert_eq!(
            (&here[0]["line"], &here[0]["column"]),
            (&2.into(), &12.into())
        );
    }
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

#[test]
fn a_gb18030_file_is_named_as_such_and_read_with_encoding_gb18030() {
    let cat = common::catalog("ok_complete_matter");
    let spec = std::fs::read_to_string(cat.path().join("input.banshi")).expect("read");
    std::fs::remove_file(cat.path().join("input.banshi")).expect("remove");
    let gb = encoding_rs::GB18030.encode(&spec).0.into_owned();
    assert!(std::str::from_utf8(&gb).is_err());
    std::fs::write(cat.path().join("旧文件.banshi"), &gb).expect("write");
    let dir = cat.path().to_str().expect("utf-8 path");

    let out = banshi(&["check", dir, "--format", "json", "--today", common::TODAY]);
    assert_eq!(out.status.code(), Some(1));
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["name"], "invalid-encoding");
    assert_eq!(items[0]["file"], "旧文件.banshi");
    let message = items[0]["message"].as_str().expect("message");
    assert!(message.contains("GB18030"), "{message}");
    // The first byte that is not UTF-8: the first byte of the first Chinese character.
    let first = spec.find(|c: char| !c.is_ascii()).expect("chinese");
    assert!(message.contains(&format!("第 {first} 字节")), "{message}");
    let help = items[0]["help"].as_str().expect("help");
    assert!(
        help.contains("iconv -f GB18030") && help.contains("banshi fmt 此文件 --encoding gb18030"),
        "{help}"
    );

    for encoding in ["gb18030", "gbk"] {
        let out = banshi(&[
            "check",
            dir,
            "--encoding",
            encoding,
            "--today",
            common::TODAY,
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn bytes_that_are_neither_utf8_nor_gb18030_text_are_reported_with_their_offset() {
    let cat = common::catalog("ok_complete_matter");
    let mut bytes = std::fs::read(cat.path().join("input.banshi")).expect("read");
    let at = bytes.len() / 2;
    let at = (at..).find(|&i| bytes[i] == b'\n').expect("newline") + 1;
    bytes.splice(at..at, [0xFF, 0x00, 0xFE]);
    std::fs::write(cat.path().join("input.banshi"), &bytes).expect("write");
    let dir = cat.path().to_str().expect("utf-8 path");
    // --encoding gb18030 does not make garbage readable.
    let out = banshi(&[
        "check",
        dir,
        "--format",
        "json",
        "--encoding",
        "gb18030",
        "--today",
        common::TODAY,
    ]);
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(items.len(), 1, "{items:?}");
    let message = items[0]["message"].as_str().expect("message");
    assert!(message.contains(&format!("第 {at} 字节")), "{message}");
    assert!(!message.contains("GB18030"), "{message}");
}

/// Checks `dir` and returns the JSON findings.
fn findings(dir: &str) -> Vec<serde_json::Value> {
    let out = banshi(&["check", dir, "--format", "json", "--today", common::TODAY]);
    serde_json::from_slice(&out.stdout).expect("json")
}

#[cfg(unix)]
#[test]
fn a_sample_reached_through_a_symlink_outside_the_catalog_is_refused_and_never_published() {
    let secret = tempfile::tempdir().expect("tempdir");
    std::fs::write(secret.path().join("passwd"), "root:x:0:0").expect("write");
    let cat = common::catalog("ok_complete_matter");
    std::fs::create_dir_all(cat.path().join("forms")).expect("mkdir");
    std::os::unix::fs::symlink(secret.path(), cat.path().join("forms/共享盘")).expect("link");
    let spec = std::fs::read_to_string(cat.path().join("input.banshi")).expect("read");
    let spec = spec.replace("forms/低保申请书.docx", "forms/共享盘/passwd");
    std::fs::write(cat.path().join("input.banshi"), spec).expect("write");
    let dir = cat.path().to_str().expect("utf-8 path");

    let items = findings(dir);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["name"], "path-outside-catalog");
    assert!(
        items[0]["message"]
            .as_str()
            .expect("message")
            .contains("符号链接")
    );

    let out_dir = tempfile::tempdir().expect("tempdir");
    let site = out_dir.path().join("site");
    let out = banshi(&[
        "build",
        dir,
        "--out",
        site.to_str().expect("utf-8"),
        "--today",
        common::TODAY,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!site.exists(), "a refused build writes nothing");
}

#[cfg(unix)]
#[test]
fn a_template_linked_outside_the_catalog_stops_the_build_before_anything_is_written() {
    let secret = tempfile::tempdir().expect("tempdir");
    std::fs::write(secret.path().join("shadow"), "{{ 1 + 1 }} 机密").expect("write");
    let build = |cat: &Path| {
        let out_dir = tempfile::tempdir().expect("tempdir");
        let site = out_dir.path().join("site");
        let out = banshi(&[
            "build",
            cat.to_str().expect("utf-8 path"),
            "--out",
            site.to_str().expect("utf-8"),
            "--today",
            common::TODAY,
        ]);
        (out, site.exists(), out_dir)
    };

    // A template file that is a link out of the catalog.
    let cat = common::catalog("ok_complete_matter");
    std::fs::create_dir_all(cat.path().join("templates")).expect("mkdir");
    std::os::unix::fs::symlink(
        secret.path().join("shadow"),
        cat.path().join("templates/guide.html"),
    )
    .expect("link");
    let (out, written, _keep) = build(cat.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("templates/guide.html"), "{stderr}");
    assert!(stderr.contains("目录之外"), "{stderr}");
    assert!(!written, "nothing is written");

    // The whole templates folder as a link out of the catalog.
    let cat = common::catalog("ok_complete_matter");
    std::os::unix::fs::symlink(secret.path(), cat.path().join("templates")).expect("link");
    let (out, written, _keep) = build(cat.path());
    common::assert_exit(&out, 2);
    assert!(!written);

    // A link that stays inside is an ordinary template.
    let cat = common::catalog("ok_complete_matter");
    std::fs::create_dir_all(cat.path().join("house")).expect("mkdir");
    std::fs::create_dir_all(cat.path().join("templates")).expect("mkdir");
    std::os::unix::fs::symlink(cat.path().join("house"), cat.path().join("templates/x"))
        .expect("link");
    let (out, written, _keep) = build(cat.path());
    common::assert_exit(&out, 0);
    assert!(written);
}

#[cfg(unix)]
#[test]
fn spec_entries_that_are_not_regular_files_are_named_never_read_and_never_silently_skipped() {
    let secret = tempfile::tempdir().expect("tempdir");
    let cat = common::catalog("ok_complete_matter");
    let root = cat.path();
    let spec = std::fs::read_to_string(root.join("input.banshi")).expect("read");
    // Outside: a copy of the spec (it would define the same matter twice if it were read).
    std::fs::write(secret.path().join("外部.banshi"), &spec).expect("write");
    std::os::unix::fs::symlink(secret.path().join("外部.banshi"), root.join("外部.banshi"))
        .expect("link");
    // Inside, to a spec read under its own name: nothing to say.
    std::os::unix::fs::symlink(root.join("input.banshi"), root.join("别名.banshi")).expect("link");
    // Inside, to a file that is not a spec of the catalog (hidden folder).
    std::fs::create_dir_all(root.join(".草稿")).expect("mkdir");
    std::fs::write(root.join(".草稿/旧版.banshi"), &spec).expect("write");
    std::os::unix::fs::symlink(root.join(".草稿/旧版.banshi"), root.join("旧版.banshi"))
        .expect("link");
    // Dangling, and a named pipe (reading it would block forever).
    std::os::unix::fs::symlink(root.join("不存在.banshi"), root.join("断链.banshi")).expect("link");
    let fifo = root.join("管道.banshi");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());

    let dir = root.to_str().expect("utf-8 path");
    let out = banshi_finishing(&["check", dir, "--format", "json", "--today", common::TODAY]);
    assert_eq!(out.status.code(), Some(2), "unreadable entries exit 2");
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let found = common::pairs(&items, "name", "file");
    // Only the outside link is a finding: the spec is checked once, under its own name.
    assert_eq!(
        found,
        [("path-outside-catalog", "外部.banshi")],
        "{items:?}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["旧版.banshi", "断链.banshi", "管道.banshi"] {
        assert!(stderr.contains(&format!("「{name}」")), "{name}: {stderr}");
    }
    assert!(!stderr.contains("别名.banshi"), "{stderr}");
    assert!(!stderr.contains("外部.banshi"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_registry_that_is_a_pipe_or_a_folder_is_named_without_blocking_the_run() {
    let cat = common::catalog("ok_complete_matter");
    let registry = cat.path().join("registry");
    std::fs::remove_file(registry.join("laws.yaml")).expect("rm");
    let status = Command::new("mkfifo")
        .arg(registry.join("laws.yaml"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    std::fs::remove_file(registry.join("evidence.yaml")).expect("rm");
    std::fs::create_dir(registry.join("evidence.yaml")).expect("mkdir");
    // Reading the pipe would wait for a writer forever.
    let out = banshi_finishing(&[
        "check",
        cat.path().to_str().expect("utf-8"),
        "--today",
        common::TODAY,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("「registry/laws.yaml」：不是普通文件"),
        "{stderr}"
    );
    assert!(
        stderr.contains("「registry/evidence.yaml」：是文件夹"),
        "{stderr}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_reported_unread_and_the_rest_is_checked() {
    let cat = common::catalog("ok_complete_matter");
    // Sparse: the length is set, nothing is written.
    let big = std::fs::File::create(cat.path().join("数据库导出.banshi")).expect("create");
    big.set_len(banshi::load::MAX_FILE_BYTES + 1)
        .expect("set_len");
    let dir = cat.path().to_str().expect("utf-8");
    let items = findings(dir);
    let found = common::pairs(&items, "name", "file");
    assert_eq!(
        found,
        [("file-too-large", "数据库导出.banshi")],
        "{items:?}"
    );
    // The boundary itself is tested on `load::fetch` (reading 64 MiB is slow in a debug build).
    let out = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(["fmt", dir])
        .output()
        .expect("fmt");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("数据库导出.banshi"));
}

#[test]
fn a_registry_path_outside_the_catalog_is_refused_without_reading_it() {
    let cat = common::catalog("ok_complete_matter");
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("departments.yaml"), "- 这不是登记表").expect("write");
    let config = format!(
        "name: 测试目录\nregion: \"320402\"\nregistry:\n  departments: ../{}/departments.yaml\n  laws: /etc/passwd\n",
        outside.path().file_name().expect("name").to_string_lossy()
    );
    // The catalog and `outside` are siblings in the temp folder.
    assert_eq!(cat.path().parent(), outside.path().parent());
    std::fs::write(cat.path().join("banshi.yaml"), config).expect("write");
    let items = findings(cat.path().to_str().expect("utf-8 path"));
    let outside_paths: Vec<_> = items
        .iter()
        .filter(|d| d["name"] == "path-outside-catalog")
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        outside_paths,
        [
            ("banshi.yaml".to_string(), Some(4)),
            ("banshi.yaml".to_string(), Some(5))
        ],
        "{items:?}"
    );
    // Nothing read from outside: no finding points into either file.
    assert!(
        items
            .iter()
            .all(|d| d["file"] == "banshi.yaml" || d["file"] == "input.banshi"),
        "{items:?}"
    );
}

#[test]
fn an_unreadable_file_is_named_exit_2_and_the_rest_is_still_checked() {
    // Root reads any file whatever its mode, so the unreadable file is a folder where the
    // departments registry should be: reading it fails the same way for every user.
    let cat = common::catalog("path_outside_catalog_sample");
    std::fs::create_dir_all(cat.path().join("registry/depts.yaml")).expect("mkdir");
    let config =
        "name: 测试目录\nregion: \"320402\"\nregistry:\n  departments: registry/depts.yaml\n";
    std::fs::write(cat.path().join("banshi.yaml"), config).expect("write");
    let dir = cat.path().to_str().expect("utf-8 path");
    let out = banshi(&["check", dir, "--format", "json", "--today", common::TODAY]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("无法读取「registry/depts.yaml」"),
        "{stderr}"
    );
    // The spec was still checked: its findings are there.
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        items.iter().any(|d| d["name"] == "path-outside-catalog"),
        "{items:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_spec_without_read_permission_is_named_and_the_others_are_checked() {
    use std::os::unix::fs::PermissionsExt as _;
    let cat = common::catalog("path_outside_catalog_sample");
    let locked = cat.path().join("locked.banshi");
    std::fs::write(&locked, "事项 甲 {}").expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&locked).is_ok() {
        eprintln!("skipped: this user (root) can read a file with mode 000");
        return;
    }
    let dir = cat.path().to_str().expect("utf-8 path");
    let out = banshi(&["check", dir, "--format", "json", "--today", common::TODAY]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("locked.banshi"));
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert!(items.iter().any(|d| d["name"] == "path-outside-catalog"));
}

#[test]
fn a_six_megabyte_string_is_checked_and_its_findings_are_exact() {
    let cat = common::catalog("ok_complete_matter");
    let chunk = "申请人应当如实填写家庭成员收入情况".repeat(40_000); // 2 MB
    let condition = format!("\"{chunk}等材料{chunk}及其他{chunk}\"");
    assert!(condition.len() > 6_000_000);
    let spec = std::fs::read_to_string(cat.path().join("input.banshi")).expect("read");
    let spec = spec.replacen(
        "\"共同生活家庭成员月人均收入低于本区城乡居民最低生活保障标准\"",
        &condition,
        1,
    );
    std::fs::write(cat.path().join("input.banshi"), spec).expect("write");
    let items = findings(cat.path().to_str().expect("utf-8 path"));
    let words: Vec<_> = items
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap_or(""),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let chunk_chars = chunk.chars().count() as u64;
    assert_eq!(
        words,
        [
            ("vague-wording", 6 + chunk_chars),
            ("vague-wording", 6 + 2 * chunk_chars + 4),
        ],
        "{items:?}"
    );
}

#[test]
fn one_file_of_a_thousand_matters_is_checked_whole() {
    let cat = common::catalog("ok_complete_matter");
    let spec = std::fs::read_to_string(cat.path().join("input.banshi")).expect("read");
    let mut all = String::new();
    for i in 0..1_000 {
        all.push_str(&spec.replacen("事项 低保申请", &format!("事项 低保申请{i}"), 1));
    }
    std::fs::write(cat.path().join("input.banshi"), &all).expect("write");
    let items = findings(cat.path().to_str().expect("utf-8 path"));
    // The 基本编码 repeats: every copy after the first is a duplicate, and nothing else is wrong.
    // A hundred are listed, the other 899 stand behind one summary at the 101st.
    assert_eq!(items.len(), 101, "{:?}", &items[..items.len().min(3)]);
    assert!(items.iter().all(|d| d["name"] == "duplicate-id"));
    let omitted: Vec<u64> = items.iter().filter_map(|d| d["omitted"].as_u64()).collect();
    assert_eq!(omitted, [899]);
    assert!(items[100]["omitted"].is_u64(), "the summary comes last");
}

#[test]
fn a_quarter_megabyte_of_invisible_pairs_prints_less_than_it_reads_in_every_format() {
    // A letter and a zero-width space, 65,536 times: 65,536 separate runs, each a finding.
    let cat = common::catalog("ok_complete_matter");
    let spec = std::fs::read_to_string(cat.path().join("input.banshi")).expect("read");
    let pairs = "a\u{200B}".repeat(65_536);
    let spec = spec.replace("\"最低生活保障申请书\"", &format!("\"{pairs}\""));
    std::fs::write(cat.path().join("input.banshi"), &spec).expect("write");
    let dir = cat.path().to_str().expect("utf-8 path");
    let items = findings(dir);
    assert_eq!(items.len(), 101, "a hundred listed and one summary");
    assert!(items.iter().all(|d| d["name"] == "invisible-character"));
    assert_eq!(items[100]["omitted"], 65_436);
    assert!(items[..100].iter().all(|d| d.get("omitted").is_none()));
    for format in ["human", "concise", "json", "sarif", "github", "junit"] {
        let out = banshi(&["check", dir, "--format", format, "--today", common::TODAY]);
        common::assert_exit(&out, 1);
        let printed = out.stdout.len() + out.stderr.len();
        assert!(
            printed < spec.len(),
            "{format}: {printed} bytes printed for {} read",
            spec.len()
        );
    }
    // The summary counts for what it stands for.
    let out = banshi(&["check", dir, "--today", common::TODAY]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("发现 65536 个错误"),
        "{}",
        &text[text.len().saturating_sub(300)..]
    );
}

#[cfg(unix)]
#[test]
fn every_command_names_a_dangling_spec_link_and_exits_2() {
    let cat = common::catalog("ok_complete_matter");
    std::os::unix::fs::symlink(
        cat.path().join("不存在.banshi"),
        cat.path().join("失效.banshi"),
    )
    .expect("link");
    let dir = cat.path().to_str().expect("utf-8 path");
    let site = tempfile::tempdir().expect("tempdir");
    let out = site.path().join("site");
    let commands: [Vec<&str>; 6] = [
        vec!["check", dir, "--today", common::TODAY],
        vec!["report", dir, "--today", common::TODAY],
        vec!["report", dir, "--format", "json", "--today", common::TODAY],
        vec!["graph", dir, "--today", common::TODAY],
        vec!["fmt", dir],
        vec![
            "build",
            dir,
            "--out",
            out.to_str().expect("path"),
            "--today",
            common::TODAY,
        ],
    ];
    for args in commands {
        let o = banshi(&args);
        common::assert_exit(&o, 2);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("失效.banshi"), "{args:?}: {err}");
    }
    assert!(!out.exists());
    // `fmt` still formats the readable files it found.
    let o = banshi(&["fmt", "--check", dir]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 个文件"));
}

#[test]
fn fmt_writes_only_the_spec_files_it_was_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Parses as a spec (a comment), but it is not one: never rewritten.
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "// 备注   \n").expect("write");
    let o = banshi(&["fmt", notes.to_str().expect("path")]);
    common::assert_exit(&o, 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("不是 .banshi 事项描述文件"));
    assert_eq!(
        std::fs::read(&notes).expect("read"),
        b"// \xe5\xa4\x87\xe6\xb3\xa8   \n"
    );
    #[cfg(unix)]
    {
        let real = dir.path().join("real.banshi");
        std::fs::write(&real, "事项 甲   {\n}\n").expect("write");
        let link = dir.path().join("link.banshi");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        let o = banshi(&["fmt", link.to_str().expect("path")]);
        common::assert_exit(&o, 2);
        assert!(String::from_utf8_lossy(&o.stderr).contains("符号链接"));
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read_to_string(&real).expect("read"),
            "事项 甲   {\n}\n"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_baseline_that_is_a_pipe_or_a_folder_is_refused_without_waiting() {
    let cat = common::catalog("ok_complete_matter");
    let dir = cat.path().to_str().expect("utf-8 path");
    let tmp = tempfile::tempdir().expect("tempdir");
    let pipe = tmp.path().join("baseline.json");
    let made = Command::new("mkfifo").arg(&pipe).status().expect("mkfifo");
    assert!(made.success());
    let pipe = pipe.to_str().expect("path");
    let folder = tmp.path().to_str().expect("path");
    for (flag, path, why) in [
        ("--baseline", pipe, "不是普通文件"),
        ("--baseline", folder, "是文件夹"),
        ("--write-baseline", pipe, "不是普通文件"),
        ("--write-baseline", folder, "是文件夹"),
    ] {
        let o = banshi_finishing(&["check", dir, "--today", common::TODAY, flag, path]);
        common::assert_exit(&o, 2);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("基线") && err.contains(why),
            "{flag} {path}: {err}"
        );
    }
}
