//! Escaping for every place banshi prints text it did not write itself: file names, spec
//! strings and YAML values reach terminals, CI logs, XML and DOT files. A name holding ESC can
//! rewrite a terminal (colours, titles, cursor moves, OSC 8 links); one holding a line break
//! forges a line of a CI log; a C0 character makes an XML file unreadable. One module, used by
//! every renderer, so that no output path can forget it.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `c` written as `\u{1b}`: readable, unambiguous, and free of every character any of the
/// formats below treats specially (apart from the backslash, which DOT escapes itself).
fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// Every character for which `escape(c)` holds replaced by its `\u{…}` form; borrowed when
/// there is none, which is the case for nearly all text.
fn escape_where(s: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escape(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `c` must not reach a terminal as it is: a control character, or one of the
/// invisible characters (zero-width, bidirectional controls: `data/invisible.tsv`). A
/// bidirectional override in a file name reorders the rest of the line as the terminal draws
/// it ("Trojan Source"); a zero-width space makes two names look the same.
fn unsafe_on_terminal(c: char) -> bool {
    c.is_control() || (!c.is_ascii() && crate::syntax::invisible::name_of(c).is_some())
}

/// For one-line text on a terminal (a file name, a message, a table cell): every control
/// character — C0 including tab and the line breaks, DEL, C1 — and every invisible character
/// escaped.
pub fn terminal(s: &str) -> Cow<'_, str> {
    escape_where(s, unsafe_on_terminal)
}

/// For text that is laid out in lines on purpose (a whole report): as [`terminal`], but line
/// feeds stay.
pub fn terminal_lines(s: &str) -> Cow<'_, str> {
    escape_where(s, |c| c != '\n' && unsafe_on_terminal(c))
}

/// A path for a message on the terminal: as the platform shows it, controls escaped.
pub fn path(p: &std::path::Path) -> String {
    terminal(&p.to_string_lossy()).into_owned()
}

/// Data of a GitHub Actions workflow command (after the second `::`), as `escapeData` of
/// @actions/core does it, with every other control escaped so that ESC never reaches the log.
pub fn github_data(s: &str) -> String {
    let s = escape_where(s, |c| c.is_control() && c != '\r' && c != '\n');
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a workflow command (`file=…`), as `escapeProperty` of @actions/core:
/// the data escapes, and `:` and `,`, which would end the value.
pub fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Characters XML 1.0 does not allow at all (§2.2 `Char`), plus the other C0/C1 controls, which
/// it allows but which would reach a terminal when a CI prints the report.
fn xml_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// XML character data: markup characters as entities, forbidden characters as `\u{…}` text.
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if xml_forbidden(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// An XML attribute value: as [`xml_text`], and tab, CR and LF as character references, which a
/// parser keeps (written raw, attribute-value normalisation turns each into a space).
pub fn xml_attribute(s: &str) -> String {
    xml_text(s)
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
}

/// A Graphviz DOT quoted string, quotes included: controls as `\u{…}` text (the backslash
/// itself escaped), a line feed as DOT's own `\n` line break.
pub fn dot_string(s: &str) -> String {
    let s = escape_where(s, |c| c.is_control() && c != '\n');
    let escaped = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_keeps_chinese_and_escapes_every_control() {
        assert_eq!(terminal("民政局.banshi"), "民政局.banshi");
        assert!(matches!(terminal("民政局"), Cow::Borrowed(_)));
        assert_eq!(
            terminal("a\u{1b}[31m\u{7}\r\n\t\u{7f}\u{9b}b"),
            "a\\u{1b}[31m\\u{7}\\u{d}\\u{a}\\u{9}\\u{7f}\\u{9b}b"
        );
        assert_eq!(terminal_lines("一\n二\u{1b}"), "一\n二\\u{1b}");
    }

    #[test]
    fn terminal_text_escapes_bidirectional_and_zero_width_characters() {
        assert_eq!(
            terminal("甲\u{202e}乙\u{200b}丙\u{2066}"),
            "甲\\u{202e}乙\\u{200b}丙\\u{2066}"
        );
        // Ordinary Chinese punctuation shares lead bytes with them and stays.
        assert!(matches!(terminal("“低保”……——、"), Cow::Borrowed(_)));
    }

    #[test]
    fn github_escapes_as_the_actions_toolkit_and_hides_esc() {
        assert_eq!(github_data("50%\r\n:,\u{1b}"), "50%25%0D%0A:,\\u{1b}");
        assert_eq!(
            github_property("a::b,c%\n\u{7}"),
            "a%3A%3Ab%2Cc%25%0A\\u{7}"
        );
    }

    #[test]
    fn xml_has_no_forbidden_character_and_attributes_keep_line_breaks() {
        assert_eq!(
            xml_text("<a href=\"x\">&'\u{1b}\u{fffe}\n"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\\u{1b}\\u{fffe}\n"
        );
        assert_eq!(xml_attribute("a\nb\rc\td"), "a&#10;b&#13;c&#9;d");
    }

    #[test]
    fn dot_strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(dot_string("a\"b\\c\nd\u{1b}"), r#""a\"b\\c\nd\\u{1b}""#);
    }
}
