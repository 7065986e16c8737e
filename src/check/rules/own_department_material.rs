use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// 材料的 `证照` 由本事项的实施主体自己核发（证照目录中 `issuer` 等于 `实施主体`），
    /// 却仍要求申请人提交。
    ///
    /// 不报告：申请人须交回实物的材料（本事项核发的同一证照，或名称、情形写明交回、收回、
    /// 缴回、缴销、交还、收缴、留存）。该证照同时可共享时只报告本条，不再报告 W160。
    ///
    /// ## 为什么有问题
    /// 本部门或本系统发放的材料，部门自己就有记录，只需申请人提供名称、文号或编码供查询验证，
    /// 不应再提交原件或复印件。
    ///
    /// ## 示例
    /// ```banshi
    /// 事项 居住证签注 {
    ///   实施主体 公安局
    ///   材料 {
    ///     居住证 { 名称 "居住证" 证照 居住证 形式 原件 份数 1 来源 政府部门核发 }
    ///   }
    /// }
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 居住证 {
    ///   名称 "居住证"
    ///   证照 居住证
    ///   形式 原件
    ///   份数 1
    ///   来源 政府部门核发
    ///   免提交 部门核查 "凭居住证号码在本部门系统核验"
    /// }
    /// ```
    ///
    /// ## 依据
    /// 衡水市指导意见二(三)：申报材料为本部门或本系统发放的，只提供名称、文号、编码等信息供查询验证，
    /// 不再提交原件或复印件；《优化营商环境条例》第四十四条（可以通过内部核查的，不得要求提供证明）。
    pub static OWN_DEPARTMENT_MATERIAL = {
        code: "W161",
        name: "own-department-material",
        severity: Warning,
        summary: "要求申请人提交本部门自己核发的材料",
    };
}

pub fn check(cx: &Context, m: &Matter, sink: &mut Sink) {
    for material in m.materials.iter().filter(|x| x.to_submit()) {
        if !cx.catalog.is_own_issued(m, material) || cx.catalog.must_hand_over(m, material) {
            continue;
        }
        let dept = m.department.as_ref().map_or("", |d| d.name.as_str());
        let mut d = Diagnostic::new(
            &OWN_DEPARTMENT_MATERIAL,
            material.id.span,
            format!(
                "材料「{}」由本事项的实施主体「{dept}」核发，仍要求申请人提交",
                material.id.text
            ),
        )
        .label("本部门核发的材料")
        .help("在材料中写「免提交 部门核查」：申请人只需提供证照号码，由本部门系统核验");
        if let Some(r) = &material.evidence {
            d = d.secondary(r.span, "本部门核发的证照");
        }
        if cx.catalog.is_shared(material) {
            d = d.note("该证照也可通过数据共享获取；本部门核查即可，无需再经共享平台");
        }
        sink.push(d);
    }
}
