//! `banshi preview`: the real binary serves a copied catalog on 127.0.0.1, and a plain HTTP/1.1
//! client over `TcpStream` reads its pages while the catalog is edited, broken and fixed. Every
//! wait polls with a generous deadline and no wait asserts a time: the machine may be busy.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Long enough for a debug build on a loaded two-core machine to rebuild many times over.
const DEADLINE: Duration = Duration::from_secs(30);

/// The preview process; killed when the test ends, also when it fails.
struct Preview {
    child: Child,
    port: u16,
    /// Lines the preview printed after its address (one per rebuild).
    lines: Receiver<String>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(catalog: &Path) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(["preview", "--port", "0", "--today", common::TODAY])
        .arg(catalog)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start banshi preview");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, lines) = std::sync::mpsc::channel();
    // Read on a thread of its own, for as long as the preview runs: a full pipe would stop it.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut preview = Preview {
        child,
        port: 0,
        lines,
    };
    let started = Instant::now();
    loop {
        let left = DEADLINE.saturating_sub(started.elapsed());
        match preview.lines.recv_timeout(left) {
            Ok(line) => {
                if let Some(url) = line.strip_prefix("预览地址：") {
                    let port = url
                        .strip_prefix("http://127.0.0.1:")
                        .and_then(|r| r.strip_suffix('/'))
                        .unwrap_or_else(|| panic!("address on 127.0.0.1: {line}"));
                    preview.port = port.parse().expect("port");
                    return preview;
                }
            }
            Err(RecvTimeoutError::Timeout) => panic!("no address printed in {DEADLINE:?}"),
            Err(RecvTimeoutError::Disconnected) => {
                let status = preview.child.wait().expect("wait");
                panic!("banshi preview ended before printing its address: {status}")
            }
        }
    }
}

/// One answer: status, headers (names lower-cased) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Percent-encodes what a browser would (non-ASCII bytes, spaces) and leaves the rest,
/// `..` and `%` included, as written.
fn encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// GET `path` as it is written on the request line (see [`encode`]).
fn get(port: u16, path: &str) -> Answer {
    get_from(port, path, &format!("127.0.0.1:{port}"))
}

/// GET `path` with `host` in the `Host` header.
fn get_from(port: u16, path: &str, host: &str) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    write!(
        stream,
        "GET {} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
        encode(path)
    )
    .expect("send request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read answer");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut headlines = head.lines();
    let status = headlines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = headlines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// GETs `path` until `ok` holds of the answer; the last answer in the failure otherwise.
