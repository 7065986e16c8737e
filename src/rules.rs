//! The one table of rules. Each rule is declared next to the code that emits it
//! (`declare_rule!`) and listed once by its stage: the front-end stages in their `RULES`, the
//! checks in [`crate::check::CHECKS`] with the function that runs them. This module gathers
//! those lists; it sits above every stage, and stages that look rules up (policy) are handed
//! the table rather than importing it.

use crate::diagnostic::{Rule, RuleTable};
use std::sync::LazyLock;

static TABLE: LazyLock<RuleTable> = LazyLock::new(|| {
    let front = [
        crate::syntax::RULES,
        crate::registry::RULES,
        crate::load::RULES,
        crate::policy::RULES,
        crate::lower::RULES,
    ];
    let checks = crate::check::CHECKS.iter().map(|c| c.rule);
    RuleTable::new(front.into_iter().flatten().copied().chain(checks).collect())
});

/// Every rule, in code order.
pub fn table() -> &'static RuleTable {
    &TABLE
}

/// Every rule, in code order.
pub fn all() -> &'static [&'static Rule] {
    TABLE.all()
}

/// Finds a rule by code (`E150`, case-insensitive) or name (`vague-wording`).
pub fn find(key: &str) -> Option<&'static Rule> {
    TABLE.find(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numeric(code: &str) -> u32 {
        code[1..].parse().unwrap_or(0)
    }

    #[test]
    fn sorted_unique_and_documented() {
        for pair in all().windows(2) {
            assert!(
                numeric(pair[0].code) < numeric(pair[1].code),
                "{} must come before {}",
                pair[0].code,
                pair[1].code
            );
        }
        let mut names: Vec<&str> = all().iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all().len(), "rule names must be unique");
        for rule in all() {
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

    /// Rules about the language and the tool itself (syntax, encodings, configuration,
    /// publishing layout) enforce the language reference; every other rule names the law,
    /// article, standard or policy document it enforces.
    const LANGUAGE_RULES: &[&str] = &[
        "E001", "E002", "W003", "E004", "E005", "E006", "W007", "E008", "E009", "E010", "E011",
        "E104", "E107", "E112", "E172", "W173",
    ];

    #[test]
    fn every_rule_names_what_it_enforces() {
        for rule in all() {
            let basis = rule.doc.split("## 依据").nth(1).unwrap_or("").trim();
            assert!(!basis.is_empty(), "{}: empty 依据", rule.code);
            let names_policy = ["《", "GB", "〔", "国务院", "条例", "规范", "方案", "意见"]
                .iter()
                .any(|w| basis.contains(w));
            if LANGUAGE_RULES.contains(&rule.code) {
                assert!(
                    names_policy || basis.contains("docs/language.md") || basis.contains("README"),
                    "{}: 依据 names neither a policy text nor the language reference",
                    rule.code
                );
            } else {
                assert!(
                    names_policy,
                    "{}: 依据 names no policy text: {basis}",
                    rule.code
                );
            }
        }
    }
}
