//! Runs the stages in order: read → parse → load registries → lower → check. Returns data;
//! printing and writing belong to `cli`.

use crate::diagnostic::{Diagnostic, Sink};
use crate::error::Error;
use crate::load::{self, IoFailure, Read};
use crate::model::Catalog;
use crate::registry;
use crate::source::{FileId, Sources, Span};
use crate::syntax;
use rayon::prelude::*;
use std::path::Path;

mod workspace;
pub use workspace::Workspace;

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The day against which repeal and effective dates are judged; today when `None`.
    pub today: Option<jiff::civil::Date>,
    /// How files that are not UTF-8 are read.
    pub encoding: load::Encoding,
}

/// Everything a check run produced.
#[derive(Debug)]
pub struct Checked {
    pub sources: Sources,
    pub catalog: Catalog,
    /// The approval dependency graph.
    pub graph: crate::graph::DepGraph,
    /// Sorted by file, then position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be read (exit code 2).
    pub io_failures: Vec<IoFailure>,
    /// Number of `.banshi` files found.
    pub spec_files: usize,
    /// Wall time of each stage, for `BANSHI_TIMINGS=1`.
    pub timings: Vec<Lap>,
}

/// One stage's wall time and the resident memory when it ended (where the platform tells).
#[derive(Clone, Copy, Debug)]
pub struct Lap {
    pub stage: &'static str,
    pub wall: std::time::Duration,
    pub resident_bytes: Option<u64>,
}

/// Records the wall time of consecutive stages.
struct Clock {
    last: std::time::Instant,
    laps: Vec<Lap>,
}

impl Clock {
    fn new() -> Clock {
        Clock {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push(Lap {
            stage,
            wall: now - self.last,
            resident_bytes: resident_bytes(),
        });
        self.last = now;
    }
}

/// Resident set size of this process: the second field of `/proc/self/statm`, in pages.
/// Page size is assumed to be 4 KiB, which holds on the x86-64 and aarch64 Linux we run on.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

pub fn check(root: &Path, options: &Options) -> Result<Checked, Error> {
    check_with_progress(root, options, &crate::progress::Silent)
}

/// [`check()`], reporting files read and matters checked to `progress`.
pub fn check_with_progress(
    root: &Path,
    options: &Options,
    progress: &dyn crate::progress::Progress,
) -> Result<Checked, Error> {
    Ok(Workspace::open_with_progress(root, options, progress)?.into_checked())
}

/// The files of a catalog as they are read: their text, the findings on them, and the files
/// that could not be read.
struct Reader<'a> {
    root: &'a Path,
    options: &'a Options,
    sources: Sources,
    sink: Sink,
    failures: Vec<IoFailure>,
}

/// The registry files that were read.
struct RegistryFiles {
    departments: Option<FileId>,
    laws: Option<FileId>,
    evidence: Option<FileId>,
}

