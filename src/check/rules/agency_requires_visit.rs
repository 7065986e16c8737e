use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::{Agency, Matter};

declare_rule! {
    /// ## 检查内容
    /// `代办 A`（全程代办）的事项，`到现场` 次数却大于 0。
    ///
    /// ## 为什么有问题
    /// A 类全程代办是不需要群众亲自出面的事项，由代办员全程办理；要求申请人到现场，
    /// 就不是全程代办，应归为 B 类（全程领办）或 C 类（咨询服务）。
    ///
    /// ## 示例
    /// ```banshi
    /// 到现场 1 次 "需现场核验申请人身份"
    /// 代办 A
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 到现场 1 次 "需现场核验申请人身份"
    /// 代办 B
    /// ```
    /// 或者通过网上核验身份取消到现场，保留 `代办 A`。
    ///
    /// ## 依据
    /// 衡水市《市县两级公共服务中心标准化工作规范》五(三)：A 类为不要群众亲自出面的事项，
    /// 列为全程代办事项；B 类为需群众出面的全程领办事项；C 类为咨询服务事项。
    pub static AGENCY_REQUIRES_VISIT = {
        code: "E142",
        name: "agency-requires-visit",
        severity: Error,
        summary: "全程代办事项要求申请人到现场",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let (Some(agency), Some(visits)) = (&m.agency, &m.visits) else {
        return;
    };
    if agency.value != Agency::A || visits.count.value == 0 {
        return;
    }
    sink.push(
        Diagnostic::new(
            &AGENCY_REQUIRES_VISIT,
            agency.span,
            format!(
                "代办 A（全程代办）的事项要求申请人到现场 {} 次",
                visits.count.value
            ),
        )
        .label("全程代办不需要申请人出面")
        .secondary(visits.span, "要求到现场")
        .help("需要申请人出面的事项改为「代办 B」（全程领办）；或取消到现场，改为「到现场 0 次」"),
    );
}
