//! Rules over the typed model.
//!
//! Each rule is one file in `rules/`: its declaration (code, name, Chinese documentation) and
//! its check function. Rules see the whole catalog but most look at one matter at a time; those
//! are run matter by matter, in parallel (see [`CHECKS`]).

pub mod rules;
pub mod vague;

use crate::diagnostic::{Rule, Sink};
use crate::model::{Catalog, Citation, Law, Matter};
use rayon::prelude::*;

/// What every rule may look at.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    /// The approval dependency graph of the whole catalog.
    pub graph: &'a crate::graph::DepGraph,
    /// The day against which repeal and effective dates are judged.
    pub today: jiff::civil::Date,
    /// Where the paths written in the specs lead, judged by `load`.
    pub paths: &'a crate::load::PathFacts,
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

/// How a check runs: matter rules run matter by matter in parallel, catalog rules once.
#[derive(Clone, Copy)]
pub enum Run {
    Matter(MatterRule),
    Catalog(CatalogRule),
}

/// A rule of this stage and the function that finds its problems.
pub struct Check {
    pub rule: &'static Rule,
    pub run: Run,
}

impl Check {
    const fn matter(rule: &'static Rule, run: MatterRule) -> Check {
        Check {
            rule,
            run: Run::Matter(run),
        }
    }

    const fn catalog(rule: &'static Rule, run: CatalogRule) -> Check {
        Check {
            rule,
            run: Run::Catalog(run),
        }
    }
}

