//! `豁免 <rule> "reason"` on a matter, a material or a fee item.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::diagnostic::{Rule, RuleTable};
use crate::model::Suppression;
use crate::source::Span;
use std::collections::BTreeMap;

declare_rule! {
    /// ## 检查内容
    /// `豁免` 没有写明理由。
    ///
    /// ## 为什么有问题
    /// 豁免是对规则的例外，审核人员和后来的维护者需要知道为什么可以例外、依据是什么；
    /// 没有理由的豁免无法审核，也无法判断条件变化后是否还应保留。
    ///
    /// ## 示例
    /// ```banshi
    /// 豁免 basis-order
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 豁免 basis-order "省级实施清单按文件发布顺序列出依据，保持与清单一致"
    /// ```
    ///
    /// ## 依据
    /// banshi 豁免说明（README「Using banshi in CI」）。
    pub static SUPPRESSION_WITHOUT_REASON = {
        code: "E006",
        name: "suppression-without-reason",
        severity: Error,
        summary: "豁免没有写明理由",
    };
}

declare_rule! {
    /// ## 检查内容
    /// `豁免` 所针对的规则在该元素上并没有发现问题：这条豁免不起作用。
    ///
    /// ## 为什么有问题
    /// 问题已经修正，或者豁免写在了错误的元素上（例如写在事项上，而问题出在材料上）。
    /// 多余的豁免会在今后掩盖真正的新问题。
    ///
    /// ## 示例
    /// ```banshi
    /// 材料 {
    ///   申请书 { 名称 "最低生活保障申请书" … 豁免 vague-wording "沿用省厅表格名称" }
    /// }
    /// ```
    ///
    /// ## 改为
    /// 删除这条豁免；若问题出在别的元素上，把豁免移到那里。
    ///
    /// ## 依据
    /// banshi 豁免说明（README「Using banshi in CI」）。
    pub static UNUSED_SUPPRESSION = {
        code: "W007",
        name: "unused-suppression",
        severity: Warning,
        summary: "豁免没有压下任何问题",
    };
}

/// Drops the findings a suppression excuses; reports suppressions without reason, with an
/// unknown rule, or that excuse nothing.
pub(super) fn apply(
    rules: &RuleTable,
    suppressions: &[Suppression],
    diagnostics: Vec<Diagnostic>,
    sink: &mut Sink,
) -> Vec<Diagnostic> {
    let resolved: Vec<_> = suppressions
        .iter()
        .map(|s| rules.find(&s.rule.text))
        .collect();
    let mut used = vec![false; suppressions.len()];
    let index = Index::new(suppressions, &resolved);
    let kept = diagnostics
        .into_iter()
        .filter(|d| match index.first_covering(suppressions, d) {
            Some(i) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                false
            }
            None => true,
        })
        .collect();
    for ((s, rule), used) in suppressions.iter().zip(&resolved).zip(used) {
        let Some(rule) = rule else {
            sink.push(super::settings::unknown(rules, &s.rule.text, s.rule.span));
            continue;
        };
        if s.reason.as_ref().is_none_or(|r| r.value.trim().is_empty()) {
            sink.push(
                Diagnostic::new(
                    &SUPPRESSION_WITHOUT_REASON,
                    s.span,
                    format!("豁免「{}」没有写明理由", rule.name),
                )
                .label("缺少理由")
                .help(format!(
                    "写明为什么可以例外，例如：豁免 {} \"<理由>\"",
                    rule.name
                )),
            );
        }
        if !used {
            sink.push(
                Diagnostic::new(
                    &UNUSED_SUPPRESSION,
                    s.span,
                    format!("豁免「{}」没有压下任何问题", rule.name),
                )
                .label("此处没有该规则的问题")
                .help("问题已修正时删除这条豁免；问题在其他元素上时，把豁免移到那里"),
            );
        }
    }
    kept
}

/// The suppressions of each rule by the start of the element they excuse, so a finding is
/// matched by binary search: a catalog of tens of thousands of suppressed elements and findings
/// would otherwise take their product.
struct Index {
    /// Per rule code: (suppression index, enclosing entry in the same list), sorted by scope.
    by_rule: BTreeMap<&'static str, Vec<(usize, Option<usize>)>>,
}

impl Index {
    fn new(suppressions: &[Suppression], resolved: &[Option<&'static Rule>]) -> Index {
        let mut by_rule: BTreeMap<&'static str, Vec<(usize, Option<usize>)>> = BTreeMap::new();
        for (i, rule) in resolved.iter().enumerate() {
            if let Some(rule) = rule {
                by_rule.entry(rule.code).or_default().push((i, None));
            }
        }
        let scope = |i: usize| suppressions.get(i).map(|s| s.scope);
        for list in by_rule.values_mut() {
            // Outer elements before the inner ones that start with them; equal scopes in
            // source order, so the first written wins, as it always has.
            list.sort_by_key(|&(i, _)| {
                scope(i).map(|s| (s.file, s.start, std::cmp::Reverse(s.end), i))
            });
            // Element spans nest or are disjoint: the enclosing entry of each is found with a
            // stack of the open ones.
            let mut open: Vec<usize> = Vec::new();
            for k in 0..list.len() {
                let Some(here) = scope(list[k].0) else {
                    continue;
                };
                while let Some(&top) = open.last() {
                    match scope(list[top].0) {
                        Some(s) if contains(s, here) => break,
                        _ => {
                            open.pop();
                        }
                    }
                }
                list[k].1 = open.last().copied();
                open.push(k);
            }
        }
        Index { by_rule }
    }

    /// The first suppression, in source order, that excuses `d`.
    fn first_covering(&self, suppressions: &[Suppression], d: &Diagnostic) -> Option<usize> {
        let list = self.by_rule.get(d.rule.code)?;
        let scope = |k: usize| list.get(k).and_then(|&(i, _)| suppressions.get(i));
        let n = list.partition_point(|&(i, _)| {
            suppressions
                .get(i)
                .is_some_and(|s| (s.scope.file, s.scope.start) <= (d.span.file, d.span.start))
        });
        // Only the last element starting at or before the finding and the ones it lies in can
        // contain the finding.
        let mut best: Option<usize> = None;
        let mut k = n.checked_sub(1);
        while let Some(at) = k {
            let Some(s) = scope(at) else { break };
            if s.covers(d.span) {
                let i = list[at].0;
                best = Some(best.map_or(i, |b| b.min(i)));
            }
            // Entries with the same scope are each other's enclosing entries too.
            k = list[at].1;
        }
        best
    }
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end
}
