//! Random valid catalogs for property tests: whatever the layout (`Style`) and with every
//! construct of language Part two drawn in some of the cases. Shared by the formatter's and
//! the workbook exchange's property tests.

use proptest::prelude::*;
use std::fmt::Write as _;
/// How a file is laid out: everything `fmt` is allowed to change.
#[derive(Clone, Debug)]
pub struct Style {
    pub crlf: bool,
    /// After a field name: "", ":" or "：".
    pub colon: &'static str,
    /// Between a field name and its value: " ", "\t", "\u{3000}", "  ".
    pub gap: &'static str,
    pub indent: &'static str,
    /// A comment at the end of some lines.
    pub comments: bool,
    /// “…” instead of "…" where the text allows.
    pub chinese_quotes: bool,
    /// 第11条 instead of 第十一条.
    pub ascii_articles: bool,
    /// `20 个工作日` instead of `20 工作日`.
    pub ge: bool,
    /// Separator in value lists.
    pub list_sep: &'static str,
}

pub fn style() -> impl Strategy<Value = Style> {
    (
        any::<bool>(),
        prop::sample::select(vec!["", ":", "："]),
        prop::sample::select(vec![" ", "\t", "\u{3000}", "  "]),
        prop::sample::select(vec!["  ", "    ", "\t", "\u{3000}"]),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![" ", "、", "，", ","]),
    )
        .prop_map(
            |(crlf, colon, gap, indent, comments, chinese_quotes, ascii_articles, ge, list_sep)| {
                Style {
                    crlf,
                    colon,
                    gap,
                    indent,
                    comments,
                    chinese_quotes,
                    ascii_articles,
                    ge,
                    list_sep,
                }
            },
        )
}

/// Text for strings: Chinese, ASCII, digits, punctuation, quotes and backslashes (escaped when
/// written in ASCII quotes), and now and then a vague word, whose finding must survive too.
pub fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "申请人",
            "家庭成员",
            "收入",
            "证明",
            "居住",
            "本区",
            "户口",
            "材料",
            "ABC",
            "123",
            "、",
            "，",
            "。",
            "（",
            "）",
            "\"",
            "\\",
            "《",
            "》",
            "等",
            "其他",
            " ",
            "—",
            "/",
        ]),
        1..8,
    )
    .prop_map(|parts| parts.concat())
}

#[derive(Clone, Debug)]
pub struct Material {
    pub name: String,
    pub evidence: Option<&'static str>,
    pub copies: u8,
    pub form: &'static str,
    pub case: Option<String>,
}

pub fn material() -> impl Strategy<Value = Material> {
    (
        text(),
        prop::option::of(prop::sample::select(vec!["居民身份证", "出生医学证明"])),
        1u8..4,
        prop::sample::select(vec!["原件", "复印件", "原件和复印件"]),
        prop::option::of(text()),
    )
        .prop_map(|(name, evidence, copies, form, case)| Material {
            name,
            evidence,
            copies,
            form,
            case,
        })
}

#[derive(Clone, Debug)]
pub struct Matter {
    pub name: String,
    /// Article numbers of 社会救助暂行办法 cited in 依据 (1–70).
    pub articles: Vec<u32>,
    pub conditions: Vec<(String, bool)>,
    pub materials: Vec<Material>,
    pub legal: u32,
    pub promised: u32,
    pub visits: u8,
    pub online: bool,
    /// Write 名称 after 编码 instead of first.
    pub swap_fields: bool,
    pub part_two: PartTwo,
}

/// The Part two constructs a matter may use.
#[derive(Clone, Debug)]
pub struct PartTwo {
    /// `待核` for 地点, with or without a reason.
    pub unverified_location: Option<Option<String>>,
    /// Two 地点 lines instead of one.
    pub two_windows: bool,
    /// A `任选` group of two members, one of them with `后补时限`.
    pub group: bool,
    /// 办理流程: (days, counted) per step; the first step acts at the class 受理机构.
    pub steps: Vec<(u32, bool)>,
    /// `受理机构 "…"` and `决定机构 民政局`.
    pub bodies: bool,
    /// `法定 无` instead of a legal limit; `延长 N 工作日 依据 …`.
    pub no_legal: bool,
    pub extension: Option<u32>,
    /// A fee item with 金额 (yuan, tenths), 每 and a 减免.
    pub fee: Option<(u32, u8)>,
    /// 结果 with 有效期 N 年 and 送达.
    pub validity: Option<u8>,
    pub commitment: Option<String>,
    /// A variant: its name, an own material, an own promised limit.
    pub variant: Option<(String, String, Option<u32>)>,
}

