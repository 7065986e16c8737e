//! A YAML document as a tree of spanned nodes.
//!
//! serde_yaml gives neither spans nor Chinese messages, and registry problems must be reported
//! at the exact line of the YAML file; so the registries are read from yaml-rust2's marked
//! event stream into this small tree and decoded by hand.
//!
//! The events are pulled one at a time (`Parser::next_token`) rather than pushed by
//! `Parser::load`: `load` recurses once per nesting level, so a file of a few thousand nested
//! `- ` overflowed the stack before any receiver could object. Pulling them lets the reader
//! stop at [`MAX_DEPTH`] open collections, so the tree it builds is shallow too, and its
//! derived `Drop`, `Clone` and `PartialEq`, which recurse, stay far from the stack's end.

use super::INVALID_REGISTRY;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::invisible;
/// The spec files' nesting limit serves here too: a registry is a list of mappings (two levels)
/// and `banshi.yaml` reaches four (`overrides` → entry → `rules` → level), so a hundred is
/// beyond any honest file, and the tree's recursive drop and comparisons at that depth use a
/// few kilobytes of stack, even unoptimised on a 2 MiB worker thread.
pub use crate::syntax::nesting::MAX_DEPTH;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A scalar; `plain` is false for quoted and block scalars (so `"1"` is a string).
    Scalar {
        value: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub kind: Kind,
    /// For scalars, the scalar as written; for collections, their first line.
    pub span: Span,
}

impl Node {
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// A plain scalar that YAML would read as null (`~`, `null`, empty).
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { value, plain: true } if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn entries(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .map(|(_, v)| v)
    }

    /// Words for messages: what kind of value this is.
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar { .. } if self.is_null() => "空值",
            Kind::Scalar { .. } => "文字",
            Kind::Seq(_) => "列表",
            Kind::Map(_) => "键值表",
        }
    }
}

/// Why a file was not read into a tree; each is reported as one `invalid-registry` at `span`.
#[derive(Debug)]
pub struct Refused {
    pub span: Span,
    pub why: Why,
}

/// yaml-rust2's descriptions of the syntax errors a hand-written registry has, in Chinese; the
/// English is kept after it, as it is what a search on the web finds.
const SYNTAX_ERRORS: &[(&str, &str)] = &[
    (
        "mapping values are not allowed in this context",
        "此处不能写「键: 值」，多半是缩进不对，或值中有未加引号的冒号",
    ),
    (
        "did not find expected key",
        "没有找到预期的键，多半是缩进不对",
    ),
    ("did not find expected node content", "没有找到预期的取值"),
    (
        "did not find expected '-' indicator",
        "没有找到预期的「-」，列表项的缩进不一致",
    ),
    (
        "expected ',' or ']'",
        "方括号列表没有结束：缺少「,」或「]」",
    ),
    (
        "did not find expected ',' or '}'",
        "花括号键值表没有结束：缺少「,」或「}」",
    ),
    (
        "block sequence entries are not allowed in this context",
        "此处不能开始「-」列表，多半是缩进不对",
    ),
    (
        "tab cannot be used as indentation",
        "缩进中有制表符：YAML 只能用空格缩进",
    ),
    (
        "tabs disallowed in this context",
        "此处不能用制表符，请改用空格",
    ),
    ("found a tab", "有制表符，请改用空格"),
    (
        "found unexpected end of stream",
        "文件在引号内结束：缺少结束引号",
    ),
    (
        "found unknown escape character",
        "双引号内有无法识别的转义字符，反斜杠后的字符",
    ),
    ("invalid indentation", "缩进不对"),
    ("simple key expected", "此处应为键"),
    (
        "comments must be separated from other tokens by whitespace",
        "「#」注释前须有空格",
    ),
    (
        "did not find expected alphabetic or numeric character",
        "「&」或「*」后缺少名称",
    ),
    (
        "invalid content after document end marker",
        "文档结束标记后还有内容",
    ),
    (
        "unexpected character",
        "有不能出现在此处的字符，以「@」「`」开头的取值须加引号",
    ),
    ("unexpected eof", "文件意外结束"),
];

