//! The `sarif` format: SARIF 2.1.0, which code-scanning platforms read.

use super::{Lazy, ci_path, location};
use crate::diagnostic::{Diagnostic, Rule};
use crate::driver::Checked;
use crate::source::Sources;
use serde::Serialize;
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
///
/// The SARIF structs declare their fields in key order, the order the document always had.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule<'a> {
    default_configuration: Level<'a>,
    full_description: Text,
    help: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    id: &'a str,
    name: &'a str,
    properties: Properties,
    short_description: Text<&'a str>,
}

#[derive(Serialize)]
struct Level<'a> {
    level: &'a str,
}

#[derive(Serialize)]
struct Text<T = String> {
    text: T,
}

#[derive(Serialize)]
struct Properties {
    tags: [&'static str; 1],
}

fn rule<'a>(r: &'a Rule, help_base: Option<&str>) -> SarifRule<'a> {
    SarifRule {
        default_configuration: Level {
            level: r.severity.as_str(),
        },
        full_description: Text {
            text: rule_description(r.doc),
        },
        help: Text {
            text: crate::cli::command::explain::text(r),
        },
        help_uri: help_base.map(|base| format!("{base}{}", r.code)),
        id: r.code,
        name: r.name,
        properties: Properties { tags: ["banshi"] },
        short_description: Text { text: r.summary },
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'a str,
    locations: [SarifLocation<'a>; 1],
    message: Text,
    partial_fingerprints: Fingerprints<'a>,
    rule_id: &'a str,
    rule_index: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    logical_locations: [Logical<'a>; 1],
    physical_location: Physical,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Logical<'a> {
    fully_qualified_name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical {
    artifact_location: Artifact,
    region: Region,
}

#[derive(Serialize)]
struct Artifact {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "banshi/v1")]
    banshi_v1: &'a str,
}

/// A finding with its rule, level, message, location and a fingerprint that does not depend
/// on line numbers.
fn result<'a>(sources: &Sources, d: &'a Diagnostic, prefix: &str) -> SarifResult<'a> {
    let at = location(sources, d.span);
    let index = crate::rules::table().index(d.rule).unwrap_or(0);
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("（修改建议：{help}）"));
    }
    SarifResult {
        level: d.severity.as_str(),
        locations: [SarifLocation {
            logical_locations: [Logical {
                fully_qualified_name: &d.element,
            }],
            physical_location: Physical {
                artifact_location: Artifact {
                    uri: uri(&ci_path(prefix, at.file)),
                },
                region: Region {
                    end_column: at.end_column,
                    end_line: at.end_line,
                    start_column: at.column,
                    start_line: at.line,
                },
            },
        }],
        message: Text { text: message },
        partial_fingerprints: Fingerprints {
            banshi_v1: &d.fingerprint,
        },
        rule_id: d.rule.code,
        rule_index: index,
    }
}

#[derive(Serialize)]
struct Log<'a, R> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a, R>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a, R> {
    column_kind: &'static str,
    /// The results, each built as it is written: a run of 300,000 findings never exists as
    /// one document in memory.
    results: R,
    tool: Tool<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'a str>,
    name: &'static str,
    rules: Vec<SarifRule<'static>>,
    semantic_version: &'static str,
    version: &'static str,
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
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            results: Lazy(|| {
                diagnostics
                    .iter()
                    .map(|d| result(&checked.sources, d, prefix))
            }),
            tool: Tool {
                driver: Driver {
                    information_uri: help_base,
                    name: "banshi",
                    rules: crate::rules::all()
                        .iter()
                        .map(|r| rule(r, help_base))
                        .collect(),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}
