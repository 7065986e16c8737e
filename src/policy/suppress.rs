//! `豁免 <rule> "reason"` on a matter, a material or a fee item.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Catalog;
use crate::rules;

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
    catalog: &Catalog,
    diagnostics: Vec<Diagnostic>,
    sink: &mut Sink,
) -> Vec<Diagnostic> {
    let resolved: Vec<_> = catalog
        .suppressions
        .iter()
        .map(|s| rules::find(&s.rule.text))
        .collect();
    let mut used = vec![false; catalog.suppressions.len()];
    let kept = diagnostics
        .into_iter()
        .filter(|d| {
            let hit = catalog
                .suppressions
                .iter()
                .zip(&resolved)
                .position(|(s, r)| r.is_some_and(|r| r == d.rule) && s.covers(d.span));
            match hit {
                Some(i) => {
                    used[i] = true;
                    false
                }
                None => true,
            }
        })
        .collect();
    for ((s, rule), used) in catalog.suppressions.iter().zip(&resolved).zip(used) {
        let Some(rule) = rule else {
            sink.push(super::settings::unknown(&s.rule.text, s.rule.span));
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
