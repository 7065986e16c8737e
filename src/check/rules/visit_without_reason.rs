use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// `到现场` 次数大于 0，却没有写明必须到现场的理由。
    ///
    /// ## 为什么有问题
    /// “最多跑一次”要求每一次到现场都有正当理由（核验原件、现场勘验、采集人像指纹等）；
    /// 写不出理由的到现场次数通常可以取消，改为网上办理或快递送达。
    ///
    /// ## 示例
    /// ```banshi
    /// 到现场 1 次
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 到现场 1 次 "需现场采集人像和指纹信息"
    /// ```
    /// 或者取消到现场：`到现场 0 次`，并提供网上或快递渠道。
    ///
    /// ## 依据
    /// 国务院“最多跑一次”改革要求；全国一体化政务服务平台事项要素“到办事现场次数”及其理由说明。
    pub static VISIT_WITHOUT_REASON = {
        code: "E140",
        name: "visit-without-reason",
        severity: Error,
        summary: "需到现场却没有写明理由",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let Some(visits) = &m.visits else { return };
    if visits.count.value == 0 {
        return;
    }
    if visits
        .reason
        .as_ref()
        .is_some_and(|r| !r.value.trim().is_empty())
    {
        return;
    }
    sink.push(
        Diagnostic::new(
            &VISIT_WITHOUT_REASON,
            visits.span,
            format!("需到现场 {} 次，但没有写明理由", visits.count.value),
        )
        .label("缺少到现场的理由")
        .help(format!(
            "在次数后写明理由，例如：到现场 {} 次 \"需现场核验原件\"；没有理由的请改为 0 次",
            visits.count.value
        )),
    );
}
