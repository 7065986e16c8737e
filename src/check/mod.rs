//! Stage 3: rules over the typed model.
//!
//! Each rule is one file in `rules/`: its declaration (code, name, Chinese documentation) and
//! its check function. Rules see the whole catalog but most look at one matter at a time; those
//! are listed in [`MATTER_RULES`] so the driver can run them matter by matter.

pub mod rules;
pub mod vague;

use crate::diagnostic::Sink;
use crate::model::{Catalog, Citation, Law, Matter};
use crate::source::Sources;
use rayon::prelude::*;

/// What every rule may look at.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    /// The approval dependency graph of the whole catalog.
    pub graph: &'a crate::graph::DepGraph,
    pub sources: &'a Sources,
    /// The day against which repeal and effective dates are judged.
    pub today: jiff::civil::Date,
    /// The catalog's folder: paths written in specs are judged against it.
    pub root: &'a std::path::Path,
}

impl<'a> Context<'a> {
    /// Every citation of a matter whose law resolved, with that law.
    pub fn cited_laws<'m>(
        &self,
        m: &'m Matter,
    ) -> impl Iterator<Item = (&'m Citation, &'a Law)> + 'm
    where
        'a: 'm,
    {
        let registry = &self.catalog.registry;
        m.citations()
            .filter_map(move |c| Some((c, registry.law(c.law.target?)?)))
    }
}

/// A rule that looks at one matter.
pub type MatterRule = fn(&Context, &Matter, &mut Sink);
/// A rule that looks at the catalog as a whole (registries, cross-matter facts).
pub type CatalogRule = fn(&Context, &mut Sink);

pub const MATTER_RULES: &[MatterRule] = &[
    rules::invalid_code::check,
    rules::article_out_of_range::check,
    rules::repealed_law::check,
    rules::law_not_yet_effective::check,
    rules::basis_order::check,
    rules::promise_exceeds_legal::check,
    rules::instant_mismatch::check,
    rules::fee_without_basis::check,
    rules::visit_without_reason::check,
    rules::no_remote_channel::check,
    rules::agency_requires_visit::check,
    rules::same_contact::check,
    rules::vague_wording::check,
    rules::shared_material_requested::check,
    rules::own_department_material::check,
    rules::sharing_not_available::check,
    rules::path_outside_catalog::check,
    rules::sample_collides_with_output::check,
];

pub const CATALOG_RULES: &[CatalogRule] = &[
    rules::invalid_credit_code::check,
    rules::dependency_order::check,
    rules::circular_proof::check,
    rules::matter_repeated_in_bundle::check,
    rules::empty_flow_block::check,
    rules::lead_not_involved::check,
    rules::bundle_over_target::check,
];

/// Runs every rule: catalog rules in order, matter rules on the matters in parallel (the
/// driver sorts the findings, so the order they arrive in does not matter).
pub fn run(cx: &Context, sink: &mut Sink, progress: &dyn crate::progress::Progress) {
    for rule in CATALOG_RULES {
        rule(cx, sink);
    }
    let found: Vec<Sink> = cx
        .catalog
        .matters
        .par_iter()
        .map(|matter| {
            let mut s = Sink::new();
            for rule in MATTER_RULES {
                rule(cx, matter, &mut s);
            }
            progress.advance(1);
            s
        })
        .collect();
    for s in found {
        sink.extend(s);
    }
}
