use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// 引用的法规已经废止：法规登记表中的 `repealed` 日期不晚于今天。
    ///
    /// ## 为什么有问题
    /// 已废止的法规不能作为办理依据。依据失效后，受理条件和材料要求可能已经改变，
    /// 按旧依据办理会让申请人多交材料甚至被错误拒绝。
    ///
    /// ## 示例
    /// ```banshi
    /// 依据 { 《食品经营许可管理办法》第十二条 }   // 已于 2023-12-01 废止
    /// ```
    ///
    /// ## 改为
    /// 改引现行有效的法规：`《食品经营许可和备案管理办法》第十二条`，并核对条件和材料是否随之变化。
    ///
    /// ## 依据
    /// 《中华人民共和国立法法》关于法的效力的规定；语言参考 docs/language.md 第 1 节。
    pub static REPEALED_LAW = {
        code: "E121",
        name: "repealed-law",
        severity: Error,
        summary: "引用了已废止的法规",
    };
}

pub fn check(cx: &Context, m: &Matter, sink: &mut Sink) {
    for (citation, law) in cx.cited_laws(m) {
        let Some(repealed) = &law.repealed else {
            continue;
        };
        if repealed.value <= cx.today {
            sink.push(
                Diagnostic::new(
                    &REPEALED_LAW,
                    citation.law.span,
                    format!("《{}》已于 {} 废止", law.id.value, repealed.value),
                )
                .label("已废止的法规")
                .secondary(repealed.span, "废止日期")
                .help("改引现行有效的法规，并核对受理条件和材料是否随之变化"),
            );
        }
    }
}
