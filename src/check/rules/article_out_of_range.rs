use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;
use crate::numeral::to_chinese;

declare_rule! {
    /// ## 检查内容
    /// 引用的条号超出了该法规的条文总数（法规登记表中的 `articles`）。
    ///
    /// ## 为什么有问题
    /// 不存在的条文不能作为设定依据。多数情况是条号写错、法规修订后条文重新编号，
    /// 或引用的其实是另一部法规。
    ///
    /// ## 示例
    /// ```banshi
    /// 依据 { 《社会救助暂行办法》第七十五条 }   // 该办法共 70 条
    /// ```
    ///
    /// ## 改为
    /// 对照现行文本核对条号：`《社会救助暂行办法》第九条`。
    ///
    /// ## 依据
    /// 《中华人民共和国行政许可法》第十八条、第三十条：设定和实施行政许可应当明确依据；
    /// 办事指南应列明办理依据。
    pub static ARTICLE_OUT_OF_RANGE = {
        code: "E120",
        name: "article-out-of-range",
        severity: Error,
        summary: "引用的条号超出法规的条文总数",
    };
}

pub fn check(cx: &Context, m: &Matter, sink: &mut Sink) {
    for (citation, law) in cx.cited_laws(m) {
        let Some(articles) = &law.articles else {
            continue;
        };
        for a in &citation.articles {
            if a.article > articles.value {
                sink.push(
                    Diagnostic::new(
                        &ARTICLE_OUT_OF_RANGE,
                        a.span,
                        format!(
                            "《{}》只有 {} 条，没有第{}条",
                            law.id.value,
                            articles.value,
                            to_chinese(a.article)
                        ),
                    )
                    .label(format!("超出 {} 条", articles.value))
                    .secondary(articles.span, "法规登记表中的条文总数")
                    .help(
                        "对照现行文本核对条号；若登记表中的条文总数有误，请修改 registry/laws.yaml",
                    ),
                );
            }
        }
    }
}
