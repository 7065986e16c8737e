use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::{Handling, Limit, Matter};

declare_rule! {
    /// ## 检查内容
    /// 承诺时限与办件类型矛盾：承诺时限为即办（包括 `时限 即办`）的事项，办件类型必须是即办件；
    /// 办件类型为即办件的事项，承诺时限必须是即办。
    ///
    /// ## 为什么有问题
    /// 即办件是材料齐全、符合法定形式时当场办结的事项，承诺件需要审核后在承诺时限内办结。
    /// 两者矛盾时，申请人不知道能否当场拿到结果，统计“即办件比例”也会出错。
    ///
    /// ## 示例
    /// ```banshi
    /// 办件类型 承诺件
    /// 时限 即办
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 办件类型 即办件
    /// 时限 即办
    /// ```
    ///
    /// ## 依据
    /// 常州市《镇（街道）为民服务中心建设示范标准》：对程序简单、可当场办理的事项实行即时办结制，
    /// 对需要审核、论证、公告或勘验的事项实行承诺办结制。
    pub static INSTANT_MISMATCH = {
        code: "E131",
        name: "instant-mismatch",
        severity: Error,
        summary: "即办时限与办件类型不一致",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let Some(handling) = &m.handling else { return };
    let Some(promised) = m.time.as_ref().and_then(|t| t.promised.as_ref()) else {
        return;
    };
    match (handling.value, promised.value) {
        (Handling::Promised, Limit::Instant) => sink.push(
            Diagnostic::new(
                &INSTANT_MISMATCH,
                handling.span,
                "承诺时限为即办，办件类型却是承诺件",
            )
            .label("应为即办件")
            .secondary(promised.span, "承诺时限：即办")
            .help("当场办结的事项写「办件类型 即办件」；需要审核的事项写明承诺办结天数"),
        ),
        (Handling::Instant, Limit::Days(n, unit)) => sink.push(
            Diagnostic::new(
                &INSTANT_MISMATCH,
                handling.span,
                format!("办件类型为即办件，承诺时限却是 {n} {}", unit.word()),
            )
            .label("即办件")
            .secondary(promised.span, "承诺时限不是即办")
            .help("即办件写「承诺 即办」；需要审核的事项改为「办件类型 承诺件」"),
        ),
        _ => {}
    }
}
