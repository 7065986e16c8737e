//! `build --pdf`: every guide, checklist and booklet of the built site printed to PDF by a headless
//! Chromium, which lays out the pages with the booklet's own print stylesheet (A4, running
//! header, page numbers). banshi has no layout engine of its own: a browser is what the
//! publishers' staff print the HTML pages with, so the PDF matches what they would get.
//!
//! A booklet is printed twice. Its table of contents names the page on which each guide
//! begins, and that is known only once the browser has laid the booklet out: the first print
//! is read back (where each link of the table of contents leads), the numbers are written into
//! a copy of the booklet, and the copy is printed. Should the numbers move the guides (a table
//! of contents that grew by a line), it is done again, at most [`MAX_PASSES`] times.

use crate::emit::view::booklet::fill_page_numbers;
use crate::error::Error;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Where to look for a browser when `BANSHI_CHROMIUM` does not say: the names Debian, Fedora,
/// Arch, Homebrew and the vendors' packages install.
const BROWSERS: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "msedge",
];

/// Absolute paths tried after `PATH`: the browsers of a macOS or Windows machine are not on it.
const BROWSER_PATHS: &[&str] = &[
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
];

/// A page the browser has not printed within this time is given up on (a hung browser must not
/// hang a CI job). Generous: a booklet of hundreds of guides takes a while on a busy machine.
const TIMEOUT: Duration = Duration::from_secs(180);

/// How often one page is tried before the build fails.
const ATTEMPTS: usize = 2;

/// Printing a booklet again is needed only if filling in its page numbers moved its pages.
const MAX_PASSES: usize = 3;

/// The folders of the site whose pages are printed: the guides, the one-time checklists a
/// window hands out on paper, and the booklets.
const PRINTED: &[&str] = &["guides", "checklists", "booklets"];

/// What is told when no browser is found: how to get one, and how to name one.
pub const NO_BROWSER: &str = "未找到 Chromium：--pdf 需要无头模式的 Chromium、Google Chrome 或 Microsoft Edge。\
Debian/Ubuntu 上运行「apt-get install chromium fonts-wqy-microhei fonts-noto-cjk」安装；\
已安装在别处时，用环境变量 BANSHI_CHROMIUM 指明程序路径";

pub struct Browser {
    exe: PathBuf,
}

impl Browser {
    /// `BANSHI_CHROMIUM`, else the first known browser on `PATH` or in its usual place.
    pub fn find() -> Option<Browser> {
        if let Some(exe) = std::env::var_os("BANSHI_CHROMIUM").filter(|v| !v.is_empty()) {
            let exe = PathBuf::from(exe);
            return exe.is_file().then_some(Browser { exe });
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        for dir in std::env::split_paths(&path) {
            for name in BROWSERS {
                for candidate in [dir.join(name), dir.join(format!("{name}.exe"))] {
                    if candidate.is_file() {
                        return Some(Browser { exe: candidate });
                    }
                }
            }
        }
        BROWSER_PATHS
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
            .map(|exe| Browser { exe })
    }

    /// Prints one page. The browser gets a profile of its own, removed afterwards, and none of
    /// its network services: the pages are local files, and on a closed network the browser's
    /// attempts to reach its vendor only slow it down.
    fn print(&self, page: &Path, pdf: &Path) -> Result<(), Error> {
        let mut attempt = 0;
        loop {
            let profile = scratch_dir()?;
            let result = self.print_with(page, pdf, &profile);
            let _ = std::fs::remove_dir_all(&profile);
            attempt += 1;
            // A browser that crashes now and then on a busy machine (seen: SIGTRAP from one
            // of two parallel prints) is given another chance; a page that fails twice is an
            // error.
            if result.is_ok() || attempt == ATTEMPTS {
                return result;
            }
            let _ = std::fs::remove_file(pdf);
        }
    }

    fn print_with(&self, page: &Path, pdf: &Path, profile: &Path) -> Result<(), Error> {
        let failed = |reason: String| Error::Pdf {
            path: pdf.to_path_buf(),
            reason,
        };
        let mut command = Command::new(&self.exe);
        command.args([
            "--headless",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-pdf-header-footer",
        ]);
        // Chromium refuses to run as root with its sandbox (a container, a CI job); the pages
        // it opens are banshi's own output.
        if running_as_root() {
            command.arg("--no-sandbox");
        }
        command
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(file_url(page))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().map_err(|e| {
            failed(format!(
                "无法启动「{}」：{}",
                crate::escape::path(&self.exe),
                crate::os_error::describe(&e)
            ))
        })?;
        // The browser's chatter on stderr is read on a thread of its own, so that a full pipe
        // cannot stall it; it is shown only when printing fails.
        let stderr = child.stderr.take();
        let chatter = std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut s) = stderr {
                let _ = std::io::Read::read_to_string(&mut s, &mut text);
            }
            text
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if started.elapsed() > TIMEOUT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(25)),
                Err(e) => return Err(failed(crate::os_error::describe(&e))),
            }
        };
        let chatter = chatter.join().unwrap_or_default();
        let last_lines = || {
            // Chromium always complains that it finds no D-Bus; that says nothing of the failure.
            let lines: Vec<&str> = chatter
                .lines()
                .filter(|l| !l.contains("dbus") && !l.trim().is_empty())
                .rev()
                .take(3)
                .collect();
            let text = lines.into_iter().rev().collect::<Vec<_>>().join(" / ");
            crate::escape::terminal(&text).into_owned()
        };
        match status {
            None => Err(failed(format!(
                "浏览器 {} 秒内未完成打印，已终止",
                TIMEOUT.as_secs()
            ))),
            Some(s) if !s.success() => {
                Err(failed(format!("浏览器异常退出（{s}）：{}", last_lines())))
            }
            Some(_) => match std::fs::read(pdf) {
                Ok(bytes) if bytes.starts_with(b"%PDF-") => Ok(()),
                _ => Err(failed(format!("浏览器没有写出 PDF 文件：{}", last_lines()))),
            },
        }
    }
}

