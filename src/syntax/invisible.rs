//! Invisible characters: zero-width spaces, joiners, bidirectional controls and a byte-order mark
//! inside the text. They are copied in from web pages and word processors, look like nothing,
//! and make a name, a code or a reference differ from what the author sees on screen.
//!
//! The scan runs over every file banshi reads (specs and YAML), before parsing, so a character
//! that breaks a keyword is reported for what it is, and one inside a string — which parses
//! fine — is reported too. The characters are listed in `data/invisible.tsv`.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, MAX_PER_RULE_PER_FILE, Sink};
use crate::source::{FileId, Span};
use std::sync::LazyLock;

declare_rule! {
    /// ## 检查内容
    /// 文本中含有看不见的字符：控制字符（制表符和换行以外的 U+0000–U+001F、U+007F–U+009F）、
    /// 零宽空格（U+200B）、零宽连字（U+200C、U+200D）、零宽不折行符
    /// （U+2060）、文件中间的字节顺序标记（U+FEFF）、软连字符（U+00AD）和双向文本控制符
    /// （U+200E、U+200F、U+202A–U+202E、U+2066–U+2069）。完整列表见 `data/invisible.tsv`。
    ///
    /// ## 为什么有问题
    /// 这些字符在屏幕上和打印稿上都看不见，常在从网页、微信或文字处理软件复制文字时混入。
    /// 名称、编码或引用中夹带一个零宽字符，就与看起来一模一样的名称不再相同：部门、证照、
    /// 法规对不上，数据共享和门户检索也会失败；夹在关键字中则使整个文件无法解析。
    /// 双向文本控制符还能让显示的顺序与实际内容不同。
    ///
    /// ## 示例
    /// ```banshi
    /// 实施主体 民政局      // 「民政」与「局」之间夹着 U+200B，看不出来
    /// ```
    ///
    /// ## 改为
    /// 删除该字符（诊断指出的位置）。在编辑器中开启「显示不可见字符」可以看到它；也可以把
    /// 这一段文字删掉后重新手工输入。
    /// ```banshi
    /// 实施主体 民政局
    /// ```
    ///
    /// ## 依据
    /// 语言参考 docs/language.md 第 2 节：文件为 UTF-8 文本；名称与引用按字符逐一比较。
    pub static INVISIBLE_CHARACTER = {
        code: "E009",
        name: "invisible-character",
        severity: Error,
        summary: "文本中含有不可见字符",
    };
}

/// The characters, from `data/invisible.tsv`: (first, last, Chinese name), sorted.
static TABLE: LazyLock<Vec<(char, char, &'static str)>> = LazyLock::new(|| {
    let mut table: Vec<_> = include_str!("../../data/invisible.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let (points, name) = line.split_once('\t')?;
            let (first, last) = points.split_once("..").unwrap_or((points, points));
            Some((code_point(first)?, code_point(last)?, name.trim()))
        })
        .collect();
    table.sort_unstable();
    table
});

fn code_point(s: &str) -> Option<char> {
    char::from_u32(u32::from_str_radix(s.trim().strip_prefix("U+")?, 16).ok()?)
}

/// The Chinese name of `c` when it is one of the invisible characters.
pub fn name_of(c: char) -> Option<&'static str> {
    TABLE
        .iter()
        .find(|(first, last, _)| (*first..=*last).contains(&c))
        .map(|(_, _, name)| *name)
}

/// Whether `b` is a control character other than tab and the line breaks. Written with `&` and
/// `|` on bytes, without branches, so that the search below is vectorised.
fn is_control(b: u8) -> u8 {
    ((b < 0x20) as u8 & (b != b'\t') as u8 & (b != b'\n') as u8 & (b != b'\r') as u8)
        | (b == 0x7f) as u8
}

/// The position of the first control character in `bytes`. A block of 32 bytes is tested at
/// once: byte by byte, this search took as long as all the rest of the scan (10 ms for the
/// 19 MB of 10,000 matters, against 2 ms by blocks).
fn first_control(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 32;
    // Inside a run of controls (64 MiB of NUL bytes is one of the hostile inputs) the next one
    // is the very next byte: testing a whole block first made each step several times dearer.
    let hit = |b: &u8| is_control(*b) != 0;
    if bytes.first().is_some_and(hit) {
        return Some(0);
    }
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut base = 0;
    for block in &mut blocks {
        if block.iter().fold(0, |any, &b| any | is_control(b)) != 0 {
            return block.iter().position(hit).map(|i| base + i);
        }
        base += BLOCK;
    }
    blocks.remainder().iter().position(hit).map(|i| base + i)
}

/// The next candidate of one kind at or after some position, kept between calls: searching
/// afresh from every hit would rescan the rest of the file once per hit — quadratic on a file
/// of controls without one multi-byte candidate.
#[derive(Default)]
struct Next(Option<Option<usize>>);

