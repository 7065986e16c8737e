//! What a person sees of the source under a diagnostic.
//!
//! codespan-reporting prints every labelled line whole and as it is. Two kinds of text make that
//! useless: a line of hundreds of kilobytes (a generated file, a pasted document) fills the
//! terminal, and an invisible character (U+200B …) is invisible on the terminal too, so a caret
//! under it points at nothing. An [`Excerpt`] is the view codespan renders instead: only the
//! lines the labels touch, each cut to a window around its labels with `…` where text was left
//! out, invisible characters drawn as `◌`. Line numbers and the `file:line:column` header are
//! those of the real file; the JSON and CI formats never see this view.

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile, Sources};
use crate::syntax::invisible;
use codespan_reporting::files::{Error, Files, Location};
use std::collections::BTreeMap;
use std::ops::Range;
use unicode_width::UnicodeWidthChar as _;

/// Lines wider than this many terminal columns (a CJK character takes two) are cut to a window
/// of this width.
pub const MAX_LINE_WIDTH: usize = 160;
/// Columns kept before the first label on a cut line.
const LEAD_WIDTH: usize = 40;
/// Lines of context codespan shows after the start of a multi-line label and before its end
/// (its defaults: `start_context_lines` 3, `end_context_lines` 1).
const START_CONTEXT: usize = 3;
const END_CONTEXT: usize = 1;
const ELLIPSIS: &str = "…";

/// One shown line of a file.
#[derive(Debug)]
struct Line {
    /// Where the line's text starts in `View::text`.
    start: usize,
    end: usize,
    /// The byte offset in the real file that `start + prefix` corresponds to.
    window_start: usize,
    window_end: usize,
    /// Bytes of `…` put before the window.
    prefix: usize,
    /// Characters of the real line before the window.
    col_base: usize,
}

#[derive(Debug, Default)]
struct View {
    name: String,
    text: String,
    /// By real 0-based line index.
    lines: BTreeMap<usize, Line>,
}

/// The views of every file a diagnostic's labels point into.
#[derive(Debug, Default)]
pub struct Excerpt {
    views: BTreeMap<FileId, View>,
}

impl Excerpt {
    /// The view of `sources` that `diagnostic` needs, and the diagnostic's label ranges
    /// translated into it (primary first, then the secondary labels in order).
    pub fn new(sources: &Sources, diagnostic: &Diagnostic) -> (Excerpt, Vec<Range<usize>>) {
        let spans: Vec<_> = std::iter::once(diagnostic.span)
            .chain(diagnostic.secondary.iter().map(|l| l.span))
            .collect();
        let mut wanted: BTreeMap<FileId, BTreeMap<usize, Vec<Range<usize>>>> = BTreeMap::new();
        for span in &spans {
            let Some(file) = sources.get(span.file) else {
                continue;
            };
            let range = clamp(&file.text, span.range());
            let first = file.line_index(range.start);
            let last = file.line_index(range.end);
            let lines = wanted.entry(span.file).or_default();
            if first == last {
                lines.entry(first).or_default().push(range);
                continue;
            }
            // A label over several lines: its first line from the label's start, its last line up
            // to the label's end, and the context lines codespan shows in between, whole.
            let first_end = file.line_range(first).end;
            lines.entry(first).or_default().push(range.start..first_end);
            let last_start = file.line_range(last).start;
            lines.entry(last).or_default().push(last_start..range.end);
            for line in
                (first + 1..last).filter(|&l| l - first <= START_CONTEXT || last - l <= END_CONTEXT)
            {
                let whole = file.line_range(line);
                lines
                    .entry(line)
                    .or_default()
                    .push(whole.start..whole.start);
            }
        }
        let mut excerpt = Excerpt::default();
        for (id, mut lines) in wanted {
            // codespan prints a single line left between two shown ones instead of a break.
            let gaps: Vec<usize> = lines
                .keys()
                .zip(lines.keys().skip(1))
                .filter(|(a, b)| **b == **a + 2)
                .map(|(a, _)| a + 1)
                .collect();
            for line in gaps {
                let whole = sources.get(id).map_or(0..0, |f| f.line_range(line));
                lines
                    .entry(line)
                    .or_default()
                    .push(whole.start..whole.start);
            }
            if let Some(file) = sources.get(id) {
                excerpt.views.insert(id, View::build(file, &lines));
            }
        }
        let ranges = spans
            .iter()
            .map(|span| {
                let (Some(view), Some(file)) =
                    (excerpt.views.get(&span.file), sources.get(span.file))
                else {
                    return 0..0;
                };
                let range = clamp(&file.text, span.range());
                view.map(file, range.start)..view.map(file, range.end)
            })
            .collect();
        (excerpt, ranges)
    }
}

