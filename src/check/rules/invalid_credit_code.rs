use crate::check::Context;
use crate::codes::{CreditCodeError, validate_credit_code};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};

declare_rule! {
    /// ## 检查内容
    /// 部门登记表中 `credit_code`（统一社会信用代码）不是 18 位、含有代码字符集以外的字符
    /// （I、O、S、V、Z 不使用）、第 3–8 位行政区划码不是数字，或第 18 位校验码算错。
    /// 校验码按 GB 32100—2015：前 17 位的字符值依次乘以权数
    /// 1、3、9、27、19、26、16、17、20、29、25、13、8、24、10、30、28 求和，
    /// 校验值 = 31 − (和 mod 31)，31 记为 0。
    ///
    /// ## 为什么有问题
    /// 实施编码以实施主体的统一社会信用代码开头，代码错误的部门生成的实施编码全部错误，
    /// 事项无法在全国一体化政务服务平台上汇聚。多数情况是抄写错误（0 与 O、1 与 I 混淆）。
    ///
    /// ## 示例
    /// ```yaml
    /// - id: 民政局
    ///   credit_code: "113204020141123451"
    /// ```
    ///
    /// ## 改为
    /// 按法定代码证书核对后填写：`credit_code: "113204020141123452"`。
    ///
    /// ## 依据
    /// GB 32100—2015《法人和其他组织统一社会信用代码编码规则》。
    pub static INVALID_CREDIT_CODE = {
        code: "E111",
        name: "invalid-credit-code",
        severity: Error,
        summary: "统一社会信用代码不符合 GB 32100—2015",
    };
}

pub fn check(cx: &Context, sink: &mut Sink) {
    for dept in &cx.catalog.registry.departments {
        let Some(code) = &dept.credit_code else {
            continue;
        };
        let id = &dept.id.value;
        let (message, label, help) = match validate_credit_code(&code.value) {
            Ok(()) => continue,
            Err(CreditCodeError::Length(n)) => (
                format!("部门「{id}」的统一社会信用代码应为 18 位，这里是 {n} 位"),
                format!("{n} 位"),
                "按法定代码证书逐位核对".to_string(),
            ),
            Err(CreditCodeError::Character(i, c)) => (
                format!(
                    "部门「{id}」的统一社会信用代码第 {} 位「{c}」不在代码字符集内",
                    i + 1
                ),
                "非法字符".to_string(),
                "代码只用数字和大写字母，不用 I、O、S、V、Z；请检查 0/O、1/I 是否混淆".to_string(),
            ),
            Err(CreditCodeError::Division) => (
                format!("部门「{id}」的统一社会信用代码第 3–8 位应为行政区划代码（数字）"),
                "区划代码不是数字".to_string(),
                "第 3–8 位是登记管理机关的行政区划代码，例如 320402".to_string(),
            ),
            Err(CreditCodeError::CheckCharacter { expected, found }) => (
                format!(
                    "部门「{id}」的统一社会信用代码校验码错误：第 18 位是「{found}」，按前 17 位计算应为「{expected}」"
                ),
                "校验码不符".to_string(),
                "校验码不符通常说明前 17 位有抄写错误：请按法定代码证书核对整串代码".to_string(),
            ),
        };
        sink.push(
            Diagnostic::new(&INVALID_CREDIT_CODE, code.span, message)
                .label(label)
                .help(help),
        );
    }
}
