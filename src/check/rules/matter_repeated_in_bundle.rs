use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::graph::flow::steps;
use crate::model::MatterId;
use std::collections::BTreeMap;

declare_rule! {
    /// ## 检查内容
    /// 同一个事项在一件事的流程中出现了两次。
    ///
    /// ## 为什么有问题
    /// 一件事中每个事项只办理一次；重复出现时无法确定它在哪个环节办理，
    /// 时限和材料也会被重复计算。
    ///
    /// ## 示例
    /// ```banshi
    /// 流程 串联 {
    ///   出生医学证明签发
    ///   并联 { 出生登记 出生医学证明签发 }
    /// }
    /// ```
    ///
    /// ## 改为
    /// 只保留事项实际办理的那个位置。
    ///
    /// ## 依据
    /// 语言参考 docs/language.md 第 4 节：一个事项在一件事中至多出现一次。
    pub static MATTER_REPEATED_IN_BUNDLE = {
        code: "E172",
        name: "matter-repeated-in-bundle",
        severity: Error,
        summary: "同一事项在一件事中出现两次",
    };
}

pub fn check(cx: &Context, sink: &mut Sink) {
    for bundle in &cx.catalog.bundles {
        let Some(flow) = &bundle.flow else { continue };
        let mut first: BTreeMap<MatterId, crate::source::Span> = BTreeMap::new();
        for step in steps(flow) {
            match first.get(&step.matter) {
                Some(at) => {
                    let name = cx
                        .catalog
                        .matter(step.matter)
                        .map_or("", |m| m.id.text.as_str());
                    sink.push(
                        Diagnostic::new(
                            &MATTER_REPEATED_IN_BUNDLE,
                            step.span,
                            format!("事项「{name}」在一件事「{}」中出现了两次", bundle.id.text),
                        )
                        .label("再次出现")
                        .secondary(*at, "首次出现于此")
                        .help("每个事项在一件事中只办理一次：删除多余的一处"),
                    );
                }
                None => {
                    first.insert(step.matter, step.span);
                }
            }
        }
    }
}
