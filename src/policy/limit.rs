//! The bound on findings of one rule in one file: beyond [`MAX_PER_RULE_PER_FILE`], the rest
//! become one summary finding with their count, so no input can make banshi print far more than
//! it read. Applied after suppressions and settings, so what is excused or switched off does not
//! count, and before fingerprints, so the summary has one like any finding.

use crate::diagnostic::{Diagnostic, MAX_PER_RULE_PER_FILE, Severity};
use crate::source::{FileId, Span};
use std::collections::BTreeMap;

/// What was left out of one rule's findings in one file.
struct Left {
    /// The first finding left out: the summary stands at its place.
    at: Span,
    count: usize,
    severity: Severity,
    rule: &'static crate::diagnostic::Rule,
}

/// Keeps the first [`MAX_PER_RULE_PER_FILE`] findings of each rule in each file (in the order
/// given, which is source order) and replaces the rest by one summary each. A summary made
/// earlier (the invisible-character scan bounds itself while it reads) counts for the findings
/// it stands for.
pub fn bound(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut listed: BTreeMap<(FileId, &'static str), usize> = BTreeMap::new();
    let mut left: BTreeMap<(FileId, &'static str), Left> = BTreeMap::new();
    let mut kept = Vec::with_capacity(diagnostics.len().min(1 << 16));
    for d in diagnostics {
        let key = (d.span.file, d.rule.code);
        let n = listed.entry(key).or_insert(0);
        if d.omitted == 0 && *n < MAX_PER_RULE_PER_FILE {
            *n += 1;
            kept.push(d);
            continue;
        }
        let here = d.omitted.max(1);
        left.entry(key)
            .and_modify(|l| {
                l.count += here;
                l.severity = l.severity.min(d.severity);
            })
            .or_insert(Left {
                at: d.span,
                count: here,
                severity: d.severity,
                rule: d.rule,
            });
    }
    if left.is_empty() {
        return kept;
    }
    kept.extend(
        left.into_values()
            .map(|l| Diagnostic::summary(l.rule, l.severity, l.at, l.count)),
    );
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::invisible::INVISIBLE_CHARACTER;

    fn at(file: u32, start: usize) -> Diagnostic {
        Diagnostic::new(
            &INVISIBLE_CHARACTER,
            Span::new(FileId(file), start..start + 1),
            "x",
        )
    }

    #[test]
    fn the_findings_past_the_bound_become_one_summary_per_file() {
        let n = MAX_PER_RULE_PER_FILE;
        let mut all: Vec<Diagnostic> = (0..n + 7).map(|i| at(0, i)).collect();
        all.extend((0..3).map(|i| at(1, i)));
        let out = bound(all);
        assert_eq!(out.len(), n + 1 + 3);
        let summaries: Vec<_> = out.iter().filter(|d| d.omitted > 0).collect();
        assert_eq!(summaries.len(), 1);
        assert_eq!(summaries[0].omitted, 7);
        assert_eq!(summaries[0].span.range(), n..n + 1, "at the first left out");
        assert!(
            summaries[0].message.contains("另有 7 处"),
            "{}",
            summaries[0].message
        );
    }

    #[test]
    fn an_earlier_summary_counts_for_what_it_stands_for_and_errors_win() {
        let n = MAX_PER_RULE_PER_FILE;
        let mut all: Vec<Diagnostic> = (0..n).map(|i| at(0, i)).collect();
        all.push(at(0, n).severity(Severity::Warning));
        all.push(Diagnostic::summary(
            &INVISIBLE_CHARACTER,
            Severity::Error,
            Span::new(FileId(0), n + 1..n + 2),
            1000,
        ));
        let out = bound(all);
        assert_eq!(out.len(), n + 1);
        let s = out.last().expect("summary");
        assert_eq!((s.omitted, s.severity), (1001, Severity::Error));
        assert_eq!(s.span.range(), n..n + 1);
    }

    #[test]
    fn at_the_bound_nothing_changes() {
        let all: Vec<Diagnostic> = (0..MAX_PER_RULE_PER_FILE).map(|i| at(0, i)).collect();
        assert_eq!(bound(all.clone()), all);
    }
}
