use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// `任选` 材料组少于两种材料。
    ///
    /// ## 为什么有问题
    /// `任选` 表示申请人从几种材料中选一种提交。只有一种可选时，申请人其实别无选择，
    /// 指南上“任选其一”的说法会误导群众；没有成员时，这一项材料根本无法提交。
    ///
    /// ## 示例
    /// ```banshi
    /// 任选 身份证明 {
    ///   名称 "身份证明（任选一种）"
    ///   身份证 { 名称 "居民身份证" 形式 原件 份数 1 来源 政府部门核发 }
    /// }
    /// ```
    ///
    /// ## 改为
    /// 补上可以替代的材料，或者去掉 `任选`，直接写这一种材料：
    /// ```banshi
    /// 身份证 { 名称 "居民身份证" 形式 原件 份数 1 来源 政府部门核发 }
    /// ```
    ///
    /// ## 依据
    /// 《中华人民共和国行政许可法》第三十条：公示需要提交的全部材料的目录；
    /// 语言参考 docs/language.md「Alternatives — 任选」一节。
    pub static SINGLE_ALTERNATIVE = {
        code: "E144",
        name: "single-alternative",
        severity: Error,
        summary: "任选材料组少于两种材料",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    for (index, group) in m.groups.iter().enumerate() {
        let members = m
            .materials
            .iter()
            .filter(|x| x.group.is_some_and(|g| g as usize == index))
            .count();
        if members >= 2 {
            continue;
        }
        sink.push(
            Diagnostic::new(
                &SINGLE_ALTERNATIVE,
                group.header,
                format!(
                    "任选材料「{}」只有 {members} 种材料，至少需要两种",
                    group.id.text
                ),
            )
            .label(if members == 0 {
                "没有可选的材料"
            } else {
                "只有一种可选"
            })
            .help("补上可以替代的材料；只有一种时不要写「任选」"),
        );
    }
}
