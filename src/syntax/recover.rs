//! Finding every syntax error of a file, not only the first.
//!
//! pest stops at the first error. When a file fails, it is parsed again piece by piece: cut into
//! its items (`事项`, `一件事`), each failing item into its fields, each failing block (`材料`,
//! `办理流程`, …) into its entries, and each piece is parsed alone with the matching `*_alone`
//! rule of the grammar. The cuts come from a small scan that knows only strings, comments,
//! braces and line starts, so it cannot be confused by what the parser rejects.
//!
//! What is recovered: every item that parses is kept and goes on to be checked; an item with a
//! syntax error is left out as a whole (checking half a matter would report the fields the
//! error hid as missing), but its name is remembered so that a bundle naming it is not told the
//! matter does not exist. Within a failing item, each later field and block entry is parsed on
//! its own, so each mistake gets its own finding.
//!
//! The cost is linear: every byte is scanned a bounded number of times (once per nesting level
//! of the blocks that fail) and parsed at most twice more.

use super::ast::File;
use super::build::Builder;
use super::keywords::{self, Kind};
use super::{BanshiParser, Rule, error};
use crate::diagnostic::{Diagnostic, Sink};
use crate::source::FileId;
use pest::Parser as _;
use std::ops::Range;

/// After this many syntax errors in one file the rest of it is not searched: the author has
/// enough to fix, and a file of garbage should not cost a parse per line.
const MAX_ERRORS: usize = 50;

/// What a piece of text is, which decides the rule that parses it and how it is cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctx {
    Matter,
    Variant,
    Bundle,
    Materials,
    Group,
    Material,
    Steps,
    Step,
    Time,
    Fees,
    Fee,
    Results,
}

impl Ctx {
    /// The rule that parses any number of this context's entries alone.
    fn rule(self) -> Rule {
        match self {
            Ctx::Matter => Rule::matter_fields_alone,
            Ctx::Variant => Rule::variant_fields_alone,
            Ctx::Bundle => Rule::bundle_fields_alone,
            Ctx::Materials => Rule::materials_alone,
            Ctx::Group => Rule::group_alone,
            Ctx::Material => Rule::material_fields_alone,
            Ctx::Steps => Rule::steps_alone,
            Ctx::Step => Rule::step_fields_alone,
            Ctx::Time => Rule::time_alone,
            Ctx::Fees => Rule::fees_alone,
            Ctx::Fee => Rule::fee_fields_alone,
            Ctx::Results => Rule::results_alone,
        }
    }

    /// Entries of a list start with an id (`身份证 { … }`); entries of a field block start with
    /// a field name. A list may be cut at any line that starts with a word; a field block only
    /// where the line starts with a field name, because a value may go on on the next line
    /// (`服务对象 自然人、` / `法人`).
    fn is_list(self) -> bool {
        matches!(self, Ctx::Materials | Ctx::Group | Ctx::Steps | Ctx::Fees)
    }

    /// The context of an entry's own block, from the entry's first word.
    fn child(self, first_word: &str) -> Option<Ctx> {
        match self {
            Ctx::Matter | Ctx::Variant => match first_word {
                "材料" => Some(Ctx::Materials),
                "办理情形" if self == Ctx::Matter => Some(Ctx::Variant),
                "办理流程" => Some(Ctx::Steps),
                "时限" => Some(Ctx::Time),
                "收费" => Some(Ctx::Fees),
                "结果" => Some(Ctx::Results),
                _ => None,
            },
            Ctx::Bundle => (first_word == "材料").then_some(Ctx::Materials),
            Ctx::Materials => Some(if first_word == "任选" {
                Ctx::Group
            } else {
                Ctx::Material
            }),
            Ctx::Group => (first_word != "名称" && first_word != "豁免").then_some(Ctx::Material),
            Ctx::Steps => Some(Ctx::Step),
            Ctx::Fees => Some(Ctx::Fee),
            Ctx::Material | Ctx::Step | Ctx::Time | Ctx::Fee | Ctx::Results => None,
        }
    }
}

