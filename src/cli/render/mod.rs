//! Rendering diagnostics, one file per `--format`: codespan-reporting for people, JSON
//! (spec §5) and the CI formats for machines. The pieces here are what several formats share.

mod concise;
mod excerpt;
mod github;
mod gitlab;
mod human;
pub mod import;
mod json;
mod junit;
pub(super) mod report;
mod sarif;
mod statistics;
mod table;

pub use concise::concise;
pub use github::github;
pub use gitlab::gitlab;
pub use human::human;
pub use json::json;
pub use junit::junit;
pub use sarif::sarif;
pub use statistics::statistics;

use crate::source::Sources;
use serde::Serialize;

/// One location, 1-based; columns count characters; the end is exclusive.
#[derive(Serialize)]
struct Location<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn location<'a>(sources: &'a Sources, span: crate::source::Span) -> Location<'a> {
    let ((line, column), (end_line, end_column)) = sources.location(span);
    Location {
        file: sources.path(span.file),
        line,
        column,
        end_line,
        end_column,
    }
}

/// A path under the catalog as the CI sees it: prefixed with the catalog folder's path from
/// the repository root (`check::load_prefix`), so GitHub and GitLab resolve it.
fn ci_path(prefix: &str, file: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() || prefix == "." {
        file.to_string()
    } else {
        format!("{prefix}/{file}")
    }
}

/// A JSON array written element by element as serde asks for it: the formats that print one
/// document never hold all of its findings as values at once. The closure gives a fresh
/// iterator each time, so serializing twice writes the same array.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}
