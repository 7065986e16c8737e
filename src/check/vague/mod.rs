//! Finding vague catch-all words (等, 其他, 有关 …) in Chinese text, precisely.
//!
//! The same characters are innocent inside words (等级, 平等, 一等奖), in terms of art
//! (其他组织), in closed lists (等3项), in negated clauses (无需提交其他材料) and inside titles
//! (《…若干问题的规定》). Character look-arounds cannot tell these apart, and fail the other way
//! on 租赁合同等 (which contains 同等). So a text is segmented into words with jieba (HMM off,
//! a pruned dictionary plus domain words, all under `data/vague/`), a trigger counts only
//! when it is a word of its own, and the exceptions are checked on the words around it.
//! Only texts that contain a trigger are segmented at all.

use jieba_rs::{Jieba, Token};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// What kind of vagueness a trigger introduces; decides the wording of the diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An open list (等外): the enumeration does not end.
    OpenList,
    /// A catch-all (兜底): "anything else".
    CatchAll,
    /// Something referred to but not named (有关部门).
    Unnamed,
    /// A quantity left open (若干).
    Quantity,
    /// A condition left open (必要时).
    Condition,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "open-list" => Kind::OpenList,
            "catch-all" => Kind::CatchAll,
            "unnamed" => Kind::Unnamed,
            "quantity" => Kind::Quantity,
            "condition" => Kind::Condition,
            _ => return None,
        })
    }

    /// A short Chinese description, for the label under the word.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::OpenList => "开放式列举",
            Kind::CatchAll => "兜底表述",
            Kind::Unnamed => "指代不明",
            Kind::Quantity => "数量不明",
            Kind::Condition => "条件不明",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub word: String,
    pub kind: Kind,
    /// How to fix it, in Chinese.
    pub fix: String,
}

/// One vague phrase found: its byte range in the text and the trigger it starts with. Triggers
/// next to each other (其他相关, 等有关, 有关部门等) are one phrase and one finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding<'d> {
    pub start: usize,
    pub end: usize,
    pub trigger: &'d Trigger,
    /// Whether any trigger of the phrase is a catch-all (其他相关 is): the kind a cited statute
    /// may justify (see the statutory-catch-all rule).
    pub catch_all: bool,
}

/// The detector with its word lists, built once per process.
pub struct Detector {
    jieba: Jieba,
    triggers: Vec<Trigger>,
    /// Every trigger without a trailing 的 or 时 (必要的 → 必要), searched for at once by
    /// [`Detector::may_contain`]. Building it fails only past limits a dozen short words are far
    /// from; without it every text gets the full search, so nothing is missed.
    stems: Option<aho_corasick::AhoCorasick>,
    negations: Vec<String>,
    measures: Vec<String>,
    wait_words: BTreeSet<String>,
    /// Terms of art (其他组织) and the verbs after which they become an open set of issuers.
    open_issuers: Vec<(String, Vec<String>)>,
    category_nouns: BTreeSet<String>,
    /// Legal phrases in which a trigger is definite (承担相关法律责任).
    fixed_phrases: Vec<String>,
    /// Nouns after which 相应(的) leaves an amount or standard open (相应的资金).
    open_resources: BTreeSet<String>,
    /// Coverbs that, right after a negation, extend it over the verb phrase (不得将…分解为若干).
    coverbs: Vec<String>,
}

const DICT: &str = include_str!("../../../data/vague/dict.txt");
const DOMAIN: &str = include_str!("../../../data/vague/domain.txt");
const TRIGGERS: &str = include_str!("../../../data/vague/triggers.tsv");
const NEGATIONS: &str = include_str!("../../../data/vague/negations.txt");
const MEASURES: &str = include_str!("../../../data/vague/measures.txt");
const WAIT_WORDS: &str = include_str!("../../../data/vague/wait_words.txt");
const OPEN_ISSUERS: &str = include_str!("../../../data/vague/open_issuers.tsv");
const CATEGORY_NOUNS: &str = include_str!("../../../data/vague/category_nouns.txt");
const FIXED_PHRASES: &str = include_str!("../../../data/vague/fixed_phrases.txt");
const OPEN_RESOURCES: &str = include_str!("../../../data/vague/open_resources.txt");
const COVERBS: &str = include_str!("../../../data/vague/coverbs.txt");

