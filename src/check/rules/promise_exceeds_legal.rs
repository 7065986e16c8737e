use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity, Sink};
use crate::model::{Limit, Matter};

declare_rule! {
    /// ## 检查内容
    /// 承诺办结时限长于法定办结时限；法定时限为即办而承诺时限为若干天也算在内。
    /// 两者单位不同（一个工作日、一个自然日）时无法比较，报告为**警告**，请统一单位。
    ///
    /// ## 为什么有问题
    /// 承诺时限是在法定时限基础上压缩后向社会公开的期限，不得长于法定时限；
    /// 超过法定时限办结本身就是违法。单位不一致时，公众无法比较两个期限，统计平均时限也会出错。
    ///
    /// ## 示例
    /// ```banshi
    /// 时限 {
    ///   法定 20 工作日
    ///   承诺 30 工作日
    /// }
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 时限 {
    ///   法定 20 工作日
    ///   承诺 10 工作日
    /// }
    /// ```
    ///
    /// ## 依据
    /// 《中华人民共和国行政许可法》第四十二条；衡水市《市县两级公共服务中心标准化工作规范》“限时办结”。
    pub static PROMISE_EXCEEDS_LEGAL = {
        code: "E130",
        name: "promise-exceeds-legal",
        severity: Error,
        summary: "承诺时限长于法定时限",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let Some(time) = &m.time else { return };
    let (Some(legal), Some(promised)) = (&time.legal, &time.promised) else {
        return;
    };
    match (legal.value, promised.value) {
        (Limit::Instant, Limit::Days(n, unit)) => sink.push(
            Diagnostic::new(
                &PROMISE_EXCEEDS_LEGAL,
                promised.span,
                format!("法定时限为即办，承诺时限却是 {n} {}", unit.word()),
            )
            .label("长于法定时限")
            .secondary(legal.span, "法定时限：即办")
            .help("承诺时限不能长于法定时限：改为「承诺 即办」"),
        ),
        (Limit::Days(l, lu), Limit::Days(p, pu)) if lu == pu && p > l => sink.push(
            Diagnostic::new(
                &PROMISE_EXCEEDS_LEGAL,
                promised.span,
                format!("承诺时限 {p} {} 长于法定时限 {l} {}", pu.word(), lu.word()),
            )
            .label("长于法定时限")
            .secondary(legal.span, "法定时限")
            .help(format!("承诺时限应不超过 {l} {}", lu.word())),
        ),
        (Limit::Days(l, lu), Limit::Days(p, pu)) if lu != pu => sink.push(
            Diagnostic::new(
                &PROMISE_EXCEEDS_LEGAL,
                promised.span,
                format!(
                    "法定时限（{l} {}）与承诺时限（{p} {}）单位不同，无法比较",
                    lu.word(),
                    pu.word()
                ),
            )
            .severity(Severity::Warning)
            .label("单位不同")
            .secondary(legal.span, "法定时限")
            .help("两个时限请使用同一单位（通常为工作日），以便比较和统计"),
        ),
        _ => {}
    }
}
