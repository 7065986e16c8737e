//! A catalog with nothing in it: `check` would pass it and `build` would publish an empty
//! site, which no one means.

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::source::Span;

declare_rule! {
    /// ## 检查内容
    /// 事项目录中没有任何事项和一件事：没有 `.banshi` 文件，或文件中什么也没有定义。
    ///
    /// ## 为什么有问题
    /// 一个空目录检查起来“没有问题”，构建出来却是一个空的网站。多半是在错误的文件夹里运行了
    /// banshi，或者事项文件放在了隐藏文件夹里、扩展名写错（如 `.banshi.txt`）。
    ///
    /// ## 示例
    /// ```text
    /// 天宁区目录/
    ///   banshi.yaml
    ///   registry/…
    ///   民政局/低保申请.txt
    /// ```
    ///
    /// ## 改为
    /// ```text
    /// 天宁区目录/
    ///   banshi.yaml
    ///   registry/…
    ///   民政局/低保申请.banshi
    /// ```
    ///
    /// ## 依据
    /// 语言参考 docs/language.md 第 1 节：事项写在目录中各部门文件夹下的 `.banshi` 文件里。
    pub static EMPTY_CATALOG = {
        code: "E011",
        name: "empty-catalog",
        severity: Error,
        summary: "事项目录中没有任何事项",
    };
}

/// The finding, at the start of `banshi.yaml`; `files` is how many spec files were found.
pub fn diagnostic(at: Span, files: usize) -> Diagnostic {
    let message = if files == 0 {
        "事项目录中没有任何 .banshi 事项文件".to_string()
    } else {
        format!("事项目录的 {files} 个 .banshi 文件中没有定义任何事项或一件事")
    };
    Diagnostic::new(&EMPTY_CATALOG, at, message)
        .label("目录为空")
        .help(
            "确认是在正确的目录中运行；事项文件的扩展名须为 .banshi，且不在以 . 开头的隐藏文件夹中",
        )
}
