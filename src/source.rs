//! Source files, spans and the small spanned primitives shared by the syntax tree and the model.
//!
//! Spans are byte ranges into one file. Line and column numbers are computed only when a
//! diagnostic is rendered; columns count characters, not bytes, and a leading BOM is not counted
//! (editors do not show it).

use std::ops::Range;

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span {
            file,
            start: clamp_u32(range.start),
            end: clamp_u32(range.end),
        }
    }

    /// An empty span at the start of a file, for problems that concern the whole file.
    pub fn file_start(file: FileId) -> Span {
        Span {
            file,
            start: 0,
            end: 0,
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both (they must be in the same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value with the span it was written at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A string literal: its decoded value and enough of its source form to map a range of the
/// decoded value back to source bytes (escape sequences make the two differ).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    /// The whole literal, quotes included.
    pub span: Span,
    /// Byte offset in the file of the first character inside the quotes.
    pub content_start: u32,
    /// Decoded byte offsets at which a two-byte escape sequence (`\"`, `\\`, `\n`) stood.
    /// Nearly always empty; a boxed slice is a third smaller than a vector in every text.
    pub escapes: Box<[u32]>,
}

impl Text {
    /// The source span of `range`, a byte range of the decoded value.
    pub fn span_of(&self, range: Range<usize>) -> Span {
        let map = |pos: usize| {
            let shift = self.escapes.iter().filter(|&&e| (e as usize) < pos).count();
            self.content_start as usize + pos + shift
        };
        Span::new(self.span.file, map(range.start)..map(range.end))
    }
}

/// One loaded file: a `.banshi` spec or a YAML registry/config file.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the catalog root, with `/` separators.
    pub path: String,
    pub text: String,
    /// Byte offsets at which lines start, computed when first needed: only files with a
    /// diagnostic to render ever need them, and a large catalog has a hundred thousand files.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// Characters before every [`CHAR_MARK`]-th byte, built when a column is first asked for
    /// far into a long line: thousands of findings on one line of megabytes would otherwise
    /// each count characters from the start of the line.
    char_marks: std::sync::OnceLock<Vec<usize>>,
}

/// Bytes between two entries of `SourceFile::char_marks`.
const CHAR_MARK: usize = 4096;

impl SourceFile {
    pub fn new(path: String, text: String) -> SourceFile {
        SourceFile {
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
            char_marks: std::sync::OnceLock::new(),
        }
    }

    /// Characters in `text[..byte]` (`byte` on a character boundary).
    fn chars_before(&self, byte: usize) -> usize {
        let bytes = self.text.as_bytes();
        let byte = byte.min(bytes.len());
        // A character starts at every byte that is not a UTF-8 continuation byte.
        let count =
            |r: std::ops::Range<usize>| bytes[r].iter().filter(|&&b| (b as i8) >= -0x40).count();
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = Vec::with_capacity(bytes.len() / CHAR_MARK + 1);
            let mut total = 0usize;
            marks.push(0);
            for chunk in bytes.chunks(CHAR_MARK) {
                total += chunk.iter().filter(|&&b| (b as i8) >= -0x40).count();
                marks.push(total);
            }
            marks
        });
        let k = byte / CHAR_MARK;
        marks.get(k).copied().unwrap_or(0) + count(k * CHAR_MARK..byte)
    }

    /// Characters in `text[start..end]`: directly for short ranges, through the marks for long
    /// ones, so the cost never grows with the length of the line.
    pub fn chars_between(&self, start: usize, end: usize) -> usize {
        if end.saturating_sub(start) <= 2 * CHAR_MARK {
            return self.text.get(start..end).map_or(0, |s| s.chars().count());
        }
        self.chars_before(end) - self.chars_before(start)
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, byte: usize) -> usize {
        match self.line_starts().binary_search(&byte) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Byte range of a line, without its line terminator.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self
            .line_starts()
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let mut end = self
            .line_starts()
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        start..end
    }

    /// 1-based line and column of a byte offset; the column counts characters.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let byte = floor_char_boundary(&self.text, byte.min(self.text.len()));
        let line = self.line_index(byte);
        let start = self.line_starts().get(line).copied().unwrap_or(0);
        let prefix = self.text.get(start..byte).unwrap_or("");
        let mut column = self.chars_between(start, byte) + 1;
        if line == 0 && prefix.starts_with('\u{feff}') {
            column -= 1;
        }
        (line + 1, column)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Every file of one run, in the order they were added.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    pub fn add(&mut self, path: String, text: String) -> FileId {
        self.push(SourceFile::new(path, text))
    }

    /// Makes room for `n` more files at once (a catalog has 100,000 of them).
    pub fn reserve(&mut self, n: usize) {
        self.files.reserve(n);
    }

    /// Adds a file whose line index was computed elsewhere (in parallel).
    pub fn push(&mut self, file: SourceFile) -> FileId {
        let id = FileId(clamp_u32(self.files.len()));
        self.files.push(file);
        id
    }

    /// Frees every file's text and line table, keeping paths: for stages after checking that
    /// need only to name files (publishing). Spans then point into empty text.
    pub fn release_texts(&mut self) {
        for f in &mut self.files {
            f.text = String::new();
            f.line_starts = std::sync::OnceLock::new();
            f.char_marks = std::sync::OnceLock::new();
        }
    }

    /// Gives a file new text (an edit in an editor), keeping its id and path; false when no
    /// file has that id.
    pub fn replace(&mut self, id: FileId, text: String) -> bool {
        let Some(f) = self.files.get_mut(id.0 as usize) else {
            return false;
        };
        *f = SourceFile::new(std::mem::take(&mut f.path), text);
        true
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn path(&self, id: FileId) -> &str {
        self.get(id).map_or("", |f| f.path.as_str())
    }

    /// The source text under a span ("" if the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.get(span.file)
            .and_then(|f| f.text.get(span.range()))
            .unwrap_or("")
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(clamp_u32(i)), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Start and end (1-based line, character column) of a span.
    pub fn location(&self, span: Span) -> ((usize, usize), (usize, usize)) {
        match self.get(span.file) {
            Some(f) => (
                f.line_col(span.start as usize),
                f.line_col(span.end as usize),
            ),
            None => ((1, 1), (1, 1)),
        }
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Sources {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.get(id)
            .map(|f| f.path.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.get(id)
            .map(|f| f.text.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn line_index(
        &'a self,
        id: FileId,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        self.get(id)
            .map(|f| f.line_index(byte))
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn line_range(
        &'a self,
        id: FileId,
        line: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let f = self
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        if line >= f.line_count() {
            return Err(codespan_reporting::files::Error::LineTooLarge {
                given: line,
                max: f.line_count().saturating_sub(1),
            });
        }
        let starts = f.line_starts();
        let start = starts.get(line).copied().unwrap_or(f.text.len());
        let end = starts.get(line + 1).copied().unwrap_or(f.text.len());
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_skip_the_bom() {
        let f = SourceFile::new(
            "a.banshi".into(),
            "\u{feff}事项 甲 {\n  名称 \"等\"\n}".into(),
        );
        let name = f.text.find("名称").unwrap();
        assert_eq!(f.line_col(name), (2, 3));
        let item = f.text.find("甲").unwrap();
        assert_eq!(f.line_col(item), (1, 4));
    }

    #[test]
    fn crlf_lines() {
        let f = SourceFile::new("a".into(), "ab\r\ncd\r\n".into());
        assert_eq!(f.line_col(4), (2, 1));
        assert_eq!(f.line_range(0), 0..2);
    }

    #[test]
    fn character_counts_through_marks_match_a_direct_count() {
        // One long line mixing one-, two-, three- and four-byte characters, so that mark
        // boundaries fall inside characters as well as between them.
        let mut text = String::new();
        for i in 0..20_000u32 {
            text.push(['a', 'é', '等', '𠀀', ' '][(i * 7 % 5) as usize]);
        }
        let f = SourceFile::new("long".into(), text.clone());
        let boundaries: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        let mut seed = 12345u64;
        for _ in 0..500 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let a = boundaries[(seed >> 33) as usize % boundaries.len()];
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let b = boundaries[(seed >> 33) as usize % boundaries.len()];
            let (start, end) = (a.min(b), a.max(b));
            assert_eq!(
                f.chars_between(start, end),
                text[start..end].chars().count(),
                "{start}..{end}"
            );
        }
        assert_eq!(f.chars_between(0, text.len()), 20_000);
        let last = *boundaries.last().unwrap();
        assert_eq!(f.line_col(last), (1, 20_000));
    }

    #[test]
    fn text_span_of_skips_escapes() {
        // source: "a\"b等" with content starting at byte 10
        let t = Text {
            value: "a\"b等".into(),
            span: Span::new(FileId(0), 9..18),
            content_start: 10,
            escapes: Box::new([1]),
        };
        let pos = t.value.find('等').unwrap();
        let s = t.span_of(pos..pos + '等'.len_utf8());
        assert_eq!((s.start, s.end), (14, 17));
    }
}
