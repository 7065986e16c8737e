//! The keywords of the language: one table, which the grammar's `kw_*` rules, the syntax error
//! messages, `fmt` and the language reference must agree with (a test reads the grammar and
//! `docs/language.md` and holds them to it).

use super::Rule;

/// How a keyword is used: to name a field (`名称`, `依据`) or as a word inside a value or a
/// structure (`即办`, `次`, `串联`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Field,
    Word,
}

#[derive(Clone, Copy, Debug)]
pub struct Keyword {
    /// The grammar rule that matches it (`kw_name`).
    pub rule: Rule,
    pub word: &'static str,
    pub kind: Kind,
}

/// Every keyword, in the order of the grammar's `kw_*` rules.
pub static KEYWORDS: &[Keyword] = &[
    Keyword {
        rule: Rule::kw_matter,
        word: "事项",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_bundle,
        word: "一件事",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_name,
        word: "名称",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_code,
        word: "编码",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_type,
        word: "类型",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_department,
        word: "实施主体",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_subjects,
        word: "服务对象",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_handling,
        word: "办件类型",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_basis,
        word: "依据",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_conditions,
        word: "受理条件",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_materials,
        word: "材料",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_time,
        word: "时限",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_fee,
        word: "收费",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_no_fee,
        word: "不收费",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_visits,
        word: "到现场",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_times,
        word: "次",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_channels,
        word: "办理形式",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_agency,
        word: "代办",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_tongban,
        word: "通办",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_result,
        word: "结果",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_consult,
        word: "咨询",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_online_url,
        word: "网办地址",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_review,
        word: "复议",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_litigation,
        word: "诉讼",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_quantity_limit,
        word: "数量限制",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_supervise,
        word: "监督",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_location,
        word: "地点",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_hours,
        word: "时间",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_faq,
        word: "常见问题",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_question,
        word: "问",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_answer,
        word: "答",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_evidence,
        word: "证照",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_form,
        word: "形式",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_copies,
        word: "份数",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_medium,
        word: "介质",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_source,
        word: "来源",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_necessity,
        word: "必要性",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_situation,
        word: "情形",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_sample,
        word: "样表",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_mistake,
        word: "常见错误",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_exempt,
        word: "免提交",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_suppress,
        word: "豁免",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_legal,
        word: "法定",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_promised,
        word: "承诺",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_special,
        word: "特别程序",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_instant,
        word: "即办",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_standard,
        word: "标准",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_lead,
        word: "牵头",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_flow,
        word: "流程",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_target,
        word: "目标时限",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_serial,
        word: "串联",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_parallel,
        word: "并联",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_unverified,
        word: "待核",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_variant,
        word: "办理情形",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_one_of,
        word: "任选",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_steps,
        word: "办理流程",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_body,
        word: "主体",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_post,
        word: "岗位",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_note,
        word: "说明",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_uncounted,
        word: "不计入时限",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_none,
        word: "无",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_extension,
        word: "延长",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_accepting,
        word: "受理机构",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_deciding,
        word: "决定机构",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_entrust,
        word: "委托",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_power_source,
        word: "权力来源",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_commitment,
        word: "告知承诺",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_amount,
        word: "金额",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_yuan,
        word: "元",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_per,
        word: "每",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_relief,
        word: "减免",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_validity,
        word: "有效期",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_longterm,
        word: "长期",
        kind: Kind::Word,
    },
    Keyword {
        rule: Rule::kw_delivery,
        word: "送达",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_deadline,
        word: "后补时限",
        kind: Kind::Field,
    },
    Keyword {
        rule: Rule::kw_optional,
        word: "可选",
        kind: Kind::Word,
    },
];

/// The keyword a grammar rule matches, if it is a `kw_*` rule.
pub fn of(rule: Rule) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.rule == rule)
}