fn poll(port: u16, path: &str, what: &str, ok: impl Fn(&Answer) -> bool) -> Answer {
    let started = Instant::now();
    loop {
        let answer = get(port, path);
        if ok(&answer) {
            return answer;
        }
        if started.elapsed() > DEADLINE {
            panic!(
                "{what}: not seen at {path} within {DEADLINE:?}; last answer {}:\n{}",
                answer.status,
                answer.text()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A small catalog in a temporary folder, with a sample form the guides link to.
fn catalog() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bundle_catalog"),
        tmp.path(),
    );
    let spec = tmp.path().join("A.banshi");
    let text = std::fs::read_to_string(&spec).unwrap().replace(
        "来源 申请人自备 }",
        "来源 申请人自备 样表 \"forms/低保申请书.docx\" }",
    );
    std::fs::write(&spec, text).unwrap();
    tmp
}

const RELOAD: &str = "/__banshi/wait";
const GUIDE: &str = "/guides/出生证签发.html";

#[test]
fn serves_the_site_and_follows_edits_errors_and_fixes() {
    let dir = catalog();
    let preview = start(dir.path());
    let port = preview.port;

    let index = get(port, "/");
    assert_eq!(index.status, 200, "{}", index.text());
    assert_eq!(
        index.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(index.text().contains("一件事测试目录"), "{}", index.text());
    assert!(index.text().contains(RELOAD), "the page reloads itself");
    let guide = get(port, GUIDE);
    assert_eq!(guide.status, 200, "{}", guide.text());
    assert!(guide.text().contains("出生证签发") && guide.text().contains(RELOAD));

    let css = get(port, "/assets/banshi.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!css.text().contains(RELOAD), "only pages get the script");
    let json = get(port, "/portal/index.json");
    assert_eq!(json.header("content-type"), Some("application/json"));
    let form = get(port, "/forms/低保申请书.docx");
    assert_eq!(form.status, 200, "the sample form is served");
    assert_eq!(
        form.body,
        std::fs::read(dir.path().join("forms/低保申请书.docx")).unwrap()
    );

    let missing = get(port, "/guides/没有这个事项.html");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("找不到页面"), "{}", missing.text());
    // The catalog's own files are not the site, and no path climbs to them.
    for path in [
        "/banshi.yaml",
        "/../banshi.yaml",
        "/%2e%2e/banshi.yaml",
        "/guides/%2E%2E/%2e%2e/banshi.yaml",
        "/guides/..%2f..%2fbanshi.yaml",
        "//etc/passwd",
    ] {
        let a = get(port, path);
        assert!(matches!(a.status, 400 | 404), "{path}: {}", a.status);
        assert!(!a.text().contains("region:"), "{path}: {}", a.text());
    }

    // A page elsewhere that points its own name at 127.0.0.1 reads nothing.
    let rebound = get_from(port, "/", &format!("rebound.example:{port}"));
    assert_eq!(rebound.status, 403);
    assert!(!rebound.text().contains("一件事测试目录"));
    assert_eq!(
        get_from(port, "/", &format!("localhost:{port}")).status,
        200
    );

    // An edit is built and served.
    let spec = dir.path().join("A.banshi");
    let good = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(
        &spec,
        good.replace("名称 \"出生证签发\"", "名称 \"出生证签发（新名称）\""),
    )
    .unwrap();
    let renamed = poll(port, GUIDE, "the new name", |a| {
        a.status == 200 && a.text().contains("出生证签发（新名称）")
    });
    assert!(renamed.text().contains(RELOAD));
    // A page of an older build is told at once that a newer one is there.
    let wait = get(port, &format!("{RELOAD}?v=1"));
    assert_eq!(wait.status, 200);
    assert_ne!(wait.text().trim(), "1");

    // A syntax error: every page is the page of diagnostics, none of the old site.
    std::fs::write(&spec, format!("{good}\n事项 {{\n")).unwrap();
    for path in ["/", GUIDE] {
        let broken = poll(port, path, "the diagnostics page", |a| {
            a.text().contains("目录有错误，未重新生成")
        });
        let text = broken.text();
        assert_eq!(broken.status, 500);
        assert!(text.contains("E001") && text.contains("A.banshi"), "{text}");
        assert!(
            !text.contains("出生证签发（新名称）"),
            "no stale page: {text}"
        );
        assert!(text.contains(RELOAD), "the page reloads once fixed");
    }

    // Fixed: the site is back.
    std::fs::write(&spec, &good).unwrap();
    poll(port, GUIDE, "the site again", |a| {
        a.status == 200 && a.text().contains("出生证签发") && !a.text().contains("目录有错误")
    });
    drop(preview);
}

#[test]
fn a_catalog_broken_from_the_start_is_shown_not_refused() {
    let dir = catalog();
    let spec = dir.path().join("A.banshi");
    let good = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(
        &spec,
        good.replace("实施主体 卫健委", "实施主体 不存在的局"),
    )
    .unwrap();
    let preview = start(dir.path());
    let page = get(preview.port, "/");
    assert_eq!(page.status, 500);
    assert!(
        page.text().contains("目录有错误，未重新生成"),
        "{}",
        page.text()
    );
    std::fs::write(&spec, &good).unwrap();
    poll(preview.port, "/", "the site once fixed", |a| {
        a.status == 200 && a.text().contains("一件事测试目录")
    });
}

#[test]
fn a_port_in_use_is_a_chinese_error_with_exit_2() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(["preview", "--port", &port])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bundle_catalog"))
        .output()
        .expect("run banshi");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("端口已被占用"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn built_files_never_carry_the_reload_script() {
    let dir = catalog();
    let out = tempfile::tempdir().expect("tempdir");
    let site = out.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(["build", "-q", "--today", common::TODAY, "--out"])
        .arg(&site)
        .arg(dir.path())
        .status()
        .expect("run banshi build");
    assert!(status.success());
    let mut pages = 0;
    for entry in walk(&site) {
        let bytes = std::fs::read(&entry).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__banshi") && !text.contains("banshi preview"),
            "{}",
            entry.display()
        );
        pages += usize::from(entry.extension().is_some_and(|e| e == "html"));
    }
    assert!(pages > 5, "the build wrote its pages");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
