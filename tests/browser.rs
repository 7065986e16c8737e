//! The published pages in a real browser: at a phone's width (375 px) and a desktop's
//! (1280 px) no page is wider than the window, so nobody has to scroll sideways to read a
//! guide. Measured in headless Chromium, which also leaves screenshots under
//! `target/browser-screenshots/` for a person to look at.
//!
//! Needs Chromium (and Noto CJK, so Chinese is laid out with the fonts readers have); without
//! it the tests are skipped with a note, except on CI (`CI=true`), where they fail.
// Test helpers may panic: that is the test failing, with its message.
// Measured widths go to stderr, shown with --nocapture.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::browser;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A phone held upright (iPhone SE to 13 mini, most Android phones are 360–412) and a laptop.
const WIDTHS: [u32; 2] = [375, 1280];

fn in_crate(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Builds `catalog` with the real binary into `tmp/<name>`.
fn build(tmp: &Path, catalog: &Path, name: &str) -> PathBuf {
    let site = tmp.join(name);
    let out = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .arg("build")
        .arg(catalog)
        .args(["--today", common::TODAY, "--out"])
        .arg(&site)
        .env("NO_COLOR", "1")
        .output()
        .expect("run banshi");
    common::assert_exit(&out, 0);
    site
}

/// The pages to look at, relative to the site: the guide with the most materials (the widest
/// table), the largest guide (flow chart and step table too), that guide's checklist, the
/// largest bundle guide, and the index. Chosen from the build, so the test follows the catalog.
fn pages(site: &Path) -> Vec<String> {
    let mut most_materials: Option<(usize, String)> = None;
    for entry in std::fs::read_dir(site.join("portal/matters")).expect("portal matters") {
        let path = entry.expect("entry").path();
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        let n = doc["materials"].as_array().map_or(0, Vec::len);
        let id = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        // Ties go to the first name, so the choice does not depend on the order of read_dir.
        if most_materials
            .as_ref()
            .is_none_or(|(m, i)| n > *m || (n == *m && id < *i))
        {
            most_materials = Some((n, id));
        }
    }
    let (_, most) = most_materials.expect("a matter");
    let largest = |dir: &str| -> String {
        let mut files: Vec<(u64, String)> = std::fs::read_dir(site.join(dir))
            .expect(dir)
            .map(|e| e.expect("entry"))
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                let size = e.metadata().expect("metadata").len();
                (size, e.file_name().to_string_lossy().into_owned())
            })
            .collect();
        files.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        format!("{dir}/{}", files[0].1)
    };
    let big_guide = largest("guides");
    let checklist = big_guide.replacen("guides/", "checklists/", 1);
    let mut pages = vec![
        format!("guides/{most}.html"),
        big_guide,
        checklist,
        largest("bundles"),
        "index.html".to_string(),
    ];
    pages.dedup();
    pages
}

/// The name of the wrapper's own overflowing page.
const CANARY: &str = "canary";

/// One page measured at one width: the document's `scrollWidth` against its `clientWidth`, and
/// when it overflows, the innermost elements that stick out.
#[derive(Debug, serde::Deserialize)]
struct Measure {
    page: String,
    width: u32,
    #[serde(rename = "scrollWidth")]
    scroll_width: u32,
    #[serde(rename = "clientWidth")]
    client_width: u32,
    offenders: Vec<String>,
}

/// The shipped catalog's [`pages`] under `site/`, and every guide of `tests/part_two_catalog`
/// under `part_two/`: it has what the shipped catalog lacks (a 网办地址 link, a 样表 link, fee
/// tables, 办理情形). Its 网办地址 is made as long as real ones are (a query string of codes,
/// nowhere to break a line), which a phone must wrap. Paths relative to `tmp`.
fn all_pages(tmp: &Path) -> Vec<String> {
    let site = build(tmp, &in_crate("catalogs"), "site");
    let mut all: Vec<String> = pages(&site).iter().map(|p| format!("site/{p}")).collect();
    let source = tmp.join("part_two_catalog");
    std::fs::create_dir_all(&source).expect("mkdir");
    common::copy_dir(&in_crate("tests/part_two_catalog"), &source);
    let spec = source.join("居民身份证.banshi");
    let text = std::fs::read_to_string(&spec).expect("read spec");
    let long = "https://zwfw.changzhou.gov.cn/jsjis/front/transition/transition.do?\
                ywlxbm=32040200000000000000000000000001&sxbm=11320402014113065A4000122002000";
    assert!(
        text.contains("\"https://www.gov.cn/\""),
        "the spec's 网办地址 moved"
    );
    std::fs::write(&spec, text.replace("https://www.gov.cn/", long)).expect("write spec");
    let part_two = build(tmp, &source, "part_two");
    let mut guides: Vec<String> = std::fs::read_dir(part_two.join("guides"))
        .expect("part two guides")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .map(|n| format!("part_two/guides/{n}"))
        .collect();
    guides.sort();
    all.extend(guides);
    all
}

