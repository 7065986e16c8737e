//! Diagnostics are data: a rule, a severity, a one-line message, a primary span and optional
//! secondary labels, notes and help. All wording lives at the place that emits the diagnostic;
//! rendering (codespan-reporting, JSON) happens only in `cli/`.

use crate::source::Span;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The Chinese word used in summaries.
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// A rule: a stable code, a stable kebab-case name, a default severity and its documentation.
///
/// Declared with [`declare_rule!`](crate::declare_rule) next to the code that emits it; its stage lists it once in
/// its `RULES` (or, for a check, in [`crate::check::CHECKS`]), and [`crate::rules::table`]
/// gathers those lists into the one [`RuleTable`].
#[derive(Debug)]
pub struct Rule {
    /// `E…` for rules whose findings are errors by default, `W…` for warnings.
    pub code: &'static str,
    /// Names the bad pattern (`vague-wording`), never the fix.
    pub name: &'static str,
    pub severity: Severity,
    /// One Chinese sentence: what the rule finds.
    pub summary: &'static str,
    /// The Chinese documentation printed by `banshi explain` (检查内容 / 为什么有问题 / 示例 / 改为 / 依据).
    pub doc: &'static str,
}

/// Rules are identified by their code.
impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

/// Declares a [`Rule`] whose `doc` is the item's own doc comment, so the rustdoc text and the
/// text of `banshi explain` can never drift apart.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = {
            code: $code:literal,
            name: $name:literal,
            severity: $severity:ident,
            summary: $summary:literal $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        $vis static $ident: $crate::diagnostic::Rule = $crate::diagnostic::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
        };
    };
}

/// Every rule banshi knows, in code order: what `explain`, suppressions, severity settings and
/// SARIF read. Stages that look rules up by name (policy) take it as an argument, so they need
/// not know the stages whose rules it lists.
#[derive(Debug)]
pub struct RuleTable {
    rules: Vec<&'static Rule>,
}

impl RuleTable {
    /// A table of `rules`, sorted by the number of their code (`E002` before `E010`).
    pub fn new(mut rules: Vec<&'static Rule>) -> RuleTable {
        rules.sort_by_key(|r| (code_number(r.code), r.code));
        RuleTable { rules }
    }

    pub fn all(&self) -> &[&'static Rule] {
        &self.rules
    }

    /// A rule by code (`E150`, case-insensitive) or name (`vague-wording`).
    pub fn find(&self, key: &str) -> Option<&'static Rule> {
        self.rules
            .iter()
            .copied()
            .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
    }

    /// The rule's place in [`RuleTable::all`] (SARIF refers to rules by index).
    pub fn index(&self, rule: &Rule) -> Option<usize> {
        self.rules.iter().position(|r| *r == rule)
    }
}

/// The number of a code: `E150` → 150; codes are one letter and digits.
fn code_number(code: &str) -> u32 {
    code.get(1..)
        .and_then(|n| n.parse().ok())
        .unwrap_or(u32::MAX)
}

/// A secondary label: another place that explains the finding ("首次定义于此").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    /// One line stating the problem.
    pub message: String,
    /// The exact text at fault.
    pub span: Span,
    /// A short text under the primary caret (may be empty).
    pub label: String,
    pub secondary: Vec<Label>,
    /// Facts that help understand the finding.
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Where it is in the catalog's terms (`事项:低保申请/材料:身份证`); set by `policy`.
    pub element: String,
    /// The 实施主体 of the matter it concerns, if any; set by `policy`.
    pub department: Option<String>,
    /// A stable identity that survives moving text around; set by `policy`.
    pub fingerprint: String,
    /// For the one finding that stands for the findings of its rule in its file beyond
    /// [`MAX_PER_RULE_PER_FILE`]: how many it stands for (0 for every other finding).
    pub omitted: usize,
}

/// The findings of one rule listed for one file; the rest become one summary finding with
/// their count. A finding costs up to about a kilobyte of human output (its excerpt is cut to
/// a window of the line), so without a bound a few bytes of input repeated (a letter and a
/// zero-width space, 4 bytes) could print hundreds of times their size. A hundred is more than
/// anyone reads before fixing the first and running again, and keeps every rule's output for a
/// file under about a hundred kilobytes.
pub const MAX_PER_RULE_PER_FILE: usize = 100;

impl Diagnostic {
    /// A diagnostic of `rule` at its default severity.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            span,
            label: String::new(),
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            element: String::new(),
            department: None,
            fingerprint: String::new(),
            omitted: 0,
        }
    }

    /// The finding that stands for `omitted` findings of `rule` in one file, placed at the first
    /// of them.
    pub fn summary(
        rule: &'static Rule,
        severity: Severity,
        span: Span,
        omitted: usize,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(
            rule,
            span,
            format!(
                "此文件中自此处起另有 {omitted} 处同类问题（{}）未逐一列出",
                rule.summary
            ),
        )
        .severity(severity)
        .label("未列出的问题自此处起")
        .note(format!(
            "每条规则在每个文件中最多列出 {MAX_PER_RULE_PER_FILE} 处问题，其余合为这一条"
        ))
        .help("先修正已列出的问题，再次检查即可看到其余的问题");
        d.omitted = omitted;
        d
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Some rules report a less certain variant of their finding at a lower severity (their
    /// documentation says when).
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// Where stages put what they find. Stages never stop at the first problem.
#[derive(Debug, Default)]
pub struct Sink {
    diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn new() -> Sink {
        Sink::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn extend(&mut self, other: Sink) {
        self.diagnostics.extend(other.diagnostics);
    }

    pub fn len(&self) -> usize {
        self.diagnostics.len()
    }

    /// Drops repeated findings (same rule, place and message), keeping the first: the rules
    /// see a matter and each of its variants, which share most of their text.
    pub fn dedup(&mut self) {
        let mut seen = std::collections::BTreeSet::new();
        self.diagnostics.retain(|d| {
            seen.insert((
                d.rule.code,
                d.span.file,
                d.span.start,
                d.span.end,
                d.message.clone(),
            ))
        });
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// Counts of a finished run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

impl Counts {
    /// A summary finding counts for the findings it stands for.
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts = Counts::default();
        for d in diagnostics {
            let n = d.omitted.max(1);
            match d.severity {
                Severity::Error => counts.errors += n,
                Severity::Warning => counts.warnings += n,
            }
        }
        counts
    }
}
