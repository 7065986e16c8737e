//! Syntax trees → typed model, with name resolution.
//!
//! Lowering checks what the shape of the language fixes: every required field present, no
//! field twice, enumerated values spelt right, numbers in range, every name resolved. Rules
//! about what the values mean (time limits, visits, wording) run later, in `check`.

mod fields;
pub mod names;
mod resolve;
mod values;

pub use fields::{DUPLICATE_FIELD, MISSING_FIELD};
pub use names::{DUPLICATE_ID, UNKNOWN_REFERENCE};
pub use values::INVALID_VALUE;

/// The rules this stage declares, for [`crate::rules::table`].
pub static RULES: &[&crate::diagnostic::Rule] = &[
    &UNKNOWN_REFERENCE,
    &DUPLICATE_ID,
    &MISSING_FIELD,
    &DUPLICATE_FIELD,
    &INVALID_VALUE,
];

use crate::diagnostic::Sink;
use crate::model::*;
use crate::source::Spanned;
use crate::syntax::ast;
use fields::Slots;
use names::{Definitions, report_duplicates, report_unknown};
use rayon::prelude::*;

/// One file lowered as far as it can be on its own: its matters are lowered on the worker thread
/// that parsed the file, and its syntax tree is dropped there; its bundles name matters of any
/// file, so they wait for [`finish`], as does resolving names against the registries.
#[derive(Debug, Default)]
pub struct FileLowered {
    pub matters: Vec<Box<Matter>>,
    pub bundles: Vec<ast::Bundle>,
    pub suppressions: Vec<Suppression>,
    pub sink: Sink,
}

/// Lowers the matters of one parsed file.
pub fn lower_file(file: ast::File) -> FileLowered {
    let cx = Lowerer {
        matters: None,
        suppressions: std::cell::RefCell::new(Vec::new()),
    };
    let mut sink = Sink::new();
    let mut matters = Vec::new();
    let mut bundles = Vec::new();
    for item in file.items {
        match item {
            ast::Item::Matter(m) => matters.push(Box::new(cx.matter(m, &mut sink))),
            ast::Item::Bundle(b) => bundles.push(b),
        }
    }
    FileLowered {
        matters,
        bundles,
        suppressions: cx.suppressions.into_inner(),
        sink,
    }
}

/// Joins the files, in the order matters and bundles should keep (the driver sorts them by
/// path): defines every matter and bundle name, lowers the bundles against them, resolves every
/// name against the registries and checks that each 基本编码 is used once.
pub fn finish(
    files: Vec<FileLowered>,
    registry: &Registry,
    sink: &mut Sink,
) -> (Vec<Box<Matter>>, Vec<Bundle>, Vec<Suppression>) {
    let mut matters = Vec::with_capacity(files.iter().map(|f| f.matters.len()).sum());
    let mut bundle_asts: Vec<ast::Bundle> =
        Vec::with_capacity(files.iter().map(|f| f.bundles.len()).sum());
    let mut suppressions = Vec::new();
    for file in files {
        matters.extend(file.matters);
        bundle_asts.extend(file.bundles);
        suppressions.extend(file.suppressions);
        sink.extend(file.sink);
    }
    // Two independent passes over the matters at once: their names (which the bundles' flows
    // need) and their 基本编码, each once in the catalog. At 100,000 matters each pass is tens
    // of milliseconds on one thread while the other would wait.
    let mut code_sink = Sink::new();
    let ((mut bundles, bundle_suppressions), ()) = rayon::join(
        || {
            let mut matter_defs = Definitions::with_capacity("事项", matters.len());
            for (i, m) in matters.iter().enumerate() {
                let id = MatterId(u32::try_from(i).unwrap_or(u32::MAX));
                matter_defs.define(&m.id.text, m.id.span, id, sink);
            }
            let mut bundle_defs = Definitions::with_capacity("一件事", bundle_asts.len());
            for (i, b) in bundle_asts.iter().enumerate() {
                let id = BundleId(u32::try_from(i).unwrap_or(u32::MAX));
                bundle_defs.define(&b.id.text, b.id.span, id, sink);
            }
            let cx = Lowerer {
                matters: Some(&matter_defs),
                suppressions: std::cell::RefCell::new(Vec::new()),
            };
            let bundles: Vec<Bundle> = bundle_asts.iter().map(|b| cx.bundle(b, sink)).collect();
            (bundles, cx.suppressions.into_inner())
        },
        || {
            let codes = matters.iter().filter_map(|m| {
                let code = m.code.as_ref()?;
                let value = code.value.trim();
                (!value.is_empty()).then_some((value, code.span))
            });
            report_duplicates("基本编码", codes, &mut code_sink);
        },
    );
    suppressions.extend(bundle_suppressions);
    sink.extend(code_sink);

    // Resolution looks names up in the registries, matter by matter; the unknown ones are
    // reported in chunks that are joined in order.
    let resolver = resolve::Resolver { registry };
    let sinks: Vec<Sink> = matters
        .par_chunks_mut(256)
        .map(|chunk| {
            let mut s = Sink::new();
            for m in chunk {
                resolver.matter(m, &mut s);
            }
            s
        })
        .collect();
    sinks.into_iter().for_each(|s| sink.extend(s));
    for b in &mut bundles {
        resolver.bundle(b, sink);
    }
    (matters, bundles, suppressions)
}

