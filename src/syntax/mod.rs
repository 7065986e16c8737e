//! Text → spanned syntax tree.
//!
//! The grammar lives in `grammar/banshi.pest`. pest stops at the first syntax error of a file;
//! such a file is then parsed again piece by piece (`recover`), so that every mistake gets its
//! own `syntax-error` finding and the items without one are still checked.

pub mod ast;
mod build;
mod error;
pub mod fields;
pub mod fmt;
pub mod invisible;
pub mod keywords;
mod literal;
pub mod nesting;
mod recover;

pub use error::SYNTAX_ERROR;
pub use invisible::INVISIBLE_CHARACTER;
pub use nesting::NESTING_TOO_DEEP;

/// The rules this stage declares, for [`crate::rules::table`].
pub static RULES: &[&crate::diagnostic::Rule] =
    &[&SYNTAX_ERROR, &NESTING_TOO_DEEP, &INVISIBLE_CHARACTER];

use crate::diagnostic::Sink;
use crate::source::FileId;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/banshi.pest"]
struct BanshiParser;

/// Parses one `.banshi` file. Returns `None` (after reporting) when the file nests too deep to
/// be parsed safely. A file with syntax errors yields the items that have none. Invisible
/// characters are reported whether or not the file parses.
pub fn parse(file: FileId, src: &str, sink: &mut Sink) -> Option<ast::File> {
    let before = sink.len();
    invisible::scan(file, src, sink);
    let has_invisible = sink.len() > before;
    if let Some(at) = nesting::too_deep(src) {
        sink.push(nesting::diagnostic(file, at));
        return None;
    }
    match BanshiParser::parse(Rule::file, src) {
        Ok(mut pairs) => {
            let pair = pairs.next()?;
            Some(build::Builder { file, base: 0 }.file(pair))
        }
        Err(_) => {
            let mut errors = Sink::new();
            let parsed = recover::recover(file, src, &mut errors);
            for d in errors.into_vec() {
                // A keyword or name broken by an invisible character: the invisible-character
                // finding at the same place says what is wrong; "expected a field name, found
                // 服务对象" would only puzzle the author, who sees exactly that field name.
                let explained = has_invisible
                    && src
                        .get(d.span.range())
                        .is_some_and(|t| t.chars().any(|c| invisible::name_of(c).is_some()));
                if !explained {
                    sink.push(d);
                }
            }
            Some(parsed)
        }
    }
}

#[cfg(test)]
mod tests;
