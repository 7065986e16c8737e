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
use std::path::Path;

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The day against which repeal and effective dates are judged; today when `None`.
    pub today: Option<jiff::civil::Date>,
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
}

pub fn check(root: &Path, options: &Options) -> Result<Checked, Error> {
    if !root.is_dir() {
        return Err(Error::NotACatalog(root.to_path_buf()));
    }
    let today = options.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let mut sources = Sources::new();
    let mut sink = Sink::new();
    let mut failures = Vec::new();

    // Configuration and registries.
    let (config, paths) =
        match load::read(root, "banshi.yaml", &mut sources, &mut sink, &mut failures) {
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
        match load::read(root, &path.value, &mut sources, &mut sink, &mut failures) {
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
    let text = |id: FileId| sources.get(id).map_or("", |f| f.text.as_str());
    let departments = dept_file
        .and_then(|id| registry::departments(id, text(id), &paths.departments.value, &mut sink));
    let laws = law_file.and_then(|id| registry::laws(id, text(id), &paths.laws.value, &mut sink));
    let evidence =
        ev_file.and_then(|id| registry::evidence(id, text(id), &paths.evidence.value, &mut sink));
    let registry = registry::assemble(departments, laws, evidence, &mut sink);

    // Specs.
    let spec_paths = load::discover(root)?;
    let mut asts = Vec::new();
    for rel in &spec_paths {
        if let Read::Ok(id) = load::read(root, rel, &mut sources, &mut sink, &mut failures) {
            let src = sources.get(id).map_or("", |f| f.text.as_str());
            if let Some(ast) = syntax::parse(id, src, &mut sink) {
                asts.push((id, ast));
            }
        }
    }
    let (matters, bundles, suppressions) = crate::lower::lower(&asts, &registry, &mut sink);
    let catalog = Catalog {
        config,
        registry,
        matters,
        bundles,
        suppressions,
    };

    let graph = crate::graph::build(&catalog);
    let cx = Context {
        catalog: &catalog,
        graph: &graph,
        sources: &sources,
        today,
    };
    check::run(&cx, &mut sink);

    let decided = crate::policy::apply(&catalog, &sources, sink.into_vec());
    let mut diagnostics = sorted(&sources, decided);
    crate::policy::identify(&catalog, &sources, &mut diagnostics);
    Ok(Checked {
        sources,
        catalog,
        graph,
        diagnostics,
        io_failures: failures,
        spec_files: spec_paths.len(),
    })
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