impl View {
    fn build(file: &SourceFile, lines: &BTreeMap<usize, Vec<Range<usize>>>) -> View {
        let mut view = View {
            // The header line `┌─ file:line:col` names the file: a name may hold ESC.
            name: crate::escape::terminal(&file.path).into_owned(),
            ..View::default()
        };
        for (&index, labels) in lines {
            let mut whole = file.line_range(index);
            // The byte-order mark is not part of the first line as people see it.
            if index == 0 && file.text[whole.clone()].starts_with('\u{feff}') {
                whole.start += '\u{feff}'.len_utf8();
            }
            let text = &file.text[whole.clone()];
            let (window, cut_front, cut_back) = if forward(text, 0, MAX_LINE_WIDTH) == text.len() {
                (whole.clone(), false, false)
            } else {
                let first_label = labels
                    .iter()
                    .map(|r| r.start)
                    .min()
                    .unwrap_or(whole.start)
                    .clamp(whole.start, whole.end)
                    - whole.start;
                let start = backward(text, first_label, LEAD_WIDTH);
                let end = forward(text, start, MAX_LINE_WIDTH);
                // Near the end of the line, fill the window with what comes before instead.
                let start = if end == text.len() {
                    backward(text, end, MAX_LINE_WIDTH).min(start)
                } else {
                    start
                };
                (
                    whole.start + start..whole.start + end,
                    start > 0,
                    end < text.len(),
                )
            };
            let line_start = view.text.len();
            if cut_front {
                view.text.push_str(ELLIPSIS);
            }
            let prefix = view.text.len() - line_start;
            for c in file.text[window.clone()].chars() {
                view.text.push(visible(c));
            }
            if cut_back {
                view.text.push_str(ELLIPSIS);
            }
            let end = view.text.len();
            view.text.push('\n');
            view.lines.insert(
                index,
                Line {
                    start: line_start,
                    end,
                    window_start: window.start,
                    window_end: window.end,
                    prefix,
                    col_base: file.chars_between(whole.start, window.start),
                },
            );
        }
        view
    }

    /// A byte offset of the real file → the same place in the view (clamped to the window).
    fn map(&self, file: &SourceFile, byte: usize) -> usize {
        let index = file.line_index(byte);
        match self.lines.get(&index) {
            Some(line) => {
                let inside = byte.clamp(line.window_start, line.window_end);
                line.start + line.prefix + (inside - line.window_start)
            }
            None => 0,
        }
    }

    /// The shown line holding a byte offset of the view.
    fn line_at(&self, byte: usize) -> Option<(usize, &Line)> {
        self.lines
            .iter()
            .rev()
            .find(|(_, line)| line.start <= byte)
            .map(|(i, l)| (*i, l))
    }
}

/// The end of the longest piece of `text` from byte `from` that fits in `width` columns.
fn forward(text: &str, from: usize, width: usize) -> usize {
    let mut used = 0;
    for (i, c) in text[from..].char_indices() {
        used += c.width().unwrap_or(1);
        if used > width {
            return from + i;
        }
    }
    text.len()
}

/// The start of the longest piece of `text` ending at byte `to` that fits in `width` columns.
fn backward(text: &str, to: usize, width: usize) -> usize {
    let mut used = 0;
    for (i, c) in text[..to].char_indices().rev() {
        used += c.width().unwrap_or(1);
        if used > width {
            return i + c.len_utf8();
        }
    }
    0
}

/// Draws an invisible character as a visible one of the same UTF-8 length, so that byte offsets
/// into the window stay valid.
fn visible(c: char) -> char {
    // A carriage return inside a line (not part of its terminator, which is cut off) would move
    // the terminal's cursor back and let the rest of the line overwrite what came before.
    if c == '\r' {
        return '?';
    }
    if invisible::name_of(c).is_none() {
        return c;
    }
    match c.len_utf8() {
        1 => '?',
        2 => '¬',
        _ => '◌',
    }
}

fn clamp(text: &str, range: Range<usize>) -> Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(range.start);
    start..floor(range.end).max(start)
}

impl<'a> Files<'a> for Excerpt {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, Error> {
        self.views
            .get(&id)
            .map(|v| v.name.as_str())
            .ok_or(Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, Error> {
        self.views
            .get(&id)
            .map(|v| v.text.as_str())
            .ok_or(Error::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte: usize) -> Result<usize, Error> {
        let view = self.views.get(&id).ok_or(Error::FileMissing)?;
        Ok(view.line_at(byte).map_or(0, |(i, _)| i))
    }

    fn line_range(&'a self, id: FileId, line: usize) -> Result<Range<usize>, Error> {
        let view = self.views.get(&id).ok_or(Error::FileMissing)?;
        // Lines between the shown ones are never rendered; codespan only asks for their range
        // while walking a multi-line label.
        Ok(view
            .lines
            .get(&line)
            .map_or(view.text.len()..view.text.len(), |l| l.start..l.end))
    }

    fn location(&'a self, id: FileId, byte: usize) -> Result<Location, Error> {
        let view = self.views.get(&id).ok_or(Error::FileMissing)?;
        let Some((index, line)) = view.line_at(byte) else {
            return Ok(Location {
                line_number: 1,
                column_number: 1,
            });
        };
        let from = line.start + line.prefix;
        let shown = view.text.get(from..byte.max(from)).unwrap_or("");
        Ok(Location {
            line_number: index + 1,
            column_number: line.col_base + shown.chars().count() + 1,
        })
    }
}