/// What the scan saw outside strings and comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Event {
    /// Where the text after an opening brace starts.
    Open(usize),
    /// Where a closing brace starts and where the text after it starts.
    Close(usize, usize),
    /// The first character of a line that is neither blank nor a comment.
    Line(usize),
}

/// Braces and line starts of `text`, skipping strings (`"…"` with escapes, `“…”`) and `//`
/// comments. An unterminated string runs to the end, as the parser reads it.
fn events(text: &str) -> Vec<Event> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        if line_start {
            i = skip_blanks(text, i);
            line_start = false;
            if i < b.len() && b[i] != b'\n' && !text[i..].starts_with("//") {
                out.push(Event::Line(i));
            }
            continue;
        }
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b'{' => {
                i += 1;
                out.push(Event::Open(i));
            }
            b'}' => {
                out.push(Event::Close(i, i + 1));
                i += 1;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(b.len(), |n| i + n);
            }
            // A full-width brace is a mistake the parser reports, but it still shapes the text
            // as the author meant it; cutting by it keeps one mistake from becoming many.
            _ if b[i..].starts_with("｛".as_bytes()) || b[i..].starts_with("﹛".as_bytes()) => {
                i += '｛'.len_utf8();
                out.push(Event::Open(i));
            }
            _ if b[i..].starts_with("｝".as_bytes()) || b[i..].starts_with("﹜".as_bytes()) => {
                out.push(Event::Close(i, i + '｝'.len_utf8()));
                i += '｝'.len_utf8();
            }
            // Compared as bytes: `i` may be inside a character here, and a lead byte of `“`
            // never is.
            _ if b[i..].starts_with("“".as_bytes()) => {
                i = text[i..]
                    .find('”')
                    .map_or(b.len(), |n| i + n + '”'.len_utf8());
            }
            _ => i += 1,
        }
    }
    out
}

/// The first position at or after `i` that is not a blank of the language (a line break ends
/// the run, so that the caller sees it).
fn skip_blanks(text: &str, mut i: usize) -> usize {
    while let Some(c) = text.get(i..).and_then(|t| t.chars().next()) {
        if c == '\n' || !(c.is_whitespace() || c == '\u{3000}') {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// The identifier word at `at`, if one starts there.
fn word_at(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or("");
    let end = rest
        .char_indices()
        .find(|&(_, c)| !unicode_ident::is_xid_continue(c))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

fn starts_word(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|t| t.chars().next())
        .is_some_and(unicode_ident::is_xid_start)
}

fn is_item_keyword(word: &str) -> bool {
    word == "事项" || word == "一件事"
}

fn is_field_keyword(word: &str) -> bool {
    keywords::KEYWORDS
        .iter()
        .any(|k| k.kind == Kind::Field && k.word == word)
}

/// The first word of a piece, after blanks and comments.
fn first_word<'a>(text: &'a str, range: &Range<usize>) -> &'a str {
    first_token(&text[range.clone()]).map_or("", |p| word_at(text, range.start + p))
}

/// Where the first character that is neither a blank nor in a `//` comment is: the first
/// [`Event::Line`] of [`events`], found without scanning the rest of the piece.
fn first_token(piece: &str) -> Option<usize> {
    let mut at = 0;
    for line in piece.split_inclusive('\n') {
        let start = skip_blanks(line, 0);
        let rest = &line[start..];
        if !rest.trim_end().is_empty() && !rest.starts_with("//") {
            return Some(at + start);
        }
        at += line.len();
    }
    None
}

/// Whether a piece holds nothing but blanks and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        l.is_empty() || l.starts_with("//")
    })
}