impl Reader<'_> {
    /// `banshi.yaml`, and where it says the registries are; defaults when it is missing.
    fn config(&mut self) -> (crate::model::Config, registry::RegistryPaths) {
        match self.yaml("banshi.yaml") {
            Read::Ok(id) => {
                let text = self.sources.get(id).map_or("", |f| f.text.as_str());
                registry::config(id, text, &mut self.sink)
            }
            Read::Missing => {
                let id = self.sources.add("banshi.yaml".into(), String::new());
                self.sink.push(registry::missing_file(
                    Span::file_start(id),
                    "目录配置",
                    "banshi.yaml",
                ));
                (Default::default(), registry::RegistryPaths::defaults(id))
            }
            Read::Failed => {
                let id = self.sources.add("banshi.yaml".into(), String::new());
                (Default::default(), registry::RegistryPaths::defaults(id))
            }
        }
    }

    /// Reads the registry file at `path` (named `what` in findings), if it lies inside.
    fn registry(&mut self, path: &crate::source::Spanned<String>, what: &str) -> Option<FileId> {
        if let Err(why) = load::resolve_inside(self.root, &path.value) {
            self.sink
                .push(crate::check::rules::path_outside_catalog::diagnostic(
                    path.span,
                    what,
                    &path.value,
                    &why,
                ));
            return None;
        }
        match self.yaml(&path.value) {
            Read::Ok(id) => Some(id),
            Read::Missing => {
                self.sink
                    .push(registry::missing_file(path.span, what, &path.value));
                None
            }
            Read::Failed => None,
        }
    }

    /// Reads a YAML file of the catalog (configuration or registry) and reports the invisible
    /// characters in it; YAML has no grammar of ours to do that while parsing.
    fn yaml(&mut self, rel: &str) -> Read {
        let read = load::read(
            self.root,
            rel,
            self.options.encoding,
            &mut self.sources,
            &mut self.sink,
            &mut self.failures,
        );
        if let Read::Ok(id) = read {
            let text = self.sources.get(id).map_or("", |f| f.text.as_str());
            syntax::invisible::scan(id, text, &mut self.sink);
        }
        read
    }

    /// Two things at once: the registries are decoded (and the word-segmentation dictionary
    /// loaded) while the catalog folder is walked and every spec is read, parsed and lowered,
    /// file by file in parallel; each syntax tree is dropped on the thread that built it. File
    /// ids are handed out in path order before the work is shared, so the result does not
    /// depend on the number of threads. Walking the folder alongside the registries rather than
    /// before them keeps both cores busy from the start (at 100,000 files the walk alone takes
    /// about 150 ms).
    fn registries_and_specs(
        &mut self,
        paths: &registry::RegistryPaths,
        files: &RegistryFiles,
        progress: &dyn crate::progress::Progress,
    ) -> Result<(crate::model::Registry, load::Discovered, Vec<SpecRead>), Error> {
        let base = self.sources.len();
        let (root, encoding, sources) = (self.root, self.options.encoding, &self.sources);
        let ((registry, registry_sink), found) = rayon::join(
            || {
                let mut s = Sink::new();
                let text = |id: FileId| sources.get(id).map_or("", |f| f.text.as_str());
                let departments = files.departments.and_then(|id| {
                    registry::departments(id, text(id), &paths.departments.value, &mut s)
                });
                let laws = files
                    .laws
                    .and_then(|id| registry::laws(id, text(id), &paths.laws.value, &mut s));
                let evidence = files
                    .evidence
                    .and_then(|id| registry::evidence(id, text(id), &paths.evidence.value, &mut s));
                let registry = registry::assemble(departments, laws, evidence, &mut s);
                crate::check::vague::Detector::get();
                (registry, s)
            },
            || -> Result<_, Error> {
                let discovered = load::discover(root)?;
                progress.stage(crate::progress::Stage::Read, discovered.files.len());
                let parsed = discovered
                    .files
                    .par_iter()
                    .enumerate()
                    .map(|(i, rel)| {
                        let id = FileId(u32::try_from(base + i).unwrap_or(u32::MAX));
                        let parsed = read_and_lower(root, rel, id, encoding);
                        progress.advance(1);
                        parsed
                    })
                    .collect::<Vec<_>>();
                Ok((discovered, parsed))
            },
        );
        let (discovered, parsed) = found?;
        self.sink.extend(registry_sink);
        let lowered = self.admit(parsed);
        Ok((registry, discovered, lowered))
    }

    /// Takes in the specs read on the worker threads, in their order: their text, what went
    /// wrong reading them, and for each what it lowered to and the findings on it.
    fn admit(&mut self, parsed: Vec<Parsed>) -> Vec<SpecRead> {
        let mut lowered = Vec::with_capacity(parsed.len());
        self.sources.reserve(parsed.len());
        for parsed in parsed {
            let id = self.sources.push(parsed.file);
            let mut found = parsed.sink.into_vec();
            match parsed.problem {
                Some(Problem::NotUtf8 { end, at, gb18030 }) => {
                    found.push(load::not_utf8(id, end, at, gb18030))
                }
                Some(Problem::Unreadable(f)) => self.failures.push(f),
                Some(Problem::TooLarge(size)) => found.push(load::too_large(id, size)),
                None => {}
            }
            lowered.push((parsed.lowered, found));
        }
        lowered
    }

    /// Entries that are not regular files get their sources after every spec's, whose ids
    /// were fixed when the work was shared out.
    fn judge_others(&mut self, discovered: &load::Discovered) {
        for rel in &discovered.others {
            match load::judge_other(self.root, rel, &discovered.files) {
                load::Unread::Duplicate => {}
                load::Unread::Outside(target) => {
                    let id = self.sources.add(rel.clone(), String::new());
                    self.sink
                        .push(crate::check::rules::path_outside_catalog::linked_spec(
                            id, rel, &target,
                        ));
                }
                load::Unread::Failed(f) => self.failures.push(f),
            }
        }
    }
}

