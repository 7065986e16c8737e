//! `banshi fmt`: one canonical layout for `.banshi` files.
//!
//! The layout: two-space indentation; one field per line; blocks open on the line of their
//! field (`材料 {`) and close on their own line; empty blocks as `{}`; no colons after field
//! names; values of 服务对象 and 办理形式 separated by a space; strings in ASCII quotes with
//! `\"`, `\\` and `\n` escapes; citations as `《标题》第九条 第十一条第二款` (no space inside an
//! article reference, one between references); `N 工作日` without 个; one blank line between
//! top-level definitions; single blank lines between fields kept, runs of them collapsed.
//! Numerals are kept as written (第9条 stays 第9条). Comments stay where they were: a comment
//! on its own line stays on its own line before the same element, a comment after code stays
//! at the end of that line.
//!
//! The formatter works on the pest parse tree, so it formats only files that parse; comments,
//! which the grammar skips, are found by a small lexer that knows strings and titles and are
//! put back by position.

use super::{BanshiParser, Rule};
use pest::Parser as _;
use pest::iterators::Pair;

type P<'i> = Pair<'i, Rule>;

const INDENT: &str = "  ";

/// A `//` comment: its byte range, and whether only blanks precede it on its line.
#[derive(Clone, Copy, Debug)]
struct Comment {
    start: usize,
    end: usize,
    own_line: bool,
}