/// How many characters may stand between a negation and the catch-all it negates
/// (无需 提交 其他材料; 不得 要求申请人提交 其他证明).
const NEGATION_REACH: usize = 12;

/// How far a negation followed by a coverb reaches: over the whole verb phrase it governs
/// (不得 将应该申请领取施工许可证的工程项目分解为 若干), still within the clause.
const COVERB_REACH: usize = 30;

/// How many characters may stand between two triggers of one phrase (有关部门等: 部门).
const PHRASE_GAP: usize = 2;

/// Characters that mark an enumeration earlier in the clause.
const LIST_MARKS: &[&str] = &["、", "及", "和", "或", "以及"];

/// Characters that end a clause: negation reaches back only to the last of these.
const CLAUSE_ENDS: &[char] = &[
    '，', ',', '。', '；', ';', '：', ':', '！', '!', '？', '?', '\n',
];

/// Characters of Chinese numerals that may count a closed list (等三项).
const NUMERAL_CHARS: &str = "一二两三四五六七八九十百千零〇";

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Detector {
    /// The shared detector; loading the dictionary costs a few milliseconds, once.
    pub fn get() -> &'static Detector {
        static DETECTOR: OnceLock<Detector> = OnceLock::new();
        DETECTOR.get_or_init(Detector::load)
    }

    fn load() -> Detector {
        let mut jieba = Jieba::empty();
        let mut dict = DICT.as_bytes();
        // The dictionary is data compiled into the binary and checked by the tests; a malformed
        // line would only lose words, so an error here leaves the entries read so far.
        let _ = jieba.load_dict(&mut dict);
        for line in data_lines(DOMAIN) {
            let mut parts = line.split_whitespace();
            if let Some(word) = parts.next() {
                // Without a frequency the word is forced to stay whole, as jieba's suggest_freq
                // recommends: 不等 must beat 不 + 等 however frequent those are.
                let freq = match parts.next().and_then(|f| f.parse().ok()) {
                    Some(f) => f,
                    None => jieba.suggest_freq(word),
                };
                jieba.add_word(word, Some(freq), None);
            }
        }
        let triggers = data_lines(TRIGGERS)
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let word = cols.next()?.to_string();
                let kind = Kind::parse(cols.next()?)?;
                let fix = cols.next().unwrap_or("").to_string();
                Some(Trigger { word, kind, fix })
            })
            .collect::<Vec<Trigger>>();
        let stems = triggers
            .iter()
            .map(|t| t.word.strip_suffix(['的', '时']).unwrap_or(&t.word));
        let stems = aho_corasick::AhoCorasick::new(stems).ok();
        Detector {
            jieba,
            triggers,
            stems,
            negations: data_lines(NEGATIONS).map(str::to_string).collect(),
            measures: data_lines(MEASURES).map(str::to_string).collect(),
            wait_words: data_lines(WAIT_WORDS).map(str::to_string).collect(),
            open_issuers: data_lines(OPEN_ISSUERS)
                .filter_map(|line| {
                    let (term, verbs) = line.split_once('\t')?;
                    Some((
                        term.to_string(),
                        verbs.split('|').map(str::to_string).collect(),
                    ))
                })
                .collect(),
            category_nouns: data_lines(CATEGORY_NOUNS).map(str::to_string).collect(),
            fixed_phrases: data_lines(FIXED_PHRASES).map(str::to_string).collect(),
            open_resources: data_lines(OPEN_RESOURCES).map(str::to_string).collect(),
            coverbs: data_lines(COVERBS).map(str::to_string).collect(),
        }
    }

    pub fn triggers(&self) -> &[Trigger] {
        &self.triggers
    }

    fn trigger(&self, word: &str) -> Option<&Trigger> {
        self.triggers.iter().find(|t| t.word == word)
    }

    /// Whether any trigger could be in `text` at all (cheap; most texts stop here). One
    /// multi-pattern search: a substring search per trigger per text cost more than everything
    /// else in the vague-wording rule, and a pass decoding every character still a third of it.
    fn may_contain(&self, text: &str) -> bool {
        self.stems.as_ref().is_none_or(|s| s.is_match(text))
    }

    /// Every vague word in `text`, in order.
    pub fn find<'d>(&'d self, text: &str) -> Vec<Finding<'d>> {
        let mut out = Vec::new();
        if !self.may_contain(text) {
            return out;
        }
        for (start, end) in outside_titles(text) {
            self.find_in_chunk(text, start, end, &mut out);
        }
        out.retain(|f| !self.in_fixed_phrase(text, f.start, f.end));
        out.sort_by_key(|f| (f.start, f.end));
        merge_phrases(text, out)
    }

    /// Whether `start..end` lies inside one of the fixed legal phrases (承担相关法律责任).
    fn in_fixed_phrase(&self, text: &str, start: usize, end: usize) -> bool {
        self.fixed_phrases.iter().any(|p| {
            text.match_indices(p.as_str())
                .any(|(i, _)| i <= start && end <= i + p.len())
        })
    }

    fn find_in_chunk<'d>(
        &'d self,
        text: &str,
        start: usize,
        end: usize,
        out: &mut Vec<Finding<'d>>,
    ) {
        let chunk = &text[start..end];
        // Phrases that span several words are matched as written.
        for t in self.triggers.iter().filter(|t| t.word.chars().count() > 3) {
            for (i, _) in chunk.match_indices(t.word.as_str()) {
                let (s, e) = (start + i, start + i + t.word.len());
                if !self.negated(text, s) {
                    out.push(Finding::new(s, e, t));
                }
            }
        }
        let tokens: Vec<Token> = self.jieba.cut(chunk, false);
        for (i, tok) in tokens.iter().enumerate() {
            let prev = i.checked_sub(1).and_then(|p| tokens.get(p)).map(|t| t.word);
            let next = tokens.get(i + 1).map(|t| t.word);
            let after_next = tokens.get(i + 2).map(|t| t.word);
            let s = start + tok.byte_start;
            let e = start + tok.byte_end;
            let candidate = match tok.word {
                w if self.open_issuer(w, next) => self
                    .triggers
                    .iter()
                    .find(|t| w.starts_with(t.word.as_str()))
                    .map(|t| (t, s, s + t.word.len())),
                "必要" if next == Some("的") => {
                    self.trigger("必要的").map(|t| (t, s, e + "的".len()))
                }
                "必要" if next.is_some_and(|n| n.starts_with('时')) => {
                    self.trigger("必要时").map(|t| (t, s, e + "时".len()))
                }
                "相应" if !self.open_correspondence(text, s, next, after_next) => None,
                "相关" | "有关" if after_article(&text[..s]) => None,
                w => match self.trigger(w) {
                    Some(t) if !self.split_across_neighbours(w, prev, next) => Some((t, s, e)),
                    Some(_) => None,
                    None => self.hidden_deng(text, s, w, prev, next).and_then(|offset| {
                        let at = s + offset;
                        self.trigger("等").map(|t| (t, at, at + "等".len()))
                    }),
                },
            };
            let Some((trigger, s, e)) = candidate else {
                continue;
            };
            if self.negated(text, s) {
                continue;
            }
            if trigger.word == "等"
                && (self.closed_list(&text[e..])
                    || prev.is_some_and(|p| self.wait_words.contains(p)))
            {
                continue;
            }
            out.push(Finding::new(s, e, trigger));
        }
        self.straddling(text, start, &tokens, out);
    }

    /// 身份证及其他 segments as 及其 / 他: a two-character trigger whose second character was
    /// left as a token of its own after its first was absorbed into the previous word.
    fn straddling<'d>(
        &'d self,
        text: &str,
        start: usize,
        tokens: &[Token],
        out: &mut Vec<Finding<'d>>,
    ) {
        for pair in tokens.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let Some(last) = a.word.chars().last() else {
                continue;
            };
            if a.word.chars().count() < 2 || b.word.chars().count() != 1 {
                continue;
            }
            let joined = format!("{last}{}", b.word);
            let Some(trigger) = self.trigger(&joined) else {
                continue;
            };
            let s = start + a.byte_end - last.len_utf8();
            if !self.negated(text, s) {
                out.push(Finding::new(s, start + b.byte_end, trigger));
            }
        }
    }

    /// 其他组织 followed by 出具: a term of art used as an open set of issuers.
    fn open_issuer(&self, word: &str, next: Option<&str>) -> bool {
        let Some(next) = next else { return false };
        self.open_issuers
            .iter()
            .any(|(term, verbs)| term == word && verbs.iter().any(|v| next.starts_with(v.as_str())))
    }

    /// 没有关联: the segmenter took 有关 out of 没有 + 关联. When both halves of a two-character
    /// trigger join their neighbours into words, the trigger is an accident of segmentation.
    fn split_across_neighbours(&self, word: &str, prev: Option<&str>, next: Option<&str>) -> bool {
        let mut chars = word.chars();
        let (Some(a), Some(b), None) = (chars.next(), chars.next(), chars.next()) else {
            return false;
        };
        let (Some(p), Some(n)) = (
            prev.and_then(|p| p.chars().last()),
            next.and_then(|n| n.chars().next()),
        ) else {
            return false;
        };
        self.jieba.has_word(&format!("{p}{a}")) && self.jieba.has_word(&format!("{b}{n}"))
    }

    /// 租赁合同等 may segment as 租赁 / 合 / 同等: a word that ends in 等, whose other characters
    /// form a word with the end of the previous token, hides an open-list 等. 国家级、省级等级别
    /// is the mirror case at the start of a word. Only in a list context: after an enumeration
    /// mark, or before a generic noun (身份核对等方式), so 男女双方平等受理 stays innocent.
    /// Returns the byte offset of that 等 in `word`.
    fn hidden_deng(
        &self,
        text: &str,
        at: usize,
        word: &str,
        prev: Option<&str>,
        next: Option<&str>,
    ) -> Option<usize> {
        if word.chars().count() < 2 || !word.contains('等') {
            return None;
        }
        let clause = &text[clause_start(text, at)..at];
        let listing = LIST_MARKS.iter().any(|m| clause.contains(m))
            || next.is_some_and(|n| self.category_nouns.contains(n));
        if !listing {
            return None;
        }
        // The dictionary keeps only words of frequency >= 30 (scripts/build_vague_dict.py), except
        // words holding a trigger; rarer entries are names and noise (方平, 建平).
        let known = |w: &str| self.jieba.has_word(w) && !w.contains('等');
        if let Some(stem) = word.strip_suffix('等') {
            let p = prev?.chars().last()?;
            if known(&format!("{p}{stem}")) {
                return Some(stem.len());
            }
        }
        if let Some(rest) = word.strip_prefix('等') {
            let n = next?.chars().next()?;
            if known(&format!("{rest}{n}")) {
                return Some(0);
            }
        }
        None
    }

    /// A negation that governs the catch-all: earlier in the same clause, at most
    /// [`NEGATION_REACH`] characters before it, with no 的 between (无需提交其他材料 is negated;
    /// 无禁止结婚的亲属关系等情形 is not — 禁止 belongs to a relative clause). A negation followed
    /// by a coverb (不得在…, 不得将…) governs the clause's main verb, so a 的 inside the coverb's
    /// phrase does not stop it, up to [`COVERB_REACH`].
    fn negated(&self, text: &str, at: usize) -> bool {
        let clause = &text[clause_start(text, at)..at];
        self.negations.iter().any(|n| {
            clause.rfind(n.as_str()).is_some_and(|i| {
                let gap = &clause[i + n.len()..];
                let len = gap.chars().count();
                if self.coverbs.iter().any(|c| gap.starts_with(c.as_str())) {
                    len <= COVERB_REACH
                } else {
                    !gap.contains('的') && len <= NEGATION_REACH
                }
            })
        })
    }

    /// 相应(的) followed by a resource it leaves unquantified (有相应的资金), and not tied to a
    /// named measure earlier in the clause (与经营规模相应的资金 says what it corresponds to).
    fn open_correspondence(
        &self,
        text: &str,
        at: usize,
        next: Option<&str>,
        after_next: Option<&str>,
    ) -> bool {
        let noun = match next {
            Some("的") => after_next,
            n => n,
        };
        let open = noun.is_some_and(|n| self.open_resources.contains(n));
        open && !text[clause_start(text, at)..at].contains('与')
    }

    /// 等3项, 等五个部门: a counted, closed list (等内).
    fn closed_list(&self, after: &str) -> bool {
        let rest = after.trim_start();
        let digits: usize = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || NUMERAL_CHARS.contains(*c))
            .map(char::len_utf8)
            .sum();
        if digits == 0 {
            return false;
        }
        let rest = rest[digits..].trim_start();
        self.measures.iter().any(|m| rest.starts_with(m.as_str()))
    }
}

