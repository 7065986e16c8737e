//! `banshi build`: snapshots of the published pages, schema validation of every portal file,
//! escaping of hostile strings, determinism, and the all-or-nothing output directory.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use banshi::emit::site::{Artifact, Collect, Input, build};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Records what the site build reports as progress.
#[derive(Default)]
struct Recorder {
    stages: std::sync::Mutex<Vec<(banshi::progress::Stage, usize)>>,
    steps: std::sync::atomic::AtomicUsize,
}

impl banshi::progress::Progress for Recorder {
    fn stage(&self, stage: banshi::progress::Stage, total: usize) {
        self.stages.lock().expect("lock").push((stage, total));
    }
    fn advance(&self, n: usize) {
        self.steps
            .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    }
}

fn artifacts(catalog: &Path) -> Vec<Artifact> {
    artifacts_with(catalog, &banshi::progress::Silent)
}

fn artifacts_with(catalog: &Path, progress: &dyn banshi::progress::Progress) -> Vec<Artifact> {
    let options = banshi::driver::Options {
        today: Some(jiff::civil::date(2026, 6, 1)),
        ..Default::default()
    };
    let checked = banshi::driver::check(catalog, &options).expect("check runs");
    let report =
        banshi::analysis::report::report(&checked.catalog, &checked.graph, &checked.sources);
    let overrides = BTreeMap::new();
    let out = Collect::default();
    build(
        &Input {
            catalog: &checked.catalog,
            sources: &checked.sources,
            report: &report,
            overrides: &overrides,
            stamp: None,
            draft: None,
        },
        &out,
        progress,
    )
    .expect("build succeeds");
    out.into_sorted()
}

fn text<'a>(artifacts: &'a [Artifact], path: &str) -> &'a str {
    let a = artifacts
        .iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| panic!("no artifact {path}"));
    std::str::from_utf8(&a.bytes).expect("utf-8")
}

#[test]
fn output_paths_follow_the_contract() {
    let a = artifacts(&root("tests/bundle_catalog"));
    let paths: Vec<&str> = a.iter().map(|x| x.path.as_str()).collect();
    for m in ["出生证签发", "出生登记", "医保参保", "预防接种证"] {
        for p in [
            format!("guides/{m}.html"),
            format!("guides/{m}.md"),
            format!("checklists/{m}.html"),
            format!("portal/matters/{m}.json"),
        ] {
            assert!(paths.contains(&p.as_str()), "missing {p}");
        }
    }
    for p in [
        "bundles/新生儿.html",
        "portal/bundles/新生儿.json",
        "portal/index.json",
        "portal/schema.json",
        "index.html",
        "assets/banshi.css",
        "booklets/卫健委.html",
        "booklets/公安局.html",
        "booklets/民政局.html",
    ] {
        assert!(paths.contains(&p), "missing {p}");
    }
    // A printed booklet is the department's publication: its footer names the department, not
    // the tool that made it.
    let booklet = text(&a, "booklets/民政局.html");
    let footer = booklet.split("<footer").nth(1).unwrap_or_default();
    assert!(footer.contains("办事指南汇编"), "{footer}");
    assert!(!footer.contains("banshi"), "{footer}");
    let index: serde_json::Value =
        serde_json::from_str(text(&a, "portal/index.json")).expect("json");
    assert_eq!(index["matters"].as_array().map(Vec::len), Some(4));
    assert!(
        index["matters"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|m| m["id"].is_string() && m["name"].is_string())
    );
    assert_eq!(index["bundles"][0]["id"], "新生儿");
}

#[test]
fn pages_snapshots() {
    let a = artifacts(&root("tests/bundle_catalog"));
    insta::assert_snapshot!("guide_html", text(&a, "guides/出生登记.html"));
    insta::assert_snapshot!("guide_md", text(&a, "guides/出生登记.md"));
    insta::assert_snapshot!("checklist_html", text(&a, "checklists/出生登记.html"));
    insta::assert_snapshot!("portal_matter", text(&a, "portal/matters/出生登记.json"));
    insta::assert_snapshot!("portal_bundle", text(&a, "portal/bundles/新生儿.json"));
    insta::assert_snapshot!("bundle_html", text(&a, "bundles/新生儿.html"));
}