/// Finds comments, skipping strings ("…" with escapes, “…”) and titles (《…》).
fn comments(src: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '“' => {
                for (_, c) in chars.by_ref() {
                    if c == '”' {
                        break;
                    }
                }
            }
            '《' => {
                while let Some(&(_, c)) = chars.peek() {
                    if c == '\n' {
                        break;
                    }
                    chars.next();
                    if c == '》' {
                        break;
                    }
                }
            }
            '/' if chars.peek().is_some_and(|&(_, c)| c == '/') => {
                let end = src[i..].find('\n').map_or(src.len(), |n| i + n);
                let line_start = src[..i].rfind('\n').map_or(0, |n| n + 1);
                let own_line = src[line_start..i]
                    .chars()
                    .all(|c| c.is_whitespace() || c == '\u{feff}');
                out.push(Comment {
                    start: i,
                    end,
                    own_line,
                });
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    out
}

/// Writes a decoded string value as a canonical literal.
fn quote(value: &str) -> String {
    let mut s = String::with_capacity(value.len() + 2);
    s.push('"');
    for c in value.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => {}
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// The decoded value of a `text` pair.
fn text_value(pair: &P) -> String {
    super::literal::decode(pair.as_str()).value
}

struct Printer<'s> {
    src: &'s str,
    out: String,
    depth: usize,
    comments: Vec<Comment>,
    next_comment: usize,
    /// Whether the current output line has content.
    line_open: bool,
    /// Source end of the last token written.
    last_end: usize,
    /// Just after `{`: no blank line before the first child.
    just_opened: bool,
}

impl<'s> Printer<'s> {
    fn newlines_between(&self, a: usize, b: usize) -> usize {
        self.src.get(a..b).map_or(0, |s| s.matches('\n').count())
    }

    fn line_of(&self, pos: usize) -> usize {
        self.src[..pos.min(self.src.len())].matches('\n').count()
    }

    /// Ends the current output line, keeping a comment that followed on the same source line.
    fn end_line(&mut self, before: usize) {
        if !self.line_open {
            return;
        }
        if let Some(c) = self.comments.get(self.next_comment).copied()
            && !c.own_line
            && c.start < before
            && self.line_of(c.start) == self.line_of(self.last_end)
        {
            self.out.push(' ');
            self.out.push_str(self.src[c.start..c.end].trim_end());
            self.next_comment += 1;
            self.last_end = c.end;
        }
        self.out.push('\n');
        self.line_open = false;
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
    }

    /// Starts a new line for an element beginning at source byte `at`: emits the comments
    /// before it and keeps one blank line where the source had one.
    fn start_line(&mut self, at: usize) {
        self.end_line(at);
        self.emit_comments_before(at);
        if self.newlines_between(self.last_end, at) >= 2
            && !self.just_opened
            && !self.out.is_empty()
        {
            self.out.push('\n');
        }
        self.indent();
        self.line_open = true;
        self.just_opened = false;
    }

    /// Own-line comments before `at`, each on its line at the current indentation.
    fn emit_comments_before(&mut self, at: usize) {
        while let Some(c) = self.comments.get(self.next_comment).copied() {
            if c.start >= at {
                break;
            }
            if self.newlines_between(self.last_end, c.start) >= 2
                && !self.just_opened
                && !self.out.is_empty()
            {
                self.out.push('\n');
            }
            self.indent();
            self.out.push_str(self.src[c.start..c.end].trim_end());
            self.out.push('\n');
            self.next_comment += 1;
            self.last_end = c.end;
            self.just_opened = false;
        }
    }

    /// Writes a token on the current line, separated by a space from what precedes it.
    fn token(&mut self, text: &str, end: usize) {
        if self.line_open
            && !self.out.is_empty()
            && !self.out.ends_with(' ')
            && !self.out.ends_with('\n')
        {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.line_open = true;
        self.last_end = self.last_end.max(end);
    }

    fn open(&mut self, lbrace: &P) {
        self.token("{", lbrace.as_span().end());
        self.depth += 1;
        self.just_opened = true;
    }

    fn close(&mut self, rbrace: &P) {
        let start = rbrace.as_span().start();
        // Comments before the brace belong inside the block, at its indentation.
        if self
            .comments
            .get(self.next_comment)
            .is_some_and(|c| c.start < start)
        {
            self.end_line(start);
            self.emit_comments_before(start);
        }
        self.depth = self.depth.saturating_sub(1);
        // `{}` when nothing, not even a comment, stood inside.
        let nothing_inside = self.just_opened
            && self
                .comments
                .get(self.next_comment)
                .is_none_or(|c| c.start >= start);
        if nothing_inside {
            self.just_opened = false;
            self.out.push('}');
            self.last_end = rbrace.as_span().end();
            return;
        }
        self.just_opened = false;
        self.start_line(start);
        self.out.push('}');
        self.last_end = rbrace.as_span().end();
    }

    fn text(&mut self, pair: &P) {
        self.token(&quote(&text_value(pair)), pair.as_span().end());
    }

    fn word(&mut self, pair: &P) {
        self.token(pair.as_str(), pair.as_span().end());
    }

    /// A field on its own line: the keyword, then its value pairs.
    fn field(&mut self, pair: P) {
        let start = pair.as_span().start();
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        let Some(key) = inner.next() else { return };
        self.start_line(start);
        self.word(&key);
        let rest: Vec<P> = inner.collect();
        let is_block = rest.iter().any(|p| p.as_rule() == Rule::lbrace);
        match rule {
            // `待核`, `即办`, `不收费`: a value on the line, not a block.
            Rule::f_time | Rule::f_fee | Rule::f_basis | Rule::f_conditions | Rule::f_materials
                if rest
                    .first()
                    .is_some_and(|p| p.as_rule() == Rule::unverified) =>
            {
                for p in rest {
                    self.value(p);
                }
            }
            Rule::f_basis => self.citations_block(rest),
            Rule::f_conditions => self.block(rest, |p, x| p.condition(x)),
            Rule::f_materials => self.block(rest, |p, x| p.material_entry(x)),
            Rule::f_steps => self.block(rest, |p, x| p.named_block(x)),
            Rule::f_variant => {
                let mut rest = rest.into_iter();
                if let Some(id) = rest.next() {
                    self.word(&id);
                }
                self.block(rest.collect(), |p, x| p.field(x));
            }
            Rule::f_time | Rule::f_fee if !is_block => {
                for p in &rest {
                    self.word(p);
                }
            }
            Rule::f_time => self.block(rest, |p, x| p.field(x)),
            Rule::f_fee => self.block(rest, |p, x| p.named_block(x)),
            Rule::f_result => self.block(rest, |p, x| p.field(x)),
            Rule::f_faq => self.block(rest, |p, x| p.qa(x)),
            Rule::b_flow => {
                for p in rest {
                    self.flow(p);
                }
            }
            _ => {
                for p in rest {
                    self.value(p);
                }
            }
        }
    }

    /// A value on the current line.
    fn value(&mut self, pair: P) {
        match pair.as_rule() {
            Rule::text => self.text(&pair),
            Rule::citation => self.citation(pair),
            Rule::duration | Rule::days | Rule::unverified => {
                for p in pair.into_inner() {
                    self.value(p);
                }
            }
            _ => self.word(&pair),
        }
    }

    /// `{ children }`, children each on their own line, drawn by `child`.
    fn block(&mut self, pairs: Vec<P>, child: impl Fn(&mut Self, P)) {
        for p in pairs {
            match p.as_rule() {
                Rule::lbrace => self.open(&p),
                Rule::rbrace => self.close(&p),
                _ => child(self, p),
            }
        }
    }

    /// 依据 always as a block of citations, one per line.
    fn citations_block(&mut self, pairs: Vec<P>) {
        if pairs.iter().any(|p| p.as_rule() == Rule::lbrace) {
            self.block(pairs, |p, c| {
                p.start_line(c.as_span().start());
                p.citation(c);
            });
            return;
        }
        // `依据 《…》` without braces becomes the block form.
        self.token("{", self.last_end);
        self.depth += 1;
        self.just_opened = true;
        for c in pairs {
            self.start_line(c.as_span().start());
            self.citation(c);
        }
        self.depth -= 1;
        self.just_opened = false;
        self.end_line(self.last_end + 1);
        self.indent();
        self.out.push('}');
        self.line_open = true;
    }

    fn citation(&mut self, pair: P) {
        // A citation's span runs on over the blanks after its last article reference.
        let end = pair.as_span().start() + pair.as_str().trim_end().len();
        let mut title = String::new();
        let mut refs: Vec<String> = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::law_title => title = p.as_str().to_string(),
                Rule::article_ref => {
                    let mut r = String::new();
                    for part in p.into_inner() {
                        let kind = part.as_rule();
                        let bracketed = part.as_str().contains(['（', '(']);
                        let mut numerals = part.into_inner().map(|n| n.as_str().to_string());
                        match kind {
                            Rule::article => {
                                r.push_str(&format!("第{}条", numerals.next().unwrap_or_default()));
                                if let Some(n) = numerals.next() {
                                    r.push_str(&format!("之{n}"));
                                }
                            }
                            Rule::paragraph => {
                                r.push_str(&format!("第{}款", numerals.next().unwrap_or_default()))
                            }
                            // The author's （三） stays: it is how the law itself numbers items.
                            Rule::clause if bracketed => r.push_str(&format!(
                                "第（{}）项",
                                numerals.next().unwrap_or_default()
                            )),
                            Rule::clause => {
                                r.push_str(&format!("第{}项", numerals.next().unwrap_or_default()))
                            }
                            _ => {}
                        }
                    }
                    refs.push(r);
                }
                _ => {}
            }
        }
        let mut s = format!("《{title}》");
        s.push_str(&refs.join(" "));
        self.token(&s, end);
    }

    fn condition(&mut self, pair: P) {
        self.start_line(pair.as_span().start());
        for p in pair.into_inner() {
            self.value(p);
        }
    }

    fn qa(&mut self, pair: P) {
        let mut inner = pair.into_inner().peekable();
        while let Some(key) = inner.next() {
            self.start_line(key.as_span().start());
            self.word(&key);
            if let Some(v) = inner.next() {
                self.value(v);
            }
        }
    }

    /// An entry of 材料: a material, or `任选 <id> { 名称 … <material>… }`.
    fn material_entry(&mut self, pair: P) {
        if pair.as_rule() != Rule::material_group {
            return self.named_block(pair);
        }
        self.start_line(pair.as_span().start());
        let mut inner = pair.into_inner();
        if let Some(kw) = inner.next() {
            self.word(&kw);
        }
        if let Some(id) = inner.next() {
            self.word(&id);
        }
        self.block(inner.collect(), |p, x| {
            if x.as_rule() == Rule::material {
                p.named_block(x);
            } else {
                p.field(x);
            }
        });
    }

    /// `<id> { fields }`: a material, a fee item or a step.
    fn named_block(&mut self, pair: P) {
        self.start_line(pair.as_span().start());
        let mut inner = pair.into_inner();
        if let Some(id) = inner.next() {
            self.word(&id);
        }
        self.block(inner.collect(), |p, f| p.field(f));
    }

    /// `串联 { … }`, `并联 { … }`, or a matter name. Nested blocks recurse: `format` refuses
    /// files nested deeper than `nesting::MAX_DEPTH`.
    fn flow(&mut self, pair: P) {
        match pair.as_rule() {
            Rule::flow_matter => {
                self.start_line(pair.as_span().start());
                self.word(&pair);
            }
            Rule::flow_optional => {
                self.start_line(pair.as_span().start());
                for p in pair.into_inner() {
                    self.word(&p);
                }
            }
            Rule::serial | Rule::parallel => {
                let mut inner = pair.into_inner();
                if let Some(kw) = inner.next() {
                    if self.line_open
                        && self
                            .out
                            .trim_end()
                            .ends_with(super::keywords::word(Rule::kw_flow))
                    {
                        self.word(&kw);
                    } else {
                        self.start_line(kw.as_span().start());
                        self.word(&kw);
                    }
                }
                self.block(inner.collect(), |p, c| p.flow(c));
            }
            _ => {}
        }
    }

    fn item(&mut self, pair: P) {
        let start = pair.as_span().start();
        let mut inner = pair.into_inner();
        // Top-level definitions are separated by exactly one blank line.
        if !self.out.is_empty() {
            self.end_line(start);
            let comments_before = self
                .comments
                .get(self.next_comment)
                .is_some_and(|c| c.start < start);
            if !comments_before && !self.out.ends_with("\n\n") {
                self.out.push('\n');
            }
            self.last_end = self
                .last_end
                .max(self.src[..start].rfind('\n').unwrap_or(0));
        }
        self.start_line(start);
        if let Some(kw) = inner.next() {
            self.word(&kw);
        }
        if let Some(id) = inner.next() {
            self.word(&id);
        }
        self.block(inner.collect(), |p, f| p.field(f));
    }

    fn finish(mut self) -> String {
        self.end_line(self.src.len());
        while let Some(c) = self.comments.get(self.next_comment).copied() {
            if self.newlines_between(self.last_end, c.start) >= 2 && !self.out.is_empty() {
                self.out.push('\n');
            }
            self.out.push_str(self.src[c.start..c.end].trim_end());
            self.out.push('\n');
            self.next_comment += 1;
            self.last_end = c.end;
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out
    }
}

/// Formats a file; `None` if it does not parse or nests too deep (the checker reports why).
pub fn format(src: &str) -> Option<String> {
    if super::nesting::too_deep(src).is_some() {
        return None;
    }
    let file = BanshiParser::parse(Rule::file, src).ok()?.next()?;
    let mut p = Printer {
        src,
        out: String::new(),
        depth: 0,
        comments: comments(src),
        next_comment: 0,
        line_open: false,
        last_end: 0,
        just_opened: false,
    };
    for item in file.into_inner() {
        if matches!(item.as_rule(), Rule::matter | Rule::bundle) {
            p.item(item);
        }
    }
    Some(p.finish())
}

/// Formats a file and leaves its comments out: for the workbook export, whose cells have no
/// place for a comment between fields.
pub fn format_without_comments(src: &str) -> Option<String> {
    let formatted = format(src)?;
    let mut out = String::with_capacity(formatted.len());
    let mut at = 0;
    for c in comments(&formatted) {
        out.push_str(&formatted[at..c.start]);
        at = c.end;
    }
    out.push_str(&formatted[at..]);
    format(&out)
}

#[cfg(test)]
mod tests {
    use super::format;

    #[test]
    fn canonical_layout() {
        let src = "\u{feff}// 头注释\n事项 甲 {  名称：\"a\"   编码: \"000505001000\" // 行尾\n服务对象 自然人、法人\n\n\n  依据 《法甲》 第 9 条 第十一条 第二款\n 材料 { 申请书 { 名称 “申请书” 份数 1 } }\n 受理条件 {}\n 时限 { 法定 20 个工作日 承诺 即办 }\n}\n一件事 乙 { 名称 \"x\" 流程 串联 { 甲 并联 { 丙 丁 } } }";
        let out = format(src).expect("parses");
        let expected = "// 头注释\n事项 甲 {\n  名称 \"a\"\n  编码 \"000505001000\" // 行尾\n  服务对象 自然人 法人\n\n  依据 {\n    《法甲》第9条 第十一条第二款\n  }\n  材料 {\n    申请书 {\n      名称 \"申请书\"\n      份数 1\n    }\n  }\n  受理条件 {}\n  时限 {\n    法定 20 工作日\n    承诺 即办\n  }\n}\n\n一件事 乙 {\n  名称 \"x\"\n  流程 串联 {\n    甲\n    并联 {\n      丙\n      丁\n    }\n  }\n}\n";
        assert_eq!(out, expected);
        assert_eq!(format(&out).as_deref(), Some(expected));
    }

    #[test]
    fn bracketed_items_keep_their_brackets() {
        let out = format("事项 甲 { 依据 《法甲》第九条第一款第(三)项 }").expect("parses");
        assert!(out.contains("《法甲》第九条第一款第（三）项"), "{out}");
        assert_eq!(format(&out).as_deref(), Some(out.as_str()));
    }

    #[test]
    fn comments_stay_put() {
        let src =
            "事项 甲 {\n  // 关于名称\n  名称 \"a\" // 行尾\n\n  // 结尾注释\n}\n// 文件末尾\n";
        let out = format(src).expect("parses");
        assert_eq!(out, src);
    }

    #[test]
    fn strings_are_requoted() {
        let out = format("事项 甲 { 名称 “他说\"好\"” 地点 \"a\\\\b\\nc\" }").expect("parses");
        assert!(out.contains("名称 \"他说\\\"好\\\"\""), "{out}");
        assert!(out.contains("地点 \"a\\\\b\\nc\""), "{out}");
    }
}
