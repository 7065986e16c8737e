use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::graph::flow::steps;

declare_rule! {
    /// ## 检查内容
    /// 一件事的 `牵头` 部门不是其中任何一个事项的实施主体。
    ///
    /// ## 为什么有问题
    /// 牵头部门负责统一受理、协调各环节并对外答复。不办理其中任何事项的部门很难承担这一职责，
    /// 多数情况是牵头部门写错，或漏写了牵头部门自己的事项。
    ///
    /// ## 示例
    /// ```banshi
    /// 一件事 开办餐饮店 {
    ///   名称 "开办餐饮店一件事"
    ///   牵头 民政局
    ///   流程 串联 { 个体工商户设立登记 食品经营许可 }
    /// }
    /// ```
    ///
    /// ## 改为
    /// `牵头 市场监管局`
    ///
    /// ## 依据
    /// 杨陵区实施方案：各牵头部门是“高效办成一件事”的责任主体，“一事一组”协同推进。
    pub static LEAD_NOT_INVOLVED = {
        code: "W174",
        name: "lead-not-involved",
        severity: Warning,
        summary: "牵头部门不办理一件事中的任何事项",
    };
}

pub fn check(cx: &Context, sink: &mut Sink) {
    for bundle in &cx.catalog.bundles {
        let (Some(lead), Some(flow)) = (&bundle.lead, &bundle.flow) else {
            continue;
        };
        let Some(lead_id) = lead.target else { continue };
        let steps = steps(flow);
        if steps.is_empty() {
            continue;
        }
        let involved = steps.iter().any(|s| {
            cx.catalog
                .matter(s.matter)
                .and_then(|m| m.department.as_ref())
                .and_then(|d| d.target)
                == Some(lead_id)
        });
        if !involved {
            sink.push(
                Diagnostic::new(
                    &LEAD_NOT_INVOLVED,
                    lead.span,
                    format!(
                        "牵头部门「{}」不办理一件事「{}」中的任何事项",
                        lead.name, bundle.id.text
                    ),
                )
                .label("不是任何事项的实施主体")
                .help("改由办理其中主要事项的部门牵头，或补上牵头部门办理的事项"),
            );
        }
    }
}