/// The note for a YAML syntax error: Chinese where the description is known, with the English
/// original kept.
pub fn explain(info: &str) -> String {
    match SYNTAX_ERRORS.iter().find(|(en, _)| info.contains(en)) {
        Some((_, zh)) => format!("YAML 解析器的说明：{zh}（原始信息：{info}）"),
        None => format!("YAML 解析器的说明（原始信息）：{info}"),
    }
}

#[derive(Debug)]
pub enum Why {
    /// Not YAML: yaml-rust2's own English description.
    Syntax(String),
    /// Collections nested deeper than [`MAX_DEPTH`]; `span` is the first one too deep, or for
    /// flow collections past the scanner's own limit, where the scanner stopped.
    TooDeep,
    /// An alias (`*name`). Aliases are not expanded: a registry entry is written out where it
    /// is read, and an expansion can multiply a small file a billionfold ("billion laughs").
    Alias,
}

/// A document read into a tree: its root (`None` for an empty file) and the problems found
/// while reading that do not stop the file being decoded.
#[derive(Debug)]
pub struct Parsed {
    pub root: Option<Node>,
    pub findings: Vec<Diagnostic>,
}

/// Parses the first document of `src`.
pub fn parse(file: FileId, src: &str) -> Result<Parsed, Refused> {
    let mut builder = TreeBuilder {
        file,
        src,
        stack: Vec::new(),
        root: None,
        cursor: (0, 0),
        findings: Vec::new(),
    };
    let mut parser = Parser::new_from_str(src);
    loop {
        let (ev, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(e) => {
                let start = builder.byte_offset(e.marker().index());
                let end = next_char_end(src, start);
                // The scanner looks ahead through flow collections and has its own limit of 255
                // flow levels, so `[[[…` past it is refused there, before the 101st level
                // reaches this loop; it is the same problem and is reported as such.
                let why = if e.info() == "recursion limit exceeded" {
                    Why::TooDeep
                } else {
                    Why::Syntax(e.info().to_string())
                };
                return Err(Refused {
                    span: Span::new(file, start..end),
                    why,
                });
            }
        };
        let start = builder.byte_offset(mark.index());
        match ev {
            // Only the first document is read, as `Parser::load` without `multi` did.
            Event::DocumentEnd | Event::StreamEnd => break,
            Event::Alias(_) => {
                return Err(Refused {
                    span: Span::new(file, start..next_char_end(src, start)),
                    why: Why::Alias,
                });
            }
            Event::SequenceStart(..) | Event::MappingStart(..)
                if builder.stack.len() >= MAX_DEPTH =>
            {
                return Err(Refused {
                    span: Span::new(file, start..next_char_end(src, start)),
                    why: Why::TooDeep,
                });
            }
            ev => builder.on_event(ev, start),
        }
    }
    Ok(Parsed {
        root: builder.root,
        findings: builder.findings,
    })
}

enum Open {
    Seq(Span, Vec<Node>),
    Map(MapFrame),
}

/// A mapping being read.
struct MapFrame {
    span: Span,
    entries: Vec<(Node, Node)>,
    /// The key whose value is awaited; `None` after a value, and for a duplicate key, whose
    /// entry is dropped so that decoding sees the first value only, as `Node::get` would.
    key: Option<Node>,
    /// Set while the value of a duplicate key is awaited.
    skip_value: bool,
    /// Scalar keys seen, to their spans, once the mapping is too long to search its entries:
    /// a hostile file can hold a mapping of a million keys.
    index: Option<HashMap<String, Span>>,
}

/// Up to this many entries the keys are searched in place; past it they are indexed.
const INDEXED_FROM: usize = 16;

impl MapFrame {
    /// The span of an earlier scalar key equal to `key`.
    fn earlier(&mut self, key: &str) -> Option<Span> {
        if self.index.is_none() && self.entries.len() >= INDEXED_FROM {
            let mut index = HashMap::with_capacity(self.entries.len() * 2);
            for (k, _) in &self.entries {
                if let Some(name) = k.as_scalar() {
                    index.entry(name.to_string()).or_insert(k.span);
                }
            }
            self.index = Some(index);
        }
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self
                .entries
                .iter()
                .find(|(k, _)| k.as_scalar() == Some(key))
                .map(|(k, _)| k.span),
        }
    }

    fn push(&mut self, key: Node, value: Node) {
        if let (Some(index), Some(name)) = (&mut self.index, key.as_scalar()) {
            index.entry(name.to_string()).or_insert(key.span);
        }
        self.entries.push((key, value));
    }
}

