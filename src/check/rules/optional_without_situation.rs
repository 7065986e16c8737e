use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::{Matter, Necessity};

declare_rule! {
    /// ## 检查内容
    /// 材料标为 `必要性 非必要`，却没有写 `情形`：没有说明什么情况下需要提交。
    ///
    /// ## 为什么有问题
    /// “非必要”材料只在某些情况下才要提交。不写情形，申请人无法判断自己要不要准备，
    /// 窗口也可以随意决定要不要，“一次性告知”就落空了。
    ///
    /// ## 示例
    /// ```banshi
    /// 委托书 { 名称 "授权委托书" 形式 原件 份数 1 来源 申请人自备 必要性 非必要 }
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 委托书 {
    ///   名称 "授权委托书"
    ///   形式 原件
    ///   份数 1
    ///   来源 申请人自备
    ///   必要性 非必要
    ///   情形 "委托他人代为申请的"
    /// }
    /// ```
    ///
    /// ## 依据
    /// 《中华人民共和国行政许可法》第三十条（公示需要提交的全部材料的目录）、第三十二条
    /// （申请材料不齐全的，一次告知需要补正的全部内容）。
    pub static OPTIONAL_WITHOUT_SITUATION = {
        code: "E145",
        name: "optional-without-situation",
        severity: Error,
        summary: "非必要材料没有写明提交情形",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    for material in &m.materials {
        let Some(necessity) = &material.necessity else {
            continue;
        };
        if necessity.value != Necessity::Optional || material.situation.is_some() {
            continue;
        }
        sink.push(
            Diagnostic::new(
                &OPTIONAL_WITHOUT_SITUATION,
                necessity.span,
                format!("非必要材料「{}」没有写明在什么情形下提交", material.id.text),
            )
            .label("非必要，但未写情形")
            .secondary(material.id.span, "此材料")
            .help("用 `情形 \"…的\"` 写明需要提交的情况；任何申请人都要提交的，改为 `必要性 必要`"),
        );
    }
}