pub fn part_two() -> impl Strategy<Value = PartTwo> {
    (
        (
            prop::option::of(prop::option::of(text())),
            any::<bool>(),
            any::<bool>(),
            prop::collection::vec((1u32..6, any::<bool>()), 0..4),
            any::<bool>(),
            any::<bool>(),
        ),
        (
            prop::option::of(1u32..20),
            prop::option::of((1u32..200, 0u8..10)),
            prop::option::of(1u8..6),
            prop::option::of(text()),
            prop::option::of((text(), text(), prop::option::of(1u32..5))),
        ),
    )
        .prop_map(
            |(
                (unverified_location, two_windows, group, steps, bodies, no_legal),
                (extension, fee, validity, commitment, variant),
            )| PartTwo {
                unverified_location,
                two_windows,
                group,
                steps,
                bodies,
                no_legal,
                extension,
                fee,
                validity,
                commitment,
                variant,
            },
        )
}

pub fn matter() -> impl Strategy<Value = Matter> {
    (
        text(),
        prop::collection::vec(1u32..=70, 1..4),
        prop::collection::vec((text(), any::<bool>()), 1..4),
        prop::collection::vec(material(), 1..4),
        5u32..60,
        1u32..5,
        0u8..3,
        any::<bool>(),
        any::<bool>(),
        part_two(),
    )
        .prop_map(
            |(
                name,
                articles,
                conditions,
                materials,
                legal,
                promised,
                visits,
                online,
                swap_fields,
                part_two,
            )| {
                Matter {
                    name,
                    articles,
                    conditions,
                    materials,
                    legal,
                    promised,
                    visits,
                    online,
                    swap_fields,
                    part_two,
                }
            },
        )
}

pub const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1–99 as laws number articles: 九, 十一, 二十, 七十.
pub fn chinese(n: u32) -> String {
    let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
    let mut s = String::new();
    if tens > 1 {
        s.push_str(DIGITS[tens]);
    }
    if tens > 0 {
        s.push('十');
    }
    if ones > 0 || tens == 0 {
        s.push_str(DIGITS[ones]);
    }
    s
}

pub struct Writer<'a> {
    pub out: String,
    pub style: &'a Style,
    pub lines: usize,
}

impl Writer<'_> {
    fn line(&mut self, depth: usize, content: &str) {
        for _ in 0..depth {
            self.out.push_str(self.style.indent);
        }
        self.out.push_str(content);
        self.lines += 1;
        if self.style.comments && self.lines.is_multiple_of(3) {
            self.out.push_str(" // 注释 {不是块} \"也不是字符串");
        }
        self.out
            .push_str(if self.style.crlf { "\r\n" } else { "\n" });
    }

    fn field(&mut self, depth: usize, name: &str, value: &str) {
        let line = format!("{name}{}{}{value}", self.style.colon, self.style.gap);
        self.line(depth, &line);
    }

    fn string(&self, s: &str) -> String {
        if self.style.chinese_quotes && !s.contains('”') {
            format!("“{s}”")
        } else {
            format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
        }
    }

    fn days(&self, n: u32) -> String {
        format!("{n} {}工作日", if self.style.ge { "个" } else { "" })
    }

    fn article(&self, n: u32) -> String {
        if self.style.ascii_articles {
            format!("第{n}条")
        } else {
            format!("第{}条", chinese(n))
        }
    }
}