/// What the team decided (suppressions, severity settings), bounded per rule and file, in
/// final order, each finding with its element and fingerprint.
fn decide(catalog: &Catalog, sources: &Sources, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let decided = crate::policy::apply(crate::rules::table(), catalog, sources, found);
    let bounded = crate::policy::bound(sorted(sources, decided));
    let mut diagnostics = sorted(sources, bounded);
    crate::policy::identify(catalog, sources, &mut diagnostics);
    diagnostics
}

/// One spec file taken in: what it lowered to (nothing when it could not be read or parsed)
/// and the findings on it so far.
type SpecRead = (Option<crate::lower::FileLowered>, Vec<Diagnostic>);

/// What went wrong reading a spec file.
enum Problem {
    NotUtf8 {
        end: usize,
        at: usize,
        gb18030: bool,
    },
    Unreadable(load::IoFailure),
    TooLarge(u64),
}

/// One spec file, read, parsed and lowered on a worker thread.
struct Parsed {
    file: crate::source::SourceFile,
    problem: Option<Problem>,
    lowered: Option<crate::lower::FileLowered>,
    sink: Sink,
}

fn read_and_lower(root: &Path, rel: &str, id: FileId, encoding: load::Encoding) -> Parsed {
    let (text, problem) = match load::fetch_listed(root, rel, encoding) {
        load::Fetched::Text(t) | load::Fetched::Converted(t) => (t, None),
        load::Fetched::NotUtf8 { valid, at, gb18030 } => {
            let end = valid.len();
            (valid, Some(Problem::NotUtf8 { end, at, gb18030 }))
        }
        // Gone between listing and reading: the same as unreadable.
        load::Fetched::Missing => (
            String::new(),
            Some(Problem::Unreadable(load::IoFailure {
                path: rel.to_string(),
                message: "文件在检查过程中被删除".to_string(),
            })),
        ),
        load::Fetched::Failed(f) => (String::new(), Some(Problem::Unreadable(f))),
        load::Fetched::TooLarge(size) => (String::new(), Some(Problem::TooLarge(size))),
    };
    let mut sink = Sink::new();
    let lowered = match problem {
        None => syntax::parse(id, &text, &mut sink).map(crate::lower::lower_file),
        Some(_) => None,
    };
    Parsed {
        file: crate::source::SourceFile::new(rel.to_string(), text),
        problem,
        lowered,
        sink,
    }
}

/// Orders diagnostics by file path, position and code, and drops exact repeats.
fn sorted(sources: &Sources, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| {
        (
            sources.path(a.span.file),
            a.span.start,
            a.span.end,
            a.rule.code,
            &a.message,
        )
            .cmp(&(
                sources.path(b.span.file),
                b.span.start,
                b.span.end,
                b.rule.code,
                &b.message,
            ))
    });
    diagnostics.dedup();
    diagnostics
}
