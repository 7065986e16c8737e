use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// `依据` 中的法规没有按效力位阶从高到低排列：法律 > 行政法规 > 地方性法规、规章 >
    /// 规范性文件；地方性法规高于地方政府规章；部门规章与地方政府规章效力相同。
    /// 地方性法规与部门规章之间不分高低，两者的先后不报告。
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
    /// 《中华人民共和国立法法》第五章（适用与备案审查）规定的效力位阶（2023 年修正本
    /// 第九十八条、第九十九条、第一百零二条；地方性法规与部门规章不一致的，依第一百零六条
    /// 由国务院提出意见）；各省政务服务事项
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
    let ranked: Vec<_> = m
        .basis
        .iter()
        .filter_map(|c| {
            let law = c.law.target.and_then(|id| registry.law(id))?;
            Some((law.rank.as_ref()?.value, &law.id.value, c.law.span))
        })
        .collect();
    // Ranks are partially ordered, so "sorted" means: no citation outranks one written before
    // it. Each citation out of place is one finding, pointing at the first it should precede.
    for (j, &(rank, title, span)) in ranked.iter().enumerate() {
        let Some(&(prev_rank, prev_title, prev_span)) =
            ranked[..j].iter().find(|(r, _, _)| rank.outranks(*r))
        else {
            continue;
        };
        sink.push(
            Diagnostic::new(
                &BASIS_ORDER,
                span,
                format!("《{title}》（{}）应排在《{prev_title}》之前", rank.word()),
            )
            .label(format!("{}的位阶高于{}", rank.word(), prev_rank.word()))
            .secondary(prev_span, "位阶较低的依据在前")
            .help(
                "依据按效力位阶由高到低排列：法律 > 行政法规 > 地方性法规、规章 > 规范性文件；\
                 地方性法规高于地方政府规章，与部门规章之间不分高低",
            ),
        );
    }
}