struct Lowerer<'a> {
    /// Every matter of the catalog, once known (bundles are lowered after matters).
    matters: Option<&'a Definitions<'a, MatterId>>,
    /// Collected while lowering each element, which knows its own extent.
    suppressions: std::cell::RefCell<Vec<Suppression>>,
}

impl Lowerer<'_> {
    fn suppress(&self, key: crate::source::Span, s: ast::Suppress, scope: crate::source::Span) {
        let span = s
            .reason
            .as_ref()
            .map_or(key.to(s.rule.span), |r| key.to(r.span));
        self.suppressions.borrow_mut().push(Suppression {
            span,
            rule: Name {
                text: s.rule.text,
                span: s.rule.span,
            },
            reason: s.reason,
            scope,
            except: std::sync::Arc::from([]),
        });
    }

    // References to the registries are resolved later, by `resolve`.
    fn department(&self, w: ast::Word) -> Ref<DeptId> {
        Ref {
            name: w.text,
            span: w.span,
            target: None,
        }
    }

    fn evidence(&self, w: ast::Word) -> Ref<EvidenceId> {
        Ref {
            name: w.text,
            span: w.span,
            target: None,
        }
    }

    fn citation(&self, c: &ast::Citation, sink: &mut Sink) -> Citation {
        let articles = values::at_most(
            c.articles.len(),
            c.articles
                .iter()
                .filter_map(|a| values::article_ref(a, sink)),
        );
        Citation {
            span: c.span,
            law: Ref {
                name: c.title.text.trim().to_string(),
                span: c.title.span,
                target: None,
            },
            articles,
        }
    }

    /// Takes the syntax tree by value: its strings move into the model rather than being copied
    /// and then freed with the tree.
    fn matter(&self, m: ast::Matter, sink: &mut Sink) -> Matter {
        let owner = format!("事项「{}」", m.id.text);
        let mut out = Matter {
            id: Name {
                text: m.id.text,
                span: m.id.span,
            },
            header: m.header,
            span: m.span,
            name: None,
            code: None,
            kind: None,
            department: None,
            subjects: Vec::new(),
            handling: None,
            basis: Vec::new(),
            conditions: Vec::new(),
            materials: Vec::new(),
            time: None,
            fee: None,
            visits: None,
            channels: None,
            agency: None,
            tongban: None,
            result: None,
            consult: None,
            online_url: None,
            review: None,
            litigation: None,
            quantity_limit: None,
            supervise: None,
            location: None,
            hours: None,
            faq: Vec::new(),
        };
        let mut slots = Slots::new();
        let first_suppression = self.suppressions.borrow().len();
        for field in m.fields {
            if let ast::MatterField::Suppress(s) = field.value {
                self.suppress(field.key, s, m.span);
                continue;
            }
            let keyword = field.value.keyword();
            if !slots.first(keyword, field.key, &owner, sink) {
                continue;
            }
            use ast::MatterField as F;
            match field.value {
                F::Name(t) => out.name = values::non_empty(t, "名称", sink),
                F::Code(t) => out.code = Some(t),
                F::Type(w) => out.kind = values::word(&w, "类型", MatterKind::ALL, sink),
                F::Department(w) => out.department = Some(self.department(w)),
                F::Subjects(ws) => {
                    out.subjects = values::words_list(&ws, "服务对象", Subject::ALL, sink);
                }
                F::Handling(w) => {
                    out.handling = values::word(&w, "办件类型", Handling::ALL, sink);
                }
                F::Basis(cs) => out.basis = cs.iter().map(|c| self.citation(c, sink)).collect(),
                F::Conditions(cs) => {
                    out.conditions = cs
                        .into_iter()
                        .map(|c| Condition {
                            text: c.text,
                            basis: c.basis.as_ref().map(|b| self.citation(b, sink)),
                        })
                        .collect();
                }
                F::Materials(ms) => out.materials = self.materials(ms, &out.id.text, sink),
                F::Time(t) => out.time = Some(values::time_limit(t, field.key, &owner, sink)),
                F::Fee(f) => out.fee = Some(self.fee(f, field.key, &out.id.text, sink)),
                F::Visits(v) => {
                    out.visits =
                        values::number(&v.count, "到现场次数", 0, sink).map(|count| Visits {
                            span: field
                                .key
                                .to(v.reason.as_ref().map_or(v.count.span, |r| r.span)),
                            count,
                            reason: v.reason,
                        });
                }
                F::Channels(ws) => {
                    let list = values::words_list(&ws, "办理形式", Channel::ALL, sink);
                    let end = ws.last().map_or(field.key, |w| w.span);
                    out.channels = Some(Spanned::new(list, field.key.to(end)));
                }
                F::Agency(w) => out.agency = values::word(&w, "代办", Agency::ALL, sink),
                F::Tongban(w) => out.tongban = values::word(&w, "通办", Tongban::ALL, sink),
                F::Result(fs) => out.result = Some(self.result(fs, field.key, &owner, sink)),
                F::Consult(t) => out.consult = Some(t),
                F::OnlineUrl(t) => out.online_url = Some(t),
                F::Review(t) => out.review = Some(t),
                F::Litigation(t) => out.litigation = Some(t),
                F::QuantityLimit(t) => out.quantity_limit = Some(t),
                F::Supervise(t) => out.supervise = Some(t),
                F::Location(t) => out.location = Some(t),
                F::Hours(t) => out.hours = Some(t),
                F::Suppress(_) => {}
                F::Faq(qs) => {
                    // Not `collect`: a question and its answer are laid out alike in both trees,
                    // so `collect` would keep the syntax tree's vector, grown in fours by the
                    // builder (3.4 MB of empty slots at 10,000 matters, heaptrack).
                    let pairs = qs.into_iter().map(|q| Qa {
                        question: q.question,
                        answer: q.answer,
                    });
                    out.faq = values::at_most(pairs.len(), pairs);
                }
            }
        }
        slots.require(
            &[
                "名称",
                "编码",
                "类型",
                "实施主体",
                "服务对象",
                "办件类型",
                "依据",
                "受理条件",
                "材料",
                "时限",
                "收费",
                "到现场",
            ],
            m.header,
            &owner,
            sink,
        );
        // A matter's 豁免 excuses the matter itself, not its materials and fee items.
        let mut inner: Vec<crate::source::Span> = out.materials.iter().map(|x| x.span).collect();
        if let Some(Fee::Items(_, items)) = &out.fee {
            inner.extend(items.iter().map(|i| i.span));
        }
        inner.sort_by_key(|s| (s.file, s.start, s.end));
        let inner: std::sync::Arc<[crate::source::Span]> = inner.into();
        for s in self.suppressions.borrow_mut()[first_suppression..]
            .iter_mut()
            .filter(|s| s.scope == m.span)
        {
            s.except = inner.clone();
        }
        out
    }

    fn materials(&self, ms: Vec<ast::Material>, matter: &str, sink: &mut Sink) -> Vec<Material> {
        let out: Vec<Material> = ms
            .into_iter()
            .map(|m| self.material(m, matter, sink))
            .collect();
        report_duplicates("材料", out.iter().map(|m| (&*m.id.text, m.id.span)), sink);
        out
    }

    fn material(&self, m: ast::Material, matter: &str, sink: &mut Sink) -> Material {
        let owner = format!("事项「{matter}」的材料「{}」", m.id.text);
        let header = m.id.span;
        let mut out = Material {
            id: Name {
                text: m.id.text,
                span: m.id.span,
            },
            span: m.span,
            name: None,
            evidence: None,
            form: None,
            copies: None,
            medium: None,
            source: None,
            necessity: None,
            situation: None,
            basis: None,
            sample: None,
            mistakes: Vec::new(),
            exempt: None,
            exempt_note: None,
        };
        let mut slots = Slots::new();
        for field in m.fields {
            use ast::MaterialField as F;
            let value = match field.value {
                F::Mistake(t) => {
                    out.mistakes.push(t);
                    continue;
                }
                F::Suppress(s) => {
                    self.suppress(field.key, s, m.span);
                    continue;
                }
                value => value,
            };
            if !slots.first(value.keyword(), field.key, &owner, sink) {
                continue;
            }
            match value {
                F::Name(t) => out.name = values::non_empty(t, "名称", sink),
                F::Evidence(w) => out.evidence = Some(self.evidence(w)),
                F::Form(w) => out.form = values::word(&w, "形式", Form::ALL, sink),
                F::Copies(n) => out.copies = values::number(&n, "份数", 1, sink),
                F::Medium(w) => out.medium = values::word(&w, "介质", Medium::ALL, sink),
                F::Source(w) => out.source = values::word(&w, "来源", Source::ALL, sink),
                F::Necessity(w) => {
                    out.necessity = values::word(&w, "必要性", Necessity::ALL, sink);
                }
                F::Situation(t) => out.situation = values::non_empty(t, "情形", sink).map(Box::new),
                F::Basis(c) => out.basis = Some(Box::new(self.citation(&c, sink))),
                F::Sample(t) => out.sample = values::non_empty(t, "样表", sink).map(Box::new),
                F::Exempt(w, note) => {
                    out.exempt = values::word(&w, "免提交", Acquisition::ALL, sink);
                    out.exempt_note = note.map(Box::new);
                }
                F::Mistake(_) | F::Suppress(_) => {}
            }
        }
        slots.require(&["名称", "形式", "份数", "来源"], header, &owner, sink);
        out
    }

    fn fee(&self, f: ast::Fee, key: crate::source::Span, matter: &str, sink: &mut Sink) -> Fee {
        let items = match f {
            ast::Fee::Free(span) => return Fee::Free(key.to(span)),
            ast::Fee::Items(items) => items,
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let owner = format!("事项「{matter}」的收费项目「{}」", item.id.text);
            let header = item.id.span;
            let mut fee = FeeItem {
                id: Name {
                    text: item.id.text,
                    span: item.id.span,
                },
                span: item.span,
                name: None,
                standard: None,
                basis: None,
            };
            let mut slots = Slots::new();
            for field in item.fields {
                if let ast::FeeField::Suppress(s) = field.value {
                    self.suppress(field.key, s, item.span);
                    continue;
                }
                if !slots.first(field.value.keyword(), field.key, &owner, sink) {
                    continue;
                }
                match field.value {
                    ast::FeeField::Name(t) => fee.name = values::non_empty(t, "名称", sink),
                    ast::FeeField::Standard(t) => fee.standard = values::non_empty(t, "标准", sink),
                    ast::FeeField::Basis(c) => fee.basis = Some(self.citation(&c, sink)),
                    ast::FeeField::Suppress(_) => {}
                }
            }
            // A missing 依据 is `fee-without-basis`, a rule of its own.
            slots.require(&["名称", "标准"], header, &owner, sink);
            out.push(fee);
        }
        let ids = out.iter().map(|item| (&*item.id.text, item.id.span));
        report_duplicates("收费项目", ids, sink);
        Fee::Items(key, out)
    }

    fn result(
        &self,
        fs: Vec<ast::Field<ast::ResultField>>,
        key: crate::source::Span,
        owner: &str,
        sink: &mut Sink,
    ) -> MatterResult {
        let mut out = MatterResult {
            span: key,
            name: None,
            evidence: None,
        };
        let owner = format!("{owner}的结果");
        let mut slots = Slots::new();
        for field in fs {
            if !slots.first(field.value.keyword(), field.key, &owner, sink) {
                continue;
            }
            match field.value {
                ast::ResultField::Name(t) => out.name = values::non_empty(t, "名称", sink),
                ast::ResultField::Evidence(w) => out.evidence = Some(self.evidence(w)),
            }
        }
        slots.require(&["名称"], key, &owner, sink);
        out
    }

    fn bundle(&self, b: &ast::Bundle, sink: &mut Sink) -> Bundle {
        let owner = format!("一件事「{}」", b.id.text);
        let mut out = Bundle {
            id: Name {
                text: b.id.text.clone(),
                span: b.id.span,
            },
            header: b.header,
            span: b.span,
            name: None,
            lead: None,
            flow: None,
            target: None,
        };
        let mut slots = Slots::new();
        for field in &b.fields {
            if !slots.first(field.value.keyword(), field.key, &owner, sink) {
                continue;
            }
            match &field.value {
                ast::BundleField::Name(t) => out.name = values::non_empty(t.clone(), "名称", sink),
                ast::BundleField::Lead(w) => out.lead = Some(self.department(w.clone())),
                ast::BundleField::Flow(f) => out.flow = Some(self.flow(f, sink)),
                ast::BundleField::Target(d) => out.target = values::days(d, sink),
            }
        }
        slots.require(&["名称", "牵头", "流程"], b.header, &owner, sink);
        out
    }

    /// Flows may nest deeply; lowering them uses an explicit stack like building them did.
    fn flow(&self, f: &ast::Flow, sink: &mut Sink) -> Flow {
        enum Task<'a> {
            Visit(&'a ast::Flow),
            Close(&'a ast::Flow, usize),
        }
        let mut tasks = vec![Task::Visit(f)];
        let mut done: Vec<Flow> = Vec::new();
        while let Some(task) = tasks.pop() {
            match task {
                Task::Visit(ast::Flow::Matter(w)) => {
                    let target = self.matters.and_then(|defs| defs.get(&w.text));
                    if target.is_none()
                        && let Some(defs) = self.matters
                    {
                        report_unknown(sink, "事项", "本目录的事项", &w.text, w.span, defs.names());
                    }
                    done.push(Flow::Matter(Ref {
                        name: w.text.clone(),
                        span: w.span,
                        target,
                    }));
                }
                Task::Visit(
                    node @ (ast::Flow::Serial { children, .. }
                    | ast::Flow::Parallel { children, .. }),
                ) => {
                    tasks.push(Task::Close(node, done.len()));
                    tasks.extend(children.iter().rev().map(Task::Visit));
                }
                Task::Close(node, start) => {
                    let children = done.split_off(start.min(done.len()));
                    done.push(match node {
                        ast::Flow::Serial { keyword, span, .. } => Flow::Serial {
                            keyword: *keyword,
                            span: *span,
                            children,
                        },
                        ast::Flow::Parallel { keyword, span, .. } => Flow::Parallel {
                            keyword: *keyword,
                            span: *span,
                            children,
                        },
                        ast::Flow::Matter(_) => continue,
                    });
                }
            }
        }
        done.pop().unwrap_or(Flow::Serial {
            keyword: f.span(),
            span: f.span(),
            children: Vec::new(),
        })
    }
}
