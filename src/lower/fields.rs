//! Field bookkeeping shared by matters, materials, fee items, results and bundles: each field
//! at most once, required fields present.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::source::Span;

declare_rule! {
    /// ## 检查内容
    /// 事项、材料、收费项目、办理结果或一件事缺少必填字段。事项必须有：名称、编码、类型、
    /// 实施主体、服务对象、办件类型、依据、受理条件、材料、时限、收费、到现场；材料必须有：
    /// 名称、形式、份数、来源；收费项目必须有名称和标准；时限必须写明法定和承诺时限；
    /// 一件事必须有名称、牵头和流程。
    ///
    /// ## 为什么有问题
    /// 办事指南的要素由国家标准规定，缺一项就是一份不完整的指南：申请人不知道要交几份、
    /// 多久办结、是否收费。
    ///
    /// ## 示例
    /// ```banshi
    /// 身份证 {
    ///   名称 "申请人居民身份证"
    ///   形式 原件
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
    /// }
    /// ```
    ///
    /// ## 依据
    /// 衡水市《市县两级公共服务中心标准化工作规范》：办事指南应列明办理依据、受理单位、基本流程、
    /// 申请材料、收费依据及标准、办理时限、咨询方式等内容；语言参考 docs/language.md 第 3、4 节。
    pub static MISSING_FIELD = {
        code: "E103",
        name: "missing-field",
        severity: Error,
        summary: "缺少必填字段",
    };
}

declare_rule! {
    /// ## 检查内容
    /// 同一个字段写了两次（`常见错误` 除外，它可以重复）。
    ///
    /// ## 为什么有问题
    /// 两个取值互相矛盾时无法判断哪个有效；多数情况是复制粘贴后忘了删除旧内容。
    ///
    /// ## 示例
    /// ```banshi
    /// 份数 1
    /// 份数 2
    /// ```
    ///
    /// ## 改为
    /// 只保留正确的一个：`份数 2`。
    ///
    /// ## 依据
    /// 语言参考 docs/language.md 第 3 节：除注明可重复的字段外，每个字段至多出现一次。
    pub static DUPLICATE_FIELD = {
        code: "E104",
        name: "duplicate-field",
        severity: Error,
        summary: "同一字段写了两次",
    };
}

/// The fields seen so far in one block. A block has at most two dozen kinds of field, so a
/// list searched from the front beats a map: one allocation per block instead of a tree's
/// nodes, and lowering runs this for every field of every material.
pub(super) struct Slots {
    seen: Vec<(&'static str, Span)>,
}

impl Slots {
    pub fn new() -> Slots {
        Slots {
            seen: Vec::with_capacity(16),
        }
    }

    /// Records a field; returns `false` (after reporting) if it was already there.
    pub fn first(
        &mut self,
        keyword: &'static str,
        key: Span,
        owner: &str,
        sink: &mut Sink,
    ) -> bool {
        if let Some((_, first)) = self.seen.iter().find(|(k, _)| *k == keyword) {
            sink.push(
                Diagnostic::new(
                    &DUPLICATE_FIELD,
                    key,
                    format!("{owner}的字段「{keyword}」写了两次"),
                )
                .label("重复的字段")
                .secondary(*first, "首次出现于此")
                .help("只保留一个；后一个不会生效"),
            );
            return false;
        }
        self.seen.push((keyword, key));
        true
    }

    /// Whether the field was seen.
    pub fn has(&self, keyword: &str) -> bool {
        self.seen.iter().any(|(k, _)| *k == keyword)
    }

    /// Reports every required field not seen, at `at` (the block's header).
    pub fn require(&self, required: &[&str], at: Span, owner: &str, sink: &mut Sink) {
        for keyword in required {
            if !self.seen.iter().any(|(k, _)| k == keyword) {
                sink.push(
                    Diagnostic::new(
                        &MISSING_FIELD,
                        at,
                        format!("{owner}缺少必填字段「{keyword}」"),
                    )
                    .label(format!("缺少「{keyword}」")),
                );
            }
        }
    }
}
