//! A checked catalog kept in memory, so that one edited file is checked again without reading
//! or parsing any other: the path an editor and a pre-commit hook take.
//!
//! Every finding belongs to one of three parts, kept apart so that an edit replaces only what
//! it can change:
//! - a spec file's own: reading, parsing, lowering, resolving names against the registries and
//!   the matter rules, which look at one matter at a time (see [`crate::check::run_matters`]);
//! - the catalog-wide passes: linking names, bundles and 基本编码 across files, the dependency
//!   graph and the catalog rules (circular proofs, duplicate names, …), run again after every
//!   edit from the matters already in memory;
//! - the rest, which no spec edit changes: `banshi.yaml`, the registries, links that lead out of
//!   the catalog.
//!
//! A full check ([`super::check`]) is [`Workspace::open`] followed by
//! [`Workspace::into_checked`]: one pipeline, so the two cannot drift apart.

use super::{Checked, Clock, Options, Reader, RegistryFiles};
use crate::check::{self, Context};
use crate::diagnostic::{Diagnostic, Severity, Sink};
use crate::error::Error;
use crate::graph::DepGraph;
use crate::load::{self, IoFailure, PathFacts};
use crate::model::{Catalog, MatterKey, Suppression};
use crate::source::{FileId, Sources, Span};
use crate::syntax::{self, ast};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A catalog read, checked and kept for edits.
pub struct Workspace {
    root: PathBuf,
    today: jiff::civil::Date,
    sources: Sources,
    catalog: Catalog,
    graph: DepGraph,
    paths: PathFacts,
    /// File id of the first spec: specs have consecutive ids, in path order.
    base: usize,
    specs: Vec<Spec>,
    /// Every file's bundles, in file order (each spec knows its run).
    bundle_asts: Vec<ast::Bundle>,
    /// The suppressions written on bundles, from linking.
    bundle_suppressions: Vec<Suppression>,
    /// Findings no spec edit changes.
    fixed: Vec<Diagnostic>,
    /// Findings of the catalog-wide passes, by file.
    wide: BTreeMap<FileId, Vec<Diagnostic>>,
    /// Where the `banshi.yaml` file or the department registry stands, for the finding that
    /// the catalog is empty.
    empty_at: Span,
    io_failures: Vec<IoFailure>,
    timings: Vec<super::Lap>,
}

/// What one spec file contributes.
#[derive(Default)]
struct Spec {
    /// Its matters: `catalog.matters[start..start + count]`.
    start: usize,
    count: usize,
    /// Its bundles: `bundle_asts[bundle_start..bundle_start + bundle_count]`.
    bundle_start: usize,
    bundle_count: usize,
    /// The suppressions written on its matters, materials and fee items.
    suppressions: Vec<Suppression>,
    /// Ids of its matters left out because of a syntax error.
    unparsed: Vec<String>,
    /// Findings from reading, parsing, lowering and resolving it.
    lowered: Vec<Diagnostic>,
    /// Findings of the matter rules on its matters.
    checked: Vec<Diagnostic>,
}

impl Workspace {
    /// Reads and checks the catalog at `root`.
    pub fn open(root: &Path, options: &Options) -> Result<Workspace, Error> {
        Workspace::open_with_progress(root, options, &crate::progress::Silent)
    }

