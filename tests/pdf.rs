//! `build --pdf` in a real headless Chromium: the printed guides, checklists and booklets are
//! read back with poppler's tools (pdfinfo, pdffonts, pdftotext) and checked for what a print
//! shop checks — page count, A4, no text outside the page, a real embedded CJK font — and for
//! what the booklet promises: a cover without a page number, a running header, and a table of
//! contents whose page numbers lead to the guides.
//!
//! Needs Chromium, a CJK font and poppler-utils (`.ci/run` installs them on Debian). Without
//! them the browser tests are skipped with a note, except under `CI=true`, where they fail:
//! CI must not pass by skipping.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const A4: (f64, f64) = (595.0, 842.0);

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_banshi")
}

/// The shipped catalog cut down to one department, so that the test prints a dozen pages, not
/// hundreds: its registries, its `banshi.yaml` (edition and date) and the 公安局 folder.
fn small_catalog() -> tempfile::TempDir {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogs");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(shipped.join("banshi.yaml"), tmp.path().join("banshi.yaml")).unwrap();
    for dir in ["registry", "公安局"] {
        std::fs::create_dir_all(tmp.path().join(dir)).unwrap();
        common::copy_dir(&shipped.join(dir), &tmp.path().join(dir));
    }
    tmp
}

/// poppler's tools and a CJK font with TrueType outlines (what the print stylesheet puts
/// first), or a skip note; on CI their absence fails the test, as a missing browser does.
fn print_tools_present(test: &str) -> bool {
    let poppler = ["pdfinfo", "pdffonts", "pdftotext"]
        .iter()
        .all(|tool| Command::new(tool).arg("-v").output().is_ok());
    let fonts = Command::new("fc-list")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("WenQuanYi Micro Hei"));
    if poppler && fonts {
        return true;
    }
    let what = "poppler-utils or fonts-wqy-microhei is missing: \
                apt-get install poppler-utils fonts-wqy-microhei";
    assert!(
        !common::browser::on_ci(),
        "{test}: {what}; CI=true, so this fails"
    );
    common::browser::skip_note(test, what);
    false
}

fn run(tool: &str, args: &[&str], file: &Path) -> String {
    let mut command = Command::new(tool);
    command.args(args).arg(file);
    // pdftotext writes beside the PDF unless told to write to standard output.
    if tool == "pdftotext" {
        command.arg("-");
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{tool} {file:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn page_count(pdf: &Path) -> usize {
    let info = run("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap()
}

/// Each page's size in points, from `pdfinfo -f 1 -l N`.
fn page_sizes(pdf: &Path, pages: usize) -> Vec<(f64, f64)> {
    let info = run("pdfinfo", &["-f", "1", "-l", &pages.to_string()], pdf);
    info.lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let nums: Vec<f64> = l
                .split_once("size:")
                .unwrap()
                .1
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (nums[0], nums[1])
        })
        .collect()
}

/// Every word outside its page's box, from `pdftotext -bbox` (an XHTML listing of each page's
/// size and each word's box).
fn words_outside(pdf: &Path) -> Vec<String> {
    let xml = run("pdftotext", &["-bbox"], pdf);
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        let at = tag.find(&key).unwrap() + key.len();
        tag[at..tag[at..].find('"').unwrap() + at].parse().unwrap()
    };
    let mut outside = Vec::new();
    let (mut width, mut height) = (0.0, 0.0);
    for (n, piece) in xml.split('<').enumerate() {
        if piece.starts_with("page ") {
            width = attr(piece, "width");
            height = attr(piece, "height");
        } else if piece.starts_with("word ") {
            let (x0, y0, x1, y1) = (
                attr(piece, "xMin"),
                attr(piece, "yMin"),
                attr(piece, "xMax"),
                attr(piece, "yMax"),
            );
            // Half a point of tolerance for rounding in the listing.
            if x0 < -0.5 || y0 < -0.5 || x1 > width + 0.5 || y1 > height + 0.5 {
                let text = piece.split_once('>').map_or("", |(_, t)| t);
                outside.push(format!(
                    "#{n} {text} [{x0},{y0},{x1},{y1}] on {width}x{height}"
                ));
            }
        }
    }
    outside
}

fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    run("pdftotext", &["-layout", "-f", &n, "-l", &n], pdf)
        .trim_end()
        .to_string()
}

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

/// The print checks every PDF must pass, with the page-count bounds of its kind.
fn check_print(pdf: &Path, pages: std::ops::RangeInclusive<usize>) {
    let n = page_count(pdf);
    assert!(pages.contains(&n), "{pdf:?}: {n} pages, expected {pages:?}");
    for (w, h) in page_sizes(pdf, n) {
        assert!(
            (w - A4.0).abs() < 1.0 && (h - A4.1).abs() < 1.0,
            "{pdf:?}: page {w}x{h} is not A4"
        );
    }
    let outside = words_outside(pdf);
    assert!(
        outside.is_empty(),
        "{pdf:?}: text outside the page: {outside:?}"
    );
    let fonts = run("pdffonts", &[], pdf);
    assert!(!fonts.contains("Type 3"), "{pdf:?}: Type 3 fonts:\n{fonts}");
    let cjk = fonts.lines().skip(2).any(|l| {
        let cols: Vec<&str> = l.split_whitespace().collect();
        let name = cols.first().copied().unwrap_or("");
        [
            "WenQuanYi",
            "NotoSansCJK",
            "NotoSerifCJK",
            "SourceHan",
            "MicrosoftYaHei",
            "SimSun",
            "PingFang",
        ]
        .iter()
        .any(|f| name.contains(f))
            && l.contains(" yes ")
    });
    assert!(cjk, "{pdf:?}: no embedded CJK font:\n{fonts}");
}