struct TreeBuilder<'a> {
    file: FileId,
    src: &'a str,
    stack: Vec<Open>,
    root: Option<Node>,
    /// (character index, byte offset) of the last marker converted.
    cursor: (usize, usize),
    findings: Vec<Diagnostic>,
}

impl TreeBuilder<'_> {
    /// yaml-rust2 markers count characters; spans are bytes. Markers arrive almost always in
    /// increasing order, so converting from the last one keeps this linear in the file.
    fn byte_offset(&mut self, chars: usize) -> usize {
        let (mut at_char, mut at_byte) = self.cursor;
        if chars < at_char {
            // A marker a little behind the last one (a collection starts where its first key
            // was already scanned): walk back.
            let back: usize = self.src[..at_byte]
                .chars()
                .rev()
                .take(at_char - chars)
                .map(char::len_utf8)
                .sum();
            (at_char, at_byte) = (chars, at_byte - back);
        }
        let rest = &self.src[at_byte..];
        let byte = rest
            .char_indices()
            .nth(chars - at_char)
            .map_or(self.src.len(), |(i, _)| at_byte + i);
        self.cursor = (chars, byte);
        byte
    }

    fn finish(&mut self, node: Node) {
        match self.stack.last_mut() {
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(map)) => match map.key.take() {
                Some(k) => map.push(k, node),
                None if std::mem::take(&mut map.skip_value) => {}
                None => {
                    let first = node.as_scalar().and_then(|name| map.earlier(name));
                    match first {
                        Some(first) => {
                            map.skip_value = true;
                            self.findings.push(duplicate_key(&node, first));
                        }
                        None => map.key = Some(node),
                    }
                }
            },
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
        }
    }

    /// The span of a collection: from its marker to the end of that line.
    fn line_span(&self, start: usize) -> Span {
        let line_end = self.src[start..]
            .find(['\n', '\r'])
            .map_or(self.src.len(), |i| start + i);
        let text = &self.src[start..line_end];
        let text = text.split(" #").next().unwrap_or(text).trim_end();
        Span::new(self.file, start..start + text.len())
    }

    fn scalar_span(&self, start: usize, style: TScalarStyle) -> Span {
        let rest = &self.src[start..];
        let len = match style {
            TScalarStyle::DoubleQuoted => quoted_len(rest, '"', true),
            TScalarStyle::SingleQuoted => quoted_len(rest, '\'', false),
            TScalarStyle::Plain => {
                let line = rest.split(['\n', '\r']).next().unwrap_or("");
                let line = line.split(" #").next().unwrap_or(line);
                // A plain scalar that is a mapping key stops at ": ".
                let line = line.split(": ").next().unwrap_or(line);
                line.trim_end().trim_end_matches(':').len()
            }
            _ => return self.line_span(start),
        };
        Span::new(self.file, start..start + len)
    }
}

impl TreeBuilder<'_> {
    /// Adds one event at byte offset `start` to the tree.
    fn on_event(&mut self, ev: Event, start: usize) {
        match ev {
            Event::Scalar(value, style, _, _) => {
                let span = self.scalar_span(start, style);
                // Only double quotes have escapes; in every other style an invisible character
                // is literally in the file, where the raw scan of every file reports it.
                if style == TScalarStyle::DoubleQuoted {
                    let raw = &self.src[span.range()];
                    if memchr::memchr(b'\\', raw.as_bytes()).is_some() {
                        invisible::report_escapes(
                            self.file,
                            escapes(raw, start),
                            &mut self.findings,
                        );
                    }
                }
                let plain = style == TScalarStyle::Plain;
                self.finish(Node {
                    kind: Kind::Scalar { value, plain },
                    span,
                });
            }
            Event::SequenceStart(..) => {
                let span = self.line_span(start);
                self.stack.push(Open::Seq(span, Vec::new()));
            }
            Event::MappingStart(..) => {
                let span = self.line_span(start);
                self.stack.push(Open::Map(MapFrame {
                    span,
                    entries: Vec::new(),
                    key: None,
                    skip_value: false,
                    index: None,
                }));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Open::Seq(span, items)) => Node {
                        kind: Kind::Seq(items),
                        span,
                    },
                    Some(Open::Map(map)) => Node {
                        kind: Kind::Map(map.entries),
                        span: map.span,
                    },
                    None => return,
                };
                self.finish(node);
            }
            _ => {}
        }
    }
}

