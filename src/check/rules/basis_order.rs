use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// `依据` 中的法规没有按效力位阶从高到低排列：
    /// 法律 > 行政法规 > 地方性法规 > 规章（部门规章、地方政府规章）> 规范性文件。
    ///
    /// ## 为什么有问题
    /// 办事指南按位阶列出依据，读者先看到上位法，才能判断下位文件是否在上位法范围内；
    /// 省级质检脚本把顺序颠倒列为常见问题。
    ///
    /// ## 示例
    /// ```banshi
    /// 依据 {
    ///   《最低生活保障审核确认办法》第五条
    ///   《社会救助暂行办法》第九条
    /// }
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 依据 {
    ///   《社会救助暂行办法》第九条
    ///   《最低生活保障审核确认办法》第五条
    /// }
    /// ```
    ///
    /// ## 依据
    /// 《中华人民共和国立法法》第五章（适用与备案审查）规定的效力位阶；各省政务服务事项
    /// 实施清单编制规范中“设定依据按效力位阶由高到低排列”的要求。
    pub static BASIS_ORDER = {
        code: "W123",
        name: "basis-order",
        severity: Warning,
        summary: "依据未按效力位阶从高到低排列",
    };
}

pub fn check(cx: &Context, m: &Matter, sink: &mut Sink) {
    let registry = &cx.catalog.registry;
    // The highest level seen so far is the last one a well-ordered list may not go above.
    let mut lowest_so_far: Option<(u8, &str, crate::source::Span)> = None;
    for citation in &m.basis {
        let Some(law) = citation.law.target.and_then(|id| registry.law(id)) else {
            continue;
        };
        let Some(rank) = &law.rank else { continue };
        let level = rank.value.level();
        if let Some((prev_level, prev_title, prev_span)) = lowest_so_far
            && level < prev_level
        {
            sink.push(
                Diagnostic::new(
                    &BASIS_ORDER,
                    citation.law.span,
                    format!(
                        "《{}》（{}）应排在《{}》之前",
                        law.id.value,
                        rank.value.word(),
                        prev_title
                    ),
                )
                .label(format!("{}位阶更高", rank.value.word()))
                .secondary(prev_span, "位阶较低的依据在前")
                .help("依据按 法律 > 行政法规 > 地方性法规 > 规章 > 规范性文件 的顺序排列"),
            );
            continue;
        }
        if lowest_so_far.is_none_or(|(l, _, _)| level >= l) {
            lowest_so_far = Some((level, &law.id.value, citation.law.span));
        }
    }
}
