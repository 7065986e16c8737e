//! Values of fields: enumerated words, numbers, article numerals, time limits.

use super::fields::Slots;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::{
    ArticleRef, Citation, DayUnit, Extension, Limit, SpecialProcedure, TimeLimit, Unverified,
};
use crate::numeral;
use crate::source::{Span, Spanned, Text};
use crate::suggest::closest;
use crate::syntax::ast;

declare_rule! {
    /// ## 检查内容
    /// 字段的取值不在规定范围内或不合理：`类型`、`办件类型`、`形式`、`来源`、`必要性`、`介质`、
    /// `代办`、`通办`、`服务对象`、`办理形式` 只能使用规定的词；`份数` 至少为 1；时限天数至少为 1；
    /// 条款序号必须是正确的数字或中文数字；名称等文字不能为空。
    ///
    /// ## 为什么有问题
    /// 这些取值用于生成编码、统计跑动次数和时限、在门户上分类展示。写错一个字，
    /// 事项就无法归类，统计也会出错。
    ///
    /// ## 示例
    /// ```banshi
    /// 类型 行政给附
    /// 份数 0
    /// 法定 0 工作日
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 类型 行政给付
    /// 份数 1
    /// 法定 即办
    /// ```
    ///
    /// ## 依据
    /// 语言参考 docs/language.md 第 3 节；GB/T 39554 系列标准的事项要素取值。
    pub static INVALID_VALUE = {
        code: "E105",
        name: "invalid-value",
        severity: Error,
        summary: "字段取值不在规定范围内",
    };
}

fn invalid(span: Span, message: String) -> Diagnostic {
    Diagnostic::new(&INVALID_VALUE, span, message)
}

/// An enumerated single value.
pub(super) fn word<T: Copy>(
    w: &ast::Word,
    field: &str,
    all: &'static [(T, &'static str)],
    sink: &mut Sink,
) -> Option<Spanned<T>> {
    if let Some((v, _)) = all.iter().find(|(_, word)| *word == w.text) {
        return Some(Spanned::new(*v, w.span));
    }
    let listing: Vec<&str> = all.iter().map(|(_, w)| *w).collect();
    let mut d = invalid(w.span, format!("「{field}」的取值「{}」无效", w.text))
        .label("不是可选的取值")
        .note(format!("可选：{}", listing.join("、")));
    if let Some(s) = closest(&w.text, listing.iter().copied()) {
        d = d.help(format!("您是不是想写「{s}」？"));
    }
    sink.push(d);
    None
}

/// A list of enumerated values (服务对象, 办理形式); the grammar already restricts the words.
pub(super) fn words_list<T: Copy>(
    ws: &[ast::Word],
    field: &str,
    all: &'static [(T, &'static str)],
    sink: &mut Sink,
) -> Vec<Spanned<T>> {
    at_most(
        ws.len(),
        ws.iter().filter_map(|w| word(w, field, all, sink)),
    )
}

/// Collects what is left of `n` syntax nodes after the invalid ones were reported. A filtering
/// iterator cannot tell `collect` its length, which then starts at four and doubles: article
/// references took three times the memory they needed (massif, 10,000 matters: 6.5 → 2.0 MB),
/// and every fresh page costs time.
pub(super) fn at_most<T>(n: usize, items: impl Iterator<Item = T>) -> Vec<T> {
    let mut out = Vec::with_capacity(n);
    out.extend(items);
    out
}

pub(super) fn number(
    n: &ast::Number,
    field: &str,
    min: u32,
    sink: &mut Sink,
) -> Option<Spanned<u32>> {
    match n.value {
        Some(v) if v >= min => Some(Spanned::new(v, n.span)),
        Some(_) => {
            let d = invalid(n.span, format!("「{field}」至少为 {min}")).label("数值过小");
            sink.push(d);
            None
        }
        None => {
            let d = invalid(n.span, format!("「{field}」的数值过大")).label("无法表示的数值");
            sink.push(d);
            None
        }
    }
}

/// A text that must say something.
pub(super) fn non_empty(t: Text, field: &str, sink: &mut Sink) -> Option<Text> {
    if t.value.trim().is_empty() {
        let d = invalid(t.span, format!("「{field}」不能为空")).label("空的文字");
        sink.push(d);
        return None;
    }
    Some(t)
}

fn numeral(n: &ast::Numeral, what: &str, sink: &mut Sink) -> Option<u32> {
    match numeral::parse(&n.text) {
        Some(v) => Some(v),
        None => {
            let d = invalid(n.span, format!("无法识别的{what}号「{}」", n.text))
                .label("不是正确的数字或中文数字")
                .help("例如 第十一条、第一百零五条、第11条");
            sink.push(d);
            None
        }
    }
}

pub(super) fn article_ref(a: &ast::ArticleRef, sink: &mut Sink) -> Option<ArticleRef> {
    let article = numeral(&a.article, "条", sink);
    let insert = a.insert.as_ref().and_then(|n| numeral(n, "条", sink));
    let paragraph = a.paragraph.as_ref().and_then(|n| numeral(n, "款", sink));
    let clause = a.clause.as_ref().and_then(|n| numeral(n, "项", sink));
    Some(ArticleRef {
        span: a.span,
        article: article?,
        insert,
        paragraph,
        clause,
    })
}