impl<'d> Finding<'d> {
    fn new(start: usize, end: usize, trigger: &'d Trigger) -> Finding<'d> {
        Finding {
            start,
            end,
            trigger,
            catch_all: trigger.kind == Kind::CatchAll,
        }
    }
}

/// Joins findings (sorted by position) that overlap or stand at most [`PHRASE_GAP`] characters
/// apart within one clause and one list item (其他相关, 等有关, 有关部门等): one phrase, one finding.
fn merge_phrases<'d>(text: &str, found: Vec<Finding<'d>>) -> Vec<Finding<'d>> {
    let mut out: Vec<Finding<'d>> = Vec::with_capacity(found.len());
    for f in found {
        if let Some(last) = out.last_mut() {
            let joins = f.start <= last.end || {
                let gap = &text[last.end..f.start];
                gap.chars().count() <= PHRASE_GAP
                    && !gap.contains(CLAUSE_ENDS)
                    && !LIST_MARKS.iter().any(|m| gap.contains(m))
            };
            if joins {
                last.end = last.end.max(f.end);
                last.catch_all |= f.catch_all;
                continue;
            }
        }
        out.push(f);
    }
    out
}

/// Whether `before` ends in an article reference (第二十一条, 第三条第二款): 相关规定 right after
/// it means the article just cited.
fn after_article(before: &str) -> bool {
    let Some(head) = before.strip_suffix(['条', '款', '项']) else {
        return false;
    };
    let Some(i) = head.rfind('第') else {
        return false;
    };
    head[i + '第'.len_utf8()..]
        .chars()
        .all(|c| c.is_ascii_digit() || NUMERAL_CHARS.contains(c) || "第条款项之".contains(c))
}

