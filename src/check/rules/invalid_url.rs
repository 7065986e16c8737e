use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// `网办地址` 不是以 `http://` 或 `https://` 开头、带有主机名、不含空白的网址。
    ///
    /// ## 为什么有问题
    /// 办事指南把网办地址印成链接，群众照着它去网上办理。写成 `www.…`（缺少协议）、
    /// `ftp://…`、中间带空格或只写“见政务服务网”的地址打不开，等于把群众挡在网上办理之外，
    /// 又让他们跑回窗口。
    ///
    /// ## 示例
    /// ```banshi
    /// 网办地址 "www.jszwfw.gov.cn"
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 网办地址 "https://www.jszwfw.gov.cn/"
    /// ```
    ///
    /// ## 依据
    /// 事项描述语言参考（docs/language.md）“网办地址”一节：只有 `http://` 和 `https://`
    /// 网址有效；办事指南把它印成网上办理的链接。
    pub static INVALID_URL = {
        code: "E112",
        name: "invalid-url",
        severity: Error,
        summary: "网办地址不是有效的 http:// 或 https:// 网址",
    };
}

/// Why `url` is not a link a guide can print, or `None` when it is one. The CLI asks the same
/// of `--help-uri-base`, whose links a code-scanning page prints.
pub fn problem(url: &str) -> Option<&'static str> {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Some("网址必须以 http:// 或 https:// 开头");
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("网址中不能有空格或换行");
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let name = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    let valid_name = !name.is_empty()
        && !name.starts_with(['.', '-'])
        && !name.ends_with('-')
        && !name.contains("..")
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    (!valid_name).then_some("网址缺少有效的主机名")
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let Some(url) = &m.online_url else {
        return;
    };
    if let Some(why) = problem(url.value.trim()) {
        sink.push(
            Diagnostic::new(
                &INVALID_URL,
                url.span,
                format!("网办地址「{}」不是有效的网址：{why}", url.value),
            )
            .label(why)
            .help("写出完整的网址，如 网办地址 \"https://www.jszwfw.gov.cn/\""),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn links_a_guide_can_print() {
        for ok in [
            "https://www.jszwfw.gov.cn/",
            "http://zwfw.changzhou.gov.cn/col/index.html?id=1#a",
            "https://127.0.0.1:8443/a",
            "https://政务服务.中国/",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn links_that_cannot_work() {
        for bad in [
            "www.jszwfw.gov.cn",
            "ftp://a.cn/",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "https://a b.cn/",
            "https://a.cn/x y",
            "https://-a.cn/",
            "https://a..cn/",
            "见江苏政务服务网",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