pub fn render(matters: &[Matter], style: &Style) -> String {
    let mut w = Writer {
        out: String::new(),
        style,
        lines: 0,
    };
    for (i, m) in matters.iter().enumerate() {
        w.line(0, &format!("事项 随机事项{i} {{"));
        let name = w.string(&m.name);
        let code = format!("\"00050501{:04}\"", 2000 + i);
        if m.swap_fields {
            w.field(1, "编码", &code);
            w.field(1, "名称", &name);
        } else {
            w.field(1, "名称", &name);
            w.field(1, "编码", &code);
        }
        w.field(1, "类型", "行政给付");
        w.field(1, "实施主体", "民政局");
        w.field(1, "服务对象", &["自然人", "法人"].join(style.list_sep));
        w.field(1, "办件类型", "承诺件");
        let articles: Vec<String> = m.articles.iter().map(|&a| w.article(a)).collect();
        w.field(
            1,
            "依据",
            &format!("《社会救助暂行办法》{}", articles.join(" ")),
        );
        w.field(1, "受理条件", "{");
        for (text, cited) in &m.conditions {
            let mut line = w.string(text);
            if *cited {
                write!(line, " 依据 《社会救助暂行办法》{}", w.article(9)).expect("write");
            }
            w.line(2, &line);
        }
        w.line(1, "}");
        w.field(1, "材料", "{");
        for (j, x) in m.materials.iter().enumerate() {
            w.line(2, &format!("材料{j} {{"));
            w.field(3, "名称", &w.string(&x.name));
            if let Some(e) = x.evidence {
                w.field(3, "证照", e);
                w.field(3, "免提交", "数据共享");
            }
            w.field(3, "形式", x.form);
            w.field(3, "份数", &x.copies.to_string());
            w.field(
                3,
                "来源",
                if x.evidence.is_some() {
                    "政府部门核发"
                } else {
                    "申请人自备"
                },
            );
            if let Some(case) = &x.case {
                w.field(3, "情形", &w.string(case));
            }
            w.line(2, "}");
        }
        let p = &m.part_two;
        if p.group {
            w.line(2, "任选 户籍证明 {");
            w.field(3, "名称", &w.string("户籍证明（任选一种）"));
            for (id, name) in [("户口簿", "居民户口簿"), ("户籍证明书", "户籍证明")]
            {
                w.line(3, &format!("{id} {{"));
                w.field(4, "名称", &w.string(name));
                w.field(4, "形式", "原件");
                w.field(4, "份数", "1");
                w.field(4, "来源", "政府部门核发");
                w.line(3, "}");
            }
            w.line(2, "}");
            w.line(2, "后补材料 {");
            w.field(3, "名称", &w.string("核对授权书"));
            w.field(3, "形式", "原件");
            w.field(3, "份数", "1");
            w.field(3, "来源", "申请人自备");
            w.field(3, "必要性", "容缺后补");
            w.field(3, "后补时限", &w.days(5));
            w.line(2, "}");
        }
        w.line(1, "}");
        w.field(1, "时限", "{");
        if p.no_legal {
            w.field(2, "法定", "无");
        } else {
            w.field(2, "法定", &w.days(m.legal));
        }
        w.field(2, "承诺", &w.days(m.promised));
        if let Some(n) = p.extension {
            w.field(
                2,
                "延长",
                &format!("{} 依据 《社会救助暂行办法》{}", w.days(n), w.article(11)),
            );
        }
        w.line(1, "}");
        match p.fee {
            Some((yuan, tenths)) => {
                w.field(1, "收费", "{");
                w.line(2, "工本费 {");
                w.field(3, "名称", &w.string("证明工本费"));
                w.field(3, "金额", &format!("{yuan}.{tenths} 元"));
                w.field(3, "每", &w.string("份"));
                w.field(
                    3,
                    "减免",
                    &format!(
                        "{} 依据 《社会救助暂行办法》{}",
                        w.string("低保对象免收"),
                        w.article(9)
                    ),
                );
                w.field(3, "依据", &format!("《社会救助暂行办法》{}", w.article(9)));
                w.line(2, "}");
                w.line(1, "}");
            }
            None => w.field(1, "收费", "不收费"),
        }
        if p.bodies {
            w.field(1, "受理机构", &w.string("户籍所在地街道办事处"));
            w.field(1, "决定机构", "民政局");
        }
        if !p.steps.is_empty() {
            w.field(1, "办理流程", "{");
            for (k, (days, counted)) in p.steps.iter().enumerate() {
                w.line(2, &format!("环节{k} {{"));
                w.field(3, "岗位", &w.string("经办人员"));
                w.field(3, "时限", &w.days(*days));
                if k + 1 == p.steps.len() {
                    w.field(3, "主体", "民政局");
                }
                if !counted {
                    w.line(3, "不计入时限");
                }
                w.line(2, "}");
            }
            w.line(1, "}");
        }
        if let Some(c) = &p.commitment {
            w.field(1, "告知承诺", &w.string(c));
        }
        if let Some((name, material, promised)) = &p.variant {
            w.line(1, "办理情形 情形甲 {");
            w.field(2, "名称", &w.string(name));
            w.field(2, "材料", "{");
            w.line(3, "情形材料 {");
            w.field(4, "名称", &w.string(material));
            w.field(4, "形式", "原件");
            w.field(4, "份数", "1");
            w.field(4, "来源", "申请人自备");
            w.line(3, "}");
            w.line(2, "}");
            if let Some(days) = promised {
                w.field(2, "时限", "{");
                w.field(2, "法定", &w.days(m.legal));
                w.field(2, "承诺", &w.days(*days));
                w.line(2, "}");
            }
            w.line(1, "}");
        }
        if m.visits > 0 {
            w.field(
                1,
                "到现场",
                &format!("{} 次 {}", m.visits, w.string("需现场核验身份")),
            );
        } else {
            w.field(1, "到现场", "0 次");
        }
        let channels = if m.online {
            vec!["窗口", "网上"]
        } else {
            vec!["窗口", "快递"]
        };
        w.field(1, "办理形式", &channels.join(style.list_sep));
        w.field(1, "结果", "{");
        w.field(2, "名称", &w.string("审核确认决定书"));
        if let Some(years) = p.validity {
            w.field(2, "有效期", &format!("{years} 年"));
            w.field(2, "送达", &["窗口领取", "邮寄"].join(style.list_sep));
        }
        w.line(1, "}");
        w.field(1, "咨询", &w.string("0519-85600000"));
        w.field(1, "监督", &w.string("12345"));
        match &p.unverified_location {
            Some(Some(reason)) => w.field(1, "地点", &format!("待核 {}", w.string(reason))),
            Some(None) => w.field(1, "地点", "待核"),
            None => {
                w.field(1, "地点", &w.string("政务服务中心一楼"));
                if p.two_windows {
                    w.field(1, "地点", &w.string("各街道为民服务中心"));
                }
            }
        }
        w.line(0, "}");
        w.line(0, "");
    }
    w.out
}
