use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// 引用的法规尚未施行：法规登记表中的 `effective` 日期晚于今天。
    ///
    /// ## 为什么有问题
    /// 法规施行前不能作为办理依据。提前按新法规编写指南是好的准备，但在施行日之前发布，
    /// 申请人会按尚未生效的要求准备材料。
    ///
    /// ## 示例
    /// ```yaml
    /// - id: 某某条例
    ///   effective: 2030-01-01
    /// ```
    ///
    /// ## 改为
    /// 施行日前继续引用现行法规，施行日后再切换；或确认登记表中的施行日期是否写错。
    ///
    /// ## 依据
    /// 《中华人民共和国立法法》：法律应当明确规定施行日期。
    pub static LAW_NOT_YET_EFFECTIVE = {
        code: "W122",
        name: "law-not-yet-effective",
        severity: Warning,
        summary: "引用了尚未施行的法规",
    };
}

pub fn check(cx: &Context, m: &Matter, sink: &mut Sink) {
    for (citation, law) in cx.cited_laws(m) {
        let Some(effective) = &law.effective else {
            continue;
        };
        if effective.value > cx.today {
            sink.push(
                Diagnostic::new(
                    &LAW_NOT_YET_EFFECTIVE,
                    citation.law.span,
                    format!(
                        "《{}》自 {} 起施行，目前尚未生效",
                        law.id.value, effective.value
                    ),
                )
                .label("尚未施行的法规")
                .secondary(effective.span, "施行日期")
                .help("施行日前请继续引用现行依据"),
            );
        }
    }
}
