//! Severity settings from `banshi.yaml`: `rules:` for the catalog, `overrides:` per folder.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Rule, RuleTable, Severity, Sink};
use crate::model::{Config, RuleLevel, RuleSetting};
use crate::source::Sources;
use crate::suggest::closest;

declare_rule! {
    /// ## 检查内容
    /// `banshi.yaml` 的 `rules`、`overrides` 或事项中的 `豁免` 写了不存在的规则编号或名称。
    ///
    /// ## 为什么有问题
    /// 写错的规则名不会生效：想关掉的检查仍在报告，想豁免的问题仍然存在，
    /// 而且很难看出原因。
    ///
    /// ## 示例
    /// ```yaml
    /// rules:
    ///   basis-ordr: off
    /// ```
    ///
    /// ## 改为
    /// ```yaml
    /// rules:
    ///   basis-order: off
    /// ```
    /// 全部规则见 `banshi explain`。
    ///
    /// ## 依据
    /// banshi 配置说明（README「Using banshi in CI」）。
    pub static UNKNOWN_RULE = {
        code: "E005",
        name: "unknown-rule",
        severity: Error,
        summary: "配置或豁免中写了不存在的规则",
    };
}

/// Reports a rule key that names no rule.
pub(super) fn unknown(rules: &RuleTable, key: &str, span: crate::source::Span) -> Diagnostic {
    let names = rules.all().iter().map(|r| r.name);
    let mut d = Diagnostic::new(
        &UNKNOWN_RULE,
        span,
        format!("没有编号或名称为「{key}」的规则"),
    )
    .label("未知的规则");
    d = match closest(key, names) {
        Some(s) => d.help(format!("您是不是想写「{s}」？")),
        None => d.help("运行 banshi explain 查看全部规则的编号和名称"),
    };
    d
}

fn settings(config: &Config) -> impl Iterator<Item = &RuleSetting> {
    config
        .rules
        .iter()
        .chain(config.overrides.iter().flat_map(|o| o.rules.iter()))
}

/// Every rule key in the configuration must name a rule.
pub(super) fn check_names(rules: &RuleTable, config: &Config, sink: &mut Sink) {
    for s in settings(config) {
        if rules.find(&s.rule.value).is_none() {
            sink.push(unknown(rules, &s.rule.value, s.rule.span));
        }
    }
}

fn level_for(rules: &RuleTable, list: &[RuleSetting], rule: &Rule) -> Option<RuleLevel> {
    list.iter()
        .rev()
        .find(|s| rules.find(&s.rule.value).is_some_and(|r| r == rule))
        .map(|s| s.level.value)
}

/// The folder of `path` most specifically configured, if any.
fn folder<'c>(config: &'c Config, path: &str) -> Option<&'c crate::model::FolderOverride> {
    config
        .overrides
        .iter()
        .filter(|o| {
            let dir = o.path.value.as_str();
            dir.is_empty() || path == dir || path.starts_with(&format!("{dir}/"))
        })
        .max_by_key(|o| o.path.value.len())
}

/// Sets each finding's severity from the settings (a folder's override first, then the
/// catalog's), dropping those set to `off`.
pub(super) fn apply(
    rules: &RuleTable,
    config: &Config,
    sources: &Sources,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    if config.rules.is_empty() && config.overrides.is_empty() {
        return diagnostics;
    }
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            let path = sources.path(d.span.file);
            let level = folder(config, path)
                .and_then(|o| level_for(rules, &o.rules, d.rule))
                .or_else(|| level_for(rules, &config.rules, d.rule));
            match level {
                Some(RuleLevel::Off) => None,
                Some(RuleLevel::Error) => {
                    d.severity = Severity::Error;
                    Some(d)
                }
                Some(RuleLevel::Warning) => {
                    d.severity = Severity::Warning;
                    Some(d)
                }
                None => Some(d),
            }
        })
        .collect()
}
