use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity, Sink};
use crate::model::{DayUnit, Limit, Matter};

declare_rule! {
    /// ## 检查内容
    /// 承诺办结时限长于法定办结时限；法定时限为即办而承诺时限为若干天也算在内。
    /// 两者单位不同（一个工作日、一个自然日）时按日历比较：N 个自然日不会长于 N 个工作日；
    /// N 个工作日至少跨 N + 2·⌊(N−1)/5⌋ 个自然日，遇长假更多。无论如何排期承诺都更长时是
    /// **错误**（承诺 20 工作日 / 法定 20 自然日），某些周次可能更长时是**警告**
    /// （承诺 10 工作日 / 法定 15 自然日），不可能更长时不报告（承诺 15 自然日 / 法定 20 工作日）。
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

/// How a promise in one unit compares with a legal limit in the other, whatever the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mixed {
    /// The promise is longer in every week.
    Always,
    /// The promise is longer in some weeks (a long public holiday stretches working days).
    Sometimes,
    /// The promise is never longer.
    Never,
}

/// The fewest calendar days that `n` working days span: a five-day week, started on a Monday.
fn shortest_span(n: u32) -> u64 {
    let n = u64::from(n);
    n + 2 * (n.saturating_sub(1) / 5)
}

/// N 自然日 is never longer than N 工作日; N 工作日 spans at least N + 2·⌊(N−1)/5⌋ 自然日 and,
/// across a long holiday, any number more.
fn compare_mixed(promised: u32, pu: DayUnit, legal: u32, lu: DayUnit) -> Mixed {
    match (pu, lu) {
        (DayUnit::Working, DayUnit::Calendar) => {
            if shortest_span(promised) > u64::from(legal) {
                Mixed::Always
            } else {
                Mixed::Sometimes
            }
        }
        (DayUnit::Calendar, DayUnit::Working) => {
            if u64::from(promised) > shortest_span(legal) {
                Mixed::Sometimes
            } else {
                Mixed::Never
            }
        }
        _ if promised > legal => Mixed::Always,
        _ => Mixed::Never,
    }
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
        (Limit::Days(l, lu), Limit::Days(p, pu)) if lu != pu => {
            let (always, message) = match compare_mixed(p, pu, l, lu) {
                Mixed::Never => return,
                Mixed::Always => (true, "无论如何排期都长于法定时限"),
                Mixed::Sometimes => (false, "在某些周次（如跨长假）可能长于法定时限"),
            };
            let mut d = Diagnostic::new(
                &PROMISE_EXCEEDS_LEGAL,
                promised.span,
                format!(
                    "承诺时限 {p} {} 与法定时限 {l} {} 单位不同，{message}",
                    pu.word(),
                    lu.word()
                ),
            )
            .label(if always {
                "长于法定时限"
            } else {
                "可能长于法定时限"
            })
            .secondary(legal.span, "法定时限")
            .help("两个时限请使用同一单位（通常为工作日），以便比较和统计");
            if !always {
                d = d.severity(Severity::Warning);
            }
            sink.push(d);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_units_follow_the_calendar() {
        use DayUnit::{Calendar, Working};
        assert_eq!(compare_mixed(20, Working, 20, Calendar), Mixed::Always);
        assert_eq!(compare_mixed(10, Working, 15, Calendar), Mixed::Sometimes);
        assert_eq!(compare_mixed(15, Calendar, 20, Working), Mixed::Never);
        // 20 工作日 span at least 26 自然日: a promise of 27 自然日 can be longer.
        assert_eq!(compare_mixed(26, Calendar, 20, Working), Mixed::Never);
        assert_eq!(compare_mixed(27, Calendar, 20, Working), Mixed::Sometimes);
        assert_eq!(shortest_span(5), 5);
        assert_eq!(shortest_span(6), 8);
    }
}
