//! The `json` format: the array of spec §5, with `label`, `help`, `notes` and `related` added.

use super::{Lazy, Location, location};
use crate::diagnostic::Diagnostic;
use crate::driver::Checked;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Related<'a> {
    #[serde(flatten)]
    at: Location<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    #[serde(flatten)]
    at: Location<'a>,
    label: &'a str,
    help: Option<&'a str>,
    notes: &'a [String],
    related: Vec<Related<'a>>,
    /// Where it is in the catalog's terms, and its line-independent identity.
    element: &'a str,
    fingerprint: &'a str,
    /// On the one finding that stands for the rule's findings in the file past the bound.
    #[serde(skip_serializing_if = "is_zero")]
    omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The JSON array of spec §5, with `label`, `help`, `notes` and `related` added. Each element is
/// built as it is written, so memory does not grow with the number of findings.
pub fn json(out: &mut impl Write, checked: &Checked, diagnostics: &[Diagnostic]) -> io::Result<()> {
    let sources = &checked.sources;
    let items = Lazy(|| {
        diagnostics.iter().map(|d| JsonDiagnostic {
            code: d.rule.code,
            name: d.rule.name,
            severity: d.severity.as_str(),
            message: &d.message,
            at: location(sources, d.span),
            label: &d.label,
            help: d.help.as_deref(),
            notes: &d.notes,
            element: &d.element,
            fingerprint: &d.fingerprint,
            omitted: d.omitted,
            related: d
                .secondary
                .iter()
                .map(|l| Related {
                    at: location(sources, l.span),
                    message: &l.message,
                })
                .collect(),
        })
    });
    serde_json::to_writer_pretty(&mut *out, &items).map_err(io::Error::other)?;
    writeln!(out)
}