/// The word of a `kw_*` rule; empty for any other rule.
pub fn word(rule: Rule) -> &'static str {
    of(rule).map_or("", |k| k.word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `kw_name = @{ "名称" ~ !XID_CONTINUE }` lines of the grammar, as (rule, word).
    fn grammar_keywords() -> Vec<(String, String)> {
        let grammar = include_str!("../../grammar/banshi.pest");
        grammar
            .lines()
            .filter_map(|line| {
                let (rule, rest) = line.split_once(" = @{ \"")?;
                let (word, _) = rest.split_once('"')?;
                rule.starts_with("kw_")
                    .then(|| (rule.to_string(), word.to_string()))
            })
            .collect()
    }

    #[test]
    fn the_table_is_the_grammar_s_keywords() {
        let table: Vec<(String, String)> = KEYWORDS
            .iter()
            .map(|k| (format!("{:?}", k.rule), k.word.to_string()))
            .collect();
        assert_eq!(table, grammar_keywords());
    }

    #[test]
    fn the_language_reference_lists_every_keyword() {
        // The rows `| `名称` | field |` of the keyword table in docs/language.md.
        let docs = include_str!("../../docs/language.md");
        let listed: Vec<(String, Kind)> = docs
            .lines()
            .filter_map(|line| {
                let rest = line.strip_prefix("| `")?;
                let (word, rest) = rest.split_once("` | ")?;
                let kind = match rest.trim_end_matches(" |") {
                    "field" => Kind::Field,
                    "word" => Kind::Word,
                    _ => return None,
                };
                Some((word.to_string(), kind))
            })
            .collect();
        let table: Vec<(String, Kind)> = KEYWORDS
            .iter()
            .map(|k| (k.word.to_string(), k.kind))
            .collect();
        assert_eq!(listed, table, "docs/language.md, section Keywords");
    }

    #[test]
    fn formatting_keeps_every_keyword_as_written() {
        // fmt prints keywords from the source text; a file using each keyword where the grammar
        // allows it comes back with each of them.
        let src = "事项 甲 {\n  名称 \"a\"\n  编码 \"000505001000\"\n  类型 行政给付\n  实施主体 民政局\n  服务对象 自然人\n  办件类型 承诺件\n  依据 {\n    《法甲》第9条\n  }\n  受理条件 {\n    \"x\" 依据 《法甲》第9条\n  }\n  材料 {\n    申请书 {\n      名称 \"申请书\"\n      证照 身份证\n      形式 原件\n      份数 1\n      介质 纸质\n      来源 申请人自备\n      必要性 必要\n      情形 \"y\"\n      依据 《法甲》第9条\n      样表 \"forms/a.docx\"\n      常见错误 \"z\"\n      免提交 数据共享\n      豁免 vague-wording \"r\"\n    }\n  }\n  时限 {\n    法定 20 工作日\n    承诺 即办\n    特别程序 \"公示\" 5 自然日\n  }\n  收费 {\n    工本费 {\n      名称 \"工本费\"\n      标准 \"1 元\"\n      依据 《法甲》第9条\n    }\n  }\n  到现场 0 次\n  办理形式 网上\n  代办 A\n  通办 全城通办\n  结果 {\n    名称 \"证\"\n    证照 证\n  }\n  咨询 \"1\"\n  网办地址 \"https://zwfw.example.cn/a\"\n  复议 \"r\"\n  诉讼 \"l\"\n  数量限制 \"n\"\n  监督 \"2\"\n  地点 \"3\"\n  时间 \"4\"\n  常见问题 {\n    问 \"q\"\n    答 \"a\"\n  }\n  受理机构 \"各街道办事处\"\n  决定机构 民政局\n  委托 街道 依据 《法甲》第9条\n  权力来源 法定本级行使\n  告知承诺 \"事后核查\"\n  办理流程 {\n    受理 {\n      名称 \"受理\"\n      主体 街道\n      岗位 \"窗口\"\n      时限 即办\n      结果 \"受理通知书\"\n      说明 \"s\"\n    }\n    公示 {\n      时限 7 自然日\n      不计入时限\n    }\n  }\n  办理情形 补领 {\n    名称 \"补领\"\n    材料 {\n      任选 身份证明 {\n        名称 \"身份证明\"\n        户口簿 {\n          名称 \"户口簿\"\n          形式 待核 \"r\"\n          份数 1\n          来源 政府部门核发\n          必要性 容缺后补\n          后补时限 5 工作日\n        }\n      }\n    }\n    时限 {\n      法定 无\n      承诺 待核\n      延长 10 工作日 依据 《法甲》第9条\n    }\n    收费 {\n      工本费 {\n        名称 \"工本费\"\n        金额 12.5 元\n        每 \"证\"\n        减免 \"免收\" 依据 《法甲》第9条\n        依据 《法甲》第9条\n      }\n    }\n    结果 {\n      名称 \"证\"\n      有效期 长期\n      送达 窗口领取 邮寄\n    }\n  }\n}\n\n事项 乙 {\n  收费 不收费\n}\n\n一件事 丙 {\n  名称 \"c\"\n  牵头 民政局\n  目标时限 5 工作日\n  受理条件 {\n    \"x\"\n  }\n  流程 串联 {\n    甲\n    并联 {\n      乙.补领\n      可选 甲\n    }\n  }\n}\n";
        let out = crate::syntax::fmt::format(src).expect("parses");
        assert_eq!(out, src, "the sample is already formatted");
        for k in KEYWORDS {
            assert!(out.contains(k.word), "{} is lost or never used", k.word);
        }
    }
}