/// The test page: every page in an `<iframe>` of each exact width (an iframe lays its document
/// out at its own width, as a phone does at `width=device-width`), and a script that measures
/// each document once it and its fonts have loaded. The results go into the DOM, where
/// `--dump-dom` prints them; nothing is injected into the published pages themselves.
fn wrapper(pages: &[String]) -> String {
    // A page known to be too wide, so that a measurement that always says "fits" fails.
    let mut frames = format!(
        "<iframe data-page=\"{CANARY}\" data-width=\"375\" \
         srcdoc=\"&lt;div class=wide style='width:600px'&gt;宽&lt;/div&gt;\" \
         style=\"width:375px;height:200px;border:0;display:block\"></iframe>\n"
    );
    for page in pages {
        for w in WIDTHS {
            // Tall enough that no page needs a vertical scrollbar, which would narrow it.
            frames.push_str(&format!(
                "<iframe data-page=\"{page}\" data-width=\"{w}\" src=\"{}\" \
                 style=\"width:{w}px;height:30000px;border:0;display:block\"></iframe>\n",
                page.split('/')
                    .map(|s| percent_encoding::utf8_percent_encode(
                        s,
                        percent_encoding::NON_ALPHANUMERIC
                    )
                    .to_string())
                    .collect::<Vec<_>>()
                    .join("/")
            ));
        }
    }
    format!(
        r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>overflow</title></head>
<body style="margin:0">
<pre id="results"></pre>
{frames}<script>
// Elements that reach past the right edge, innermost first: the ones to fix. Content inside
// a box that scrolls or clips sideways is that box's business, not the page's.
function offenders(doc) {{
  const width = doc.documentElement.clientWidth;
  const out = [];
  for (const el of doc.body.querySelectorAll('*')) {{
    const r = el.getBoundingClientRect();
    if (r.right <= width + 0.5) continue;
    let clipped = false;
    for (let p = el.parentElement; p && p !== doc.body; p = p.parentElement) {{
      const ox = doc.defaultView.getComputedStyle(p).overflowX;
      if (ox !== 'visible') {{ clipped = true; break; }}
    }}
    if (clipped) continue;
    const inner = [...el.children].some(c => c.getBoundingClientRect().right > width + 0.5);
    if (inner) continue;
    const cls = el.getAttribute('class');
    const text = (el.textContent || '').trim().slice(0, 30);
    out.push(el.tagName.toLowerCase() + (cls ? '.' + cls.split(/\s+/).join('.') : '') +
      ' right=' + Math.round(r.right) + ' "' + text + '"');
    if (out.length >= 8) break;
  }}
  return out;
}}
const frames = [...document.querySelectorAll('iframe')];
const results = [];
function measure(f) {{
  const doc = f.contentDocument;
  const root = doc.documentElement;
  results.push({{
    page: f.dataset.page,
    width: +f.dataset.width,
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    offenders: root.scrollWidth > root.clientWidth ? offenders(doc) : [],
  }});
  if (results.length === frames.length) {{
    // Percent-encoded so the dump's HTML escaping cannot touch it.
    document.getElementById('results').textContent =
      'RESULTS ' + encodeURIComponent(JSON.stringify(results)) + ' END';
  }}
}}
for (const f of frames) {{
  const go = () => f.contentDocument.fonts.ready.then(() => measure(f));
  if (f.contentDocument && f.contentDocument.readyState === 'complete' &&
      f.contentDocument.URL !== 'about:blank') go();
  else f.addEventListener('load', go, {{ once: true }});
}}
</script>
</body></html>
"#
    )
}

fn parse(dump: &str) -> Option<Vec<Measure>> {
    let start = dump.find("RESULTS ")? + "RESULTS ".len();
    let end = start + dump[start..].find(" END")?;
    let json = percent_encoding::percent_decode_str(&dump[start..end])
        .decode_utf8()
        .ok()?;
    serde_json::from_str(&json).ok()
}

