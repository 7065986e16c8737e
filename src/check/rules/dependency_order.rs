use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::graph::flow::{StepIndex, runs_before, steps};
use crate::model::EvidenceId;
use crate::source::Span;
use std::collections::BTreeMap;

declare_rule! {
    /// ## 检查内容
    /// 一件事中，某个事项需要的证照由同一件事中的另一个事项产生，但它没有排在那个事项之后：
    /// 两者并联办理，或者它排在前面。
    ///
    /// 同一个问题只报告一次：一个事项需要同一事项产生的多个证照时合并报告；多个事项都因同一个
    /// 产生证照的事项排得太晚而出错时，在第一个事项处报告一次，并标出其余事项。
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
    /// 语言参考 docs/language.md 第 4 节：产生证照的事项必须严格先于使用它的事项。
    pub static DEPENDENCY_ORDER = {
        code: "E170",
        name: "dependency-order",
        severity: Error,
        summary: "一件事中使用证照的事项没有排在产生它的事项之后",
    };
}

/// The certificates one consumer needs from one producer, with where its materials use them.
type Needs = Vec<(EvidenceId, Option<Span>)>;

pub fn check(cx: &Context, sink: &mut Sink) {
    let catalog = cx.catalog;
    for bundle in &catalog.bundles {
        let Some(flow) = &bundle.flow else { continue };
        let steps = steps(flow);
        let index = StepIndex::new(&steps);
        // By producer step, then consumer step: one finding per consumer and the producer it
        // runs too early for, however many of the producer's certificates it needs (one
        // misplacement, one fix), and the consumers of one producer placed too late together.
        let mut problems: BTreeMap<usize, BTreeMap<usize, Needs>> = BTreeMap::new();
        for (ci, consumer) in steps.iter().enumerate() {
            let Some(matter) = catalog.matter(consumer.matter) else {
                continue;
            };
            // A repeated step is its own rule's finding; the first one stands for the matter.
            if steps[..ci].iter().any(|s| s.matter == consumer.matter) {
                continue;
            }
            for (producer, need) in cx.graph.needs_of(consumer.matter) {
                // Producers of this evidence inside the bundle, in flow order; any one running
                // earlier suffices.
                let in_bundle: Vec<usize> = index.positions_of(cx.graph.producers(need.evidence));
                let Some(&first) = in_bundle.first() else {
                    continue;
                };
                let runs_early =
                    |i: &usize| steps.get(*i).is_some_and(|p| runs_before(p, consumer));
                if in_bundle.iter().any(runs_early)
                    || !in_bundle
                        .iter()
                        .any(|&i| steps.get(i).is_some_and(|p| p.matter == producer))
                {
                    continue;
                }
                let used_at = matter
                    .materials
                    .get(need.material)
                    .and_then(|m| m.evidence.as_ref())
                    .map(|r| r.span);
                let list = problems.entry(first).or_default().entry(ci).or_default();
                if !list.iter().any(|(e, _)| *e == need.evidence) {
                    list.push((need.evidence, used_at));
                }
            }
        }
        // Consumers that all run too early for one producer: the finding is at the first one,
        // naming the others.
        for (pi, consumers) in problems {
            let consumers: Vec<(usize, Needs)> = consumers.into_iter().collect();
            let Some(first) = steps.get(pi) else { continue };
            let Some(producer) = catalog.matter(first.matter) else {
                continue;
            };
            let Some(&(ci, ref needs)) = consumers.first() else {
                continue;
            };
            let (Some(consumer), Some(matter)) = (
                steps.get(ci),
                steps.get(ci).and_then(|c| catalog.matter(c.matter)),
            ) else {
                continue;
            };
            let evidence_names = |needs: &[(EvidenceId, Option<Span>)]| {
                needs
                    .iter()
                    .map(|(e, _)| {
                        catalog
                            .registry
                            .evidence(*e)
                            .map_or("", |e| e.id.value.as_str())
                    })
                    .collect::<Vec<_>>()
                    .join("」「")
            };
            let evidence = evidence_names(needs);
            let relation = if runs_before(consumer, first) {
                "却排在它前面"
            } else {
                "却与它同时（并联）办理"
            };
            let mut d = Diagnostic::new(
                &DEPENDENCY_ORDER,
                consumer.span,
                format!(
                    "「{}」需要「{}」产生的证照「{evidence}」，{relation}",
                    matter.id.text, producer.id.text
                ),
            )
            .label(format!("需要「{evidence}」"))
            .secondary(first.span, format!("「{evidence}」由此事项产生"));
            for span in needs.iter().filter_map(|(_, s)| *s) {
                d = d.secondary(span, "材料中使用此证照");
            }
            let mut others: Vec<&str> = Vec::new();
            for (ci, needs) in &consumers[1..] {
                let Some((step, m)) = steps
                    .get(*ci)
                    .and_then(|st| Some((st, catalog.matter(st.matter)?)))
                else {
                    continue;
                };
                d = d.secondary(step.span, format!("同样需要「{}」", evidence_names(needs)));
                others.push(m.id.text.as_str());
            }
            let help = if others.is_empty() {
                format!(
                    "把「{}」放在「{}」之后的串联环节中",
                    matter.id.text, producer.id.text
                )
            } else {
                d = d.note(format!(
                    "另有 {} 个事项也排在「{}」之前或与它同时办理，同样需要它产生的证照：「{}」",
                    others.len(),
                    producer.id.text,
                    others.join("」「")
                ));
                format!(
                    "把「{}」移到「{}」「{}」之前的串联环节中",
                    producer.id.text,
                    matter.id.text,
                    others.join("」「")
                )
            };
            sink.push(d.help(help));
        }
    }
}