/// Cuts the top level of a file into pieces of one item each. A cut falls after the brace that
/// closes an item, and before a line that starts with `事项` or `一件事` even inside an
/// unclosed block, where a forgotten `}` most likely is.
fn cut_items(text: &str, start: usize) -> Vec<Range<usize>> {
    let mut cuts = vec![start];
    let mut depth = 0usize;
    for e in events(&text[start..]) {
        match e {
            Event::Open(_) => depth += 1,
            Event::Close(_, after) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    cuts.push(start + after);
                }
            }
            Event::Line(p) => {
                if is_item_keyword(word_at(text, start + p)) {
                    cuts.push(start + p);
                    depth = 0;
                }
            }
        }
    }
    cuts.push(text.len());
    pieces(cuts)
}

/// Consecutive cut positions as ranges, without empty ones.
fn pieces(mut cuts: Vec<usize>) -> Vec<Range<usize>> {
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// The inside of a block entry (`材料 { … }`): from after its first `{` to before the `}` that
/// closes it, or to the end when nothing does.
fn body(text: &str, entry: &Range<usize>) -> Option<Range<usize>> {
    let piece = &text[entry.clone()];
    let mut depth = 0usize;
    let mut open = None;
    for e in events(piece) {
        match e {
            Event::Open(after) => {
                if depth == 0 && open.is_none() {
                    open = Some(after);
                }
                depth += 1;
            }
            Event::Close(p, _) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some(o) = open
                {
                    return Some(entry.start + o..entry.start + p);
                }
            }
            Event::Line(_) => {}
        }
    }
    open.map(|o| entry.start + o..entry.end)
}

/// Cuts a block's inside into entries (see [`Ctx::is_list`]); a cut also falls after each brace
/// that closes an entry.
fn cut_entries(text: &str, body: &Range<usize>, ctx: Ctx) -> Vec<Range<usize>> {
    let mut cuts = vec![body.start];
    let mut depth = 0usize;
    for e in events(&text[body.clone()]) {
        match e {
            Event::Open(_) => depth += 1,
            Event::Close(_, after) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    cuts.push(body.start + after);
                }
            }
            Event::Line(p) if depth == 0 => {
                let at = body.start + p;
                let cut = if ctx.is_list() {
                    starts_word(text, at)
                } else {
                    is_field_keyword(word_at(text, at))
                };
                if cut {
                    cuts.push(at);
                }
            }
            Event::Line(_) => {}
        }
    }
    cuts.push(body.end);
    pieces(cuts)
}

struct Recovery<'a> {
    file: FileId,
    src: &'a str,
    errors: Vec<Diagnostic>,
    /// Set once [`MAX_ERRORS`] is passed.
    capped: bool,
}

impl Recovery<'_> {
    /// Parses `range` alone with `rule`, reporting its error; the error's position on failure.
    fn try_parse(&mut self, rule: Rule, range: &Range<usize>, in_block: bool) -> Option<usize> {
        if self.capped || is_blank(&self.src[range.clone()]) {
            return None;
        }
        let err = BanshiParser::parse(rule, &self.src[range.clone()]).err()?;
        self.report(err, range, in_block)
    }

    /// Reports the error of the piece at `range`; where it is in the file.
    fn report(
        &mut self,
        err: pest::error::Error<Rule>,
        range: &Range<usize>,
        in_block: bool,
    ) -> Option<usize> {
        if self.errors.len() >= MAX_ERRORS {
            if !self.capped
                && let Some(last) = self.errors.last_mut()
            {
                last.notes.push(format!(
                    "本文件的语法错误已超过 {MAX_ERRORS} 个，其后的部分未再检查；请先改正以上错误"
                ));
            }
            self.capped = true;
            return None;
        }
        let pos = match err.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        };
        let piece = &self.src[range.clone()];
        let d = error::to_diagnostic(self.file, piece, &ended(err, in_block));
        self.errors.push(shifted(d, range.start));
        Some(range.start + pos)
    }

    /// The errors of a failing block entry beyond the one at `err`: its entries after the one
    /// holding `err` are parsed alone, and the one holding it is searched in turn.
    fn resync(&mut self, ctx: Ctx, entry: &Range<usize>, err: usize) {
        let Some(body) = body(self.src, entry) else {
            return;
        };
        if err < body.start {
            // The error is in the entry's own head (`事项 {`): what follows cannot be placed.
            return;
        }
        let entries = cut_entries(self.src, &body, ctx);
        let Some(at) = entries.iter().rposition(|r| r.start <= err) else {
            return;
        };
        if let Some(child) = ctx.child(first_word(self.src, &entries[at])) {
            self.resync(child, &entries[at], err);
        }
        for entry in &entries[at + 1..] {
            if let Some(pos) = self.try_parse(ctx.rule(), entry, true)
                && let Some(child) = ctx.child(first_word(self.src, entry))
            {
                self.resync(child, entry, pos);
            }
        }
    }
}

