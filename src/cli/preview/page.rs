//! The pages the preview makes itself: why the catalog was not built, "no such page", and the
//! reload script it puts into every HTML page it serves (and only there: `banshi build` writes
//! the pages without it).

use crate::escape::xml_text;

/// The path the reload script waits on.
pub(crate) const WAIT_PATH: &str = "/__banshi/wait";

/// Why the site was not built, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Broken {
    pub title: String,
    pub summary: String,
    /// One line per finding (`A.banshi:5:8 错误 E101 unknown-reference：…`), listed first.
    pub findings: Vec<String>,
    /// Shown as it is, in a `<pre>`: the diagnostics as `banshi check` prints them.
    pub detail: String,
}

impl Broken {
    pub(crate) fn diagnostics(
        errors: usize,
        warnings: usize,
        findings: Vec<String>,
        rendered: &str,
    ) -> Broken {
        let counts = if warnings > 0 {
            format!("{errors} 个错误、{warnings} 个警告")
        } else {
            format!("{errors} 个错误")
        };
        Broken {
            title: "目录有错误，未重新生成".to_string(),
            summary: format!(
                "目录中有 {counts}，与 banshi build 一样，有错误时不生成页面。改正后保存，本页会自动刷新。"
            ),
            findings,
            detail: rendered.to_string(),
        }
    }

    pub(crate) fn unreadable(lines: &[String]) -> Broken {
        Broken {
            title: "目录中有文件无法读取，未重新生成".to_string(),
            summary:
                "缺少这些文件，生成的页面就不是目录的全部。处理后保存任一文件，本页会自动刷新。"
                    .to_string(),
            findings: Vec::new(),
            detail: lines.join("\n"),
        }
    }

    pub(crate) fn render_failed(why: &str) -> Broken {
        Broken {
            title: "生成页面时出错，未重新生成".to_string(),
            summary: "目录通过了检查，但页面模板出错。改正后保存，本页会自动刷新。".to_string(),
            findings: Vec::new(),
            detail: why.to_string(),
        }
    }

    /// The whole page, with the reload script for `generation`.
    pub(crate) fn html(&self, generation: u64) -> String {
        let mut body = format!(
            "<h1>{}</h1>\n<p>{}</p>\n",
            xml_text(&self.title),
            xml_text(&self.summary)
        );
        if !self.findings.is_empty() {
            body.push_str("<ol>\n");
            for f in &self.findings {
                body.push_str(&format!("<li>{}</li>\n", xml_text(f)));
            }
            body.push_str("</ol>\n<h2>详细说明</h2>\n");
        }
        body.push_str(&format!("<pre>{}</pre>\n", xml_text(&self.detail)));
        standalone(&self.title, &body, generation)
    }

    /// The plain-text answer to a request for a file that is no page (a stylesheet, a JSON
    /// document): the site it belonged to is not current.
    pub(crate) fn text(&self) -> String {
        format!("{}：打开任一页面查看原因\n", self.title)
    }
}

/// The page for a path the site does not have.
pub(crate) fn not_found(path: &str, generation: u64) -> String {
    let body = format!(
        "<h1>找不到页面</h1>\n<p>预览的站点中没有「{}」。</p>\n<p><a href=\"/\">回到目录首页</a></p>\n",
        xml_text(path)
    );
    standalone("找不到页面", &body, generation)
}

/// The page for a request whose path is refused (`..`, a backslash, not UTF-8 …).
pub(crate) fn bad_request(generation: u64) -> String {
    let body = "<h1>请求的路径无效</h1>\n<p>路径中不能有 .. 、反斜杠或控制字符，且须是 UTF-8 编码。</p>\n<p><a href=\"/\">回到目录首页</a></p>\n";
    standalone("请求的路径无效", body, generation)
}

/// A page of the preview's own: its styles inline, since the site's stylesheet may be what is
/// missing.
fn standalone(title: &str, body: &str, generation: u64) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} · banshi 预览</title>\n<style>body{{font-family:sans-serif;margin:2em auto;max-width:60em;padding:0 1em;line-height:1.6}}h1{{color:#b00020}}li{{margin:.2em 0}}pre{{background:#f6f6f6;border:1px solid #ddd;padding:1em;overflow:auto;white-space:pre-wrap}}</style>\n</head>\n<body>\n{body}{}</body>\n</html>\n",
        xml_text(title),
        reload_script(generation)
    )
}

/// Waits on [`WAIT_PATH`] with the generation the page was served from and reloads once the
/// answer is another. The server answers after at most half a minute either way, so the wait
/// is renewed; while the preview is not reachable (restarted, ended) it retries every second.
pub(crate) fn reload_script(generation: u64) -> String {
    format!(
        "<script>/* banshi preview */(function(){{var v=\"{generation}\";function poll(){{fetch(\"{WAIT_PATH}?v=\"+v,{{cache:\"no-store\"}}).then(function(r){{if(!r.ok){{throw r;}}return r.text();}}).then(function(t){{if(t.trim()!==v){{location.reload();}}else{{poll();}}}}).catch(function(){{setTimeout(poll,1000);}});}}poll();}})();</script>\n"
    )
}

/// `html` with the reload script before its last `</body>` (at the end when there is none: a
/// catalog's own template may leave it out).
pub(crate) fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    const CLOSE: &[u8] = b"</body>";
    let at = html
        .windows(CLOSE.len())
        .rposition(|w| w.eq_ignore_ascii_case(CLOSE))
        .unwrap_or(html.len());
    let script = reload_script(generation);
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_closing_body() {
        let page = b"<html><body><p>a</p></BODY></html>";
        let out = String::from_utf8(inject(page, 7)).unwrap();
        assert!(out.contains("var v=\"7\""), "{out}");
        assert!(out.ends_with("</script>\n</BODY></html>"), "{out}");
        let bare = String::from_utf8(inject(b"<p>x</p>", 1)).unwrap();
        assert!(bare.starts_with("<p>x</p><script>"), "{bare}");
    }

    #[test]
    fn diagnostics_are_escaped() {
        let page = Broken::diagnostics(
            1,
            0,
            vec!["a.banshi:1:1 错误 E001 syntax-error：<b>".into()],
            "error: <script>alert(1)</script> & 等",
        )
        .html(3);
        assert!(page.contains("<li>a.banshi:1:1 错误 E001 syntax-error：&lt;b&gt;</li>"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 等"));
        assert!(page.contains("目录有错误，未重新生成"));
        assert!(page.contains(WAIT_PATH));
    }
}