impl Next {
    /// The next candidate at or after `from`; `search` finds it in `rest`, the text from `from`.
    fn at(
        &mut self,
        from: usize,
        rest: &[u8],
        search: impl Fn(&[u8]) -> Option<usize>,
    ) -> Option<usize> {
        if self.0.is_some_and(|at| at.is_some_and(|at| at < from)) {
            self.0 = None;
        }
        *self.0.get_or_insert_with(|| search(rest).map(|i| from + i))
    }
}

/// Reports every run of invisible characters in `src` (a leading byte-order mark excepted).
pub fn scan(file: FileId, src: &str, sink: &mut Sink) {
    let bytes = src.as_bytes();
    // Every listed character but the C0 controls is encoded starting with one of these bytes
    // (C1 controls and U+00AD: C2, U+2000 block: E2, U+FEFF: EF); CJK text is E3–E9, so
    // candidates are rare and memchr skips the rest. C0 controls are searched a block at a time;
    // a real spec file has none, so that search runs once, to the end.
    let (mut multi, mut single) = (Next::default(), Next::default());
    let mut next = |from: usize| -> Option<usize> {
        let rest = bytes.get(from..)?;
        let a = multi.at(from, rest, |r| memchr::memchr3(0xC2, 0xE2, 0xEF, r));
        let b = single.at(from, rest, first_control);
        match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    };
    let mut from = 0;
    let mut run: Option<Run> = None;
    let mut out = Bounded::default();
    while let Some(i) = next(from) {
        from = i + 1;
        let Some(c) = src.get(i..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        let hit = name_of(c).is_some() && !(i == 0 && c == '\u{FEFF}');
        if !hit {
            continue;
        }
        let end = i + c.len_utf8();
        from = end;
        match &mut run {
            Some(r) if r.end == i => r.push(c, end),
            _ => {
                if let Some(r) = run.take() {
                    out.push(r, file, sink);
                }
                run = Some(Run {
                    start: i,
                    end,
                    count: 1,
                    distinct: vec![c],
                    escaped: false,
                });
            }
        }
    }
    if let Some(r) = run {
        out.push(r, file, sink);
    }
    out.finish(sink);
}

/// The runs of one file, listed up to the bound and counted past it: 64 MiB of a letter and a
/// zero-width space would otherwise be 11 million findings in memory before anything is cut.
#[derive(Default)]
struct Bounded {
    listed: usize,
    /// The first run left out and how many were.
    left: Option<(Span, usize)>,
}

impl Bounded {
    fn push(&mut self, run: Run, file: FileId, sink: &mut Sink) {
        if self.listed < MAX_PER_RULE_PER_FILE {
            self.listed += 1;
            sink.push(run.diagnostic(file));
        } else {
            let at = Span::new(file, run.start..run.end);
            self.left.get_or_insert((at, 0)).1 += 1;
        }
    }

    fn finish(self, sink: &mut Sink) {
        if let Some((at, count)) = self.left {
            sink.push(Diagnostic::summary(
                &INVISIBLE_CHARACTER,
                INVISIBLE_CHARACTER.severity,
                at,
                count,
            ));
        }
    }
}

/// Reports the invisible characters that escape sequences write, where the raw scan above
/// cannot see them: a YAML `"\u202e"` is six visible bytes in the file and U+202E in the value.
/// `escapes` yields, in the order of the file, the bytes of each escape sequence and the
/// character it writes; adjacent escapes of invisible characters are one finding, as a run is.
pub fn report_escapes(
    file: FileId,
    escapes: impl IntoIterator<Item = (std::ops::Range<usize>, char)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut run: Option<Run> = None;
    for (at, c) in escapes {
        if name_of(c).is_none() {
            continue;
        }
        match &mut run {
            Some(r) if r.end == at.start => r.push(c, at.end),
            _ => {
                if let Some(r) = run.take() {
                    out.push(r.diagnostic(file));
                }
                run = Some(Run {
                    start: at.start,
                    end: at.end,
                    count: 1,
                    distinct: vec![c],
                    escaped: true,
                });
            }
        }
    }
    if let Some(r) = run {
        out.push(r.diagnostic(file));
    }
}

/// Adjacent invisible characters, reported as one finding.
struct Run {
    start: usize,
    end: usize,
    count: usize,
    /// Each character once, in order of appearance: a run can be millions of one control.
    distinct: Vec<char>,
    /// Written as escape sequences rather than as the characters themselves.
    escaped: bool,
}

impl Run {
    fn push(&mut self, c: char, end: usize) {
        self.end = end;
        self.count += 1;
        if !self.distinct.contains(&c) {
            self.distinct.push(c);
        }
    }

    fn diagnostic(&self, file: FileId) -> Diagnostic {
        let what = self
            .distinct
            .iter()
            .map(|&c| format!("U+{:04X}（{}）", u32::from(c), name_of(c).unwrap_or("")))
            .collect::<Vec<_>>()
            .join("、");
        let span = Span::new(file, self.start..self.end);
        if self.escaped {
            let message = if self.count == 1 {
                format!("此处的转义序列写出了一个看不见的字符 {what}")
            } else {
                format!(
                    "此处的 {} 个连续转义序列写出了看不见的字符：{what}",
                    self.count
                )
            };
            return Diagnostic::new(&INVISIBLE_CHARACTER, span, message)
                .label("转义序列在此")
                .help("删除该转义序列；它写出的字符看不见，却会使名称、编码和引用与屏幕上看到的不一致");
        }
        let message = if self.count == 1 {
            format!("此处有一个看不见的字符 {what}")
        } else {
            format!("此处有 {} 个连续的看不见的字符：{what}", self.count)
        };
        Diagnostic::new(&INVISIBLE_CHARACTER, span, message)
            .label("不可见字符在此")
            .help("删除该字符；它看不见，却会使名称、编码和引用与屏幕上看到的不一致")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_control_finds_the_first_in_any_block_and_the_tail() {
        let plain = "办事 {\t\r\n}".repeat(20);
        assert_eq!(first_control(plain.as_bytes()), None);
        // Around the block boundaries and in the tail after the last whole block.
        for at in [0, 31, 32, 33, 63, 64, plain.len() - 1] {
            for c in [0x00, 0x0b, 0x1f, 0x7f] {
                let mut bytes = plain.as_bytes().to_vec();
                bytes[at] = c;
                assert_eq!(first_control(&bytes), Some(at), "{c:#x} at {at}");
                bytes[plain.len() - 1] = 0x01;
                assert_eq!(first_control(&bytes), Some(at), "earliest of two");
            }
        }
        assert_eq!(first_control(b""), None);
        assert_eq!(first_control(b"\x80\x20\x7e"), None);
    }

    fn found(src: &str) -> Vec<(std::ops::Range<usize>, String)> {
        let mut sink = Sink::new();
        scan(FileId(0), src, &mut sink);
        sink.into_vec()
            .into_iter()
            .map(|d| (d.span.range(), d.message))
            .collect()
    }

    #[test]
    fn reports_each_run_at_its_bytes() {
        let src = "实施主体 民政\u{200B}局\n名称 \"甲\u{200C}\u{200D}乙\"";
        let got = found(src);
        assert_eq!(got.len(), 2, "{got:?}");
        let first = src.find('\u{200B}').expect("zwsp");
        assert_eq!(got[0].0, first..first + 3);
        assert!(got[0].1.contains("U+200B（零宽空格）"), "{}", got[0].1);
        let second = src.find('\u{200C}').expect("zwnj");
        assert_eq!(got[1].0, second..second + 6);
        assert!(got[1].1.contains("2 个"), "{}", got[1].1);
    }

    #[test]
    fn a_long_run_is_one_finding_naming_each_character_once() {
        let src = format!("名称 \"{}\u{200B}\"", "\0".repeat(100_000));
        let got = found(&src);
        assert_eq!(got.len(), 1, "{got:?}");
        let start = "名称 \"".len();
        assert_eq!(got[0].0, start..start + 100_000 + 3);
        assert!(got[0].1.contains("100001 个"), "{}", got[0].1);
        assert_eq!(got[0].1.matches("U+0000").count(), 1, "{}", got[0].1);
        assert!(got[0].1.contains("U+200B"), "{}", got[0].1);
    }

    #[test]
    fn runs_past_the_bound_are_counted_in_one_summary() {
        let src = "a\u{200B}".repeat(MAX_PER_RULE_PER_FILE + 50);
        let mut sink = Sink::new();
        scan(FileId(0), &src, &mut sink);
        let all = sink.into_vec();
        assert_eq!(all.len(), MAX_PER_RULE_PER_FILE + 1);
        let last = all.last().expect("summary");
        assert_eq!(last.omitted, 50);
        let first_left = MAX_PER_RULE_PER_FILE * 4 + 1;
        assert_eq!(last.span.range(), first_left..first_left + 3);
        assert!(all[..MAX_PER_RULE_PER_FILE].iter().all(|d| d.omitted == 0));
    }

    #[test]
    fn a_leading_byte_order_mark_is_not_reported_but_an_inner_one_is() {
        assert!(found("\u{FEFF}事项 甲 {}").is_empty());
        let got = found("\u{FEFF}事项 甲\u{FEFF} {}");
        assert_eq!(got.len(), 1);
        assert!(got[0].1.contains("U+FEFF"));
    }

    #[test]
    fn ordinary_chinese_punctuation_and_quotes_are_not_invisible() {
        // “ ” … — and 、 share lead bytes with the invisible characters.
        assert!(found("名称 “低保”…——、《民法典》第一条 \u{00A0}\u{00B7}\t\r\n").is_empty());
    }

    #[test]
    fn every_listed_range_is_caught() {
        for c in [
            '\u{0000}', '\u{001B}', '\u{007F}', '\u{0085}', '\u{00AD}', '\u{200E}', '\u{202A}',
            '\u{202E}', '\u{2060}', '\u{2064}', '\u{2066}', '\u{2069}',
        ] {
            assert_eq!(
                found(&format!("甲{c}乙")).len(),
                1,
                "U+{:04X}",
                u32::from(c)
            );
        }
    }
}
