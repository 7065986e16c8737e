use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// 同一实施主体的两个事项 `名称` 相同。
    ///
    /// 不同部门的同名事项不报告：如“政府信息公开申请”，各部门各自实施，门户和指南按部门区分。
    ///
    /// ## 为什么有问题
    /// 名称是群众在门户、指南目录和一次性告知单上找事项的依据。同一部门两个事项同名，
    /// 申请人分不清该办哪一个，窗口也无法从名称对应到基本目录中的事项；常见原因是复制
    /// 事项后忘了改名称，或者把同一事项的不同情形写成了两个事项（应写为 `办理情形`）。
    ///
    /// ## 示例
    /// ```banshi
    /// 事项 身份证首次申领 { 名称 "居民身份证申领" 实施主体 公安局 … }
    /// 事项 身份证换领 { 名称 "居民身份证申领" 实施主体 公安局 … }
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 事项 居民身份证申领 {
    ///   名称 "居民身份证申领"
    ///   实施主体 公安局
    ///   办理情形 首次申领 { … }
    ///   办理情形 换领 { … }
    /// }
    /// ```
    ///
    /// ## 依据
    /// 《国务院办公厅关于全面推行行政许可事项清单管理的通知》（国办发〔2022〕2号）对清单中
    /// 事项名称等基本要素统一规范的要求；GB/T 39554.1—2020 以基本编码唯一标识事项。
    pub static DUPLICATE_NAME = {
        code: "E109",
        name: "duplicate-name",
        severity: Error,
        summary: "同一实施主体的两个事项名称相同",
    };
}

pub fn check(cx: &Context, sink: &mut Sink) {
    // Keyed by name and department id; the first matter in catalog order (files sorted by
    // path) is the one the others are compared with. Indexed by the hashes computed once per
    // matter: this runs again after every edit.
    let (matters, keys) = (&cx.catalog.matters, &cx.catalog.keys);
    let key = |i: u32| -> Option<(&Matter, &str, &str, crate::source::Span)> {
        let m = matters.get(i as usize)?;
        let (name, dept) = (m.name.as_ref()?, m.department.as_ref()?);
        Some((m, name.value.trim(), dept.name.as_str(), name.span))
    };
    let named = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| Some((u32::try_from(i).ok()?, k.name?)))
        .collect::<Vec<_>>();
    let hash_of = |i: u32| keys.get(i as usize).and_then(|k| k.name).unwrap_or(0);
    let same = |a: u32, b: u32| match (key(a), key(b)) {
        (Some((_, n1, d1, _)), Some((_, n2, d2, _))) => n1 == n2 && d1 == d2,
        _ => false,
    };
    crate::lower::names::HashedNames::build(named.into_iter(), hash_of, same, |first, again| {
        let (Some((other, _, _, at)), Some((m, name, dept, span))) = (key(first), key(again))
        else {
            return;
        };
        // A copied matter that keeps its id or 基本编码 is already reported as a duplicate of
        // that: one copy, one finding.
        if other.id.text == m.id.text
            || other.code.as_ref().map(|c| c.value.trim())
                == m.code.as_ref().map(|c| c.value.trim())
        {
            return;
        }
        sink.push(
            Diagnostic::new(
                &DUPLICATE_NAME,
                span,
                format!(
                    "事项「{}」与事项「{}」同属「{}」，名称都是「{}」",
                    m.id.text, other.id.text, dept, name
                ),
            )
            .label("名称重复")
            .secondary(at, "同名事项")
            .help(
                "改为能区分两者的名称；若是同一事项的不同情形，合并为一个事项并用 `办理情形` 区分",
            ),
        );
    });
}
