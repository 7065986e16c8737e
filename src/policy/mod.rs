//! What a team decides about the findings — suppressions on the element they excuse,
//! severity settings in `banshi.yaml`, and the identity of each finding (fingerprints) that
//! baselines and SARIF rely on.

pub mod baseline;
mod fingerprint;
mod limit;
mod settings;
mod suppress;

pub use limit::bound;
pub use settings::UNKNOWN_RULE;
pub use suppress::{SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION};

/// The rules this stage declares, for [`crate::rules::table`].
pub static RULES: &[&crate::diagnostic::Rule] = &[
    &UNKNOWN_RULE,
    &SUPPRESSION_WITHOUT_REASON,
    &UNUSED_SUPPRESSION,
];

use crate::diagnostic::{Diagnostic, RuleTable, Sink};
use crate::model::{Catalog, Suppression};
use crate::source::Sources;

/// Applies suppressions and severity settings (rule keys are looked up in `rules`); adds the findings about them (unknown rules,
/// suppressions without reason or without effect).
pub fn apply(
    rules: &RuleTable,
    catalog: &Catalog,
    sources: &Sources,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut sink = Sink::new();
    let mut all = suppress::apply(rules, &catalog.suppressions, diagnostics, &mut sink);
    settings::check_names(rules, &catalog.config, &mut sink);
    all.extend(sink.into_vec());
    settings::apply(rules, &catalog.config, sources, all)
}

/// [`apply`] for the findings of one file and the suppressions written in it, which excuse
/// findings of that file only: what the whole catalog gets, file by file (the findings about
/// unknown rules in the settings of `banshi.yaml` belong to that file).
pub fn apply_file(
    rules: &RuleTable,
    config: &crate::model::Config,
    file: crate::source::FileId,
    suppressions: &[Suppression],
    sources: &Sources,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut sink = Sink::new();
    let mut all = suppress::apply(rules, suppressions, diagnostics, &mut sink);
    let mut names = Sink::new();
    settings::check_names(rules, config, &mut names);
    all.extend(sink.into_vec());
    all.extend(names.into_vec().into_iter().filter(|d| d.span.file == file));
    settings::apply(rules, config, sources, all)
}

/// Gives every finding its element, department and fingerprint. Run on findings in their
/// final (sorted) order: repeated findings are told apart by occurrence.
pub fn identify(catalog: &Catalog, sources: &Sources, diagnostics: &mut [Diagnostic]) {
    fingerprint::assign(catalog, sources, diagnostics);
}