/// A piece parsed alone ends where its block or file would: pest says it expected the end of
/// the input, the author reads `}` (in a block) or the next item (at the top).
fn ended(mut err: pest::error::Error<Rule>, in_block: bool) -> pest::error::Error<Rule> {
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &mut err.variant {
        for r in positives.iter_mut() {
            if *r == Rule::EOI {
                *r = if in_block { Rule::rbrace } else { Rule::item };
            }
        }
    }
    err
}

/// A diagnostic found in a piece starting at `base`, moved to the file's positions.
fn shifted(mut d: Diagnostic, base: usize) -> Diagnostic {
    let by = u32::try_from(base).unwrap_or(u32::MAX);
    d.span.start = d.span.start.saturating_add(by);
    d.span.end = d.span.end.saturating_add(by);
    for l in &mut d.secondary {
        l.span.start = l.span.start.saturating_add(by);
        l.span.end = l.span.end.saturating_add(by);
    }
    d
}

/// Parses a file that failed as a whole piece by piece (see the module documentation): the
/// items that parse, the names of those that do not, and every syntax error found.
pub(super) fn recover(file: FileId, src: &str, sink: &mut Sink) -> File {
    let start = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let mut r = Recovery {
        file,
        src,
        errors: Vec::new(),
        capped: false,
    };
    let mut items = Vec::new();
    let mut unparsed_matters = Vec::new();
    for piece in cut_items(src, start) {
        if is_blank(&src[piece.clone()]) {
            continue;
        }
        match BanshiParser::parse(Rule::item_alone, &src[piece.clone()]) {
            Ok(pairs) => items.extend(
                Builder {
                    file,
                    base: piece.start,
                }
                .items(pairs),
            ),
            Err(e) => {
                let Some(err) = r.report(e, &piece, false) else {
                    continue;
                };
                let head = first_word(src, &piece);
                let ctx = match head {
                    "事项" => Ctx::Matter,
                    "一件事" => Ctx::Bundle,
                    _ => continue,
                };
                if ctx == Ctx::Matter {
                    // After the keyword the piece starts with (a comment before it may say 事项
                    // too).
                    let head = piece.start + first_token(&src[piece.clone()]).unwrap_or(0);
                    let at = head + "事项".len();
                    let name = word_at(src, skip_blanks(src, at));
                    if !name.is_empty() {
                        unparsed_matters.push(name.to_string());
                    }
                }
                r.resync(ctx, &piece, err);
            }
        }
    }
    for d in r.errors {
        sink.push(d);
    }
    File {
        items,
        unparsed_matters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(src: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| src[r.clone()].trim()).collect()
    }

    #[test]
    fn the_scan_skips_braces_in_strings_and_comments() {
        let src = "名称 \"a{b\\\"}\" // {\n  “{”{\n}";
        let ev = events(src);
        assert_eq!(
            ev,
            vec![
                Event::Line(0),
                Event::Line(src.find('“').unwrap_or(0)),
                Event::Open(src.rfind('{').unwrap_or(0) + 1),
                Event::Line(src.rfind('}').unwrap_or(0)),
                Event::Close(src.rfind('}').unwrap_or(0), src.len()),
            ]
        );
    }

    #[test]
    fn the_first_token_is_the_first_line_event() {
        for piece in [
            "事项 a {",
            "\n  // 注释 {\n\u{3000}事项 b",
            "  \r\n\t\n名称 \"x\"",
            "// 只有注释\n   \n",
            "",
        ] {
            let first_line = events(piece).into_iter().find_map(|e| match e {
                Event::Line(p) => Some(p),
                _ => None,
            });
            assert_eq!(first_token(piece), first_line, "{piece:?}");
        }
    }

    #[test]
    fn items_are_cut_after_their_brace_and_before_a_keyword_line() {
        let src = "事项 a {\n  名称 \"x\"\n}\n事项 b {\n  名称 \"y\"\n\n一件事 c { }\n";
        let cut = cut_items(src, 0);
        assert_eq!(
            texts(src, &cut),
            vec![
                "事项 a {\n  名称 \"x\"\n}",
                "",
                "事项 b {\n  名称 \"y\"",
                "一件事 c { }",
                ""
            ]
        );
    }

    #[test]
    fn a_field_block_is_cut_only_before_field_names() {
        let src =
            "事项 a {\n  名称 \"x\"\n  服务对象 自然人、\n  法人\n  材料 {\n    甲 { }\n  }\n}";
        let entry = 0..src.len();
        let b = body(src, &entry).unwrap_or(0..0);
        let cut = cut_entries(src, &b, Ctx::Matter);
        assert_eq!(
            texts(src, &cut),
            vec![
                "",
                "名称 \"x\"",
                "服务对象 自然人、\n  法人",
                "材料 {\n    甲 { }\n  }",
                ""
            ]
        );
    }

    /// Every prefix of a real spec, and the spec with each brace removed in turn, is recovered
    /// without a panic, with every finding inside the text and none twice.
    #[test]
    fn cut_texts_recover_without_panics() {
        let spec = include_str!("../../tests/fixtures/syntax_error_misspelt_field/input.banshi");
        let mut inputs: Vec<String> = spec
            .char_indices()
            .step_by(7)
            .map(|(i, _)| spec[..i].to_string())
            .collect();
        for (i, c) in spec
            .char_indices()
            .filter(|(_, c)| matches!(c, '{' | '}' | '"'))
        {
            inputs.push(format!("{}{}", &spec[..i], &spec[i + c.len_utf8()..]));
            inputs.push(format!("{}｛{}", &spec[..i], &spec[i + c.len_utf8()..]));
        }
        for input in &inputs {
            let mut sink = Sink::new();
            let _ = super::super::parse(FileId(0), input, &mut sink);
            let spans: Vec<_> = sink.iter().map(|d| (d.span.start, d.span.end)).collect();
            for &(start, end) in &spans {
                assert!(start <= end && end as usize <= input.len(), "{input}");
                assert!(input.is_char_boundary(start as usize), "{input}");
            }
            let mut unique = spans.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), spans.len(), "a finding twice in {input}");
        }
    }

    #[test]
    fn each_mistake_in_a_matter_is_one_finding() {
        let spec = include_str!("../../tests/fixtures/syntax_error_misspelt_field/input.banshi")
            .replace(
                "份数 1\n      来源 申请人自备\n      样表",
                "份数 一\n      来源 申请人自备\n      样表",
            )
            .replace("承诺 15 工作日", "承诺 15 天");
        let mut sink = Sink::new();
        let file = super::super::parse(FileId(0), &spec, &mut sink);
        let found: Vec<&str> = sink
            .iter()
            .map(|d| &spec[d.span.start as usize..d.span.end as usize])
            .collect();
        assert_eq!(found, vec!["名城", "一", "天"]);
        assert_eq!(
            file.map(|f| f.unparsed_matters),
            Some(vec!["低保申请".to_string()])
        );
        // The name comes from the item's own head, not from a comment before it.
        let mut sink = Sink::new();
        let file = super::super::parse(
            FileId(0),
            "// 事项 甲的说明\n事项 乙 { 名字 \"x\" }\n",
            &mut sink,
        );
        assert_eq!(
            file.map(|f| f.unparsed_matters),
            Some(vec!["乙".to_string()])
        );
    }
}