/// Prints the guides, checklists and booklets of the site at `root` (a folder banshi has just built) next to
/// their HTML pages. Returns how many PDF files were written, and their bytes.
pub fn print_site(
    browser: &Browser,
    root: &Path,
    progress: &dyn crate::progress::Progress,
) -> Result<(usize, u64), Error> {
    let root = std::path::absolute(root).map_err(|e| Error::Io {
        path: root.to_path_buf(),
        source: e,
    })?;
    let mut pages = Vec::new();
    for folder in PRINTED {
        let dir = root.join(folder);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry
                .map_err(|e| Error::Io {
                    path: dir.clone(),
                    source: e,
                })?
                .path();
            if path.extension().is_some_and(|e| e == "html") {
                pages.push((*folder, path));
            }
        }
    }
    pages.sort();
    progress.stage(crate::progress::Stage::Print, pages.len());
    let bytes: Vec<u64> = pages
        .par_iter()
        .map(|(folder, page)| {
            let pdf = page.with_extension("pdf");
            if *folder == "booklets" {
                print_booklet(browser, page, &pdf)?;
            } else {
                browser.print(page, &pdf)?;
            }
            progress.advance(1);
            Ok(std::fs::metadata(&pdf).map_or(0, |m| m.len()))
        })
        .collect::<Result<_, Error>>()?;
    Ok((bytes.len(), bytes.iter().sum()))
}

fn print_booklet(browser: &Browser, page: &Path, pdf: &Path) -> Result<(), Error> {
    let failed = |reason: String| Error::Pdf {
        path: pdf.to_path_buf(),
        reason,
    };
    let html = std::fs::read_to_string(page).map_err(|e| Error::Io {
        path: page.to_path_buf(),
        source: e,
    })?;
    browser.print(page, pdf)?;
    let mut pages = read_pages(pdf).map_err(&failed)?;
    // The numbered copy sits beside the booklet, so that its links to the stylesheet resolve;
    // its name cannot be a booklet's (a dot is no department id's first character).
    let copy = page.with_file_name(format!(
        ".{}.print.html",
        page.file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    ));
    let result = (|| {
        for _ in 0..MAX_PASSES {
            let numbered = fill_page_numbers(&html, &pages);
            std::fs::write(&copy, numbered).map_err(|e| Error::Io {
                path: copy.clone(),
                source: e,
            })?;
            browser.print(&copy, pdf)?;
            let now = read_pages(pdf).map_err(&failed)?;
            if now == pages {
                return Ok(());
            }
            pages = now;
        }
        Err(failed(
            "填入目录页码后页面一再移动，页码无法确定".to_string(),
        ))
    })();
    let _ = std::fs::remove_file(&copy);
    result
}

/// Where each named destination of a PDF printed by Chromium lies: anchor id → page number
/// (from 1). Chromium writes a destination for every `#id` a link of the page leads to, named
/// by the id percent-encoded, in the catalog's `/Dests` dictionary (or a `/Names` tree).
pub fn read_pages(pdf: &Path) -> Result<BTreeMap<String, u32>, String> {
    let bytes = std::fs::read(pdf).map_err(|e| crate::os_error::describe(&e))?;
    destination_pages(&bytes)
}

