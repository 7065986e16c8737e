use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Flow;

declare_rule! {
    /// ## 检查内容
    /// 一件事的流程中有空的 `串联 { }` 或 `并联 { }` 块。
    ///
    /// ## 为什么有问题
    /// 空块不办理任何事项，多半是删除事项后留下的残余，或漏写了本应并联办理的事项；
    /// 画出的流程图中会出现一个空环节。
    ///
    /// ## 示例
    /// ```banshi
    /// 流程 串联 {
    ///   出生医学证明签发
    ///   并联 { }
    /// }
    /// ```
    ///
    /// ## 改为
    /// 删除空块，或补上该环节的事项。
    ///
    /// ## 依据
    /// 语言参考 docs/language.md 第 4 节：流程块的子项是事项或嵌套的块。
    pub static EMPTY_FLOW_BLOCK = {
        code: "W173",
        name: "empty-flow-block",
        severity: Warning,
        summary: "一件事流程中有空的串联或并联块",
    };
}

pub fn check(cx: &Context, sink: &mut Sink) {
    for bundle in &cx.catalog.bundles {
        let Some(flow) = &bundle.flow else { continue };
        let mut stack = vec![flow];
        while let Some(node) = stack.pop() {
            let (Flow::Serial {
                keyword, children, ..
            }
            | Flow::Parallel {
                keyword, children, ..
            }) = node
            else {
                continue;
            };
            if children.is_empty() {
                let kind = if matches!(node, Flow::Serial { .. }) {
                    "串联"
                } else {
                    "并联"
                };
                sink.push(
                    Diagnostic::new(
                        &EMPTY_FLOW_BLOCK,
                        *keyword,
                        format!("一件事「{}」的流程中有空的「{kind}」块", bundle.id.text),
                    )
                    .label("没有事项")
                    .help("删除空块，或写入该环节办理的事项"),
                );
            }
            stack.extend(children.iter().rev());
        }
    }
}
