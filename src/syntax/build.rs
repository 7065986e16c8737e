//! pest pairs → syntax tree. One function per grammar rule; each takes the pair of that rule.
//!
//! The grammar guarantees the shapes matched here. Where a shape the grammar cannot produce
//! shows up anyway, the builder skips it rather than panicking: a malformed tree costs a
//! missing field (reported later as `missing-field`), never a crash.

use super::Rule;
use super::ast::*;
use crate::source::{FileId, Span, Text};
use pest::iterators::{Pair, Pairs};

pub(super) struct Builder {
    pub file: FileId,
    /// Where the parsed text starts in the file: a piece parsed alone during error recovery
    /// starts after the file's beginning, and its spans must still be the file's.
    pub base: usize,
}

type P<'i> = Pair<'i, Rule>;
/// The pairs after a field's keyword.
type Rest<'i> = Pairs<'i, Rule>;

impl Builder {
    fn span(&self, pair: &P) -> Span {
        let s = pair.as_span();
        Span::new(self.file, self.base + s.start()..self.base + s.end())
    }

    /// A rule ending in optional parts (`第九条 第二款?`) also spans the blanks and comments
    /// pest skipped while looking for them; this span stops at the last character written.
    /// Only used for rules without strings, where `//` can only start a comment.
    fn tight_span(&self, pair: &P) -> Span {
        let s = pair.as_span();
        let mut text = s.as_str();
        loop {
            text = text.trim_end_matches(|c: char| c.is_whitespace());
            let line_start = text.rfind('\n').map_or(0, |i| i + 1);
            match text[line_start..].find("//") {
                Some(i) => text = &text[..line_start + i],
                None => break,
            }
        }
        Span::new(
            self.file,
            self.base + s.start()..self.base + s.start() + text.len(),
        )
    }

    pub fn file(&self, pair: P) -> File {
        File {
            items: self.items(pair.into_inner()),
            unparsed_matters: Vec::new(),
        }
    }

    /// The matters and bundles among `pairs`.
    pub fn items(&self, pairs: Rest) -> Vec<Item> {
        let mut items = Vec::new();
        for p in pairs {
            match p.as_rule() {
                Rule::matter => items.push(Item::Matter(self.matter(p))),
                Rule::bundle => items.push(Item::Bundle(self.bundle(p))),
                _ => {}
            }
        }
        items
    }

    fn word(&self, pair: &P) -> Word {
        Word {
            text: pair.as_str().to_string(),
            span: self.span(pair),
        }
    }

    fn number(&self, pair: &P) -> Number {
        Number {
            value: pair.as_str().parse().ok(),
            span: self.span(pair),
        }
    }

    /// `text`: decodes escapes and records where they were.
    fn text(&self, pair: &P) -> Text {
        let span = self.span(pair);
        let d = super::literal::decode(pair.as_str());
        Text {
            value: d.value,
            span,
            content_start: span.start + u32::try_from(d.offset).unwrap_or(0),
            escapes: d.escapes.into_boxed_slice(),
        }
    }

    /// A field rule: its first inner pair is the keyword (the field's key span), the rest are
    /// handed to `value`. The braces of a block body are named rules and are skipped here.
    fn field<'i, T>(
        &self,
        pair: P<'i>,
        value: impl FnOnce(Rule, Rest<'i>) -> Option<T>,
    ) -> Option<Field<T>> {
        let rule = pair.as_rule();
        if matches!(rule, Rule::lbrace | Rule::rbrace) {
            return None;
        }
        let mut inner = pair.into_inner();
        let key = inner
            .next()
            .map_or(Span::file_start(self.file), |k| self.span(&k));
        let value = value(rule, inner)?;
        Some(Field { key, value })
    }

