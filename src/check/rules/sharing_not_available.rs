use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::{Acquisition, Matter};

declare_rule! {
    /// ## 检查内容
    /// 材料写了 `免提交 数据共享`，但它的 `证照` 在证照目录中没有标为可共享
    /// （`shared` 不是 `true`），或者材料根本没有写 `证照`。
    ///
    /// ## 为什么有问题
    /// 窗口拿不到的材料被标成免提交，申请人就会空手而来、白跑一趟。
    /// 数据能否共享以证照目录为准。
    ///
    /// ## 示例
    /// ```banshi
    /// 健康证明 {
    ///   名称 "从业人员健康证明"
    ///   证照 健康证明          // 证照目录中 shared: false
    ///   形式 原件
    ///   份数 1
    ///   来源 政府部门核发
    ///   免提交 数据共享
    /// }
    /// ```
    ///
    /// ## 改为
    /// 数据确已接入共享平台的，在 `registry/evidence.yaml` 中把该证照标为 `shared: true`；
    /// 否则改用 `免提交 告知承诺`，或删去「免提交」，仍由申请人提交。
    ///
    /// ## 依据
    /// 衡水市指导意见二(三)、二(五)：依托全省统一的电子证照库共享证件数据；
    /// 事项描述语言扩展 `免提交`（docs/language.md）。
    pub static SHARING_NOT_AVAILABLE = {
        code: "E162",
        name: "sharing-not-available",
        severity: Error,
        summary: "声明数据共享获取的材料实际无法共享",
    };
}

pub fn check(cx: &Context, m: &Matter, sink: &mut Sink) {
    for material in &m.materials {
        let Some(exempt) = &material.exempt else {
            continue;
        };
        if exempt.value != Acquisition::DataSharing {
            continue;
        }
        let d = match (&material.evidence, cx.catalog.evidence_of(material)) {
            (None, _) => Diagnostic::new(
                &SHARING_NOT_AVAILABLE,
                exempt.span,
                format!("材料「{}」声明通过数据共享获取，但没有写明证照", material.id.text),
            )
            .label("共享什么？")
            .help("写明「证照 <证照目录中的名称>」，或改用「免提交 告知承诺」"),
            (Some(_), None) => continue, // unknown evidence: already reported
            (Some(r), Some(evidence)) if !evidence.shared => Diagnostic::new(
                &SHARING_NOT_AVAILABLE,
                exempt.span,
                format!(
                    "材料「{}」声明通过数据共享获取，但证照「{}」在证照目录中不可共享",
                    material.id.text, r.name
                ),
            )
            .label("无法共享")
            .secondary(evidence.id.span, "证照目录中未标明 shared: true")
            .help("数据已接入共享平台的，在证照目录中标为 shared: true；否则改用「免提交 告知承诺」或由申请人提交"),
            _ => continue,
        };
        sink.push(d);
    }
}
