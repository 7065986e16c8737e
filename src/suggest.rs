//! "您是不是想写 …？" — the closest known name to a misspelt one.

/// The prefix of the titles of national laws.
const NATION: &str = "中华人民共和国";

/// The candidate closest to `word` by edit distance over characters, if it is close enough to
/// be a plausible typo: at most a third of the longer name differs (one character for short
/// names, and at least one character is shared), so 民证局 suggests 民政局 and 名城 suggests
/// 名称, but 财政部门 suggests nothing.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // A national law cited without 中华人民共和国 (《居民身份证法》) is far from its full title
    // by edit distance, yet it is exactly that law; the same the other way round.
    if let Some(full) = candidates
        .iter()
        .find(|c| c.strip_prefix(NATION) == Some(word) || word.strip_prefix(NATION) == Some(**c))
    {
        return Some(full);
    }
    let word_len = word.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let distance = strsim::levenshtein(word, candidate);
        let longer = word_len.max(candidate.chars().count());
        if distance > (longer / 3).max(1) || distance >= longer {
            continue;
        }
        // Ties go to the smaller name, so the answer does not depend on the order candidates
        // come in (some come from hash maps).
        if best.is_none_or(|(d, c)| (distance, candidate) < (d, c)) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_close_names_only() {
        let names = ["民政局", "公安局", "人社局"];
        assert_eq!(closest("民证局", names), Some("民政局"));
        assert_eq!(closest("财政部门", names), None);
        assert_eq!(closest("名城", ["名称", "编码"]), Some("名称"));
        assert_eq!(
            closest("社会救助暂行条例", ["社会救助暂行办法", "居住证暂行条例"]),
            Some("社会救助暂行办法")
        );
        let laws = ["中华人民共和国居民身份证法", "居住证暂行条例"];
        assert_eq!(
            closest("居民身份证法", laws),
            Some("中华人民共和国居民身份证法")
        );
        assert_eq!(
            closest("中华人民共和国居住证暂行条例", laws),
            Some("居住证暂行条例")
        );
    }
}