/// Where the clause holding byte `at` starts.
fn clause_start(text: &str, at: usize) -> usize {
    text[..at].rfind(CLAUSE_ENDS).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    })
}

/// Byte ranges of `text` outside 《…》 titles (nesting allowed; an unclosed 《 runs to the end).
fn outside_titles(text: &str) -> Vec<(usize, usize)> {
    let mut chunks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '《' => {
                if depth == 0 && i > start {
                    chunks.push((start, i));
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    start = i + c.len_utf8();
                }
            }
            _ => {}
        }
    }
    if depth == 0 && start < text.len() {
        chunks.push((start, text.len()));
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        Detector::get()
            .find(text)
            .into_iter()
            .map(|f| &text[f.start..f.end])
            .collect()
    }

    #[test]
    fn the_pre_check_lets_through_every_trigger_and_stops_clean_text() {
        let d = Detector::get();
        assert!(d.stems.is_some());
        for t in d.triggers() {
            for text in [t.word.clone(), format!("申请人{}材料", t.word)] {
                assert!(d.may_contain(&text), "{text}");
            }
        }
        for clean in [
            "",
            "申请人居民身份证",
            "《中华人民共和国行政许可法》第三十条",
            "abc",
        ] {
            assert!(!d.may_contain(clean), "{clean}");
        }
    }

    #[test]
    fn open_lists_and_their_traps() {
        assert_eq!(words("居民身份证、户口簿等身份证明材料"), ["等"]);
        assert_eq!(words("房产证、购房合同等有效产权证明"), ["等"]);
        assert_eq!(words("通过身份核对等方式验证"), ["等"]);
        assert!(words("残疾等级为一级或二级").is_empty());
        assert!(words("获得市级一等奖").is_empty());
        assert!(words("收费标准为10元至50元不等").is_empty());
        assert!(words("提交身份证、户口簿、结婚证等3项材料").is_empty());
    }

    #[test]
    fn catch_alls_terms_of_art_and_negation() {
        assert_eq!(words("其他需要提交的材料"), ["其他"]);
        assert!(words("申请人为法人或者其他组织的").is_empty());
        assert!(words("无需提交其他材料").is_empty());
        assert_eq!(words("无需提交户口簿，但应提交其他证明"), ["其他"]);
        assert!(words("依据《最高人民法院关于审理房屋租赁合同纠纷案件若干问题的解释》").is_empty());
        assert_eq!(words("有关部门出具的证明"), ["有关"]);
        assert_eq!(words("必要时提供病历"), ["必要时"]);
        assert_eq!(words("提供必要的证明材料"), ["必要的"]);
        assert_eq!(words("材料包括但不限于身份证明"), ["包括但不限于"]);
    }

    #[test]
    fn rejoining_needs_a_list_context() {
        assert!(words("婚姻登记机关对男女双方平等受理").is_empty());
        assert!(words("不得给予不平等待遇").is_empty());
        assert_eq!(words("标明建筑层数、标高等"), ["等"]);
        assert_eq!(words("专业技术水平等情况"), ["等"]);
    }

    #[test]
    fn negation_must_govern_the_catch_all() {
        assert_eq!(words("无配偶、无禁止结婚的亲属关系等情形"), ["等"]);
        assert!(words("不得要求申请人提交其他证明").is_empty());
        assert_eq!(words("身份证及其他"), ["其他"]);
    }

    #[test]
    fn one_phrase_is_one_finding() {
        assert_eq!(words("授权委托书及其他相关证明"), ["其他相关"]);
        assert_eq!(words("购房合同或意向书等有关证明文件"), ["等有关"]);
        assert_eq!(words("有关部门等出具的证明"), ["有关部门等"]);
        assert_eq!(words("与不动产登记有关的其他材料"), ["有关的其他"]);
        assert_eq!(words("权属争议等等情形"), ["等等"]);
        // Apart, or in separate items of a list, they stay two findings.
        assert_eq!(words("有关部门或其他单位"), ["有关", "其他"]);
        let f = Detector::get().find("相关的其他材料");
        assert_eq!(f.len(), 1);
        assert!(f.iter().all(|f| f.catch_all));
    }

    #[test]
    fn open_correspondence() {
        assert_eq!(words("有相应的资金和固定的经营场所"), ["相应"]);
        assert_eq!(words("制定相应的质量和安全技术措施"), ["相应"]);
        assert!(words("具有与经营规模相适应的资金").is_empty());
        assert!(words("不具备相应资质的企业").is_empty());
        assert!(words("并提交相应的证明文件").is_empty());
        assert!(words("依法承担相应法律责任").is_empty());
    }

    #[test]
    fn fixed_phrases_articles_and_persons() {
        assert!(words("提供虚假材料的，承担相关法律责任").is_empty());
        assert!(words("隐瞒有关情况或者提供虚假材料的").is_empty());
        assert!(words("依据《个体工商户条例》第十三条相关规定执行").is_empty());
        assert_eq!(words("依据国家相关规定执行"), ["相关"]);
        assert!(words("委托其他人代办的，提交代理人身份证").is_empty());
        assert_eq!(words("村委会或其他人出具的证明"), ["其他"]);
        assert!(words("未参加职工医保或其他医疗保障制度的城乡居民").is_empty());
        assert!(words("职权类型为其他职权").is_empty());
    }

    #[test]
    fn a_negation_with_a_coverb_governs_the_verb_phrase() {
        assert!(words("各部门不得在公布的清单外实施其他行政审批").is_empty());
        assert!(
            words("不得将应该申请领取施工许可证的工程项目分解为若干限额以下的工程项目").is_empty()
        );
        assert_eq!(words("无配偶、无禁止结婚的亲属关系等情形"), ["等"]);
    }

    #[test]
    fn article_references() {
        assert!(after_article("第二十一条"));
        assert!(after_article("《某法》第3条第二款"));
        assert!(!after_article("国家"));
        assert!(!after_article("条"));
    }

    #[test]
    fn titles_are_skipped() {
        assert_eq!(outside_titles("甲《乙》丙"), [(0, 3), (12, 15)]);
        assert_eq!(outside_titles("《乙〈丙〉》"), Vec::<(usize, usize)>::new());
    }
}
#[cfg(test)]
mod debug_tests {
    /// For tuning the word lists:
    /// `SEG="文本一|文本二" cargo test --lib show_segmentation -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn show_segmentation() {
        let d = super::Detector::get();
        for s in std::env::var("SEG").unwrap_or_default().split('|') {
            let toks: Vec<&str> = d.jieba.cut(s, false).iter().map(|t| t.word).collect();
            let found: Vec<&str> = d.find(s).iter().map(|f| &s[f.start..f.end]).collect();
            println!("{s} => {} => {found:?}", toks.join(" / "));
        }
    }
}
