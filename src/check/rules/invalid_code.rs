use crate::check::Context;
use crate::codes::{BasicCodeError, validate_basic_code};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::{Matter, MatterKind};

declare_rule! {
    /// ## 检查内容
    /// 事项的 `编码`（12 位基本编码）结构不对，或其中的事项类型代码与 `类型` 不一致。
    /// 基本编码 = 2 位目录前缀（国家基本目录为 00，省级目录增补的事项为该省的 2 位行政区划代码，
    /// 如江苏 32）+ 2 位事项类型代码 + 5 位主项编码 + 3 位子项编码
    /// （无子项为 000）。类型代码：01 行政许可、02 行政处罚、03 行政强制、04 行政征收、
    /// 05 行政给付、06 行政检查、07 行政确认、08 行政奖励、09 行政裁决、10 其他行政权力、20 公共服务。
    ///
    /// ## 为什么有问题
    /// 基本编码加上实施主体的统一社会信用代码和行使层级构成 31 位实施编码，是事项在全国一体化
    /// 政务服务平台上的唯一标识。编码错误的事项无法与国家基本目录对应，无法汇聚到平台。
    ///
    /// ## 示例
    /// ```banshi
    /// 编码 "00010501200"     // 只有 11 位
    /// 类型 行政给付
    /// 编码 "000105012000"    // 第 3–4 位 01 表示行政许可
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 类型 行政给付
    /// 编码 "000505012000"
    /// ```
    ///
    /// ## 依据
    /// GB/T 39554.1—2020《全国一体化政务服务平台 政务服务事项基本目录及实施清单 第1部分：编码要求》；
    /// 省级代码取自 GB/T 2260《中华人民共和国行政区划代码》。
    pub static INVALID_CODE = {
        code: "E110",
        name: "invalid-code",
        severity: Error,
        summary: "基本编码结构错误或与事项类型不一致",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let Some(code) = &m.code else { return };
    let value = code.value.as_str();
    let byte = |chars: usize| {
        value
            .char_indices()
            .nth(chars)
            .map_or(value.len(), |(i, _)| i)
    };
    let part = |start: usize, end: usize| code.span_of(byte(start)..byte(end));
    match validate_basic_code(value) {
        Ok(encoded) => {
            let Some(kind) = &m.kind else { return };
            if encoded != kind.value {
                sink.push(
                    Diagnostic::new(
                        &INVALID_CODE,
                        part(2, 4),
                        format!(
                            "编码中的类型代码 {}（{}）与类型「{}」（{}）不一致",
                            encoded.type_code(),
                            encoded.word(),
                            kind.value.word(),
                            kind.value.type_code()
                        ),
                    )
                    .label(format!("表示{}", encoded.word()))
                    .secondary(kind.span, "事项类型写在这里")
                    .help(format!(
                        "核对国家基本目录：若类型正确，编码第 3–4 位应为 {}",
                        kind.value.type_code()
                    )),
                );
            }
        }
        Err(err) => {
            let (span, message, label) = match err {
                BasicCodeError::Length(n) => (
                    code.span,
                    format!("基本编码应为 12 位，「{value}」是 {n} 位"),
                    format!("{n} 位"),
                ),
                BasicCodeError::Prefix => (
                    part(0, 2),
                    format!(
                        "基本编码的前 2 位目录前缀「{}」既不是国家基本目录的 00，也不是省级行政区划代码",
                        value.chars().take(2).collect::<String>()
                    ),
                    "目录前缀".to_string(),
                ),
                BasicCodeError::UnknownType(t) => (
                    part(2, 4),
                    format!("基本编码第 3–4 位「{t}」不是事项类型代码"),
                    "事项类型代码".to_string(),
                ),
                BasicCodeError::Digits { start, end } => (
                    part(start, end),
                    format!(
                        "基本编码的{}只能是数字",
                        if start == 4 {
                            "5 位主项编码"
                        } else {
                            "3 位子项编码"
                        }
                    ),
                    "应为数字".to_string(),
                ),
            };
            let codes: Vec<String> = MatterKind::ALL
                .iter()
                .map(|(k, w)| format!("{} {w}", k.type_code()))
                .collect();
            sink.push(
                Diagnostic::new(&INVALID_CODE, span, message)
                    .label(label)
                    .note("结构：2 位目录前缀 + 2 位事项类型代码 + 5 位主项编码 + 3 位子项编码")
                    .note(format!("类型代码：{}", codes.join("、"))),
            );
        }
    }
}
