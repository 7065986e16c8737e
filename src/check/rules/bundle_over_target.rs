use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::graph::flow::critical_path;

declare_rule! {
    /// ## 检查内容
    /// 一件事写明了 `目标时限`，而按各事项承诺时限计算的关键路径（串联相加、并联取最长）超过了它。
    /// 以自然日计的承诺时限按同样天数计入（上限估计）。
    ///
    /// ## 为什么有问题
    /// 目标时限是向社会公开的总时限，例如工程建设项目审批全流程不超过 120 个工作日。
    /// 关键路径超过目标，说明承诺无法兑现：需要压缩关键路径上的事项，或改为并联办理。
    ///
    /// ## 示例
    /// ```banshi
    /// 一件事 工程建设项目审批 {
    ///   名称 "社会投资项目工程建设项目审批一件事"
    ///   牵头 住建局
    ///   目标时限 30 工作日
    ///   流程 串联 { 规划许可 施工许可 竣工验收 }   // 承诺 20 + 10 + 15
    /// }
    /// ```
    ///
    /// ## 改为
    /// 压缩关键路径上事项的承诺时限，或把互不依赖的事项改为 `并联`。
    ///
    /// ## 依据
    /// 国办发〔2019〕11号：工程建设项目审批全流程审批时间压缩至 120 个工作日以内；
    /// 各地“高效办成一件事”公布的办理时限。
    pub static BUNDLE_OVER_TARGET = {
        code: "W175",
        name: "bundle-over-target",
        severity: Warning,
        summary: "一件事的关键路径超过其目标时限",
    };
}

pub fn check(cx: &Context, sink: &mut Sink) {
    for bundle in &cx.catalog.bundles {
        let (Some(target), Some(flow)) = (&bundle.target, &bundle.flow) else {
            continue;
        };
        let promised = |m| {
            cx.catalog
                .matter(m)
                .and_then(|m| m.time.as_ref()?.promised.as_ref())
                .map_or(0, |l| l.value.days_upper_bound())
        };
        let (days, chain) = critical_path(flow, &promised);
        let limit = u64::from(target.value.0);
        if days <= limit {
            continue;
        }
        let names: Vec<&str> = chain
            .iter()
            .filter_map(|m| cx.catalog.matter(*m).map(|x| x.id.text.as_str()))
            .collect();
        sink.push(
            Diagnostic::new(
                &BUNDLE_OVER_TARGET,
                target.span,
                format!(
                    "一件事「{}」的承诺关键路径为 {days} 个工作日，超过目标时限 {limit} 个{}",
                    bundle.id.text,
                    target.value.1.word()
                ),
            )
            .label("目标时限")
            .note(format!("关键路径：{}", names.join(" → ")))
            .help("压缩关键路径上事项的承诺时限，或把互不依赖的事项改为并联办理"),
        );
    }
}
