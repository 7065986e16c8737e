//! Answering requests from the last build. Paths are looked up in the in-memory site only:
//! nothing of the file system is reachable through the server, and paths that try to climb
//! (`..`, also percent-encoded) are refused before that.

use super::page::{self, WAIT_PATH};
use super::{Content, Shared};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// How long one wait on [`WAIT_PATH`] is held open: under the 60 s after which browsers and
/// proxies commonly give up on a request.
const WAIT: Duration = Duration::from_secs(25);

/// Waits held open at once. Each holds a thread; past this many (a page left open in hundreds
/// of tabs) a wait is answered at once with 503 and the script retries a second later.
const MAX_WAITS: usize = 256;

/// Serves requests until the server fails. Each request gets its own thread: a wait holds its
/// thread for up to [`WAIT`], and a browser keeps one open for every tab of the preview.
pub(crate) fn serve(server: &tiny_http::Server, shared: &Arc<Shared>) {
    let waits = Arc::new(AtomicUsize::new(0));
    for request in server.incoming_requests() {
        let shared = Arc::clone(shared);
        let waits = Arc::clone(&waits);
        // When no thread can be had the request is dropped, and tiny_http answers it with 500:
        // the browser shows an error and the reload script retries.
        let _ = std::thread::Builder::new()
            .name("banshi-preview-request".into())
            .spawn(move || respond(request, &shared, &waits));
    }
}

fn respond(request: Request, shared: &Shared, waits: &AtomicUsize) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    let answer = if host.as_deref().is_some_and(|h| !local_host(h)) {
        // A web page elsewhere can point a name of its own at 127.0.0.1 (DNS rebinding) and
        // then read the preview as if it were its own site; the browser still sends that name.
        Answer::text(403, "预览只接受发往 127.0.0.1 或 localhost 的请求\n")
    } else {
        answer(request.method(), request.url(), shared, waits)
    };
    let mut response = Response::from_data(answer.body).with_status_code(answer.status);
    for (name, value) in [
        ("Content-Type", answer.content_type),
        // Every answer is of one build; the next may differ.
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    // A browser that went away before the answer: nothing to do.
    let _ = request.respond(response);
}

/// What a request is answered with.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Answer {
    fn html(status: u16, body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            status,
            content_type: "text/html; charset=utf-8",
            body: body.into(),
        }
    }

    fn text(status: u16, body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.into(),
        }
    }
}

pub(crate) fn answer(method: &Method, url: &str, shared: &Shared, waits: &AtomicUsize) -> Answer {
    if !matches!(method, Method::Get | Method::Head) {
        return Answer::text(405, "预览只接受 GET 和 HEAD 请求\n");
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path == WAIT_PATH {
        return wait(query, shared, waits);
    }
    let (generation, content) = shared.current();
    let Some(key) = site_path(path) else {
        return Answer::html(400, page::bad_request(generation));
    };
    match &*content {
        Content::Site(site) => match site.get(&key) {
            Some(bytes) if is_html(&key) => Answer::html(200, page::inject(bytes, generation)),
            Some(bytes) => Answer {
                status: 200,
                content_type: content_type(&key),
                body: bytes.clone(),
            },
            None => Answer::html(404, page::not_found(&key, generation)),
        },
        // Every page is the page of why: none of the last good build is current any more.
        Content::Broken(broken) if is_html(&key) || !key.contains('.') => {
            Answer::html(500, broken.html(generation))
        }
        Content::Broken(broken) => Answer::text(503, broken.text()),
    }
}

/// Whether a `Host` header names this machine: `127.0.0.1`, `localhost` or `[::1]`, with or
/// without a port.
pub(crate) fn local_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split_once(']').map_or(rest, |(n, _)| n)
    } else {
        host.split_once(':').map_or(host, |(n, _)| n)
    };
    name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost") || name == "::1"
}

/// The long poll of the reload script: the generation once it is no longer `v`, or after
/// [`WAIT`].
fn wait(query: &str, shared: &Shared, waits: &AtomicUsize) -> Answer {
    let seen = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("v="))
        .and_then(|v| v.parse::<u64>().ok());
    let Some(seen) = seen else {
        // No generation to compare: the current one, at once.
        return Answer::text(200, shared.current().0.to_string());
    };
    if waits.fetch_add(1, Ordering::SeqCst) >= MAX_WAITS {
        waits.fetch_sub(1, Ordering::SeqCst);
        return Answer::text(503, "等待刷新的页面太多，稍后重试\n");
    }
    let generation = shared.wait_past(seen, WAIT);
    waits.fetch_sub(1, Ordering::SeqCst);
    Answer::text(200, generation.to_string())
}

