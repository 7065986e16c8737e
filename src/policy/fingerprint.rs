//! The identity of a finding: the rule, the element it is on (matter / material / fee item /
//! bundle / registry entry / file) and the text it points at — never its line, so moving text
//! or adding lines above it does not make an old finding look new.

use crate::diagnostic::Diagnostic;
use crate::model::{Catalog, Fee};
use crate::source::{Sources, Span};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

fn within(outer: Span, inner: Span) -> bool {
    outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end
}

/// The element path and department of a span.
fn locate(catalog: &Catalog, sources: &Sources, span: Span) -> (String, Option<String>) {
    if let Some(m) = catalog.matters.iter().find(|m| within(m.span, span)) {
        let dept = m.department.as_ref().map(|d| d.name.clone());
        let mut path = format!("事项:{}", m.id.text);
        if let Some(x) = m.materials.iter().find(|x| within(x.span, span)) {
            path.push_str(&format!("/材料:{}", x.id.text));
        } else if let Some(Fee::Items(_, items)) = &m.fee
            && let Some(i) = items.iter().find(|i| within(i.span, span))
        {
            path.push_str(&format!("/收费:{}", i.id.text));
        }
        return (path, dept);
    }
    if let Some(b) = catalog.bundles.iter().find(|b| within(b.span, span)) {
        let dept = b.lead.as_ref().map(|d| d.name.clone());
        return (format!("一件事:{}", b.id.text), dept);
    }
    // Registry entries: the last entry starting at or before the finding.
    let r = &catalog.registry;
    let entries = r
        .departments
        .iter()
        .map(|d| (d.span, "部门", &d.id.value))
        .chain(r.laws.iter().map(|l| (l.span, "法规", &l.id.value)))
        .chain(r.evidence.iter().map(|e| (e.span, "证照", &e.id.value)));
    let entry = entries
        .filter(|(s, _, _)| s.file == span.file && s.start <= span.start)
        .max_by_key(|(s, _, _)| s.start);
    if let Some((_, kind, id)) = entry {
        return (format!("{kind}:{id}"), None);
    }
    (format!("文件:{}", sources.path(span.file)), None)
}

/// Sets `element`, `department` and `fingerprint` on every finding.
pub(super) fn assign(catalog: &Catalog, sources: &Sources, diagnostics: &mut [Diagnostic]) {
    // The same rule on the same element and text may occur more than once; the occurrence
    // number (in source order) keeps their fingerprints apart.
    let mut seen: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for d in diagnostics.iter_mut() {
        let (element, department) = locate(catalog, sources, d.span);
        let text = sources.slice(d.span).to_string();
        let key = (d.rule.name.to_string(), element.clone(), text.clone());
        let n = seen.entry(key).or_insert(0);
        *n += 1;
        let mut hash = Sha256::new();
        for part in [d.rule.name, element.as_str(), text.as_str(), &n.to_string()] {
            hash.update(part.as_bytes());
            hash.update([0u8]);
        }
        let digest = hash.finalize();
        d.fingerprint = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        d.element = element;
        d.department = department;
    }
}
