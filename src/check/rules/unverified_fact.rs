use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::{Matter, Unverified};

declare_rule! {
    /// ## 检查内容
    /// 字段写成了 `待核`：编写人还不知道这一事实，需要核实后补上。每个 `待核` 字段报告一次。
    ///
    /// ## 为什么有问题
    /// `待核` 让编写人不必编造事实，但发布的办事指南上这一项只能显示“待核实”，
    /// 群众仍然不知道要交几份、多久办结、是否收费。它是一项尚未完成的工作，应尽快核实。
    ///
    /// ## 示例
    /// ```banshi
    /// 收费 待核 "收费标准待价格主管部门确认"
    /// ```
    ///
    /// ## 改为
    /// 向主管部门核实后写明：
    /// ```banshi
    /// 收费 不收费
    /// ```
    ///
    /// ## 依据
    /// 语言参考 docs/language.md「Facts not yet verified — 待核」一节；《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》
    /// 要求办事指南要素准确、完整。
    pub static UNVERIFIED_FACT = {
        code: "W180",
        name: "unverified-fact",
        severity: Warning,
        summary: "字段待核实",
    };
}

fn report(u: &Unverified, whose: &str, sink: &mut Sink) {
    let mut d = Diagnostic::new(
        &UNVERIFIED_FACT,
        u.span,
        format!("{whose}的「{}」待核实", u.field),
    )
    .label("待核")
    .help("核实后写明取值；发布的指南在此显示“待核实”");
    if let Some(reason) = &u.reason {
        d = d.note(format!("待核实的内容：{}", reason.value));
    }
    sink.push(d);
}

/// Runs on the matter as written and on each variant as it results; the driver drops the
/// findings they share.
pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let whose = format!("事项「{}」", m.id.text);
    for u in &m.unverified {
        report(u, &whose, sink);
    }
    for x in &m.materials {
        let whose = format!("材料「{}」", x.id.text);
        for u in &x.unverified {
            report(u, &whose, sink);
        }
    }
    for s in m.steps.iter().flat_map(|s| &s.steps) {
        if let Some(u) = &s.time_unverified {
            report(u, &format!("办理步骤「{}」", s.id.text), sink);
        }
    }
}
