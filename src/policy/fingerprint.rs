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

/// Where findings are placed: the spans of matters, bundles and registry entries, sorted by
/// file and start, so each finding is placed by binary search — a catalog with tens of
/// thousands of matters and findings would otherwise take their product.
struct Index<'c> {
    /// (span, index into `catalog.matters`), sorted.
    matters: Vec<(Span, usize)>,
    bundles: Vec<(Span, usize)>,
    entries: Vec<(Span, &'static str, &'c str)>,
    /// Per matter, its materials' and fee items' spans with their ids, sorted: a matter of
    /// 40,000 materials with a finding on each would otherwise be searched once per finding.
    parts: Vec<Vec<(Span, Part)>>,
}

#[derive(Clone, Copy)]
enum Part {
    Material(usize),
    FeeItem(usize),
}

impl<'c> Index<'c> {
    fn new(catalog: &'c Catalog) -> Index<'c> {
        let key = |s: &Span| (s.file, s.start, s.end);
        // Spans with their element's index, in source order.
        let by_span = |spans: &mut dyn Iterator<Item = Span>| {
            let mut v: Vec<(Span, usize)> = spans.zip(0..).collect();
            v.sort_by_key(|(s, i)| (key(s), *i));
            v
        };
        let matters = by_span(&mut catalog.matters.iter().map(|m| m.span));
        let bundles = by_span(&mut catalog.bundles.iter().map(|b| b.span));
        let r = &catalog.registry;
        let mut entries: Vec<_> = r
            .departments
            .iter()
            .map(|d| (d.span, "部门", d.id.value.as_str()))
            .chain(r.laws.iter().map(|l| (l.span, "法规", l.id.value.as_str())))
            .chain(
                r.evidence
                    .iter()
                    .map(|e| (e.span, "证照", e.id.value.as_str())),
            )
            .collect();
        entries.sort_by_key(|(s, _, _)| key(s));
        let parts = catalog
            .matters
            .iter()
            .map(|m| {
                let mut v: Vec<(Span, Part)> = m
                    .materials
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (x.span, Part::Material(i)))
                    .collect();
                if let Some(Fee::Items(_, items)) = &m.fee {
                    v.extend(
                        items
                            .iter()
                            .enumerate()
                            .map(|(i, x)| (x.span, Part::FeeItem(i))),
                    );
                }
                // Materials before fee items where spans tie, as the linear search had it.
                v.sort_by_key(|(s, p)| (key(s), matches!(p, Part::FeeItem(_))));
                v
            })
            .collect();
        Index {
            matters,
            bundles,
            entries,
            parts,
        }
    }
}

/// The last element of `sorted` (by file and start) that starts at or before `span` in its file.
fn last_before<T>(sorted: &[T], span: Span, of: impl Fn(&T) -> Span) -> Option<&T> {
    let n = sorted.partition_point(|t| {
        let s = of(t);
        (s.file, s.start) <= (span.file, span.start)
    });
    sorted[..n].last().filter(|t| of(t).file == span.file)
}

/// The element path and department of a span.
fn locate(
    catalog: &Catalog,
    index: &Index,
    sources: &Sources,
    span: Span,
) -> (String, Option<String>) {
    // Definitions do not nest, so the one that starts last before the finding is the only
    // one that can contain it.
    if let Some(&(_, i)) = last_before(&index.matters, span, |t| t.0).filter(|t| within(t.0, span))
        && let Some(m) = catalog.matters.get(i)
    {
        let dept = m.department.as_ref().map(|d| d.name.clone());
        let mut path = format!("事项:{}", m.id.text);
        // Materials and fee items do not nest either.
        let part = index
            .parts
            .get(i)
            .and_then(|parts| last_before(parts, span, |t| t.0))
            .filter(|t| within(t.0, span));
        match part.map(|t| t.1) {
            Some(Part::Material(x)) => {
                if let Some(x) = m.materials.get(x) {
                    path.push_str(&format!("/材料:{}", x.id.text));
                }
            }
            Some(Part::FeeItem(x)) => {
                if let Some(Fee::Items(_, items)) = &m.fee
                    && let Some(x) = items.get(x)
                {
                    path.push_str(&format!("/收费:{}", x.id.text));
                }
            }
            None => {}
        }
        return (path, dept);
    }
    if let Some(&(_, i)) = last_before(&index.bundles, span, |t| t.0).filter(|t| within(t.0, span))
        && let Some(b) = catalog.bundles.get(i)
    {
        let dept = b.lead.as_ref().map(|d| d.name.clone());
        return (format!("一件事:{}", b.id.text), dept);
    }
    if let Some((_, kind, id)) = last_before(&index.entries, span, |t| t.0) {
        return (format!("{kind}:{id}"), None);
    }
    (format!("文件:{}", sources.path(span.file)), None)
}

pub(super) fn assign(catalog: &Catalog, sources: &Sources, diagnostics: &mut [Diagnostic]) {
    // The same rule on the same element and text may occur more than once; the occurrence
    // number (in source order) keeps their fingerprints apart.
    let index = Index::new(catalog);
    let mut seen: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for d in diagnostics.iter_mut() {
        let (element, department) = locate(catalog, &index, sources, d.span);
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
