//! Baselines: today's findings recorded by fingerprint, so a legacy catalog can adopt banshi
//! and fail only on what is new.

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One recorded finding. Only the fingerprint matters for matching; the rest is for people
/// reading the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub code: String,
    pub name: String,
    pub element: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version of this file.
    pub banshi_baseline: u32,
    pub findings: Vec<Entry>,
}

impl Baseline {
    pub fn record(diagnostics: &[Diagnostic]) -> Baseline {
        Baseline {
            banshi_baseline: 1,
            findings: diagnostics
                .iter()
                .map(|d| Entry {
                    fingerprint: d.fingerprint.clone(),
                    code: d.rule.code.to_string(),
                    name: d.rule.name.to_string(),
                    element: d.element.clone(),
                    message: d.message.clone(),
                })
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).map_or_else(|_| String::from("{}"), |s| s + "\n")
    }

    pub fn from_json(text: &str) -> Result<Baseline, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| json_error(&e))?;
        if b.banshi_baseline != 1 {
            return Err(format!("不支持的基线格式版本 {}", b.banshi_baseline));
        }
        Ok(b)
    }

    /// The findings not in the baseline, and how many baseline entries matched nothing (the
    /// findings fixed since). Each entry excuses one finding with its fingerprint.
    pub fn filter(&self, diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, usize) {
        let mut remaining: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &self.findings {
            *remaining.entry(e.fingerprint.as_str()).or_insert(0) += 1;
        }
        let new = diagnostics
            .into_iter()
            .filter(|d| match remaining.get_mut(d.fingerprint.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect();
        let fixed = remaining.values().sum();
        (new, fixed)
    }
}

/// serde_json's message in Chinese, with its line and column. The English detail is kept as a
/// note where it names what was wrong (a missing field, an unexpected character), not for a
/// file that merely ends early.
fn json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let detail = e.to_string();
    // serde_json ends its message with " at line L column C", which the Chinese says already.
    let detail = detail
        .rsplit_once(" at line ")
        .map_or(detail.as_str(), |(head, _)| head);
    // Column 0 is the start of a line, before its first character (a file ending in a newline).
    let at = match e.column() {
        0 => format!("第 {} 行", e.line()),
        column => format!("第 {} 行第 {column} 列", e.line()),
    };
    let what = match e.classify() {
        Category::Eof => return format!("{at}：JSON 在此意外结束（文件不完整）"),
        Category::Syntax => "不是合法的 JSON",
        Category::Data => "内容不符合基线格式",
        Category::Io => "读取失败",
    };
    format!("{at}：{what}（原始信息：{detail}）")
}

#[cfg(test)]
mod tests {
    use super::Baseline;

    #[test]
    fn json_errors_are_chinese_with_their_position() {
        let e = Baseline::from_json("{\"banshi_baseline\": 1}").err();
        assert_eq!(
            e.as_deref(),
            Some("第 1 行第 22 列：内容不符合基线格式（原始信息：missing field `findings`）")
        );
        let e = Baseline::from_json("{\"banshi_baseline\": 1, \"findings\": [\n").err();
        assert_eq!(
            e.as_deref(),
            Some("第 2 行：JSON 在此意外结束（文件不完整）")
        );
        let e = Baseline::from_json("{banshi_baseline: 1}").err();
        assert_eq!(
            e.as_deref(),
            Some("第 1 行第 2 列：不是合法的 JSON（原始信息：key must be a string）")
        );
    }
}
