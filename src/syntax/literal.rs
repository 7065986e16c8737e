//! String literals as written — `"…"` with the escapes `\"` `\\` `\n`, or `“…”` without escapes —
//! decoded once here for both the syntax tree and the formatter.
//!
//! No escape writes a character that is not visible in the file: the grammar has no `\u{…}` or
//! `\x…` (they are syntax errors) and `\n` is a line break, which is allowed. So every invisible
//! character of a decoded string is literally in the source, where the raw-text scan
//! (`invisible::scan`) reports it; YAML's double quotes do have such escapes and are checked
//! where they are read (`registry::yaml`).
//!
//! The grammar matches a literal as one token: a token for its contents as well would cost pest a
//! rule call and two queue entries on every string of every file, and the builder one more pair
//! to walk, while the contents are simply the literal less its quotes.

/// A decoded literal.
pub(crate) struct Decoded {
    pub value: String,
    /// Byte offset of the contents within the literal: the length of the opening quote.
    pub offset: usize,
    /// Byte offsets in `value` at which a two-byte escape sequence stood.
    pub escapes: Vec<u32>,
}

/// Decodes `literal`, a string as the grammar's `text` rule matched it, quotes included.
pub(crate) fn decode(literal: &str) -> Decoded {
    if let Some(inner) = literal.strip_prefix('"') {
        let inner = inner.strip_suffix('"').unwrap_or(inner);
        let mut value = String::with_capacity(inner.len());
        let mut escapes = Vec::new();
        // Copied a run at a time between backslashes: most texts have none.
        let mut rest = inner;
        while let Some(at) = rest.find('\\') {
            value.push_str(&rest[..at]);
            escapes.push(u32::try_from(value.len()).unwrap_or(u32::MAX));
            let mut after = rest[at + 1..].chars();
            match after.next() {
                Some('n') => value.push('\n'),
                Some(other) => value.push(other),
                None => {}
            }
            rest = after.as_str();
        }
        value.push_str(rest);
        return Decoded {
            value,
            offset: 1,
            escapes,
        };
    }
    let inner = literal.strip_prefix('“').unwrap_or(literal);
    let offset = literal.len() - inner.len();
    let inner = inner.strip_suffix('”').unwrap_or(inner);
    Decoded {
        value: inner.to_string(),
        offset,
        escapes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn ascii_quotes_decode_escapes_and_record_where_they_stood() {
        let d = decode(r#""甲\"乙\\丙\n丁""#);
        assert_eq!(d.value, "甲\"乙\\丙\n丁");
        assert_eq!(d.offset, 1);
        // After 甲 (3 bytes); after 甲"乙 (7); after 甲"乙\丙 (11).
        assert_eq!(d.escapes, [3, 7, 11]);
        assert_eq!(decode(r#""""#).value, "");
    }

    #[test]
    fn chinese_quotes_have_no_escapes() {
        let d = decode(r"“甲\n乙”");
        assert_eq!(d.value, r"甲\n乙");
        assert_eq!(d.offset, "“".len());
        assert!(d.escapes.is_empty());
        assert_eq!(decode("“”").value, "");
    }

    #[test]
    fn no_escape_of_the_grammar_writes_an_invisible_character() {
        // The grammar's `text_escape`: exactly these three.
        for escape in [r#""\"""#, r#""\\""#, r#""\n""#] {
            let d = decode(escape);
            assert_eq!(d.escapes.len(), 1, "{escape}");
            for c in d.value.chars() {
                assert!(
                    crate::syntax::invisible::name_of(c).is_none(),
                    "{escape} writes U+{:04X}",
                    u32::from(c)
                );
            }
        }
    }
}