pub(super) fn days(d: &ast::Days, sink: &mut Sink) -> Option<Spanned<(u32, DayUnit)>> {
    let unit = DayUnit::from_word(&d.unit.text)?;
    match d.count.value {
        Some(0) => {
            let diag = invalid(d.count.span, "时限天数至少为 1".to_string())
                .label("0 天")
                .help("当场办结的事项请写「即办」");
            sink.push(diag);
            None
        }
        Some(n) => Some(Spanned::new((n, unit), d.span)),
        None => {
            let diag = invalid(d.count.span, "时限天数过大".to_string()).label("无法表示的数值");
            sink.push(diag);
            None
        }
    }
}

fn limit(d: &ast::Duration, sink: &mut Sink) -> Option<Spanned<Limit>> {
    match d {
        ast::Duration::Instant(span) => Some(Spanned::new(Limit::Instant, *span)),
        ast::Duration::Days(d) => {
            days(d, sink).map(|s| Spanned::new(Limit::Days(s.value.0, s.value.1), s.span))
        }
    }
}

/// The fields whose value may be written as `待核` (§6 of the language): a matter's name, type,
/// 实施主体 and legal basis may not; a matter whose legal basis is unknown is not ready to be
/// written down. 服务对象, 受理条件 and 材料 may, because the only other way to write them
/// without knowing them is a false fact (an empty 材料 block publishes "no materials needed").
pub(crate) const MAY_BE_UNVERIFIED: &[&str] = &[
    "编码",
    "服务对象",
    "办件类型",
    "受理条件",
    "材料",
    "时限",
    "法定",
    "承诺",
    "收费",
    "到现场",
    "咨询",
    "监督",
    "地点",
    "时间",
    "形式",
    "份数",
    "来源",
];

/// `待核` written for a bundle's 受理条件 or 材料: refused, since a bundle may leave both out
/// and its guide would otherwise promise nothing it knows.
pub(super) fn unverified_in_bundle(field: &str, u: &ast::Unverified, sink: &mut Sink) {
    sink.push(
        invalid(u.span, format!("一件事的「{field}」不能写「待核」"))
            .label("一件事中不能写「待核」")
            .help(format!(
                "一件事的「{field}」可以不写：尚未核实时删去此字段，各事项的{field}照常显示"
            )),
    );
}

/// `待核` written for a field: kept, or reported where the language does not allow it.
pub(super) fn unverified(
    field: &'static str,
    u: ast::Unverified,
    sink: &mut Sink,
) -> Option<Unverified> {
    if !MAY_BE_UNVERIFIED.contains(&field) {
        let d = invalid(u.span, format!("「{field}」不能写「待核」"))
            .label("此字段必须写明")
            .note(format!(
                "可以写「待核」的字段：{}",
                MAY_BE_UNVERIFIED.join("、")
            ))
            .help("名称、类型、实施主体和依据不明的事项，请核实后再编写");
        sink.push(d);
        return None;
    }
    Some(Unverified {
        field,
        span: u.span,
        reason: u.reason,
    })
}

pub(super) fn time_limit(
    t: ast::TimeLimit,
    key: Span,
    owner: &str,
    unverified_facts: &mut Vec<Unverified>,
    citation: &mut dyn FnMut(&ast::Citation, &mut Sink) -> Citation,
    sink: &mut Sink,
) -> TimeLimit {
    match t {
        ast::TimeLimit::Instant(span) => TimeLimit {
            span: key.to(span),
            legal: Some(Spanned::new(Limit::Instant, span)),
            promised: Some(Spanned::new(Limit::Instant, span)),
            special: Vec::new(),
            no_legal: None,
            extension: None,
        },
        ast::TimeLimit::Block(items) => {
            let owner = format!("{owner}的时限");
            let mut out = TimeLimit {
                span: items.last().map_or(key, |last| key.to(last.key)),
                legal: None,
                promised: None,
                special: Vec::new(),
                no_legal: None,
                extension: None,
            };
            let mut slots = Slots::new();
            for item in items {
                if let ast::TimeItem::Special { name, days: d } = item.value {
                    let days = match d {
                        Some(d) => match days(&d, sink) {
                            Some(x) => Some(x),
                            None => continue,
                        },
                        None => None,
                    };
                    out.special.push(SpecialProcedure { name, days });
                    continue;
                }
                if !slots.first(item.value.keyword(), item.key, &owner, sink) {
                    continue;
                }
                match item.value {
                    ast::TimeItem::Legal(d) => out.legal = limit(&d, sink),
                    ast::TimeItem::Promised(d) => out.promised = limit(&d, sink),
                    ast::TimeItem::NoLegal(span) => out.no_legal = Some(item.key.to(span)),
                    ast::TimeItem::Extension(d, c) => {
                        if let Some(days) = days(&d, sink) {
                            out.extension = Some(Extension {
                                days,
                                basis: citation(&c, sink),
                            });
                        }
                    }
                    ast::TimeItem::Unverified(field, u) => {
                        if let Some(u) = unverified(field, u, sink) {
                            unverified_facts.push(u);
                        }
                    }
                    ast::TimeItem::Special { .. } => {}
                }
            }
            slots.require(&["法定", "承诺"], key, &owner, sink);
            out
        }
    }
}