/// The escape sequences of a double-quoted scalar: `raw` as written, quotes included, starting
/// at byte `base` of the file. Yields each escape's bytes in the file and the character it
/// writes; an escaped line break writes none. yaml-rust2 has already refused the file if an
/// escape is unknown or not a character (`\ud800`), so those are simply skipped here.
fn escapes(raw: &str, base: usize) -> impl Iterator<Item = (std::ops::Range<usize>, char)> + '_ {
    let body = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let at = from + memchr::memchr(b'\\', body.get(from..)?.as_bytes())?;
            let rest = body.get(at + 1..)?;
            let c = rest.chars().next()?;
            let (len, written) = match c {
                'x' => (4, hex(rest, 2)),
                'u' => (6, hex(rest, 4)),
                'U' => (10, hex(rest, 8)),
                '0' => (2, Some('\0')),
                'a' => (2, Some('\u{7}')),
                'b' => (2, Some('\u{8}')),
                'v' => (2, Some('\u{b}')),
                'f' => (2, Some('\u{c}')),
                'e' => (2, Some('\u{1b}')),
                'N' => (2, Some('\u{85}')),
                '_' => (2, Some('\u{a0}')),
                'L' => (2, Some('\u{2028}')),
                'P' => (2, Some('\u{2029}')),
                't' => (2, Some('\t')),
                'n' => (2, Some('\n')),
                'r' => (2, Some('\r')),
                // `\"`, `\\`, `\/`, `\ `, a tab, or a line break (which writes nothing).
                other => (
                    1 + other.len_utf8(),
                    Some(other).filter(|c| *c != '\n' && *c != '\r'),
                ),
            };
            let len = len.min(body.len() - at);
            from = at + len;
            if let Some(written) = written {
                // +1: the opening quote.
                let start = base + 1 + at;
                return Some((start..start + len, written));
            }
        }
    })
}

/// The character of the `digits` hex digits after the escape letter at the start of `rest`.
fn hex(rest: &str, digits: usize) -> Option<char> {
    let code = rest.get(1..1 + digits)?;
    char::from_u32(u32::from_str_radix(code, 16).ok()?)
}

/// A key written twice in one mapping. YAML forbids it, and a reader that let the later value
/// win (or the first) would silently drop what the author wrote.
fn duplicate_key(key: &Node, first: Span) -> Diagnostic {
    let name = key.as_scalar().unwrap_or("");
    Diagnostic::new(
        &INVALID_REGISTRY,
        key.span,
        format!("键「{name}」在同一个键值表中出现了两次"),
    )
    .label("重复的键")
    .secondary(first, "第一次出现在此")
    .note("YAML 不允许重复的键；banshi 只读取第一次出现的取值，此处的取值被忽略")
    .help("删除其中一个，或把两处合并为一处")
}

fn next_char_end(src: &str, start: usize) -> usize {
    src[start.min(src.len())..]
        .chars()
        .next()
        .map_or(start.min(src.len()), |c| start + c.len_utf8())
}

