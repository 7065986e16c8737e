use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// `咨询` 与 `监督` 写的是同一个联系方式（比较时忽略空格、短横线和括号）。
    ///
    /// ## 为什么有问题
    /// 监督投诉渠道必须独立于办理部门的咨询渠道，否则申请人只能向被投诉的窗口投诉。
    /// 监督电话通常是 12345 政务服务便民热线或纪检监察、政务服务管理机构的电话。
    ///
    /// ## 示例
    /// ```banshi
    /// 咨询 "0519-85600000"
    /// 监督 "0519-85600000"
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 咨询 "0519-85600000"
    /// 监督 "12345"
    /// ```
    ///
    /// ## 依据
    /// 衡水市《市县两级公共服务中心标准化工作规范》六(一)、(三)：公布投诉举报渠道，设置投诉受理窗口；
    /// 省级质检规则“咨询方式与监督投诉方式不得相同”。
    pub static SAME_CONTACT = {
        code: "E143",
        name: "same-contact",
        severity: Error,
        summary: "咨询与监督投诉使用同一联系方式",
    };
}

/// Keeps what identifies a contact: digits, letters and the rest, without separators.
fn normalized(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !"-－—()（）+＋".contains(*c))
        .collect()
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let (Some(consult), Some(supervise)) = (&m.consult, &m.supervise) else {
        return;
    };
    let n = normalized(&consult.value);
    if n.is_empty() || n != normalized(&supervise.value) {
        return;
    }
    sink.push(
        Diagnostic::new(
            &SAME_CONTACT,
            supervise.span,
            format!("监督投诉方式与咨询方式相同（{}）", supervise.value.trim()),
        )
        .label("与咨询方式相同")
        .secondary(consult.span, "咨询方式")
        .help("监督投诉请填写独立的渠道，例如 12345 政务服务便民热线"),
    );
}