    /// A named block (`事项 <id> { … }`, `<material id> { … }`): an optional keyword, the id,
    /// the header span covering both, and the remaining inner pairs.
    fn block<'i>(
        &self,
        pair: P<'i>,
        keyword: bool,
    ) -> (Word, Span, Span, impl Iterator<Item = P<'i>>) {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let kw = if keyword {
            inner.next().map(|k| self.span(&k))
        } else {
            None
        };
        let id = inner.next().map_or(
            Word {
                text: String::new(),
                span,
            },
            |p| self.word(&p),
        );
        let header = kw.map_or(id.span, |k| k.to(id.span));
        (id, header, span, inner)
    }

    fn matter(&self, pair: P) -> Matter {
        let (id, header, span, rest) = self.block(pair, true);
        let fields = rest.filter_map(|p| self.matter_field(p)).collect();
        Matter {
            id,
            header,
            span,
            fields,
        }
    }

    fn unverified(&self, pair: &P) -> Unverified {
        let reason = pair
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::text)
            .map(|p| self.text(&p));
        Unverified {
            span: self.tight_span(pair),
            reason,
        }
    }

    /// `待核` written as the value of a field, if it is.
    fn unverified_value(
        &self,
        rule: Rule,
        first: Option<&P>,
    ) -> Option<(&'static str, Unverified)> {
        let first = first.filter(|p| p.as_rule() == Rule::unverified)?;
        Some((unverified_field(rule), self.unverified(first)))
    }

    fn matter_field(&self, pair: P) -> Option<Field<MatterField>> {
        self.field(pair, |rule, rest| {
            let first = rest.peek();
            if let Some((field, u)) = self.unverified_value(rule, first.as_ref()) {
                return Some(MatterField::Unverified(field, u));
            }
            Some(match rule {
                Rule::f_name => MatterField::Name(self.text(&first?)),
                Rule::f_code => MatterField::Code(self.text(&first?)),
                Rule::f_type => MatterField::Type(self.word(&first?)),
                Rule::f_department => MatterField::Department(self.word(&first?)),
                Rule::f_subjects => MatterField::Subjects(rest.map(|p| self.word(&p)).collect()),
                Rule::f_handling => MatterField::Handling(self.word(&first?)),
                Rule::f_basis => MatterField::Basis(
                    rest.filter(|p| p.as_rule() == Rule::citation)
                        .map(|p| self.citation(p))
                        .collect(),
                ),
                Rule::f_conditions => MatterField::Conditions(
                    rest.filter(|p| p.as_rule() == Rule::condition)
                        .map(|p| self.condition(p))
                        .collect(),
                ),
                Rule::f_materials => MatterField::Materials(self.material_items(rest)),
                Rule::f_time => MatterField::Time(self.time_limit(rest)),
                Rule::f_fee => MatterField::Fee(self.fee(rest)),
                Rule::f_variant => MatterField::Variant(self.variant(rule, rest)?),
                Rule::f_steps => MatterField::Steps(
                    rest.filter(|p| p.as_rule() == Rule::step)
                        .map(|p| self.step(p))
                        .collect(),
                ),
                Rule::f_accepting => {
                    let first = first?;
                    MatterField::Accepting(if first.as_rule() == Rule::text {
                        Body::Class(self.text(&first))
                    } else {
                        Body::Department(self.word(&first))
                    })
                }
                Rule::f_deciding => MatterField::Deciding(self.word(&first?)),
                Rule::f_entrust => {
                    let body = self.word(&first?);
                    let citation = rest.clone().find(|p| p.as_rule() == Rule::citation)?;
                    MatterField::Entrust(body, self.citation(citation))
                }
                Rule::f_power_source => MatterField::PowerSource(self.word(&first?)),
                Rule::f_commitment => MatterField::Commitment(self.text(&first?)),
                Rule::f_visits => MatterField::Visits(Visits {
                    count: self.number(&first?),
                    reason: rest
                        .filter(|p| p.as_rule() == Rule::text)
                        .map(|p| self.text(&p))
                        .next(),
                }),
                Rule::f_channels => MatterField::Channels(rest.map(|p| self.word(&p)).collect()),
                Rule::f_agency => MatterField::Agency(self.word(&first?)),
                Rule::f_tongban => MatterField::Tongban(self.word(&first?)),
                Rule::f_result => {
                    MatterField::Result(rest.filter_map(|p| self.result_field(p)).collect())
                }
                Rule::f_consult => MatterField::Consult(self.text(&first?)),
                Rule::f_online_url => MatterField::OnlineUrl(self.text(&first?)),
                Rule::f_review => MatterField::Review(self.text(&first?)),
                Rule::f_litigation => MatterField::Litigation(self.text(&first?)),
                Rule::f_quantity_limit => MatterField::QuantityLimit(self.text(&first?)),
                Rule::f_supervise => MatterField::Supervise(self.text(&first?)),
                Rule::f_location => MatterField::Location(self.text(&first?)),
                Rule::f_hours => MatterField::Hours(self.text(&first?)),
                Rule::f_suppress => MatterField::Suppress(self.suppress(rest)?),
                Rule::f_faq => MatterField::Faq(
                    rest.filter(|p| p.as_rule() == Rule::qa)
                        .filter_map(|p| self.qa(p))
                        .collect(),
                ),
                _ => return None,
            })
        })
    }

    fn citation(&self, pair: P) -> Citation {
        let span = self.tight_span(&pair);
        let mut title = Word {
            text: String::new(),
            span,
        };
        let mut articles = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::law_title => title = self.word(&p),
                Rule::article_ref => {
                    if let Some(a) = self.article_ref(p) {
                        articles.push(a);
                    }
                }
                _ => {}
            }
        }
        Citation {
            span,
            title,
            articles,
        }
    }

    fn article_ref(&self, pair: P) -> Option<ArticleRef> {
        let span = self.tight_span(&pair);
        let mut article = None;
        let mut insert = None;
        let mut paragraph = None;
        let mut clause = None;
        for p in pair.into_inner() {
            let rule = p.as_rule();
            let mut numerals = p.into_inner().map(|n| Numeral {
                text: n.as_str().to_string(),
                span: self.span(&n),
            });
            match rule {
                Rule::article => {
                    article = numerals.next();
                    insert = numerals.next();
                }
                Rule::paragraph => paragraph = numerals.next(),
                Rule::clause => clause = numerals.next(),
                _ => {}
            }
        }
        Some(ArticleRef {
            span,
            article: article?,
            insert,
            paragraph,
            clause,
        })
    }

    fn suppress(&self, mut rest: Rest) -> Option<Suppress> {
        let rule = self.word(&rest.next()?);
        let reason = rest.next().map(|p| self.text(&p));
        Some(Suppress { rule, reason })
    }

    fn condition(&self, pair: P) -> Condition {
        let mut inner = pair.into_inner();
        let text = inner.next().map(|p| self.text(&p));
        let basis = inner
            .find(|p| p.as_rule() == Rule::citation)
            .map(|p| self.citation(p));
        Condition {
            text: text.unwrap_or_else(|| Text {
                value: String::new(),
                span: Span::file_start(self.file),
                content_start: 0,
                escapes: Box::default(),
            }),
            basis,
        }
    }

    /// The entries of a 材料 block: materials and `任选` groups.
    fn material_items(&self, rest: Rest) -> Vec<MaterialItem> {
        rest.filter_map(|p| match p.as_rule() {
            Rule::material => Some(MaterialItem::Single(self.material(p))),
            Rule::material_group => Some(MaterialItem::Group(self.material_group(p))),
            _ => None,
        })
        .collect()
    }

    fn material_group(&self, pair: P) -> MaterialGroup {
        let (id, header, span, rest) = self.block(pair, true);
        let mut group = MaterialGroup {
            id,
            header,
            span,
            name: Vec::new(),
            members: Vec::new(),
            suppress: Vec::new(),
        };
        for p in rest {
            match p.as_rule() {
                Rule::material => group.members.push(self.material(p)),
                Rule::m_name => {
                    if let Some(f) = self.field(p, |_, rest| Some(self.text(&rest.peek()?))) {
                        group.name.push(f);
                    }
                }
                Rule::f_suppress => {
                    if let Some(f) = self.field(p, |_, rest| self.suppress(rest)) {
                        group.suppress.push(f);
                    }
                }
                _ => {}
            }
        }
        group
    }

    fn variant(&self, _rule: Rule, rest: Rest) -> Option<Variant> {
        let mut rest = rest.peekable();
        let id = self.word(&rest.next()?);
        let mut span = id.span;
        let mut fields = Vec::new();
        for p in rest {
            if p.as_rule() == Rule::rbrace {
                span = span.to(self.span(&p));
            }
            if let Some(f) = self.matter_field(p) {
                fields.push(f);
            }
        }
        Some(Variant {
            header: id.span,
            id,
            span,
            fields,
        })
    }

    fn step(&self, pair: P) -> Step {
        let (id, _, span, rest) = self.block(pair, false);
        let fields = rest
            .filter_map(|p| {
                if p.as_rule() == Rule::s_uncounted {
                    return Some(Field {
                        key: self.span(&p),
                        value: StepField::Uncounted,
                    });
                }
                self.field(p, |rule, rest| {
                    let first = rest.peek()?;
                    Some(match rule {
                        Rule::s_name => StepField::Name(self.text(&first)),
                        Rule::s_body => StepField::Body(self.word(&first)),
                        Rule::s_post => StepField::Post(self.text(&first)),
                        Rule::s_time => StepField::Time(match first.as_rule() {
                            Rule::kw_instant => StepTime::Instant(self.span(&first)),
                            Rule::unverified => StepTime::Unverified(self.unverified(&first)),
                            _ => StepTime::Days(self.days(first)?),
                        }),
                        Rule::s_result => StepField::Result(self.text(&first)),
                        Rule::s_note => StepField::Note(self.text(&first)),
                        Rule::f_suppress => StepField::Suppress(self.suppress(rest)?),
                        _ => return None,
                    })
                })
            })
            .collect();
        Step { id, span, fields }
    }

    fn material(&self, pair: P) -> Material {
        let (id, _, span, rest) = self.block(pair, false);
        let fields = rest.filter_map(|p| self.material_field(p)).collect();
        Material { id, span, fields }
    }

    fn material_field(&self, pair: P) -> Option<Field<MaterialField>> {
        self.field(pair, |rule, mut rest| {
            let first = rest.peek()?;
            if let Some((field, u)) = self.unverified_value(rule, Some(&first)) {
                return Some(MaterialField::Unverified(field, u));
            }
            Some(match rule {
                Rule::m_deadline => MaterialField::Deadline(self.days(first)?),
                Rule::m_name => MaterialField::Name(self.text(&first)),
                Rule::m_evidence => MaterialField::Evidence(self.word(&first)),
                Rule::m_form => MaterialField::Form(self.word(&first)),
                Rule::m_copies => MaterialField::Copies(self.number(&first)),
                Rule::m_medium => MaterialField::Medium(self.word(&first)),
                Rule::m_source => MaterialField::Source(self.word(&first)),
                Rule::m_necessity => MaterialField::Necessity(self.word(&first)),
                Rule::m_situation => MaterialField::Situation(self.text(&first)),
                Rule::m_basis => MaterialField::Basis(self.citation(first)),
                Rule::m_sample => MaterialField::Sample(self.text(&first)),
                Rule::m_mistake => MaterialField::Mistake(self.text(&first)),
                Rule::f_suppress => MaterialField::Suppress(self.suppress(rest)?),
                Rule::m_exempt => {
                    MaterialField::Exempt(self.word(&first), rest.nth(1).map(|p| self.text(&p)))
                }
                _ => return None,
            })
        })
    }

    fn time_limit(&self, rest: Rest) -> TimeLimit {
        if let Some(p) = rest.clone().find(|p| p.as_rule() == Rule::kw_instant) {
            return TimeLimit::Instant(self.span(&p));
        }
        TimeLimit::Block(rest.filter_map(|p| self.time_item(p)).collect())
    }

    fn time_item(&self, pair: P) -> Option<Field<TimeItem>> {
        self.field(pair, |rule, mut rest| {
            if let Some((field, u)) = self.unverified_value(rule, rest.peek().as_ref()) {
                return Some(TimeItem::Unverified(field, u));
            }
            Some(match rule {
                Rule::t_legal => {
                    let value = rest.next()?;
                    if value.as_rule() == Rule::kw_none {
                        TimeItem::NoLegal(self.span(&value))
                    } else {
                        TimeItem::Legal(self.duration(value)?)
                    }
                }
                Rule::t_promised => TimeItem::Promised(self.duration(rest.next()?)?),
                Rule::t_special => {
                    let name = self.text(&rest.next()?);
                    let days = match rest.next() {
                        Some(d) => Some(self.days(d)?),
                        None => None,
                    };
                    TimeItem::Special { name, days }
                }
                Rule::t_extension => {
                    let days = self.days(rest.next()?)?;
                    let citation = rest.find(|p| p.as_rule() == Rule::citation)?;
                    TimeItem::Extension(days, self.citation(citation))
                }
                _ => return None,
            })
        })
    }

    fn duration(&self, pair: P) -> Option<Duration> {
        let inner = pair.into_inner().next()?;
        match inner.as_rule() {
            Rule::kw_instant => Some(Duration::Instant(self.span(&inner))),
            Rule::days => self.days(inner).map(Duration::Days),
            _ => None,
        }
    }

    fn days(&self, pair: P) -> Option<Days> {
        let span = self.tight_span(&pair);
        let mut inner = pair.into_inner();
        let count = self.number(&inner.next()?);
        let unit = self.word(&inner.next()?);
        Some(Days { count, unit, span })
    }

    fn fee(&self, rest: Rest) -> Fee {
        if let Some(p) = rest.clone().find(|p| p.as_rule() == Rule::kw_no_fee) {
            return Fee::Free(self.span(&p));
        }
        Fee::Items(
            rest.filter(|p| p.as_rule() == Rule::fee_item)
                .map(|p| self.fee_item(p))
                .collect(),
        )
    }

    fn fee_item(&self, pair: P) -> FeeItem {
        let (id, _, span, rest) = self.block(pair, false);
        let fields = rest
            .filter_map(|p| {
                self.field(p, |rule, rest| {
                    let first = rest.peek()?;
                    Some(match rule {
                        Rule::fee_name => FeeField::Name(self.text(&first)),
                        Rule::fee_standard => FeeField::Standard(self.text(&first)),
                        Rule::fee_basis => FeeField::Basis(self.citation(first.clone())),
                        Rule::fee_amount => FeeField::Amount(self.word(&first)),
                        Rule::fee_per => FeeField::Per(self.text(&first)),
                        Rule::fee_relief => FeeField::Relief(
                            self.text(&first),
                            rest.clone()
                                .find(|p| p.as_rule() == Rule::citation)
                                .map(|c| self.citation(c)),
                        ),
                        Rule::f_suppress => FeeField::Suppress(self.suppress(rest)?),
                        _ => return None,
                    })
                })
            })
            .collect();
        FeeItem { id, span, fields }
    }

    fn result_field(&self, pair: P) -> Option<Field<ResultField>> {
        self.field(pair, |rule, mut rest| {
            let first = rest.peek()?;
            Some(match rule {
                Rule::r_name => ResultField::Name(self.text(&first)),
                Rule::r_evidence => ResultField::Evidence(self.word(&first)),
                Rule::r_validity => ResultField::Validity(if first.as_rule() == Rule::number {
                    let n = self.number(&first);
                    Some((n, self.word(&rest.nth(1)?)))
                } else {
                    None
                }),
                Rule::r_delivery => ResultField::Delivery(rest.map(|p| self.word(&p)).collect()),
                _ => return None,
            })
        })
    }

    fn qa(&self, pair: P) -> Option<Qa> {
        let mut texts = pair.into_inner().filter(|p| p.as_rule() == Rule::text);
        let question = self.text(&texts.next()?);
        let answer = self.text(&texts.next()?);
        Some(Qa { question, answer })
    }

    fn bundle(&self, pair: P) -> Bundle {
        let (id, header, span, rest) = self.block(pair, true);
        let fields = rest
            .filter_map(|p| {
                self.field(p, |rule, rest| {
                    let first = rest.peek()?;
                    if let Some((field, u)) = self.unverified_value(rule, Some(&first)) {
                        return Some(BundleField::Unverified(field, u));
                    }
                    Some(match rule {
                        Rule::b_name => BundleField::Name(self.text(&first)),
                        Rule::b_lead => BundleField::Lead(self.word(&first)),
                        Rule::b_flow => BundleField::Flow(self.flow(first)?),
                        Rule::b_target => BundleField::Target(self.days(first)?),
                        Rule::f_conditions => BundleField::Conditions(
                            rest.filter(|p| p.as_rule() == Rule::condition)
                                .map(|p| self.condition(p))
                                .collect(),
                        ),
                        Rule::f_materials => BundleField::Materials(self.material_items(rest)),
                        _ => return None,
                    })
                })
            })
            .collect();
        Bundle {
            id,
            header,
            span,
            fields,
        }
    }

    fn flow_matter(&self, pair: P) -> FlowMatter {
        if pair.as_rule() == Rule::flow_optional {
            let mut inner = pair.into_inner();
            let optional = inner.next().map(|k| self.span(&k));
            let name = inner.next().map_or(
                Word {
                    text: String::new(),
                    span: Span::file_start(self.file),
                },
                |p| self.word(&p),
            );
            return FlowMatter { name, optional };
        }
        FlowMatter {
            name: self.word(&pair),
            optional: None,
        }
    }

    /// Flows nest; building them with an explicit stack keeps deep nesting from exhausting the
    /// native stack.
    fn flow(&self, pair: P) -> Option<Flow> {
        struct Open<'i> {
            serial: bool,
            keyword: Span,
            span: Span,
            pending: std::vec::IntoIter<P<'i>>,
            done: Vec<Flow>,
        }
        let mut stack: Vec<Open> = Vec::new();
        let mut next = Some(pair);
        loop {
            if let Some(p) = next.take() {
                let span = self.span(&p);
                let rule = p.as_rule();
                if matches!(rule, Rule::flow_matter | Rule::flow_optional) {
                    let leaf = Flow::Matter(self.flow_matter(p));
                    match stack.last_mut() {
                        Some(top) => top.done.push(leaf),
                        None => return Some(leaf),
                    }
                } else {
                    let mut inner = p.into_inner();
                    let keyword = inner.next().map_or(span, |k| self.span(&k));
                    let children: Vec<P> = inner
                        .filter(|c| !matches!(c.as_rule(), Rule::lbrace | Rule::rbrace))
                        .collect();
                    stack.push(Open {
                        serial: rule == Rule::serial,
                        keyword,
                        span,
                        pending: children.into_iter(),
                        done: Vec::new(),
                    });
                }
            }
            let top = stack.last_mut()?;
            if let Some(child) = top.pending.next() {
                next = Some(child);
                continue;
            }
            let Open {
                serial,
                keyword,
                span,
                done,
                ..
            } = stack.pop()?;
            let flow = if serial {
                Flow::Serial {
                    keyword,
                    span,
                    children: done,
                }
            } else {
                Flow::Parallel {
                    keyword,
                    span,
                    children: done,
                }
            };
            match stack.last_mut() {
                Some(parent) => parent.done.push(flow),
                None => return Some(flow),
            }
        }
    }
}

/// The field a `待核` value stands for, named by its keyword.
fn unverified_field(rule: Rule) -> &'static str {
    match rule {
        Rule::f_name => "名称",
        Rule::f_code => "编码",
        Rule::f_type => "类型",
        Rule::f_department => "实施主体",
        Rule::f_subjects => "服务对象",
        Rule::f_handling => "办件类型",
        Rule::f_basis => "依据",
        Rule::f_conditions => "受理条件",
        Rule::f_materials => "材料",
        Rule::f_time => "时限",
        Rule::f_fee => "收费",
        Rule::f_visits => "到现场",
        Rule::f_consult => "咨询",
        Rule::f_supervise => "监督",
        Rule::f_location => "地点",
        Rule::f_hours => "时间",
        Rule::m_form => "形式",
        Rule::m_copies => "份数",
        Rule::m_source => "来源",
        Rule::t_legal => "法定",
        Rule::t_promised => "承诺",
        _ => "",
    }
}