    /// [`Workspace::open`], reporting files read and matters checked to `progress`.
    pub fn open_with_progress(
        root: &Path,
        options: &Options,
        progress: &dyn crate::progress::Progress,
    ) -> Result<Workspace, Error> {
        if !root.is_dir() {
            return Err(Error::NotACatalog(root.to_path_buf()));
        }
        let today = options.today.unwrap_or_else(|| jiff::Zoned::now().date());
        let mut clock = Clock::new();
        let mut reader = Reader {
            root,
            options,
            sources: Sources::new(),
            sink: Sink::new(),
            failures: Vec::new(),
        };
        let (config, paths) = reader.config();
        let files = RegistryFiles {
            departments: reader.registry(&paths.departments, "部门登记表"),
            laws: reader.registry(&paths.laws, "法规登记表"),
            evidence: reader.registry(&paths.evidence, "证照目录"),
        };
        let base = reader.sources.len();
        let (registry, discovered, read) = reader.registries_and_specs(&paths, &files, progress)?;
        clock.lap("discover + read + parse + lower");
        reader.judge_others(&discovered);
        let Reader {
            sources,
            sink,
            mut failures,
            ..
        } = reader;
        failures.sort_by(|a, b| a.path.cmp(&b.path));

        let mut matters = Vec::with_capacity(
            read.iter()
                .map(|(f, _)| f.as_ref().map_or(0, |f| f.matters.len()))
                .sum(),
        );
        let mut bundle_asts = Vec::new();
        let mut specs = Vec::with_capacity(read.len());
        for (lowered, mut found) in read {
            let file = lowered.unwrap_or_default();
            found.extend(file.sink.into_vec());
            specs.push(Spec {
                start: matters.len(),
                count: file.matters.len(),
                bundle_start: bundle_asts.len(),
                bundle_count: file.bundles.len(),
                suppressions: file.suppressions,
                unparsed: file.unparsed_matters,
                lowered: found,
                checked: Vec::new(),
            });
            matters.extend(file.matters);
            bundle_asts.extend(file.bundles);
        }
        let resolved: Vec<Sink> = matters
            .par_chunks_mut(256)
            .map(|chunk| {
                let mut s = Sink::new();
                crate::lower::resolve_matters(chunk, &registry, &mut s);
                s
            })
            .collect();
        let path_facts = PathFacts::judge(root, samples(&matters));
        let keys = matters.par_iter().map(|m| MatterKey::of(m)).collect();
        let mut ws = Workspace {
            root: root.to_path_buf(),
            today,
            sources,
            catalog: Catalog {
                config,
                registry,
                matters,
                bundles: Vec::new(),
                suppressions: Vec::new(),
                keys,
            },
            graph: DepGraph::default(),
            paths: path_facts,
            base,
            specs,
            bundle_asts,
            bundle_suppressions: Vec::new(),
            fixed: sink.into_vec(),
            wide: BTreeMap::new(),
            empty_at: Span::file_start(paths.departments.span.file),
            io_failures: failures,
            timings: Vec::new(),
        };
        for s in resolved {
            ws.distribute(s.into_vec(), |spec| &mut spec.lowered);
        }
        clock.lap("resolve");
        ws.catalog_wide(true);
        clock.lap("link + graph + catalog rules");

        progress.stage(crate::progress::Stage::Check, ws.catalog.matters.len());
        let cx = ws.context();
        // Matter rules run matter by matter in parallel; the findings are sorted later, so the
        // order they arrive in does not matter.
        let found: Vec<Sink> = ws
            .catalog
            .matters
            .par_chunks(64)
            .map(|chunk| {
                let mut s = Sink::new();
                check::run_matters(&cx, chunk, &mut s);
                progress.advance(chunk.len());
                s
            })
            .collect();
        for s in found {
            ws.distribute(s.into_vec(), |spec| &mut spec.checked);
        }
        clock.lap("matter rules");
        ws.timings = clock.laps;
        Ok(ws)
    }

    /// The whole catalog's findings, decided (suppressions, settings, bounds, fingerprints) and
    /// sorted, with everything read: what `banshi check` reports.
    pub fn into_checked(self) -> Checked {
        let mut clock = Clock::new();
        let spec_files = self.specs.len();
        let mut all = self.fixed;
        for spec in self.specs {
            all.extend(spec.lowered);
            all.extend(spec.checked);
        }
        all.extend(self.wide.into_values().flatten());
        let diagnostics = super::decide(&self.catalog, &self.sources, all);
        clock.lap("policy");
        let mut timings = self.timings;
        timings.extend(clock.laps);
        Checked {
            sources: self.sources,
            catalog: self.catalog,
            graph: self.graph,
            diagnostics,
            io_failures: self.io_failures,
            spec_files,
            timings,
        }
    }
}

impl Workspace {
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn graph(&self) -> &DepGraph {
        &self.graph
    }

    /// Files that could not be read when the catalog was opened, less those edited since.
    pub fn io_failures(&self) -> &[IoFailure] {
        &self.io_failures
    }

    /// Wall time of each stage of opening.
    pub fn timings(&self) -> &[super::Lap] {
        &self.timings
    }

    /// The id of the spec file at `rel` (catalog-relative, `/` separators), if the catalog has
    /// one there.
    pub fn spec(&self, rel: &str) -> Option<FileId> {
        let i = self.spec_index(rel)?;
        Some(self.file_id(i))
    }

