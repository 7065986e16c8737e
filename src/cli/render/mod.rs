//! Rendering diagnostics, one file per format (as ruff's `render/` does): `human`
//! (codespan-reporting), `concise`, `json` (the contract of the language reference, section 5),
//! `sarif`, `github`, `junit`; `statistics` for `--statistics`, and `report` for the text of
//! `banshi report`. What the formats share (locations, CI paths) is here.

mod concise;
mod excerpt;
mod github;
mod human;
mod json;
mod junit;
pub mod report;
mod sarif;
mod statistics;
pub mod table;

pub use concise::concise;
pub use github::github;
pub use human::human;
pub use json::json;
pub use junit::junit;
pub use sarif::sarif;
pub use statistics::statistics;

use crate::source::Sources;
use serde::Serialize;

/// One location, 1-based; columns count characters; the end is exclusive.
#[derive(Serialize)]
pub(super) struct Location<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub(super) fn location<'a>(sources: &'a Sources, span: crate::source::Span) -> Location<'a> {
    let ((line, column), (end_line, end_column)) = sources.location(span);
    Location {
        file: sources.path(span.file),
        line,
        column,
        end_line,
        end_column,
    }
}

/// A path under the catalog as the CI sees it: prefixed with the catalog folder as given.
pub(super) fn ci_path(prefix: &str, file: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() || prefix == "." {
        file.to_string()
    } else {
        format!("{prefix}/{file}")
    }
}
