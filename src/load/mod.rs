//! Finding and reading the files of a catalog. Bytes become text here; a file that is not
//! UTF-8 is a diagnostic on that file, and a file that cannot be read at all is recorded as an
//! I/O failure while the other files are still checked. Every file-system question the later
//! stages need answered (where a path written in a spec leads) is answered here too, so rules
//! look at data only.

mod decode;
mod discover;
pub mod empty;
mod fetch;
mod paths;
mod templates;

pub use decode::{Encoding, INVALID_ENCODING, decode, not_utf8};
pub use discover::{Discovered, Unread, discover, judge_other, relative};
pub use fetch::{
    FILE_TOO_LARGE, Fetched, MAX_FILE_BYTES, fetch, fetch_listed, fetch_path, read_argument,
    too_large, writable_argument,
};
pub use paths::{Outside, PathFacts, catalog_path, resolve_inside};
pub use templates::templates;

use crate::diagnostic::Sink;
use crate::source::{FileId, Sources};
use std::path::Path;

/// The rules this stage declares, for [`crate::rules::table`].
pub static RULES: &[&crate::diagnostic::Rule] =
    &[&INVALID_ENCODING, &FILE_TOO_LARGE, &empty::EMPTY_CATALOG];

/// A file that could not be read: reported at the end of the run, exit code 2.
#[derive(Debug, PartialEq, Eq)]
pub struct IoFailure {
    pub path: String,
    pub message: String,
}

pub enum Read {
    Ok(FileId),
    Missing,
    Failed,
}

/// Adds a fetched file to `sources` (every file that exists gets an id, so findings can
/// point at it) and reports what went wrong with it.
pub fn admit(
    rel: &str,
    fetched: Fetched,
    sources: &mut Sources,
    sink: &mut Sink,
    failures: &mut Vec<IoFailure>,
) -> Read {
    match fetched {
        Fetched::Text(text) | Fetched::Converted(text) => {
            Read::Ok(sources.add(rel.to_string(), text))
        }
        Fetched::Missing => Read::Missing,
        Fetched::Failed(f) => {
            failures.push(f);
            Read::Failed
        }
        Fetched::NotUtf8 { valid, at, gb18030 } => {
            let end = valid.len();
            let id = sources.add(rel.to_string(), valid);
            sink.push(not_utf8(id, end, at, gb18030));
            Read::Failed
        }
        Fetched::TooLarge(size) => {
            let id = sources.add(rel.to_string(), String::new());
            sink.push(too_large(id, size));
            Read::Failed
        }
    }
}

/// Reads `rel` under `root` into `sources`.
pub fn read(
    root: &Path,
    rel: &str,
    encoding: Encoding,
    sources: &mut Sources,
    sink: &mut Sink,
    failures: &mut Vec<IoFailure>,
) -> Read {
    admit(rel, fetch(root, rel, encoding), sources, sink, failures)
}