    fn spec_index(&self, rel: &str) -> Option<usize> {
        // Specs are in path order, as the catalog folder was walked.
        let path = |i: usize| self.sources.path(self.file_id(i));
        let (mut lo, mut hi) = (0, self.specs.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match path(mid).cmp(rel) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    fn file_id(&self, spec: usize) -> FileId {
        FileId(u32::try_from(self.base + spec).unwrap_or(u32::MAX))
    }

    /// The spec a file id belongs to.
    fn spec_of(&self, file: FileId) -> Option<usize> {
        let i = (file.0 as usize).checked_sub(self.base)?;
        (i < self.specs.len()).then_some(i)
    }

    fn context(&self) -> Context<'_> {
        Context {
            catalog: &self.catalog,
            graph: &self.graph,
            today: self.today,
            paths: &self.paths,
        }
    }

    /// Hands each finding of a per-file stage to the spec it stands in: a matter's spans all
    /// lie in its own file. One that stands elsewhere (none does today) is kept with the fixed
    /// ones rather than lost.
    fn distribute(&mut self, found: Vec<Diagnostic>, part: fn(&mut Spec) -> &mut Vec<Diagnostic>) {
        for d in found {
            match self.spec_of(d.span.file) {
                Some(i) => part(&mut self.specs[i]).push(d),
                None => self.fixed.push(d),
            }
        }
    }

    /// Runs the catalog-wide passes again over the matters in memory: links the names,
    /// bundles and 基本编码 of all files and, when `graph_changed`, builds the graph (at once,
    /// on two threads), then runs the catalog rules. Returns the files whose catalog-wide findings changed.
    fn catalog_wide(&mut self, graph_changed: bool) -> Vec<FileId> {
        let mut unparsed: Vec<String> = self
            .specs
            .iter()
            .flat_map(|s| s.unparsed.iter().cloned())
            .collect();
        unparsed.sort_unstable();
        let mut link_sink = Sink::new();
        let catalog = &self.catalog;
        let ((bundles, bundle_suppressions), graph) = rayon::join(
            || {
                crate::lower::link(
                    &catalog.matters,
                    &catalog.keys,
                    &self.bundle_asts,
                    &unparsed,
                    &catalog.registry,
                    &mut link_sink,
                )
            },
            || graph_changed.then(|| crate::graph::build(catalog)),
        );
        self.catalog.bundles = bundles;
        self.bundle_suppressions = bundle_suppressions;
        if let Some(graph) = graph {
            self.graph = graph;
        }
        self.catalog.suppressions = self
            .specs
            .iter()
            .flat_map(|s| s.suppressions.iter().cloned())
            .chain(self.bundle_suppressions.iter().cloned())
            .collect();

        let mut sink = link_sink;
        // Nothing to check is no clean pass. When something already failed (a file that does
        // not parse or decode, a broken registry), that finding is the one to fix first.
        if self.catalog.matters.is_empty() && self.catalog.bundles.is_empty() {
            let error = |d: &Diagnostic| d.severity == Severity::Error;
            let failed = self.fixed.iter().any(error)
                || self.specs.iter().any(|s| s.lowered.iter().any(error))
                || sink.iter().any(error);
            if !failed {
                sink.push(load::empty::diagnostic(self.empty_at, self.specs.len()));
            }
        }
        check::run_catalog(&self.context(), &mut sink);

        let mut wide: BTreeMap<FileId, Vec<Diagnostic>> = BTreeMap::new();
        for d in sink.into_vec() {
            wide.entry(d.span.file).or_default().push(d);
        }
        let old = std::mem::replace(&mut self.wide, wide);
        let mut changed: Vec<FileId> = old
            .iter()
            .filter(|(f, found)| self.wide.get(f) != Some(found))
            .map(|(f, _)| *f)
            .chain(self.wide.keys().filter(|f| !old.contains_key(f)).copied())
            .collect();
        changed.sort_unstable();
        changed.dedup();
        changed
    }

    /// Replaces the text of the spec file at `rel` (an edit not yet saved takes precedence
    /// over the file on disk) and checks it again, with the catalog-wide rules. Returns the
    /// files whose findings may have changed: that file first, then every other file whose
    /// catalog-wide findings did, in id order. No other file is read or parsed.
    ///
    /// Only files that were there when the catalog was opened can be edited: adding or
    /// removing a spec, or changing a registry or `banshi.yaml`, calls for opening it again.
    pub fn update(&mut self, rel: &str, text: String) -> Result<Vec<FileId>, Error> {
        let Some(i) = self.spec_index(rel) else {
            return Err(Error::NotASpec(rel.to_string()));
        };
        let id = self.file_id(i);
        let mut sink = Sink::new();
        let size = text.len() as u64;
        let file = if size > load::MAX_FILE_BYTES {
            sink.push(load::too_large(id, size));
            crate::lower::FileLowered::default()
        } else {
            syntax::parse(id, &text, &mut sink)
                .map(crate::lower::lower_file)
                .unwrap_or_default()
        };
        // Keep the text only when it was taken in, as reading does with an oversized file.
        let kept = if size > load::MAX_FILE_BYTES {
            String::new()
        } else {
            text
        };
        self.sources.replace(id, kept);
        self.io_failures.retain(|f| f.path != rel);

        let crate::lower::FileLowered {
            mut matters,
            bundles,
            suppressions,
            unparsed_matters,
            sink: lowered_sink,
        } = file;
        sink.extend(lowered_sink);
        crate::lower::resolve_matters(&mut matters, &self.catalog.registry, &mut sink);
        self.paths.rejudge(&self.root, samples(&matters));

        let spec = &self.specs[i];
        let (start, old_count) = (spec.start, spec.count);
        let (bundle_start, old_bundles) = (spec.bundle_start, spec.bundle_count);
        let (count, bundle_count) = (matters.len(), bundles.len());
        let keys: Vec<MatterKey> = matters.iter().map(|m| MatterKey::of(m)).collect();
        let graph_changed = count != old_count
            || crate::graph::inputs(&self.catalog.matters[start..start + old_count])
                != crate::graph::inputs(&matters);
        self.catalog
            .matters
            .splice(start..start + old_count, matters);
        self.catalog.keys.splice(start..start + old_count, keys);
        self.bundle_asts
            .splice(bundle_start..bundle_start + old_bundles, bundles);
        for later in &mut self.specs[i + 1..] {
            later.start = later.start + count - old_count;
            later.bundle_start = later.bundle_start + bundle_count - old_bundles;
        }
        self.specs[i] = Spec {
            start,
            count,
            bundle_start,
            bundle_count,
            suppressions,
            unparsed: unparsed_matters,
            lowered: sink.into_vec(),
            checked: Vec::new(),
        };

        let mut changed = self.catalog_wide(graph_changed);
        let mut checked = Sink::new();
        check::run_matters(
            &self.context(),
            &self.catalog.matters[start..start + count],
            &mut checked,
        );
        self.specs[i].checked = checked.into_vec();
        changed.retain(|&f| f != id);
        changed.insert(0, id);
        Ok(changed)
    }

    /// The findings of one file, decided (suppressions written in it, the settings of
    /// `banshi.yaml`, the bound per rule) and sorted: what a full check reports for that file,
    /// without fingerprints, which number repeated findings across the whole catalog.
    pub fn file_diagnostics(&self, file: FileId) -> Vec<Diagnostic> {
        let mut found: Vec<Diagnostic> = self
            .fixed
            .iter()
            .filter(|d| d.span.file == file)
            .cloned()
            .collect();
        let mut suppressions: Vec<Suppression> = Vec::new();
        if let Some(spec) = self.spec_of(file).and_then(|i| self.specs.get(i)) {
            found.extend(spec.lowered.iter().cloned());
            found.extend(spec.checked.iter().cloned());
            suppressions.extend(spec.suppressions.iter().cloned());
        }
        found.extend(self.wide.get(&file).into_iter().flatten().cloned());
        suppressions.extend(
            self.bundle_suppressions
                .iter()
                .filter(|s| s.scope.file == file)
                .cloned(),
        );
        let decided = crate::policy::apply_file(
            crate::rules::table(),
            &self.catalog.config,
            file,
            &suppressions,
            &self.sources,
            found,
        );
        let bounded = crate::policy::bound(super::sorted(&self.sources, decided));
        super::sorted(&self.sources, bounded)
    }
}

/// The 样表 paths the matters name, which are judged against the file system.
fn samples(matters: &[Box<crate::model::Matter>]) -> impl Iterator<Item = &str> {
    matters
        .iter()
        .flat_map(|m| m.all_materials())
        .filter_map(|x| x.sample.as_ref().map(|s| s.value.as_str()))
}