pub fn destination_pages(bytes: &[u8]) -> Result<BTreeMap<String, u32>, String> {
    use lopdf::Object;
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| format!("PDF 无法读取：{e}"))?;
    let numbers: BTreeMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut named: Vec<(Vec<u8>, Object)> = Vec::new();
    let catalog = doc
        .catalog()
        .map_err(|e| format!("PDF 没有目录字典：{e}"))?;
    if let Ok(dests) = catalog
        .get(b"Dests")
        .and_then(|d| resolve(&doc, d)?.as_dict())
    {
        for (name, value) in dests.iter() {
            named.push((name.clone(), value.clone()));
        }
    }
    if let Ok(tree) = catalog
        .get(b"Names")
        .and_then(|n| resolve(&doc, n)?.as_dict())
        .and_then(|n| n.get(b"Dests"))
        .and_then(|d| resolve(&doc, d))
    {
        name_tree(&doc, tree, 0, &mut named);
    }
    let mut pages = BTreeMap::new();
    for (name, value) in named {
        let Some(page) = destination_page(&doc, &value) else {
            continue;
        };
        let Some(&number) = numbers.get(&page) else {
            continue;
        };
        let id = percent_encoding::percent_decode(&name).decode_utf8_lossy();
        pages.insert(id.into_owned(), number);
    }
    Ok(pages)
}

fn resolve<'a>(doc: &'a lopdf::Document, o: &'a lopdf::Object) -> lopdf::Result<&'a lopdf::Object> {
    match o {
        lopdf::Object::Reference(id) => doc.get_object(*id),
        other => Ok(other),
    }
}

/// The entries of a name tree; nesting is bounded, as a PDF is outside input.
fn name_tree(
    doc: &lopdf::Document,
    node: &lopdf::Object,
    depth: usize,
    out: &mut Vec<(Vec<u8>, lopdf::Object)>,
) {
    if depth > 32 {
        return;
    }
    let Ok(dict) = node.as_dict() else {
        return;
    };
    if let Ok(names) = dict.get(b"Names").and_then(|n| resolve(doc, n)?.as_array()) {
        for pair in names.chunks(2) {
            if let [lopdf::Object::String(name, _), value] = pair {
                out.push((name.clone(), value.clone()));
            }
        }
    }
    if let Ok(kids) = dict.get(b"Kids").and_then(|k| resolve(doc, k)?.as_array()) {
        for kid in kids {
            if let Ok(kid) = resolve(doc, kid) {
                name_tree(doc, kid, depth + 1, out);
            }
        }
    }
}

/// The page object a destination (`[page /XYZ …]` or `<< /D [page …] >>`) leads to.
fn destination_page(doc: &lopdf::Document, value: &lopdf::Object) -> Option<lopdf::ObjectId> {
    let value = resolve(doc, value).ok()?;
    let array = match value {
        lopdf::Object::Array(a) => a,
        lopdf::Object::Dictionary(d) => resolve(doc, d.get(b"D").ok()?).ok()?.as_array().ok()?,
        _ => return None,
    };
    array.first()?.as_reference().ok()
}

/// `file:///…`, the path percent-encoded: a folder name may hold a space, `#` or `?`.
fn file_url(path: &Path) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b':');
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    format!(
        "file://{}",
        percent_encoding::utf8_percent_encode(&text, SET)
    )
}

fn scratch_dir() -> Result<PathBuf, Error> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "banshi-chromium-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    if dir.exists() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::Io {
        path: dir.clone(),
        source: e,
    })?;
    Ok(dir)
}

#[cfg(unix)]
fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

#[cfg(not(unix))]
fn running_as_root() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Document, Object, dictionary};

    /// A three-page PDF whose `/Dests` names pages 1 and 3 the way Chromium writes them.
    fn pdf_with_destinations() -> Vec<u8> {
        let mut doc = Document::with_version("1.4");
        let pages_id = doc.new_object_id();
        let kids: Vec<Object> = (0..3)
            .map(|_| {
                let page = doc.add_object(dictionary! {
                    "Type" => "Page",
                    "Parent" => pages_id,
                    "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                });
                Object::Reference(page)
            })
            .collect();
        let first = kids[0].clone();
        let third = kids[2].clone();
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 3 }),
        );
        let xyz =
            |page: Object| Object::Array(vec![page, "XYZ".into(), 0.into(), 792.into(), 0.into()]);
        let mut dests = lopdf::Dictionary::new();
        dests.set("%E7%94%B2-%E4%B9%99".as_bytes().to_vec(), xyz(first));
        dests.set("c".as_bytes().to_vec(), xyz(third));
        let dests_id = doc.add_object(dests);
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages_id, "Dests" => dests_id,
        });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn destinations_name_their_pages() {
        let pages = destination_pages(&pdf_with_destinations()).unwrap();
        assert_eq!(
            pages,
            BTreeMap::from([("c".to_string(), 3), ("甲-乙".to_string(), 1)])
        );
    }

    #[test]
    fn not_a_pdf_is_an_error_not_a_panic() {
        assert!(destination_pages(b"<html>").is_err());
    }

    #[test]
    fn file_urls_escape_what_a_url_would_misread() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/#1/公安局.html")),
            "file:///tmp/a%20b/%231/%E5%85%AC%E5%AE%89%E5%B1%80.html"
        );
    }
}