/// The site's path for a request path (`/` → `index.html`, `/a/` → `a/index.html`),
/// percent-decoded; `None` for one that is not UTF-8 once decoded, or that has a `.` or `..`
/// segment, a backslash or a control character, or is not absolute (`/`-led).
pub(crate) fn site_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    let rest = decoded.strip_prefix('/')?;
    let mut parts = Vec::new();
    for segment in rest.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s if s.contains('\\') || s.chars().any(char::is_control) => return None,
            s => parts.push(s),
        }
    }
    if rest.is_empty() || rest.ends_with('/') {
        parts.push("index.html");
    }
    Some(parts.join("/"))
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

/// The media type of a file of the site, by its extension: what the site has (pages, style,
/// drawings, JSON, Markdown) and what sample forms usually are.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "md" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ofd" => "application/ofd",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_climbing_is_refused() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/guides/%E5%87%BA%E7%94%9F%E7%99%BB%E8%AE%B0.html").as_deref(),
            Some("guides/出生登记.html")
        );
        assert_eq!(site_path("/a//b/").as_deref(), Some("a/b/index.html"));
        for bad in [
            "/../banshi.yaml",
            "/%2e%2e/banshi.yaml",
            "/guides/..%2F..%2Fbanshi.yaml",
            "/a/./b",
            "/a%5C..%5Cb",
            "/%00",
            "/%ff",
            "banshi.yaml",
            "http://x/../a",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_local_host_names_are_served() {
        for ok in [
            "127.0.0.1:8000",
            "127.0.0.1",
            "localhost:1",
            "LOCALHOST",
            "[::1]:80",
        ] {
            assert!(local_host(ok), "{ok}");
        }
        for no in [
            "evil.example:8000",
            "127.0.0.1.evil.example",
            "localhost.evil",
            "",
        ] {
            assert!(!local_host(no), "{no}");
        }
    }

    fn site(files: &[(&str, &str)]) -> Shared {
        Shared::new(Content::Site(
            files
                .iter()
                .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
                .collect(),
        ))
    }

    #[test]
    fn pages_get_the_script_and_other_files_do_not() {
        let shared = site(&[
            ("index.html", "<body>首页</body>"),
            ("assets/banshi.css", "body{}"),
        ]);
        let waits = AtomicUsize::new(0);
        let a = answer(&Method::Get, "/?x=1", &shared, &waits);
        assert_eq!(a.status, 200);
        assert!(String::from_utf8(a.body).unwrap().contains(WAIT_PATH));
        let a = answer(&Method::Get, "/assets/banshi.css", &shared, &waits);
        assert_eq!((a.status, a.content_type), (200, "text/css; charset=utf-8"));
        assert_eq!(a.body, b"body{}");
        let a = answer(&Method::Get, "/nope.html", &shared, &waits);
        assert_eq!(a.status, 404);
        assert!(String::from_utf8(a.body).unwrap().contains("找不到页面"));
        assert_eq!(answer(&Method::Post, "/", &shared, &waits).status, 405);
    }

    #[test]
    fn a_broken_catalog_answers_every_page_with_why() {
        let shared = site(&[("index.html", "<body>旧的首页</body>")]);
        let broken = super::super::page::Broken::diagnostics(1, 0, Vec::new(), "error[E001]");
        assert_eq!(shared.replace(Content::Broken(broken.clone())), Some(2));
        assert_eq!(shared.replace(Content::Broken(broken)), None);
        let waits = AtomicUsize::new(0);
        for path in ["/", "/index.html", "/guides/x.html", "/guides"] {
            let a = answer(&Method::Get, path, &shared, &waits);
            let body = String::from_utf8(a.body).unwrap();
            assert_eq!(a.status, 500);
            assert!(
                body.contains("error[E001]") && !body.contains("旧的首页"),
                "{body}"
            );
        }
        assert_eq!(
            answer(&Method::Get, "/assets/banshi.css", &shared, &waits).status,
            503
        );
        let a = answer(&Method::Get, "/__banshi/wait?v=1", &shared, &waits);
        assert_eq!(a.body, b"2");
    }
}