/// Part two on the page: 办理情形 sections and their own checklists, the 办理流程 picture in
/// lanes, 任选 on one checklist line, 受理机构 and 决定机构, 有效期 and 送达.
#[test]
fn part_two_pages_snapshots() {
    let a = artifacts(&root("tests/part_two_catalog"));
    insta::assert_snapshot!("part_two_guide_html", text(&a, "guides/低保申请.html"));
    insta::assert_snapshot!("part_two_guide_md", text(&a, "guides/低保申请.md"));
    insta::assert_snapshot!(
        "part_two_checklist_html",
        text(&a, "checklists/低保申请.html")
    );
    insta::assert_snapshot!(
        "part_two_variant_checklist_html",
        text(&a, "checklists/低保申请.首次.html")
    );
    insta::assert_snapshot!(
        "part_two_portal_matter",
        text(&a, "portal/matters/低保申请.json")
    );
    // A checklist per variant, and none for a variant that does not exist.
    let checklists: Vec<&str> = a
        .iter()
        .map(|x| x.path.as_str())
        .filter(|p| p.starts_with("checklists/低保申请"))
        .collect();
    assert_eq!(
        checklists,
        [
            "checklists/低保申请.html",
            "checklists/低保申请.复审.html",
            "checklists/低保申请.首次.html"
        ]
    );
}

#[test]
fn implementation_code_is_computed() {
    let a = artifacts(&root("tests/bundle_catalog"));
    let m: serde_json::Value =
        serde_json::from_str(text(&a, "portal/matters/出生登记.json")).expect("json");
    // 公安局 11320402014118802C, 县级 → 4, 基本编码 000700102000.
    assert_eq!(m["implementation_code"], "11320402014118802C4000700102000");
    assert_eq!(m["document"], "matter");
}

#[test]
fn every_portal_file_validates_against_the_schema() {
    for catalog in [
        "catalogs",
        "tests/bundle_catalog",
        "tests/hostile/names",
        "tests/part_two_catalog",
    ] {
        let a = artifacts(&root(catalog));
        let schema: serde_json::Value =
            serde_json::from_str(text(&a, "portal/schema.json")).expect("schema");
        let validator = jsonschema::validator_for(&schema).expect("valid schema");
        let mut n = 0;
        for x in a
            .iter()
            .filter(|x| x.path.starts_with("portal/") && x.path != "portal/schema.json")
        {
            let doc: serde_json::Value = serde_json::from_slice(&x.bytes).expect("json");
            let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{catalog}/{}: {errors:?}", x.path);
            n += 1;
        }
        assert!(n >= 3, "{catalog}: only {n} portal files");
        // And the schema is not vacuous: a matter without its id fails.
        let mut broken: serde_json::Value = serde_json::from_slice(
            &a.iter()
                .find(|x| x.path.starts_with("portal/matters/"))
                .expect("a matter")
                .bytes,
        )
        .expect("json");
        if let Some(o) = broken.as_object_mut() {
            o.remove("id");
        }
        assert!(!validator.is_valid(&broken));
    }
}

#[test]
fn hostile_strings_are_escaped() {
    let a = artifacts(&root("tests/hostile/names"));
    let pages: Vec<&Artifact> = a
        .iter()
        .filter(|x| x.path.ends_with(".html") || x.path.ends_with(".md"))
        .collect();
    assert!(pages.len() >= 5);
    for page in pages {
        let t = std::str::from_utf8(&page.bytes).expect("utf-8");
        // Markdown escapes `<` as `\<`, a literal character; without those, no tag may remain.
        let md = page.path.ends_with(".md");
        let t = if md {
            t.replace("\\<", "")
        } else {
            t.to_string()
        };
        for bad in [
            "<script",
            "<img",
            "<iframe",
            "<svg onload",
            "<b onmouseover",
            "<textarea",
            "<style>body",
            "href=\"javascript:",
            "href=\"../javascript:",
        ] {
            // In Markdown an attribute is harmless text once its tag is escaped (checked above).
            if md && bad.starts_with("href") {
                assert!(!t.contains("<a "), "{}", page.path);
                continue;
            }
            assert!(!t.contains(bad), "{} contains {bad}", page.path);
        }
        if !md {
            assert!(t.contains("&lt;"), "{}", page.path);
        }
    }
    // Template syntax in data is printed, not run.
    assert!(text(&a, "guides/低保申请.html").contains("{{ 7*7 }}"));
}

