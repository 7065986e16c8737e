use crate::check::Context;
use crate::check::rules::vague_wording::{Place, places};
use crate::check::vague::Detector;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// 受理条件或材料本身写明了依据的条款（`依据 《…》第…条`），其文字中仍含兜底表述
    /// （其他、其它，以及含有它们的短语，如「其他相关」）。这通常是照录法规的兜底条款，
    /// 例如「法律、法规规定的其他要求」。
    ///
    /// 没有写明条款的兜底表述由 vague-wording（E150）报为错误；写明了条款的，改由本规则报为警告。
    ///
    /// ## 为什么有问题
    /// 法规的兜底条款本身合法，但照抄进办事指南，申请人仍然不知道还要满足什么条件、
    /// 准备什么材料，“一次性告知”仍未做到。写明出处之后，审核人员可以逐条核对：
    /// 该条款实际指向哪些具体条件，能否逐项写出。
    ///
    /// ## 示例
    /// ```banshi
    /// 受理条件 {
    ///   "符合法律、法规规定的其他要求" 依据 《中华人民共和国食品安全法》第三十三条
    /// }
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 受理条件 {
    ///   "有专职或者兼职的食品安全专业技术人员、食品安全管理人员和保证食品安全的规章制度"
    ///     依据 《中华人民共和国食品安全法》第三十三条
    /// }
    /// ```
    /// 查明兜底条款在现行法规中实际对应的条件，逐项写出并各自注明依据；确实无法列举的，
    /// 保留原文和依据，并以 `豁免 statutory-catch-all "理由"` 说明。
    ///
    /// ## 依据
    /// 衡水市《市县两级公共服务中心标准化工作规范》二(三)：服务条件及所需资料应当依据充分、
    /// 表述清晰、明确；《中华人民共和国行政许可法》第三十条：行政机关应当将申请条件、
    /// 需要提交的全部材料目录在办公场所公示。
    pub static STATUTORY_CATCH_ALL = {
        code: "W151",
        name: "statutory-catch-all",
        severity: Warning,
        summary: "注明依据条款的受理条件或材料中照录了法定兜底表述",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let detector = Detector::get();
    for Place { text, place, cited } in places(m) {
        if !cited {
            continue;
        }
        for f in detector.find(&text.value).iter().filter(|f| f.catch_all) {
            let word = &text.value[f.start..f.end];
            sink.push(
                Diagnostic::new(
                    &STATUTORY_CATCH_ALL,
                    text.span_of(f.start..f.end),
                    format!("{place}照录了法定兜底表述「{word}」"),
                )
                .label("法定兜底条款")
                .help("逐项写出该条款实际对应的条件或材料，各自注明依据；确实无法列举的，以豁免说明理由"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::STATUTORY_CATCH_ALL;
    use crate::check::rules::vague_wording::VAGUE_WORDING;
    use crate::check::vague::{Detector, Kind};

    /// What vague-wording promises for a catch-all is what happens: citing the article turns the
    /// error into this warning (the behaviour is the `statutory_catch_all` fixture).
    #[test]
    fn the_help_of_vague_wording_promises_this_rule() {
        let catch_alls: Vec<_> = Detector::get()
            .triggers()
            .iter()
            .filter(|t| t.kind == Kind::CatchAll)
            .collect();
        assert!(!catch_alls.is_empty());
        for t in catch_alls {
            assert!(t.fix.contains(STATUTORY_CATCH_ALL.code), "{}", t.word);
            assert!(t.fix.contains("依据 《…》第…条"), "{}", t.word);
        }
        assert!(VAGUE_WORDING.doc.contains(STATUTORY_CATCH_ALL.name));
        assert!(VAGUE_WORDING.doc.contains(STATUTORY_CATCH_ALL.code));
        assert!(STATUTORY_CATCH_ALL.doc.contains(VAGUE_WORDING.code));
    }
}