/// Every check, each rule once: [`run_catalog`] and [`run_matters`] run them and [`crate::rules::table`] lists their rules.
pub static CHECKS: &[Check] = &[
    Check::matter(
        &rules::invalid_code::INVALID_CODE,
        rules::invalid_code::check,
    ),
    Check::matter(&rules::invalid_url::INVALID_URL, rules::invalid_url::check),
    Check::matter(
        &rules::article_out_of_range::ARTICLE_OUT_OF_RANGE,
        rules::article_out_of_range::check,
    ),
    Check::matter(
        &rules::repealed_law::REPEALED_LAW,
        rules::repealed_law::check,
    ),
    Check::matter(
        &rules::law_not_yet_effective::LAW_NOT_YET_EFFECTIVE,
        rules::law_not_yet_effective::check,
    ),
    Check::matter(&rules::basis_order::BASIS_ORDER, rules::basis_order::check),
    Check::matter(
        &rules::promise_exceeds_legal::PROMISE_EXCEEDS_LEGAL,
        rules::promise_exceeds_legal::check,
    ),
    Check::matter(
        &rules::steps_exceed_promise::STEPS_EXCEED_PROMISE,
        rules::steps_exceed_promise::check,
    ),
    Check::matter(
        &rules::instant_mismatch::INSTANT_MISMATCH,
        rules::instant_mismatch::check,
    ),
    Check::matter(
        &rules::fee_without_basis::FEE_WITHOUT_BASIS,
        rules::fee_without_basis::check,
    ),
    Check::matter(
        &rules::visit_without_reason::VISIT_WITHOUT_REASON,
        rules::visit_without_reason::check,
    ),
    Check::matter(
        &rules::no_remote_channel::NO_REMOTE_CHANNEL,
        rules::no_remote_channel::check,
    ),
    Check::matter(
        &rules::agency_requires_visit::AGENCY_REQUIRES_VISIT,
        rules::agency_requires_visit::check,
    ),
    Check::matter(
        &rules::same_contact::SAME_CONTACT,
        rules::same_contact::check,
    ),
    Check::matter(
        &rules::vague_wording::VAGUE_WORDING,
        rules::vague_wording::check,
    ),
    Check::matter(
        &rules::statutory_catch_all::STATUTORY_CATCH_ALL,
        rules::statutory_catch_all::check,
    ),
    Check::matter(
        &rules::shared_material_requested::SHARED_MATERIAL_REQUESTED,
        rules::shared_material_requested::check,
    ),
    Check::matter(
        &rules::own_department_material::OWN_DEPARTMENT_MATERIAL,
        rules::own_department_material::check,
    ),
    Check::matter(
        &rules::sharing_not_available::SHARING_NOT_AVAILABLE,
        rules::sharing_not_available::check,
    ),
    Check::matter(
        &rules::single_alternative::SINGLE_ALTERNATIVE,
        rules::single_alternative::check,
    ),
    Check::matter(
        &rules::optional_without_situation::OPTIONAL_WITHOUT_SITUATION,
        rules::optional_without_situation::check,
    ),
    Check::matter(&rules::empty_basis::EMPTY_BASIS, rules::empty_basis::check),
    Check::matter(
        &rules::unverified_fact::UNVERIFIED_FACT,
        rules::unverified_fact::check,
    ),
    Check::matter(
        &rules::path_outside_catalog::PATH_OUTSIDE_CATALOG,
        rules::path_outside_catalog::check,
    ),
    Check::matter(
        &rules::sample_collides_with_output::SAMPLE_COLLIDES_WITH_OUTPUT,
        rules::sample_collides_with_output::check,
    ),
    Check::matter(
        &rules::sample_not_found::SAMPLE_NOT_FOUND,
        rules::sample_not_found::check,
    ),
    Check::catalog(
        &rules::invalid_credit_code::INVALID_CREDIT_CODE,
        rules::invalid_credit_code::check,
    ),
    Check::catalog(
        &rules::duplicate_name::DUPLICATE_NAME,
        rules::duplicate_name::check,
    ),
    Check::catalog(
        &rules::dependency_order::DEPENDENCY_ORDER,
        rules::dependency_order::check,
    ),
    Check::catalog(
        &rules::circular_proof::CIRCULAR_PROOF,
        rules::circular_proof::check,
    ),
    Check::catalog(
        &rules::matter_repeated_in_bundle::MATTER_REPEATED_IN_BUNDLE,
        rules::matter_repeated_in_bundle::check,
    ),
    Check::catalog(
        &rules::empty_flow_block::EMPTY_FLOW_BLOCK,
        rules::empty_flow_block::check,
    ),
    Check::catalog(
        &rules::lead_not_involved::LEAD_NOT_INVOLVED,
        rules::lead_not_involved::check,
    ),
    Check::catalog(
        &rules::bundle_over_target::BUNDLE_OVER_TARGET,
        rules::bundle_over_target::check,
    ),
];

/// Runs the catalog rules, each on its own thread where one is free, their findings joined in
/// the order of [`CHECKS`].
pub fn run_catalog(cx: &Context, sink: &mut Sink) {
    let found: Vec<Sink> = CHECKS
        .par_iter()
        .filter_map(|check| match check.run {
            Run::Catalog(run) => {
                let mut s = Sink::new();
                run(cx, &mut s);
                Some(s)
            }
            Run::Matter(_) => None,
        })
        .collect();
    for s in found {
        sink.extend(s);
    }
}

/// Runs the matter rules on some matters (one file's): they look at one matter at a time, so
/// a file's findings from them depend on that file alone.
pub fn run_matters(cx: &Context, matters: &[Box<Matter>], sink: &mut Sink) {
    for matter in matters {
        let mut s = Sink::new();
        for check in CHECKS {
            if let Run::Matter(run) = check.run {
                run(cx, matter, &mut s);
            }
        }
        // Each variant is a way to apply: every rule sees it as it results. What the
        // variants share with the matter is found once.
        if !matter.variants.is_empty() {
            for v in &matter.variants {
                let effective = matter.effective(v);
                for check in CHECKS {
                    if let Run::Matter(run) = check.run {
                        run(cx, &effective, &mut s);
                    }
                }
            }
            s.dedup();
        }
        sink.extend(s);
    }
}