#[test]
fn builds_are_deterministic() {
    let first = artifacts(&root("catalogs"));
    let second = artifacts(&root("catalogs"));
    assert_eq!(first, second);
    assert!(
        first
            .iter()
            .all(|a| !String::from_utf8_lossy(&a.bytes).contains("生成时间"))
    );
}

fn banshi(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run banshi")
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .expect("prefix")
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

#[test]
fn cli_builds_identical_trees() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        let o = banshi(&[
            "build",
            "tests/bundle_catalog",
            "--today",
            common::TODAY,
            "--out",
            out.to_str().expect("path"),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.len(), 27);
    assert_eq!(ta, tb);
    // The marker that lets the next build replace this folder, and nothing else.
    let marker = String::from_utf8_lossy(&ta[banshi::layout::MARKER]).into_owned();
    assert!(marker.starts_with("banshi-output: 1\n"), "{marker}");
    // No temporary directories are left next to the output.
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}

#[test]
fn a_catalog_with_errors_is_not_published() {
    let cat = common::catalog("visit_without_reason");
    let site = tempfile::tempdir().expect("tmp");
    let out = site.path().join("site");
    let o = banshi(&[
        "build",
        cat.path().to_str().expect("path"),
        "--today",
        common::TODAY,
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("visit-without-reason"));
    assert!(!out.exists());
}

/// `build --draft` (language §14): a catalog with errors is published, every page says it is a
/// draft and lists its own file's findings, every portal document says `"draft": true`, and
/// the exit code still says the catalog fails. A clean catalog is no draft, flag or not.
#[test]
fn a_draft_is_published_and_marked_on_every_page() {
    let cat = common::catalog("visit_without_reason");
    let site = tempfile::tempdir().expect("tmp");
    let out = site.path().join("site");
    let catalog = cat.path().to_str().expect("path");
    let path = out.to_str().expect("path");
    let o = banshi(&[
        "build",
        catalog,
        "--today",
        common::TODAY,
        "--out",
        path,
        "--draft",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("草稿（未通过检查）"));
    let files = tree(&out);
    let mut pages = 0;
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if name.ends_with(".html") || name.ends_with(".md") {
            assert!(text.contains("草稿（未通过检查）"), "{name}");
            pages += 1;
        }
        if name.starts_with("portal/") && !name.ends_with("schema.json") {
            let doc: serde_json::Value = serde_json::from_slice(bytes).expect("json");
            assert_eq!(doc["draft"], true, "{name}");
        }
    }
    assert!(pages >= 4);
    // The guide lists the finding of its own file, with the rule and the line.
    let guide = files
        .iter()
        .find(|(n, _)| n.starts_with("guides/") && n.ends_with(".html"))
        .map(|(_, b)| String::from_utf8_lossy(b).to_string())
        .expect("a guide");
    assert!(guide.contains("visit-without-reason（第 "), "{guide}");
    // The same catalog, fixed: the flag publishes an ordinary site.
    let clean = common::catalog("ok_complete_matter");
    let out2 = site.path().join("clean");
    let o = banshi(&[
        "build",
        clean.path().to_str().expect("path"),
        "--today",
        common::TODAY,
        "--out",
        out2.to_str().expect("path"),
        "--draft",
    ]);
    assert_eq!(o.status.code(), Some(0));
    for (name, bytes) in tree(&out2) {
        assert!(!String::from_utf8_lossy(&bytes).contains("草稿"), "{name}");
    }
}

#[test]
fn a_failing_template_leaves_the_previous_output() {
    let cat = common::catalog("ok_complete_matter");
    let site = tempfile::tempdir().expect("tmp");
    let out = site.path().join("site");
    let path = out.to_str().expect("path").to_string();
    let catalog = cat.path().to_str().expect("path").to_string();
    let ok = banshi(&["build", &catalog, "--today", common::TODAY, "--out", &path]);
    assert_eq!(ok.status.code(), Some(0));
    let before = tree(&out);
    // A house-style template with a misspelt field: strict undefined fails the build.
    std::fs::create_dir_all(cat.path().join("templates")).expect("mkdir");
    std::fs::write(
        cat.path().join("templates/guide.html"),
        "<h1>{{ matter.nmae }}</h1>",
    )
    .expect("write");
    let failed = banshi(&["build", &catalog, "--today", common::TODAY, "--out", &path]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("guide.html"));
    assert_eq!(tree(&out), before);
    // A correct override is used.
    std::fs::write(
        cat.path().join("templates/guide.html"),
        "<h1>本局样式：{{ matter.name }}</h1>\n",
    )
    .expect("write");
    let styled = banshi(&["build", &catalog, "--today", common::TODAY, "--out", &path]);
    assert_eq!(styled.status.code(), Some(0));
    let page = std::fs::read_to_string(out.join("guides/低保申请.html")).expect("page");
    assert_eq!(page, "<h1>本局样式：城乡居民最低生活保障申请</h1>\n");
}

#[test]
fn progress_counts_every_file_written() {
    for catalog in ["catalogs", "tests/bundle_catalog"] {
        let recorder = Recorder::default();
        let written = artifacts_with(&root(catalog), &recorder).len();
        let stages = recorder.stages.lock().expect("lock").clone();
        assert_eq!(
            stages,
            vec![(banshi::progress::Stage::Write, written)],
            "{catalog}"
        );
        assert_eq!(
            recorder.steps.load(std::sync::atomic::Ordering::Relaxed),
            written,
            "{catalog}"
        );
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_output_or_the_new_one_never_a_mix() {
    let tmp = tempfile::tempdir().expect("tmp");
    let cat = tmp.path().join("catalog");
    common::copy_dir(&root("catalogs"), &cat);
    let catalog = cat.to_str().expect("path").to_string();
    let out = tmp.path().join("site");
    let path = out.to_str().expect("path").to_string();
    let build = || banshi(&["build", &catalog, "--today", common::TODAY, "--out", &path]);
    assert_eq!(build().status.code(), Some(0));
    let old = tree(&out);
    // The next version changes every page (the catalog's name is in every footer).
    let config = std::fs::read_to_string(cat.join("banshi.yaml")).expect("config");
    std::fs::write(
        cat.join("banshi.yaml"),
        config.replacen("name: ", "name: 新版", 1),
    )
    .expect("write");
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_banshi"))
            .args(["build", &catalog, "--today", common::TODAY, "--out", &path])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn")
    };
    // How long a whole build takes here, to spread the kills over it.
    let started = std::time::Instant::now();
    assert!(spawn().wait().expect("wait").success());
    let whole = started.elapsed();
    let new = tree(&out);
    assert_ne!(old, new);
    // Back to the old output, then kill builds of the new version at moments spread over a
    // whole build: whenever the kill lands, the output is one version, complete.
    std::fs::write(cat.join("banshi.yaml"), &config).expect("write");
    assert_eq!(build().status.code(), Some(0));
    std::fs::write(
        cat.join("banshi.yaml"),
        config.replacen("name: ", "name: 新版", 1),
    )
    .expect("write");
    for step in 0..8u32 {
        let mut child = spawn();
        std::thread::sleep(whole * step / 7);
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&out);
        assert!(
            now == old || now == new,
            "a mixed output after a kill at step {step}"
        );
    }
    // The next build finishes and clears what the killed ones left behind.
    assert_eq!(build().status.code(), Some(0));
    assert_eq!(tree(&out), new);
    let hidden: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

/// `build CATALOG --out OUT` run in `cwd`.
fn build_in(cwd: &Path, catalog: &Path, out: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .current_dir(cwd)
        .args([
            "build",
            catalog.to_str().expect("path"),
            "--today",
            common::TODAY,
        ])
        .args(["--out", out])
        .env("NO_COLOR", "1")
        .output()
        .expect("run banshi")
}

fn refused(o: &std::process::Output, why: &str) {
    common::assert_exit(o, 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("不能把输出写到"), "{err}");
    assert!(err.contains(why), "{err}");
}

#[test]
fn build_replaces_only_an_empty_folder_or_its_own_earlier_output() {
    let tmp = tempfile::tempdir().expect("tmp");
    let base = tmp.path();
    let catalog = base.join("work/catalogs");
    std::fs::create_dir_all(&catalog).expect("mkdir");
    common::copy_dir(&root("tests/bundle_catalog"), &catalog);
    std::fs::write(base.join("work/notes.txt"), "我的笔记").expect("write");
    std::fs::create_dir_all(base.join("docs")).expect("mkdir");
    std::fs::write(base.join("docs/手册.md"), "# 手册").expect("write");
    std::fs::write(base.join("a-file"), "x").expect("write");
    let everything = tree(base);
    let cases = [
        (base.to_path_buf(), "work/catalogs", "这就是事项目录本身"),
        (base.to_path_buf(), "work/catalogs/site", "在事项目录之内"),
        (
            base.to_path_buf(),
            "work/catalogs/a/b/../site",
            "在事项目录之内",
        ),
        (base.to_path_buf(), "work", "包含事项目录"),
        (base.join("work"), ".", "包含事项目录"),
        (base.join("docs"), ".", "当前所在的文件夹"),
        (base.to_path_buf(), "docs", "没有 .banshi-output 标记"),
        (base.to_path_buf(), "a-file", "不是文件夹"),
    ];
    for (cwd, out, why) in cases {
        let o = build_in(&cwd, &catalog, out);
        refused(&o, why);
        assert_eq!(tree(base), everything, "--out {out} in {}", cwd.display());
    }
    // An empty folder is taken, marked, and replaced by the next build; a folder another
    // program filled since is not.
    std::fs::create_dir_all(base.join("site")).expect("mkdir");
    common::assert_exit(&build_in(base, &catalog, "site"), 0);
    assert!(base.join("site/.banshi-output").is_file());
    assert!(base.join("site/index.html").is_file());
    common::assert_exit(&build_in(base, &catalog, "site"), 0);
    std::fs::write(base.join("site/.banshi-output"), "别的程序\n").expect("write");
    refused(
        &build_in(base, &catalog, "site"),
        "没有 .banshi-output 标记",
    );
    assert!(base.join("site/index.html").is_file());
    // A link to an output is not followed.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(base.join("docs"), base.join("link")).expect("link");
        refused(&build_in(base, &catalog, "link"), "符号链接");
        assert!(base.join("docs/手册.md").is_file());
    }
}

#[test]
fn a_sample_named_like_a_generated_page_is_refused_and_never_published() {
    let cat = common::catalog("ok_complete_matter");
    std::fs::write(cat.path().join("index.html"), "<h1>不是网站首页</h1>").expect("write");
    let spec = std::fs::read_to_string(cat.path().join("input.banshi")).expect("read");
    let spec = spec.replace("forms/低保申请书.docx", "index.html");
    std::fs::write(cat.path().join("input.banshi"), spec).expect("write");
    let site = tempfile::tempdir().expect("tmp");
    let out = site.path().join("site");
    let o = build_in(site.path(), cat.path(), "site");
    common::assert_exit(&o, 1);
    assert!(String::from_utf8_lossy(&o.stdout).contains("sample-collides-with-output"));
    assert!(!out.exists());
}

#[test]
fn every_published_path_is_one_the_layout_claims() {
    // `sample-collides-with-output` keeps samples out of what `layout` lists: a page the
    // publisher writes anywhere else could be replaced by a sample.
    let site = tempfile::tempdir().expect("tmp");
    let o = build_in(site.path(), &root("catalogs"), "site");
    common::assert_exit(&o, 0);
    let files = tree(&site.path().join("site"));
    let samples: Vec<&String> = files
        .keys()
        .filter(|p| banshi::layout::claimed(p).is_none())
        .collect();
    // What is left can only be samples copied from the catalog, under their own folder.
    assert!(files.contains_key("index.html"));
    assert!(
        samples.iter().all(|p| p.starts_with("forms/")),
        "{samples:?}"
    );
}
