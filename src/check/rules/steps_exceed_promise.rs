use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::{Limit, Matter};

declare_rule! {
    /// ## 检查内容
    /// `办理流程` 中计入时限的步骤（未标 `不计入时限` 的步骤）的时限之和，超过了承诺办结时限。
    /// 只比较与承诺时限单位相同的步骤时限；`即办` 计为 0 天。
    ///
    /// ## 为什么有问题
    /// 承诺时限是对群众的公开承诺。各步骤按顺序进行，时限加起来超过承诺时限，
    /// 说明流程与承诺自相矛盾：要么承诺无法兑现，要么步骤时限写错了。
    ///
    /// ## 示例
    /// ```banshi
    /// 时限 { 法定 20 工作日 承诺 10 工作日 }
    /// 办理流程 {
    ///   审核 { 时限 10 工作日 }
    ///   确认 { 时限 5 工作日 }
    /// }
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 时限 { 法定 20 工作日 承诺 15 工作日 }
    /// ```
    /// 或压缩步骤时限；公示、听证等不计入办结时限的步骤请标 `不计入时限`。
    ///
    /// ## 依据
    /// 语言参考 docs/language.md「The process — 办理流程」一节；《中华人民共和国行政许可法》第四十五条（听证、检验、
    /// 检测、鉴定和专家评审所需时间不计算在期限内）。
    pub static STEPS_EXCEED_PROMISE = {
        code: "E133",
        name: "steps-exceed-promise",
        severity: Error,
        summary: "办理步骤时限之和超过承诺时限",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let Some(steps) = &m.steps else { return };
    let Some(promised) = m.time.as_ref().and_then(|t| t.promised.as_ref()) else {
        return;
    };
    let (limit, unit) = match promised.value {
        Limit::Instant => (0, None),
        Limit::Days(n, unit) => (u64::from(n), Some(unit)),
    };
    let mut total = 0u64;
    for s in steps.steps.iter().filter(|s| s.counted) {
        match s.time.as_ref().map(|t| t.value) {
            Some(Limit::Days(n, u)) if Some(u) == unit || unit.is_none() => {
                total += u64::from(n);
            }
            _ => {}
        }
    }
    if total <= limit {
        return;
    }
    let promised_text = promised.value.to_string();
    let unit_word = unit.map_or("工作日", |u| u.word());
    sink.push(
        Diagnostic::new(
            &STEPS_EXCEED_PROMISE,
            steps.key,
            format!("办理步骤的时限合计 {total} {unit_word}，超过承诺时限 {promised_text}"),
        )
        .label("步骤时限之和超过承诺")
        .secondary(promised.span, "承诺时限")
        .help("压缩步骤时限或调整承诺时限；公示、听证等不计入办结时限的步骤请标「不计入时限」"),
    );
}
