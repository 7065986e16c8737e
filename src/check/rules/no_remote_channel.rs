use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::{Channel, Matter};

declare_rule! {
    /// ## 检查内容
    /// `到现场 0 次`（零跑动），`办理形式` 中却既没有 `网上` 也没有 `快递`（或根本没写办理形式）。
    ///
    /// ## 为什么有问题
    /// 不去现场，申请和领取结果就只能通过网上或寄递完成；只有窗口渠道的事项不可能零跑动，
    /// 这样的承诺会误导申请人。
    ///
    /// ## 示例
    /// ```banshi
    /// 到现场 0 次
    /// 办理形式 窗口
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 到现场 0 次
    /// 办理形式 窗口 网上 快递
    /// ```
    ///
    /// ## 依据
    /// 省级政务服务事项质检规则：到现场次数为 0 的事项，办理形式须包含网上办理或快递送达；
    /// 衡水市指导意见“在线咨询、网上申请、快递送达”。
    pub static NO_REMOTE_CHANNEL = {
        code: "E141",
        name: "no-remote-channel",
        severity: Error,
        summary: "零跑动事项没有网上或快递渠道",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let Some(visits) = &m.visits else { return };
    if visits.count.value != 0 || m.has_channel(Channel::Online) || m.has_channel(Channel::Post) {
        return;
    }
    let mut d = Diagnostic::new(
        &NO_REMOTE_CHANNEL,
        visits.span,
        "到现场 0 次，但办理形式中没有网上或快递",
    )
    .label("零跑动");
    d = match &m.channels {
        Some(channels) => d.secondary(channels.span, "只有窗口办理"),
        None => d.note("事项没有写办理形式"),
    };
    sink.push(d.help("在办理形式中加上「网上」或「快递」；确实需要到窗口的，写明到现场次数和理由"));
}