#[test]
fn pages_fit_phone_and_desktop_widths() {
    let Some(chromium) = browser::require("pages_fit_phone_and_desktop_widths") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let pages = all_pages(tmp.path());
    let wrapper_path = tmp.path().join("overflow.html");
    std::fs::write(&wrapper_path, wrapper(&pages)).expect("write wrapper");
    let url = browser::file_url(&wrapper_path);
    // One retry: a browser killed for hanging, or a dump taken before the frames had loaded,
    // on a loaded machine says nothing about the CSS.
    let mut measured = None;
    let mut last = None;
    for _ in 0..2 {
        let run = browser::headless(&chromium, &dump_args(&url), browser::TIMEOUT);
        if run.status.is_some() {
            measured = parse(&run.stdout);
        }
        last = Some(run);
        if measured.is_some() {
            break;
        }
    }
    let run = last.expect("ran the browser");
    run.expect_success("measuring overflow");
    let measures = measured.unwrap_or_else(|| {
        let tail: String = run.stdout.chars().rev().take(2000).collect();
        panic!(
            "no measurements in the dumped DOM (did the iframes load?)\nstdout tail:\n{}\nstderr:\n{}",
            tail.chars().rev().collect::<String>(),
            run.stderr
        )
    });
    let (canary, mut measures): (Vec<Measure>, Vec<Measure>) =
        measures.into_iter().partition(|m| m.page == CANARY);
    // The frames report in the order they finished loading.
    measures.sort_by(|a, b| (&a.page, a.width).cmp(&(&b.page, b.width)));
    assert!(
        canary.len() == 1
            && canary[0].scroll_width >= 600
            && canary[0]
                .offenders
                .iter()
                .any(|o| o.starts_with("div.wide")),
        "the overflowing test page was not measured as overflowing: {canary:?}"
    );
    assert_eq!(measures.len(), pages.len() * WIDTHS.len(), "{measures:?}");
    let mut problems = Vec::new();
    for m in &measures {
        eprintln!(
            "{} at {} px: scrollWidth {} clientWidth {}",
            m.page, m.width, m.scroll_width, m.client_width
        );
        // The document was laid out at the width asked for, with no scrollbar taking a part.
        assert_eq!(m.client_width, m.width, "{m:?}");
        if m.scroll_width > m.client_width {
            problems.push(format!(
                "{} at {} px is {} px wide:\n    {}",
                m.page,
                m.width,
                m.scroll_width,
                m.offenders.join("\n    ")
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "pages wider than the window (readers would scroll sideways):\n{}",
        problems.join("\n")
    );
}

fn dump_args(url: &str) -> Vec<&str> {
    vec![
        "--hide-scrollbars",
        // The wrapper reads the documents of its iframes, which are files too.
        "--allow-file-access-from-files",
        // Lets the pages load and lay out before the DOM is printed, without a real wait.
        "--virtual-time-budget=5000",
        "--dump-dom",
        url,
    ]
}

/// Screenshots at both widths, for a person to look at; the test checks only that each is an
/// image of the width asked for, i.e. that the page was rendered at that width.
#[test]
fn screenshots_at_phone_and_desktop_width() {
    let Some(chromium) = browser::require("screenshots_at_phone_and_desktop_width") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let site = build(tmp.path(), &in_crate("catalogs"), "site");
    let dest = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .join("browser-screenshots");
    std::fs::create_dir_all(&dest).expect("mkdir screenshots");
    for page in pages(&site) {
        let stem = page.trim_end_matches(".html").replace('/', "-");
        let url = browser::file_url(&site.join(&page));
        for w in WIDTHS {
            let png = dest.join(format!("{stem}-{w}.png"));
            let _ = std::fs::remove_file(&png);
            let size = format!("--window-size={w},2000");
            let shot = format!("--screenshot={}", png.display());
            let args = ["--hide-scrollbars", &size, &shot, &url];
            let mut run = browser::headless(&chromium, &args, browser::TIMEOUT);
            if run.status.is_none() {
                run = browser::headless(&chromium, &args, browser::TIMEOUT);
            }
            run.expect_success(&format!("screenshot of {page} at {w} px"));
            let bytes = std::fs::read(&png)
                .unwrap_or_else(|e| panic!("no screenshot {}: {e}", png.display()));
            assert_eq!(
                browser::png_size(&bytes),
                Some((w, 2000)),
                "{}",
                png.display()
            );
        }
    }
    eprintln!("screenshots in {}", dest.display());
}

#[test]
fn png_size_reads_the_header() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&375u32.to_be_bytes());
    png.extend_from_slice(&2000u32.to_be_bytes());
    assert_eq!(browser::png_size(&png), Some((375, 2000)));
    assert_eq!(browser::png_size(b"GIF89a"), None);
}

/// A browser that hangs is killed at the timeout together with the processes it started, and
/// the run returns instead of waiting on them (their open pipes included).
#[test]
fn a_hung_browser_and_its_helpers_are_killed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let fake = tmp.path().join("chromium");
    let helper_pid = tmp.path().join("helper.pid");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nsleep 600 &\necho $! > '{}'\necho started\nsleep 600\n",
            helper_pid.display()
        ),
    )
    .expect("write fake browser");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let run = browser::headless(&fake, &[], std::time::Duration::from_secs(2));
    assert!(run.status.is_none(), "{run:?}");
    assert_eq!(run.stdout.trim(), "started");
    let pid: i32 = std::fs::read_to_string(&helper_pid)
        .expect("helper pid")
        .trim()
        .parse()
        .expect("pid");
    // Killed within a few seconds even on a loaded machine. A zombie counts as gone: whether
    // it is reaped soon is up to the init of the machine, not to the helper.
    let gone = (0..100).any(|_| {
        // SAFETY: signal 0 only asks whether the process exists.
        let exists = unsafe { libc::kill(pid, 0) } == 0;
        let zombie = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| rest.starts_with('Z')))
            .unwrap_or(false);
        let alive = exists && !zombie;
        if alive {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        !alive
    });
    assert!(gone, "helper {pid} still running");
}
