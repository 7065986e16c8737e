//! The nesting limit: a file whose blocks nest deeper than [`MAX_DEPTH`] is reported and not
//! parsed.
//!
//! pest parses nested blocks by recursion, and so do the formatter and several later stages. pest
//! is built without its native stack probe (it costs a thread-local lookup on every combinator
//! call, a sixth of all parsing time), so the depth of recursion is bounded here instead, before
//! parsing, by one linear scan.
//!
//! The scan follows the grammar's lexical modes: braces inside a string (`"…"` with escapes,
//! `“…”`), a law title (`《…》`, ended by `》` or the end of the line) or a `//` comment do not
//! open or close anything. Along any prefix that pest can consume, the structural braces are
//! exactly the braces the scan counts, so the deepest nesting pest can reach is at most the
//! deepest the scan finds; past a syntax error the scan may over-count, which is harmless.

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// Blocks nested deeper than this are refused. Real catalogs nest four or five levels (a bundle's
/// flow inside the bundle, parallel inside serial); a hundred leaves room for any honest flow
/// while keeping recursion far from the stack's end, even in an unoptimised build on a worker
/// thread with a 2 MiB stack.
pub const MAX_DEPTH: usize = 100;

declare_rule! {
    /// ## 检查内容
    /// 花括号 `{ }` 嵌套的层数超过 100 层，例如一件事流程中的 `串联`、`并联` 层层嵌套。
    ///
    /// ## 为什么有问题
    /// 实际的一件事流程只有几层：串联中套并联，并联中再套串联。嵌套上百层的文件几乎一定是
    /// 生成程序出错或文件被破坏；这样的文件也无法可靠地排版和绘制流程图。为了保证每个文件
    /// 都能得到诊断而不会使检查中断，banshi 不解析超过上限的文件。
    ///
    /// ## 示例
    /// ```banshi
    /// 流程 并联 { 并联 { 并联 { 并联 { … } } } }   // 一百多层
    /// ```
    ///
    /// ## 改为
    /// 把流程改写为实际的办理顺序：连续的串联合并为一个串联，同时办理的事项放进同一个并联。
    /// ```banshi
    /// 流程 串联 { 事项甲 并联 { 事项乙 事项丙 } 事项丁 }
    /// ```
    ///
    /// ## 依据
    /// banshi 的解析上限，见 docs/language.md「嵌套上限」：任何输入都应得到诊断，而不是使检查中断。
    pub static NESTING_TOO_DEEP = {
        code: "E008",
        name: "nesting-too-deep",
        severity: Error,
        summary: "花括号嵌套层数超过上限",
    };
}

/// Where the scan is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Code,
    /// `"…"`; `escaped` after a backslash.
    Ascii {
        escaped: bool,
    },
    /// `“…”`.
    Chinese,
    /// `《…》`.
    Title,
    /// `//` to the end of the line.
    Comment,
}

/// The first opening brace that goes deeper than [`MAX_DEPTH`], as a byte range.
pub fn too_deep(src: &str) -> Option<std::ops::Range<usize>> {
    // Nothing can nest deeper than the braces there are: real files have a few dozen, and
    // counting them (memchr) is far cheaper than following the lexical modes.
    memchr::memchr_iter(b'{', src.as_bytes()).nth(MAX_DEPTH)?;
    let mut mode = Mode::Code;
    let mut depth = 0usize;
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        mode = match (mode, c) {
            (Mode::Code, '{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i..i + 1);
                }
                Mode::Code
            }
            (Mode::Code, '}') => {
                depth = depth.saturating_sub(1);
                Mode::Code
            }
            (Mode::Code, '"') => Mode::Ascii { escaped: false },
            (Mode::Code, '“') => Mode::Chinese,
            (Mode::Code, '《') => Mode::Title,
            (Mode::Code, '/') if chars.peek().is_some_and(|&(_, n)| n == '/') => Mode::Comment,
            (Mode::Ascii { escaped: false }, '\\') => Mode::Ascii { escaped: true },
            (Mode::Ascii { escaped: false }, '"') => Mode::Code,
            (Mode::Ascii { .. }, _) => Mode::Ascii { escaped: false },
            (Mode::Chinese, '”') => Mode::Code,
            (Mode::Title, '》' | '\n' | '\r') => Mode::Code,
            (Mode::Comment, '\n') => Mode::Code,
            (m, _) => m,
        };
    }
    None
}

/// The diagnostic for a file that nests too deep.
pub fn diagnostic(file: FileId, at: std::ops::Range<usize>) -> Diagnostic {
    Diagnostic::new(
        &NESTING_TOO_DEEP,
        Span::new(file, at),
        format!("花括号在此处嵌套超过 {MAX_DEPTH} 层，文件未被解析"),
    )
    .label(format!("第 {} 层", MAX_DEPTH + 1))
    .help("把流程改写为实际的办理顺序：连续的串联合并为一个，同时办理的事项放进同一个并联")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize) -> String {
        format!(
            "一件事 深 {{ 流程 {}{} }}",
            "并联 { ".repeat(n),
            "} ".repeat(n)
        )
    }

    #[test]
    fn counts_structural_braces_only() {
        // The bundle's own brace is one level.
        assert!(too_deep(&nested(MAX_DEPTH - 1)).is_none());
        let src = nested(MAX_DEPTH);
        let at = too_deep(&src).expect("too deep");
        assert_eq!(&src[at.clone()], "{");
        assert_eq!(src[..at.start].matches('{').count(), MAX_DEPTH);
    }

    #[test]
    fn braces_in_strings_titles_and_comments_do_not_count() {
        let many = "{".repeat(MAX_DEPTH + 5);
        for src in [
            format!("名称 \"{many}\""),
            format!("名称 \"\\\"{many}\""),
            format!("名称 “{many}”"),
            format!("依据 《{many}》"),
            format!("// {many}\n"),
        ] {
            assert!(too_deep(&src).is_none(), "{src}");
        }
        // A law title ends at the end of its line, as in the grammar.
        assert!(too_deep(&format!("《 \n{many}")).is_some());
        // An escaped backslash does not escape the closing quote.
        assert!(too_deep(&format!("\"\\\\\" {many}")).is_some());
    }
}
