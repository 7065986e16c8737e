use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// 材料的 `样表` 路径在事项目录中找不到文件（路径写错、文件没有放进目录，或放错了文件夹）。
    ///
    /// ## 为什么有问题
    /// 发布时 banshi 把样表复制到网站中，办事指南链接到它，供群众下载填写。找不到的样表
    /// 在指南上就是一个打不开的链接：群众以为有样表可下载，点开却是错误页面。
    ///
    /// ## 示例
    /// ```banshi
    /// 样表 "forms/低保申请书.docx"
    /// ```
    /// （目录中没有 `forms/低保申请书.docx`）
    ///
    /// ## 改为
    /// 把样表文件放进目录中写明的位置；没有样表时删去这一行：
    /// ```banshi
    /// 名称 "最低生活保障申请书"
    /// ```
    ///
    /// ## 依据
    /// 《中华人民共和国行政许可法》第三十条：需要提交的全部材料的目录和申请书示范文本应当公示；
    /// banshi 的发布规则（README「Publishing」）：样表按原路径随网站一起发布，办事指南链接到它；
    /// 指南只写事项描述中写明且确实存在的内容。
    pub static SAMPLE_NOT_FOUND = {
        code: "E108",
        name: "sample-not-found",
        severity: Error,
        summary: "样表文件在目录中不存在",
    };
}

pub fn check(cx: &Context, m: &Matter, sink: &mut Sink) {
    for material in &m.materials {
        let Some(sample) = &material.sample else {
            continue;
        };
        if !cx.paths.missing(&sample.value) {
            continue;
        }
        sink.push(
            Diagnostic::new(
                &SAMPLE_NOT_FOUND,
                sample.span,
                format!("样表「{}」在事项目录中不存在", sample.value),
            )
            .label("找不到这个文件")
            .note("路径相对于目录根（banshi.yaml 所在的文件夹），区分大小写")
            .help("把样表文件放到这个位置，或者删去这一行"),
        );
    }
}
