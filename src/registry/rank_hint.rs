//! What a law's title and issuer say its 效力位阶 is: the suggestion for a `rank` that is not
//! one of the words. A suggestion only, never a check: the table cannot know every kind of
//! document, and a "did you mean" that contradicts the title (`法规` → 法律 for a 国务院
//! 条例) is worse than none.

use crate::model::Rank;

/// Title endings of the documents that 规章 and 法规 are made of.
const RULE_SUFFIXES: &[&str] = &["条例", "办法", "规定", "细则", "规则", "实施办法"];
/// Words in a title that only 规范性文件 carry.
const NORMATIVE_WORDS: &[&str] = &["通知", "意见", "〔", "方案", "指南", "目录"];
/// Issuers whose 办法 and 规定 are 部门规章: the ministries and commissions of the State Council.
fn is_ministry(issuer: &str) -> bool {
    // 市 also occurs in 市场 (国家市场监督管理总局), which is national.
    let local = ["省", "自治区", "自治州", "县", "区"]
        .iter()
        .any(|w| issuer.contains(w))
        || issuer.replace("市场", "").contains('市');
    (issuer.ends_with('部') || issuer.ends_with("总局") || issuer.ends_with("委员会"))
        && !issuer.contains("人民代表大会")
        && !local
}

/// The rank the title, issuer and document number imply, when they are plain enough to say.
/// A ministry's 办法 may be a 规章 (numbered 令第N号) or a 规范性文件 (numbered 民发〔2021〕57号):
/// without a number that says which, nothing is suggested.
pub fn from_title(title: &str, issuer: Option<&str>, number: Option<&str>) -> Option<Rank> {
    let issuer = issuer.unwrap_or("");
    let number = number.unwrap_or("");
    if NORMATIVE_WORDS.iter().any(|w| title.contains(w))
        || issuer.ends_with("办公厅")
        || number.contains('〔')
    {
        return Some(Rank::NormativeDocument);
    }
    if issuer.starts_with("全国人民代表大会") {
        return Some(Rank::Law);
    }
    if title.ends_with('法') && !title.ends_with("办法") {
        return Some(Rank::Law);
    }
    let rule_like = RULE_SUFFIXES.iter().any(|s| title.ends_with(s));
    if !rule_like {
        return None;
    }
    if issuer == "国务院" {
        return Some(Rank::AdministrativeRegulation);
    }
    if issuer.contains("人民代表大会") {
        return Some(Rank::LocalRegulation);
    }
    if issuer.ends_with("人民政府") && !number.contains('〔') {
        return Some(Rank::LocalGovernmentRule);
    }
    if is_ministry(issuer) && number.contains('令') {
        return Some(Rank::DepartmentalRule);
    }
    None
}

/// The help for a `rank` value that is no rank word.
pub fn help(
    value: &str,
    title: &str,
    issuer: Option<&str>,
    number: Option<&str>,
) -> Option<String> {
    if let Some(rank) = from_title(title, issuer, number) {
        let by = issuer.map_or(String::new(), |i| format!("和发布机关「{i}」"));
        return Some(format!(
            "按标题《{title}》{by}，位阶应为「{}」",
            rank.word()
        ));
    }
    match value {
        "法规" => Some(
            "「法规」不是位阶名称：国务院制定的写「行政法规」，地方人民代表大会及其常务委员会\
             制定的写「地方性法规」"
                .to_string(),
        ),
        "规章" => Some(
            "「规章」不是位阶名称：国务院部门制定的写「部门规章」，地方人民政府制定的写\
             「地方政府规章」"
                .to_string(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_issuers_say_the_rank() {
        use Rank::*;
        let cases = [
            (
                "中华人民共和国居民身份证法",
                "全国人民代表大会常务委员会",
                "",
                Some(Law),
            ),
            (
                "社会救助暂行办法",
                "国务院",
                "国务院令第649号",
                Some(AdministrativeRegulation),
            ),
            (
                "居住证暂行条例",
                "国务院",
                "",
                Some(AdministrativeRegulation),
            ),
            (
                "江苏省社会救助办法",
                "江苏省人民政府",
                "省政府令第99号",
                Some(LocalGovernmentRule),
            ),
            (
                "江苏省城乡规划条例",
                "江苏省人民代表大会常务委员会",
                "",
                Some(LocalRegulation),
            ),
            (
                "最低生活保障审核确认办法",
                "民政部",
                "民发〔2021〕57号",
                Some(NormativeDocument),
            ),
            ("最低生活保障审核确认办法", "民政部", "", None),
            (
                "食品经营许可和备案管理办法",
                "国家市场监督管理总局",
                "总局令第78号",
                Some(DepartmentalRule),
            ),
            (
                "关于进一步做好失业保险工作的通知",
                "人力资源社会保障部",
                "",
                Some(NormativeDocument),
            ),
            ("临时救助办法", "某区民政局", "", None),
        ];
        for (title, issuer, number, want) in cases {
            let number = (!number.is_empty()).then_some(number);
            assert_eq!(
                from_title(title, Some(issuer), number),
                want,
                "{title} {number:?}"
            );
        }
    }

    #[test]
    fn a_generic_word_gets_the_two_ranks_it_may_mean() {
        let h = help("法规", "某条例", None, None).unwrap_or_default();
        assert!(h.contains("行政法规") && h.contains("地方性法规"), "{h}");
        let h = help("法规", "社会救助暂行办法", Some("国务院"), None).unwrap_or_default();
        assert!(h.contains("「行政法规」") && !h.contains("法律"), "{h}");
    }
}
