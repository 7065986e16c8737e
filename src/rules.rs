//! The registry of every rule, in code order. `banshi explain` reads it; a test keeps it sorted,
//! unique and documented, and checks that every rule reachable from the pipeline is listed.

use crate::diagnostic::Rule;

pub static ALL: &[&Rule] = &[
    &crate::syntax::SYNTAX_ERROR,
    &crate::registry::INVALID_REGISTRY,
    &crate::registry::UNKNOWN_KEY,
    &crate::load::INVALID_ENCODING,
    &crate::policy::UNKNOWN_RULE,
    &crate::policy::SUPPRESSION_WITHOUT_REASON,
    &crate::policy::UNUSED_SUPPRESSION,
    &crate::syntax::NESTING_TOO_DEEP,
    &crate::syntax::INVISIBLE_CHARACTER,
    &crate::load::FILE_TOO_LARGE,
    &crate::lower::UNKNOWN_REFERENCE,
    &crate::lower::DUPLICATE_ID,
    &crate::lower::MISSING_FIELD,
    &crate::lower::DUPLICATE_FIELD,
    &crate::lower::INVALID_VALUE,
    &crate::check::rules::path_outside_catalog::PATH_OUTSIDE_CATALOG,
    &crate::check::rules::sample_collides_with_output::SAMPLE_COLLIDES_WITH_OUTPUT,
    &crate::check::rules::invalid_code::INVALID_CODE,
    &crate::check::rules::invalid_credit_code::INVALID_CREDIT_CODE,
    &crate::check::rules::article_out_of_range::ARTICLE_OUT_OF_RANGE,
    &crate::check::rules::repealed_law::REPEALED_LAW,
    &crate::check::rules::law_not_yet_effective::LAW_NOT_YET_EFFECTIVE,
    &crate::check::rules::basis_order::BASIS_ORDER,
    &crate::check::rules::promise_exceeds_legal::PROMISE_EXCEEDS_LEGAL,
    &crate::check::rules::instant_mismatch::INSTANT_MISMATCH,
    &crate::check::rules::fee_without_basis::FEE_WITHOUT_BASIS,
    &crate::check::rules::visit_without_reason::VISIT_WITHOUT_REASON,
    &crate::check::rules::no_remote_channel::NO_REMOTE_CHANNEL,
    &crate::check::rules::agency_requires_visit::AGENCY_REQUIRES_VISIT,
    &crate::check::rules::same_contact::SAME_CONTACT,
    &crate::check::rules::vague_wording::VAGUE_WORDING,
    &crate::check::rules::shared_material_requested::SHARED_MATERIAL_REQUESTED,
    &crate::check::rules::own_department_material::OWN_DEPARTMENT_MATERIAL,
    &crate::check::rules::sharing_not_available::SHARING_NOT_AVAILABLE,
    &crate::check::rules::dependency_order::DEPENDENCY_ORDER,
    &crate::check::rules::circular_proof::CIRCULAR_PROOF,
    &crate::check::rules::matter_repeated_in_bundle::MATTER_REPEATED_IN_BUNDLE,
    &crate::check::rules::empty_flow_block::EMPTY_FLOW_BLOCK,
    &crate::check::rules::lead_not_involved::LEAD_NOT_INVOLVED,
    &crate::check::rules::bundle_over_target::BUNDLE_OVER_TARGET,
];

/// Finds a rule by code (`E150`, case-insensitive) or name (`vague-wording`).
pub fn find(key: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numeric(code: &str) -> u32 {
        code[1..].parse().unwrap_or(0)
    }

    #[test]
    fn sorted_unique_and_documented() {
        for pair in ALL.windows(2) {
            assert!(
                numeric(pair[0].code) < numeric(pair[1].code),
                "{} must come before {}",
                pair[0].code,
                pair[1].code
            );
        }
        let mut names: Vec<&str> = ALL.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len(), "rule names must be unique");
        for rule in ALL {
            let prefix = match rule.severity {
                crate::diagnostic::Severity::Error => 'E',
                crate::diagnostic::Severity::Warning => 'W',
            };
            assert!(
                rule.code.starts_with(prefix),
                "{}: prefix must match severity",
                rule.code
            );
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}: kebab-case",
                rule.name
            );
            for heading in [
                "## 检查内容",
                "## 为什么有问题",
                "## 示例",
                "## 改为",
                "## 依据",
            ] {
                assert!(rule.doc.contains(heading), "{} lacks {heading}", rule.name);
            }
            assert!(!rule.summary.is_empty());
        }
    }
}
