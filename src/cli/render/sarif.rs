//! The `sarif` format: SARIF 2.1.0, which code-scanning platforms read.

use super::{ci_path, location};
use crate::diagnostic::{Diagnostic, Rule};
use crate::driver::Checked;
use crate::source::Sources;
use serde_json::{Value, json};
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

/// A rule as `tool.driver.rules` lists it, with the text `banshi explain` prints as its help,
/// and a `helpUri` only under a base the user named: banshi has no website of its own, and a
/// link that resolves to nothing is worse than none.
fn rule(r: &Rule, help_base: Option<&str>) -> Value {
    let doc = crate::cli::command::explain::text(r);
    let mut rule = json!({
        "id": r.code,
        "name": r.name,
        "shortDescription": { "text": r.summary },
        "fullDescription": { "text": rule_description(r.doc) },
        "help": { "text": doc },
        "defaultConfiguration": { "level": r.severity.as_str() },
        "properties": { "tags": ["banshi"] }
    });
    if let (Some(base), Some(fields)) = (help_base, rule.as_object_mut()) {
        fields.insert("helpUri".into(), Value::String(format!("{base}{}", r.code)));
    }
    rule
}

/// A finding with its rule, level, message, location and a fingerprint that does not depend
/// on line numbers.
fn result(sources: &Sources, d: &Diagnostic, prefix: &str) -> Value {
    let at = location(sources, d.span);
    let index = crate::rules::table().index(d.rule).unwrap_or(0);
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
}

/// SARIF 2.1.0, one run: every rule under `tool.driver.rules`, then every finding. With
/// `help_base` (`--help-uri-base`), it is the driver's `informationUri` and each rule's
/// `helpUri` is it followed by the rule's code.
pub fn sarif(
    out: &mut impl Write,
    checked: &Checked,
    diagnostics: &[Diagnostic],
    prefix: &str,
    help_base: Option<&str>,
) -> io::Result<()> {
    let rules: Vec<Value> = crate::rules::all()
        .iter()
        .map(|r| rule(r, help_base))
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| result(&checked.sources, d, prefix))
        .collect();
    let mut driver = json!({
        "name": "banshi",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules
    });
    if let (Some(base), Some(fields)) = (help_base, driver.as_object_mut()) {
        fields.insert("informationUri".into(), Value::String(base.to_string()));
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}