/// Length in bytes of a quoted scalar starting at its opening quote.
fn quoted_len(rest: &str, quote: char, backslash_escapes: bool) -> usize {
    let mut chars = rest.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if backslash_escapes && c == '\\' {
            chars.next();
        } else if c == quote {
            if !backslash_escapes && chars.peek().map(|(_, c)| *c) == Some(quote) {
                chars.next();
                continue;
            }
            return i + c.len_utf8();
        }
    }
    rest.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_scalars_in_chinese_text() {
        let src =
            "- id: 民政局\n  name: 常州市天宁区民政局\n  credit_code: \"113204020141123452\"\n";
        let root = parse(FileId(0), src).unwrap().root.unwrap();
        let entry = &root.items().unwrap()[0];
        let code = entry.get("credit_code").unwrap();
        assert_eq!(&src[code.span.range()], "\"113204020141123452\"");
        let name = entry.get("name").unwrap();
        assert_eq!(&src[name.span.range()], "常州市天宁区民政局");
        assert_eq!(code.as_scalar(), Some("113204020141123452"));
    }

    #[test]
    fn syntax_notes_are_chinese_and_keep_the_original() {
        assert_eq!(
            explain("while parsing a block mapping, did not find expected key"),
            "YAML 解析器的说明：没有找到预期的键，多半是缩进不对（原始信息：while parsing a block mapping, did not find expected key）"
        );
        assert_eq!(
            explain("something new"),
            "YAML 解析器的说明（原始信息）：something new"
        );
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let src = "- id: a\n  name: [b\n";
        let err = parse(FileId(0), src).unwrap_err();
        assert!(err.span.start as usize <= src.len());
    }

    #[test]
    fn a_duplicate_key_is_reported_at_the_second_and_the_first_value_is_kept() {
        let src = "a: 1\nb: [x]\na: 2\nc: {d: 1, d: 2}\n";
        let parsed = parse(FileId(0), src).unwrap();
        let root = parsed.root.unwrap();
        assert_eq!(root.entries().unwrap().len(), 3);
        assert_eq!(root.get("a").unwrap().as_scalar(), Some("1"));
        let at: Vec<_> = parsed
            .findings
            .iter()
            .map(|d| &src[d.span.range()])
            .collect();
        assert_eq!(at, ["a", "d"]);
        assert_eq!(parsed.findings[0].span.start, "a: 1\nb: [x]\n".len() as u32);
        assert_eq!(
            root.get("c").unwrap().get("d").unwrap().as_scalar(),
            Some("1")
        );
    }

    #[test]
    fn duplicates_in_a_long_mapping_are_found_through_the_index() {
        // Past INDEXED_FROM keys; the duplicates are of an early key, of one indexed on the way,
        // and quoted, which YAML reads as the same string.
        let mut src: String = (0..40).map(|i| format!("k{i}: v\n")).collect();
        src.push_str("k0: again\nk39: again\n\"k20\": again\n");
        let parsed = parse(FileId(0), &src).unwrap();
        assert_eq!(parsed.root.unwrap().entries().unwrap().len(), 40);
        let at: Vec<_> = parsed
            .findings
            .iter()
            .map(|d| &src[d.span.range()])
            .collect();
        assert_eq!(at, ["k0", "k39", "\"k20\""]);
    }

    /// The value rebuilt from the raw text and `escapes`: on one line, where YAML folds nothing,
    /// it must be exactly what yaml-rust2 decoded, so the two agree on every escape.
    #[test]
    fn escapes_agree_with_the_parser_on_every_escape() {
        let samples = [
            r"\u202e\u200b",
            r"\x1b[31m\x7F",
            r"\0\a\b\t\v\f\e\N\_\L\P",
            r#"\"\\\/\ "#,
            r"\U0010FFFF\U0000200B",
            r"甲\u00AD乙\n\r丙",
            r"\\u202e",
            "\\\t",
        ];
        for sample in samples {
            let src = format!("k: \"{sample}\"\n");
            let parsed = parse(FileId(0), &src).unwrap();
            let value = parsed
                .root
                .unwrap()
                .get("k")
                .unwrap()
                .as_scalar()
                .unwrap()
                .to_string();
            let base = "k: ".len();
            let raw = &src[base..src.len() - 1];
            let mut rebuilt = String::new();
            let mut at = base + 1;
            for (range, c) in escapes(raw, base) {
                rebuilt.push_str(&src[at..range.start]);
                rebuilt.push(c);
                at = range.end;
            }
            rebuilt.push_str(&src[at..src.len() - 2]);
            assert_eq!(rebuilt, value, "{sample}");
        }
    }

    #[test]
    fn invisible_characters_written_as_escapes_are_found_at_the_escapes() {
        let src = "- name: \"甲\\u202e\\u200b乙\"\n  b: \"\\\\u202e \\t \\e\"\n  c: '\\u202e'\n  d: \"x\\\n    \\0\"\n";
        let parsed = parse(FileId(0), src).unwrap();
        let found: Vec<_> = parsed
            .findings
            .iter()
            .map(|d| (&src[d.span.range()], d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, "\\u202e\\u200b");
        assert!(found[0].1.contains("2 个连续转义序列"), "{}", found[0].1);
        // `\\u202e` is a backslash and text; `\t` is allowed; single quotes have no escapes.
        assert_eq!(found[1].0, "\\e");
        assert_eq!(found[2].0, "\\0");
    }
}
