use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// 事项写了 `依据`，却一条法规也没有引用（`依据 {}`）。
    ///
    /// ## 为什么有问题
    /// 行政机关办事必须有法定依据；办事指南要公示事项的依据。空的依据块让指南的“设定依据”
    /// 一栏空着，而检查却因为字段已经写了而不报缺少字段，看起来像是“有依据”。
    /// 尚未查清依据时，写 `依据 待核 "原因"`，指南会如实显示“待核实”。
    ///
    /// ## 示例
    /// ```banshi
    /// 依据 {}
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 依据 {
    ///   《社会救助暂行办法》第九条 第十一条
    /// }
    /// ```
    ///
    /// ## 依据
    /// 《中华人民共和国行政许可法》第四条（依照法定的权限、范围、条件和程序实施）、
    /// 第三十条（公示事项、依据、条件、数量、程序、期限和全部材料目录）。
    pub static EMPTY_BASIS = {
        code: "E113",
        name: "empty-basis",
        severity: Error,
        summary: "依据中没有引用任何法规",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let Some(key) = m.basis_key else { return };
    if !m.basis.is_empty() {
        return;
    }
    sink.push(
        Diagnostic::new(
            &EMPTY_BASIS,
            key,
            format!("事项「{}」的依据中没有引用任何法规", m.id.text),
        )
        .label("依据为空")
        .help("写出设定和实施依据，如 `依据 { 《社会救助暂行办法》第九条 }`；尚未查清的写 `依据 待核 \"原因\"`"),
    );
}
