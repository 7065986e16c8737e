use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::graph::flow::{Step, StepIndex, runs_before, steps};
use std::collections::BTreeSet;

declare_rule! {
    /// ## 检查内容
    /// 一件事中，某个事项需要的证照由同一件事中的另一个事项产生，但它没有排在那个事项之后：
    /// 两者并联办理，或者它排在前面。
    ///
    /// ## 为什么有问题
    /// 前一个环节的办理结果是后一个环节的申请材料。并联或倒序办理时，后一个环节受理时材料
    /// 还不存在，只能退回申请人，“一件事”就办不成。
    ///
    /// ## 示例
    /// ```banshi
    /// 一件事 新生儿出生 {
    ///   名称 "新生儿出生一件事"
    ///   牵头 卫健委
    ///   流程 并联 {
    ///     出生医学证明签发
    ///     出生登记          // 需要「出生医学证明」
    ///   }
    /// }
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 流程 串联 {
    ///   出生医学证明签发
    ///   出生登记
    /// }
    /// ```
    ///
    /// ## 依据
    /// 国发〔2024〕3号“高效办成一件事”：优化业务流程，前一环节的结果作为后一环节的依据；
    /// 事项描述语言规范第 4 节：产生证照的事项必须严格先于使用它的事项。
    pub static DEPENDENCY_ORDER = {
        code: "E170",
        name: "dependency-order",
        severity: Error,
        summary: "一件事中使用证照的事项没有排在产生它的事项之后",
    };
}

pub fn check(cx: &Context, sink: &mut Sink) {
    let catalog = cx.catalog;
    for bundle in &catalog.bundles {
        let Some(flow) = &bundle.flow else { continue };
        let steps = steps(flow);
        let index = StepIndex::new(&steps);
        let mut reported = BTreeSet::new();
        for consumer in &steps {
            let Some(matter) = catalog.matter(consumer.matter) else {
                continue;
            };
            for (producer, need) in cx.graph.needs_of(consumer.matter) {
                // Producers of this evidence inside the bundle, in flow order; any one running
                // earlier suffices.
                let in_bundle: Vec<&Step> = index
                    .positions_of(cx.graph.producers(need.evidence))
                    .into_iter()
                    .filter_map(|i| steps.get(i))
                    .collect();
                if in_bundle.is_empty()
                    || in_bundle.iter().any(|p| runs_before(p, consumer))
                    || !in_bundle.iter().any(|p| p.matter == producer)
                    || !reported.insert((consumer.matter, need.evidence))
                {
                    continue;
                }
                let Some(first) = in_bundle.first() else {
                    continue;
                };
                let producer_name = catalog
                    .matter(first.matter)
                    .map_or("", |m| m.id.text.as_str());
                let evidence = catalog
                    .registry
                    .evidence(need.evidence)
                    .map_or("", |e| e.id.value.as_str());
                let relation = if runs_before(consumer, first) {
                    "却排在它前面"
                } else {
                    "却与它同时（并联）办理"
                };
                let mut d = Diagnostic::new(
                    &DEPENDENCY_ORDER,
                    consumer.span,
                    format!(
                        "「{}」需要「{producer_name}」产生的证照「{evidence}」，{relation}",
                        matter.id.text
                    ),
                )
                .label(format!("需要「{evidence}」"))
                .secondary(first.span, format!("「{evidence}」由此事项产生"));
                if let Some(r) = matter
                    .materials
                    .get(need.material)
                    .and_then(|m| m.evidence.as_ref())
                {
                    d = d.secondary(r.span, "材料中使用此证照");
                }
                sink.push(d.help(format!(
                    "把「{}」放在「{producer_name}」之后的串联环节中",
                    matter.id.text
                )));
            }
        }
    }
}
