//! Nothing raw reaches a terminal, a CI log or an XML file: a spec whose file name holds ESC,
//! BEL, CR, LF, `::`, `,` and `:` is checked in every format through the real binary.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::process::Command;

/// The name of the hostile spec file, relative to the catalog.
const NAME: &str = "a\u{1b}[31m\u{7}b\r\nc::d,e:f.banshi";

fn catalog() -> tempfile::TempDir {
    let tmp = common::catalog("duplicate_field");
    let src = tmp.path().join("input.banshi");
    std::fs::rename(&src, tmp.path().join(NAME)).expect("rename to a hostile name");
    tmp
}

fn check(dir: &str, format: &str) -> (Vec<u8>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(["check", dir, "--today", common::TODAY, "--format", format])
        .env("NO_COLOR", "1")
        .output()
        .expect("run banshi");
    // duplicate_field has one error: the run itself succeeded.
    common::assert_exit(&out, 1);
    (out.stdout, out.stderr)
}

#[test]
fn no_format_lets_a_control_character_of_a_file_name_through_raw() {
    let tmp = catalog();
    let dir = tmp.path().to_str().expect("utf-8 path");
    for format in ["human", "concise", "json", "sarif", "github", "junit"] {
        let (stdout, stderr) = check(dir, format);
        for (stream, bytes) in [("stdout", &stdout), ("stderr", &stderr)] {
            assert!(
                !bytes.iter().any(|b| *b == 0x1b || *b == 0x07),
                "{format}: raw ESC or BEL on {stream}:\n{}",
                String::from_utf8_lossy(bytes)
            );
        }
        let text = String::from_utf8(stdout).expect("utf-8");
        match format {
            "human" | "concise" => {
                assert!(
                    text.contains("a\\u{1b}[31m\\u{7}b\\u{d}\\u{a}c::d,e:f.banshi"),
                    "{text}"
                );
                // The name's CR and LF do not split the finding's line.
                assert!(!text.contains('\r'), "{text}");
            }
            "json" => {
                let v: serde_json::Value = serde_json::from_str(&text).expect("json");
                assert_eq!(v[0]["file"], NAME);
            }
            "sarif" => {
                let v: serde_json::Value = serde_json::from_str(&text).expect("sarif");
                let uri = v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
                    ["artifactLocation"]["uri"]
                    .as_str()
                    .expect("uri");
                let decoded = percent_decode(uri);
                assert!(decoded.ends_with(NAME), "{uri} → {decoded:?}");
            }
            "github" => {
                let lines: Vec<&str> = text.lines().collect();
                assert_eq!(lines.len(), 1, "{text}");
                let line = lines[0];
                let (props, message) = line
                    .strip_prefix("::error ")
                    .and_then(|l| l.split_once("::"))
                    .expect("one workflow command");
                assert!(!message.is_empty());
                let file = props
                    .split(',')
                    .find_map(|p| p.strip_prefix("file="))
                    .expect("file property");
                assert!(
                    file.ends_with("a\\u{1b}[31m\\u{7}b%0D%0Ac%3A%3Ad%2Ce%3Af.banshi"),
                    "{file}"
                );
                assert_eq!(props.split(',').count(), 6, "{props}");
            }
            "junit" => {
                let doc = roxmltree::Document::parse(&text).expect("JUnit parses as XML");
                let case = doc
                    .descendants()
                    .find(|n| {
                        n.has_tag_name("testcase")
                            && n.descendants().any(|f| f.has_tag_name("failure"))
                    })
                    .expect("the failing case");
                // Attribute line breaks survive as character references; ESC and BEL as text.
                assert_eq!(
                    case.attribute("name"),
                    Some("a\\u{1b}[31m\\u{7}b\r\nc::d,e:f.banshi")
                );
            }
            _ => unreachable!(),
        }
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex digit"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}
