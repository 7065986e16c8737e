//! Runs the stages in order: read → parse → load registries → lower → check. Returns data;
//! printing and writing belong to `cli`.

use crate::check::{self, Context};
use crate::diagnostic::{Diagnostic, Sink};
use crate::error::Error;
use crate::load::{self, IoFailure, Read};
use crate::model::Catalog;
use crate::registry;
use crate::source::{FileId, Sources, Span};
use crate::syntax;
use rayon::prelude::*;
use std::path::Path;

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

/// [`check`], reporting files read and matters checked to `progress`.
pub fn check_with_progress(
    root: &Path,
    options: &Options,
    progress: &dyn crate::progress::Progress,
) -> Result<Checked, Error> {
    if !root.is_dir() {
        return Err(Error::NotACatalog(root.to_path_buf()));
    }
    let today = options.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let mut clock = Clock::new();
    let mut sources = Sources::new();
    let mut sink = Sink::new();
    let mut failures = Vec::new();

    // Configuration and registries.
    let (config, paths) = match read_yaml(
        root,
        "banshi.yaml",
        options,
        &mut sources,
        &mut sink,
        &mut failures,
    ) {
        Read::Ok(id) => {
            let text = sources.get(id).map_or("", |f| f.text.as_str());
            let (config, paths) = registry::config(id, text, &mut sink);
            (config, paths)
        }
        Read::Missing => {
            let id = sources.add("banshi.yaml".into(), String::new());
            sink.push(registry::missing_file(
                Span::file_start(id),
                "目录配置",
                "banshi.yaml",
            ));
            (Default::default(), registry::RegistryPaths::defaults(id))
        }
        Read::Failed => {
            let id = sources.add("banshi.yaml".into(), String::new());
            (Default::default(), registry::RegistryPaths::defaults(id))
        }
    };
    let mut read_registry = |path: &crate::source::Spanned<String>, what: &str| -> Option<FileId> {
        if let Err(why) = load::resolve_inside(root, &path.value) {
            sink.push(crate::check::rules::path_outside_catalog::diagnostic(
                path.span,
                what,
                &path.value,
                &why,
            ));
            return None;
        }
        match read_yaml(
            root,
            &path.value,
            options,
            &mut sources,
            &mut sink,
            &mut failures,
        ) {
            Read::Ok(id) => Some(id),
            Read::Missing => {
                sink.push(registry::missing_file(path.span, what, &path.value));
                None
            }
            Read::Failed => None,
        }
    };
    let dept_file = read_registry(&paths.departments, "部门登记表");
    let law_file = read_registry(&paths.laws, "法规登记表");
    let ev_file = read_registry(&paths.evidence, "证照目录");
    let base = sources.len();

    // Two things at once: the registries are decoded (and the word-segmentation dictionary
    // loaded) while the catalog folder is walked and every spec is read, parsed and lowered,
    // file by file in parallel; each syntax tree is dropped on the thread that built it. File
    // ids are handed out in path order before the work is shared, so the result does not depend
    // on the number of threads. Walking the folder alongside the registries rather than before
    // them keeps both cores busy from the start (at 100,000 files the walk alone takes ~150 ms).
    let ((registry, registry_sink), found) = rayon::join(
        || {
            let mut s = Sink::new();
            let text = |id: FileId| sources.get(id).map_or("", |f| f.text.as_str());
            let departments = dept_file.and_then(|id| {
                registry::departments(id, text(id), &paths.departments.value, &mut s)
            });
            let laws =
                law_file.and_then(|id| registry::laws(id, text(id), &paths.laws.value, &mut s));
            let evidence = ev_file
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
                    let parsed = read_and_lower(root, rel, id, options.encoding);
                    progress.advance(1);
                    parsed
                })
                .collect::<Vec<_>>();
            Ok((discovered, parsed))
        },
    );
    let (discovered, parsed) = found?;
    sink.extend(registry_sink);
    clock.lap("discover + read + parse + lower");
    let mut lowered = Vec::with_capacity(parsed.len());
    sources.reserve(parsed.len());
    for parsed in parsed {
        let id = sources.push(parsed.file);
        match parsed.problem {
            Some(Problem::NotUtf8 { end, at, gb18030 }) => {
                sink.push(load::not_utf8(id, end, at, gb18030))
            }
            Some(Problem::Unreadable(f)) => failures.push(f),
            Some(Problem::TooLarge(size)) => sink.push(load::too_large(id, size)),
            None => {}
        }
        sink.extend(parsed.sink);
        if let Some(file) = parsed.lowered {
            lowered.push(file);
        }
    }
    // Entries that are not regular files get their sources after every spec's, whose ids were
    // fixed above.
    for rel in &discovered.others {
        match load::judge_other(root, rel, &discovered.files) {
            load::Unread::Duplicate => {}
            load::Unread::Outside(target) => {
                let id = sources.add(rel.clone(), String::new());
                sink.push(crate::check::rules::path_outside_catalog::linked_spec(
                    id, rel, &target,
                ));
            }
            load::Unread::Failed(f) => failures.push(f),
        }
    }
    failures.sort_by(|a, b| a.path.cmp(&b.path));
    let (matters, bundles, suppressions) = crate::lower::finish(lowered, &registry, &mut sink);
    let catalog = Catalog {
        config,
        registry,
        matters,
        bundles,
        suppressions,
    };

    clock.lap("names + resolve");
    let graph = crate::graph::build(&catalog);
    clock.lap("graph");
    let cx = Context {
        catalog: &catalog,
        graph: &graph,
        sources: &sources,
        today,
        root,
    };
    progress.stage(crate::progress::Stage::Check, catalog.matters.len());
    check::run(&cx, &mut sink, progress);
    clock.lap("check");

    let decided = crate::policy::apply(&catalog, &sources, sink.into_vec());
    let bounded = crate::policy::bound(sorted(&sources, decided));
    let mut diagnostics = sorted(&sources, bounded);
    crate::policy::identify(&catalog, &sources, &mut diagnostics);
    clock.lap("policy");
    Ok(Checked {
        sources,
        catalog,
        graph,
        diagnostics,
        io_failures: failures,
        spec_files: discovered.files.len(),
        timings: clock.laps,
    })
}

/// Reads a YAML file of the catalog (configuration or registry) and reports the invisible
/// characters in it; YAML has no grammar of ours to do that while parsing.
fn read_yaml(
    root: &Path,
    rel: &str,
    options: &Options,
    sources: &mut Sources,
    sink: &mut Sink,
    failures: &mut Vec<IoFailure>,
) -> Read {
    let read = load::read(root, rel, options.encoding, sources, sink, failures);
    if let Read::Ok(id) = read {
        let text = sources.get(id).map_or("", |f| f.text.as_str());
        syntax::invisible::scan(id, text, sink);
    }
    read
}

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
