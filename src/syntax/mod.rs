//! Stage 1: text → spanned syntax tree.
//!
//! The grammar lives in `grammar/banshi.pest`. pest stops at the first syntax error of a file;
//! that error becomes one `syntax-error` diagnostic and the file contributes nothing further,
//! while every other file is still parsed and checked.

pub mod ast;
mod build;
mod error;
pub mod fmt;
pub mod nesting;

pub use error::SYNTAX_ERROR;
pub use nesting::NESTING_TOO_DEEP;

use crate::diagnostic::Sink;
use crate::source::FileId;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/banshi.pest"]
struct BanshiParser;

/// Parses one `.banshi` file. Returns `None` (after reporting) when the file has a syntax error
/// or nests too deep to be parsed safely.
pub fn parse(file: FileId, src: &str, sink: &mut Sink) -> Option<ast::File> {
    if let Some(at) = nesting::too_deep(src) {
        sink.push(nesting::diagnostic(file, at));
        return None;
    }
    match BanshiParser::parse(Rule::file, src) {
        Ok(mut pairs) => {
            let pair = pairs.next()?;
            Some(build::Builder { file }.file(pair))
        }
        Err(err) => {
            sink.push(error::to_diagnostic(file, src, &err));
            None
        }
    }
}

#[cfg(test)]
mod tests;