#[test]
fn printed_guides_checklists_and_booklets_pass_print_checks() {
    const TEST: &str = "printed_guides_checklists_and_booklets_pass_print_checks";
    let Some(chromium) = common::browser::require(TEST) else {
        return;
    };
    if !print_tools_present(TEST) {
        return;
    }
    let catalog = small_catalog();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    let build = Command::new(bin())
        .env("BANSHI_CHROMIUM", &chromium)
        .args(["build", "-q", "--pdf", "--out"])
        .arg(&out)
        .arg(catalog.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "build --pdf failed: {stderr}");

    let guides = pdfs(&out.join("guides"));
    let checklists = pdfs(&out.join("checklists"));
    let booklets = pdfs(&out.join("booklets"));
    // One PDF beside every printed HTML page.
    for (dir, printed) in [
        ("guides", &guides),
        ("checklists", &checklists),
        ("booklets", &booklets),
    ] {
        let pages = std::fs::read_dir(out.join(dir))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "html")
            })
            .count();
        assert_eq!(printed.len(), pages, "{dir}: a PDF per page");
    }
    assert_eq!(booklets.len(), 2, "公安局 and 全部事项: {booklets:?}");
    for g in &guides {
        check_print(g, 1..=8);
    }
    for c in &checklists {
        check_print(c, 1..=3);
    }
    let guide_pages: usize = guides
        .iter()
        .filter(|g| !g.file_stem().unwrap().to_string_lossy().contains('.'))
        .map(|g| page_count(g))
        .sum();

    let booklet = out.join("booklets/公安局.pdf");
    // Cover and contents, then every guide from a new page: as many pages as the guides
    // printed alone, give or take the last lines of a guide that fit a page differently.
    check_print(&booklet, guide_pages + 2 - 3..=guide_pages + 2 + 3);

    let cover = page_text(&booklet, 1);
    for expected in [
        "常州市天宁区政务服务事项目录",
        "常州市公安局天宁分局办事指南汇编",
        "2026年第1版",
        "2026年12月7日",
    ] {
        assert!(cover.contains(expected), "cover lacks {expected}:\n{cover}");
    }
    let total = page_count(&booklet);
    assert!(
        !cover.contains(&format!("/ {total}")),
        "the cover has a page number:\n{cover}"
    );

    // Every entry of the table of contents names the page where its guide's title stands.
    let contents = page_text(&booklet, 2);
    assert!(contents.contains("目录"), "{contents}");
    let html = std::fs::read_to_string(out.join("booklets/公安局.html")).unwrap();
    let titles: Vec<&str> = html
        .split("<span class=\"toc-name\">")
        .skip(1)
        .map(|s| s.split_once('<').unwrap().0)
        .collect();
    assert_eq!(
        titles.len(),
        guides
            .iter()
            .filter(|g| !g.file_stem().unwrap().to_string_lossy().contains('.'))
            .count()
    );
    for title in &titles {
        let line = contents
            .lines()
            .find(|l| l.trim_start().starts_with(title))
            .unwrap_or_else(|| panic!("{title} not in the contents:\n{contents}"));
        let page: usize = line
            .split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no page number for {title}: {line}"));
        let text = page_text(&booklet, page);
        let first_lines: String = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            first_lines.contains(title),
            "page {page} does not begin {title}:\n{first_lines}"
        );
        // The running header and the page number, set by the booklet's own stylesheet.
        assert!(
            text.lines()
                .next()
                .unwrap()
                .contains("常州市天宁区政务服务事项目录 · 常州市公安局天宁分局办事指南汇编"),
            "page {page} has no running header:\n{first_lines}"
        );
        assert!(
            text.contains(&format!("{page} / {total}")),
            "page {page} has no page number"
        );
    }
    // The numbered copy printed for the PDF does not stay in the site.
    let leftovers: Vec<_> = std::fs::read_dir(out.join("booklets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The HTML booklet itself keeps blank page numbers: they belong to this print only.
    assert!(html.contains("data-for=") && !html.contains("\">3</span>"));
}

#[test]
fn no_browser_is_a_clear_error_before_anything_is_built() {
    let catalog = small_catalog();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    let build = Command::new(bin())
        .env("BANSHI_CHROMIUM", catalog.path().join("没有这个浏览器"))
        .args(["build", "--pdf", "--out"])
        .arg(&out)
        .arg(catalog.path())
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        stderr.contains("未找到 Chromium") && stderr.contains("BANSHI_CHROMIUM"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[cfg(unix)]
#[test]
fn a_failing_browser_leaves_the_previous_output_as_it_was() {
    let catalog = small_catalog();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    let first = Command::new(bin())
        .args(["build", "-q", "--out"])
        .arg(&out)
        .arg(catalog.path())
        .output()
        .unwrap();
    assert!(first.status.success());
    let before = std::fs::read(out.join("index.html")).unwrap();
    let build = Command::new(bin())
        .env("BANSHI_CHROMIUM", "/bin/false")
        .args(["build", "-q", "--pdf", "--out"])
        .arg(&out)
        .arg(catalog.path())
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        stderr.contains("无法生成 PDF") && stderr.contains("浏览器异常退出"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), before);
    assert!(pdfs(&out.join("guides")).is_empty());
    // No scratch folder of the failed build is left beside the output.
    let siblings: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("banshi-new"))
        .collect();
    assert!(siblings.is_empty(), "{siblings:?}");
}
