//! `--format sarif`: SARIF 2.1.0 for code-scanning platforms, every rule of the rule table
//! with its documentation.

use super::{ci_path, location};
use crate::diagnostic::Diagnostic;
use crate::driver::Checked;
use std::io::{self, Write};

/// The 检查内容 section of a rule's documentation.
fn rule_description(doc: &str) -> String {
    let mut lines = Vec::new();
    let mut inside = false;
    for line in doc.lines() {
        let line = line.trim();
        if line.starts_with("## ") {
            if inside {
                break;
            }
            inside = line == "## 检查内容";
            continue;
        }
        if inside && !line.is_empty() {
            lines.push(line);
        }
    }
    lines.join("")
}

fn uri(path: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    percent_encoding::utf8_percent_encode(path, SET).to_string()
}

/// SARIF 2.1.0, one run: every rule under `tool.driver.rules`, every finding with its rule,
/// level, message, location and a fingerprint that does not depend on line numbers.
pub fn sarif(
    out: &mut impl Write,
    checked: &Checked,
    diagnostics: &[Diagnostic],
    prefix: &str,
) -> io::Result<()> {
    use serde_json::json;
    let table = crate::rules::table();
    let rules: Vec<serde_json::Value> = table
        .all()
        .iter()
        .map(|r| {
            let doc = crate::cli::explain::text(r);
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": rule_description(r.doc) },
                "help": { "text": doc },
                "defaultConfiguration": { "level": r.severity.as_str() },
                "properties": { "tags": ["banshi"] }
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let at = location(&checked.sources, d.span);
            let index = table.index(d.rule).unwrap_or(0);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!("（修改建议：{help}）"));
            }
            json!({
                "ruleId": d.rule.code,
                "ruleIndex": index,
                "level": d.severity.as_str(),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&ci_path(prefix, at.file)) },
                        "region": {
                            "startLine": at.line,
                            "startColumn": at.column,
                            "endLine": at.end_line,
                            "endColumn": at.end_column
                        }
                    },
                    "logicalLocations": [{ "fullyQualifiedName": d.element }]
                }],
                "partialFingerprints": { "banshi/v1": d.fingerprint }
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "banshi",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}
