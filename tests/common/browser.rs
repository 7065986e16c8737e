//! Finding and running headless Chromium, for the tests that look at pages in a real browser
//! (overflow, screenshots, printing). Only the browser is shared here; each test decides what
//! to load and what to measure.
//!
//! A developer without Chromium gets a skip note; CI (`CI=true`) fails instead, so a machine
//! that lost its browser cannot pass the browser tests by skipping them. `.ci/run` installs
//! Debian's `chromium fonts-noto-cjk poppler-utils` when they are missing.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Names tried on `PATH`, in order, when `BANSHI_CHROMIUM` is not set.
pub const NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// Long enough for a cold start on a loaded two-core machine; a hung browser is killed after
/// this, never waited on forever.
pub const TIMEOUT: Duration = Duration::from_secs(180);

/// The browser to use: `BANSHI_CHROMIUM` when set (a path, or a name looked up on `PATH`),
/// else the first of [`NAMES`] found on `PATH`.
pub fn find() -> Option<PathBuf> {
    if let Some(given) = std::env::var_os("BANSHI_CHROMIUM").filter(|v| !v.is_empty()) {
        let given = PathBuf::from(given);
        // A path that names no program is reported as missing rather than replaced by another
        // browser: whoever set the variable wanted that one.
        return if given.components().count() > 1 {
            is_executable(&given).then_some(given)
        } else {
            on_path(&given.to_string_lossy())
        };
    }
    NAMES.iter().find_map(|n| on_path(n))
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Whether this run is CI's, where a missing browser is a failure and not a skip.
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The browser, or `None` after a skip note on stderr. On CI a missing browser panics: the test
/// fails with what to install instead of passing without having looked.
pub fn require(test: &str) -> Option<PathBuf> {
    if let Some(found) = find() {
        return Some(found);
    }
    let looked = match std::env::var_os("BANSHI_CHROMIUM").filter(|v| !v.is_empty()) {
        Some(v) => format!("BANSHI_CHROMIUM={} names no program", v.to_string_lossy()),
        None => format!("none of {} is on PATH", NAMES.join(", ")),
    };
    let what = format!(
        "Chromium not found ({looked}); install it with \
         `apt-get install chromium fonts-noto-cjk poppler-utils` or set BANSHI_CHROMIUM to the \
         browser's path. 未找到 Chromium 浏览器：请安装 chromium、fonts-noto-cjk 和 \
         poppler-utils，或用 BANSHI_CHROMIUM 指定浏览器。"
    );
    if on_ci() {
        panic!("{test}: {what} CI=true, so this test fails instead of skipping.");
    }
    skip_note(test, &what);
    None
}

/// Says on stderr that a test did not look, and why.
pub fn skip_note(test: &str, why: &str) {
    eprintln!("skipped {test}: {why}");
}

/// What one browser run left behind.
#[derive(Debug)]
pub struct Run {
    /// `None` when the browser was killed for running past the timeout.
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| s.success())
    }

    /// Panics with the browser's stderr unless it exited 0 within the timeout.
    pub fn expect_success(&self, what: &str) {
        assert!(
            self.succeeded(),
            "{what}: chromium {} \nstderr:\n{}",
            match self.status {
                Some(s) => format!("exited with {s}"),
                None => format!("was killed after {} s", TIMEOUT.as_secs()),
            },
            tail(&self.stderr, 4000)
        );
    }
}

fn tail(s: &str, n: usize) -> &str {
    let mut at = s.len().saturating_sub(n);
    while !s.is_char_boundary(at) {
        at += 1;
    }
    &s[at..]
}

/// The flags every run needs: headless, no sandbox (CI runs as root), and nothing that reaches
/// for the network, which on a closed network makes Chromium hang at start or exit.
pub const FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Runs `chromium` headless with [`FLAGS`], a fresh profile and `args`, killing it (and every
/// process it started) if it runs past `timeout`.
pub fn headless(chromium: &Path, args: &[&str], timeout: Duration) -> Run {
    use std::os::unix::process::CommandExt;
    // A profile of its own: a shared or left-over one makes Chromium hand the work to another
    // instance, or wait on its lock.
    let profile = tempfile::tempdir().expect("browser profile dir");
    let mut child = Command::new(chromium)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so that the renderer and GPU helpers are killed with it.
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
    let group = child.id() as i32;
    let reader = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            // A read error only shortens what is shown; the exit status says what happened.
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = reader(Box::new(child.stdout.take().expect("stdout pipe")));
    let err = reader(Box::new(child.stderr.take().expect("stderr pipe")));
    let start = Instant::now();
    let status = loop {
        match child.try_wait().expect("wait for chromium") {
            Some(s) => break Some(s),
            None if start.elapsed() > timeout => break None,
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    // Also after a clean exit: a helper left running would hold the pipes open and the readers
    // would never finish.
    // SAFETY: kill(2) with a negative pid signals the process group created above, which holds
    // only this browser and its helpers.
    unsafe {
        libc::kill(-group, libc::SIGKILL);
    }
    if status.is_none() {
        let _ = child.wait();
    }
    Run {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

/// `file://` URL of an absolute path, percent-encoding what a URL may not hold raw (the Chinese
/// names of the pages, spaces), so that the browser opens exactly that file.
pub fn file_url(path: &Path) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const PATH: &AsciiSet = &CONTROLS
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
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!(
        "file://{}",
        utf8_percent_encode(&abs.to_string_lossy(), PATH)
    )
}

/// Width and height of a PNG, from its IHDR chunk.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&bytes[16..20]), be(&bytes[20..24])))
}
