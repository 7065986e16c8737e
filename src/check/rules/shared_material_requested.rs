use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// 材料的 `证照` 在证照目录中标为可共享（`shared: true`），却仍要求申请人提交。
    ///
    /// 不报告：申请人须交回实物的材料——本事项核发的同一证照（换领、补领时收回原证），
    /// 以及名称或情形写明交回、收回、缴回、缴销、交还、收缴、留存的材料；
    /// 本部门核发的证照由 `own-department-material`（W161）报告，同一材料只报告一次。
    ///
    /// ## 为什么有问题
    /// 能够通过部门间信息共享获取的材料，不应再让申请人重复提交。证照目录标明可共享，
    /// 说明窗口可以从电子证照库或共享平台直接调取。
    ///
    /// ## 示例
    /// ```banshi
    /// 身份证 {
    ///   名称 "申请人居民身份证"
    ///   证照 居民身份证
    ///   形式 原件
    ///   份数 1
    ///   来源 政府部门核发
    /// }
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 身份证 {
    ///   名称 "申请人居民身份证"
    ///   证照 居民身份证
    ///   形式 原件
    ///   份数 1
    ///   来源 政府部门核发
    ///   免提交 数据共享 "通过江苏省电子证照库调取"
    /// }
    /// ```
    /// 材料仍保留在办事指南中，标明「免提交：窗口通过数据共享获取」。
    ///
    /// ## 依据
    /// 衡水市指导意见二(三)：能够通过与其他部门信息共享获取相关信息的，不再要求重复提交；
    /// 《优化营商环境条例》（国务院令第722号）第四十四条；杨陵区“高效办成一件事”实施方案：
    /// 能够通过数据共享核验的事项免于提交证明材料。
    pub static SHARED_MATERIAL_REQUESTED = {
        code: "W160",
        name: "shared-material-requested",
        severity: Warning,
        summary: "可通过数据共享获取的材料仍要求申请人提交",
    };
}

pub fn check(cx: &Context, m: &Matter, sink: &mut Sink) {
    for material in m.materials.iter().filter(|x| x.to_submit()) {
        // An item handed over cannot be shared; the matter's own certificate is
        // own-department-material's finding, one finding per material.
        if cx.catalog.must_hand_over(m, material) || cx.catalog.is_own_issued(m, material) {
            continue;
        }
        let Some(evidence) = cx.catalog.evidence_of(material).filter(|e| e.shared) else {
            continue;
        };
        let mut d = Diagnostic::new(
            &SHARED_MATERIAL_REQUESTED,
            material.id.span,
            format!(
                "材料「{}」可通过数据共享获取（{}），仍要求申请人提交",
                material.id.text,
                evidence.display_name()
            ),
        )
        .label("申请人仍需提交")
        .secondary(evidence.id.span, "证照目录标明可共享")
        .help("在材料中写「免提交 数据共享」，由窗口通过电子证照库或共享平台获取");
        if let Some(r) = &material.evidence {
            d = d.secondary(r.span, "此证照");
        }
        sink.push(d);
    }
}
