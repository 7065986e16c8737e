//! `banshi preview`: the site of a catalog, built in memory, served on 127.0.0.1 and built
//! anew whenever a file of the catalog changes.
//!
//! One thread rebuilds (one build at a time, a burst of changes coalesced into one build), the
//! server answers from whatever the last build produced. A page served by the preview carries a
//! small script that waits on `/__banshi/wait` and reloads the page once a newer build is in
//! place. A build that fails (errors in the specs, a file that cannot be read, a broken
//! template) replaces the whole site with a page that says why: a page of the previous build
//! is never shown as if it were current.

pub(crate) mod page;
pub(crate) mod serve;
pub(crate) mod watch;

use crate::cli::command::build::Prepared;
use crate::driver;
use crate::emit::site::Collect;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// What the server answers from.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Content {
    /// The site as `banshi build` would publish it, by path (`/` separators), sample forms
    /// included.
    Site(BTreeMap<String, Vec<u8>>),
    /// The catalog was not built: the page that says why.
    Broken(page::Broken),
}

/// The last build and its number. The number changes only when the content does, so saving a
/// file unchanged does not reload the pages.
struct Current {
    generation: u64,
    content: Arc<Content>,
}

/// The state shared by the rebuilding thread and the request threads.
pub(crate) struct Shared {
    current: Mutex<Current>,
    /// Signalled when a new generation is in place; long-poll requests wait on it.
    changed: Condvar,
}

impl Shared {
    pub(crate) fn new(content: Content) -> Shared {
        Shared {
            current: Mutex::new(Current {
                generation: 1,
                content: Arc::new(content),
            }),
            changed: Condvar::new(),
        }
    }

    /// The current generation and its content.
    pub(crate) fn current(&self) -> (u64, Arc<Content>) {
        // A thread that panicked while holding the lock left a complete `Current` behind (it
        // is replaced whole), so the value is still good.
        let c = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        (c.generation, Arc::clone(&c.content))
    }

    /// Puts a build in place; the new generation, or `None` when it is the same as the last.
    pub(crate) fn replace(&self, content: Content) -> Option<u64> {
        let mut c = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if *c.content == content {
            return None;
        }
        c.generation += 1;
        c.content = Arc::new(content);
        self.changed.notify_all();
        Some(c.generation)
    }

    /// Waits until the generation is no longer `seen`, at most `timeout`; the generation then.
    pub(crate) fn wait_past(&self, seen: u64, timeout: Duration) -> u64 {
        let deadline = Instant::now() + timeout;
        let mut c = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        while c.generation == seen {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            c = self
                .changed
                .wait_timeout(c, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        c.generation
    }
}

/// How a build went, for the line the terminal shows.
pub(crate) enum Outcome {
    /// The site: so many files; the catalog's warnings (they do not block, as in `build`).
    Built { files: usize, warnings: usize },
    /// The catalog has errors (what `build` refuses to publish).
    Errors { errors: usize, warnings: usize },
    /// Files of the catalog could not be read, or the catalog is not there: what `build` exits
    /// 2 for. At start-up the preview does the same.
    Unreadable(Vec<String>),
    /// The pages could not be rendered (a catalog's own template that fails).
    RenderFailed(String),
}

impl Outcome {
    /// The line printed when a rebuild ends.
    pub(crate) fn describe(&self) -> String {
        match self {
            Outcome::Built { files, warnings: 0 } => format!("已生成 {files} 个文件"),
            Outcome::Built { files, warnings } => {
                format!("已生成 {files} 个文件；目录中有 {warnings} 个警告，运行 banshi check 查看")
            }
            Outcome::Errors {
                errors,
                warnings: 0,
            } => format!("目录中有 {errors} 个错误，未重新生成；浏览器中显示这些问题"),
            Outcome::Errors { errors, warnings } => format!(
                "目录中有 {errors} 个错误、{warnings} 个警告，未重新生成；浏览器中显示这些问题"
            ),
            Outcome::Unreadable(lines) => {
                format!("目录中有文件无法读取，未重新生成：{}", lines.join("；"))
            }
            Outcome::RenderFailed(why) => format!("生成页面时出错，未重新生成：{why}"),
        }
    }
}

/// Checks the catalog and, when it has no errors, renders its site into memory. Nothing is
/// written anywhere.
pub(crate) fn build(root: &Path, options: &driver::Options) -> (Content, Outcome) {
    let mut checked = match driver::check(root, options) {
        Ok(c) => c,
        Err(e) => {
            let lines = vec![e.to_string()];
            return (
                Content::Broken(page::Broken::unreadable(&lines)),
                Outcome::Unreadable(lines),
            );
        }
    };
    if !checked.io_failures.is_empty() {
        let lines: Vec<String> = checked
            .io_failures
            .iter()
            .map(|f| format!("无法读取「{}」：{}", f.path, f.message))
            .collect();
        return (
            Content::Broken(page::Broken::unreadable(&lines)),
            Outcome::Unreadable(lines),
        );
    }
    let counts = crate::diagnostic::Counts::of(&checked.diagnostics);
    if counts.errors > 0 {
        // The same text `banshi check` prints, without colour: it needs the source texts,
        // which are still there.
        let mut text = Vec::new();
        let _ = crate::cli::render::human(&mut text, &checked, &checked.diagnostics, false);
        let page = page::Broken::diagnostics(
            counts.errors,
            counts.warnings,
            findings(&checked),
            &String::from_utf8_lossy(&text),
        );
        return (
            Content::Broken(page),
            Outcome::Errors {
                errors: counts.errors,
                warnings: counts.warnings,
            },
        );
    }
    match render(root, &mut checked) {
        Ok(site) => {
            let files = site.len();
            (
                Content::Site(site),
                Outcome::Built {
                    files,
                    warnings: counts.warnings,
                },
            )
        }
        Err(e) => {
            let why = e.to_string();
            (
                Content::Broken(page::Broken::render_failed(&why)),
                Outcome::RenderFailed(why),
            )
        }
    }
}

/// Each finding on one line, where it is first: the list the page opens with.
fn findings(checked: &driver::Checked) -> Vec<String> {
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let ((line, column), _) = checked.sources.location(d.span);
            format!(
                "{}:{line}:{column} {} {} {}：{}",
                checked.sources.path(d.span.file),
                d.severity.zh(),
                d.rule.code,
                d.rule.name,
                d.message
            )
        })
        .collect()
}

/// The site of a catalog without errors, as `build` renders it, with the sample forms the
/// guides link to read in beside the pages (`build` copies them into its output).
fn render(
    root: &Path,
    checked: &mut driver::Checked,
) -> Result<BTreeMap<String, Vec<u8>>, crate::error::Error> {
    let prepared = Prepared::new(root, checked, false, false)?;
    let out = Collect::default();
    prepared.render(checked, &out, &crate::progress::Silent)?;
    let mut site: BTreeMap<String, Vec<u8>> = out
        .into_sorted()
        .into_iter()
        .map(|a| (a.path, a.bytes))
        .collect();
    for sample in &prepared.samples {
        // Read only where `build` would copy from: a path inside the catalog, to a file, not
        // behind a link that leads out; a page of the site is never replaced by one.
        let (Ok(rel), Ok(from)) = (
            crate::load::catalog_path(sample),
            crate::load::resolve_inside(root, sample),
        ) else {
            continue;
        };
        let key = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if site.contains_key(&key) || !from.is_file() {
            continue;
        }
        let bytes = std::fs::read(&from).map_err(|source| crate::error::Error::Io {
            path: from.clone(),
            source,
        })?;
        site.insert(key, bytes);
    }
    Ok(site)
}
