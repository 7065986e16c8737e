//! Syntax trees → typed model, with name resolution.
//!
//! Lowering checks what the shape of the language fixes: every required field present, no
//! field twice, enumerated values spelt right, numbers in range, every name resolved. Rules
//! about what the values mean (time limits, visits, wording) run later, in `check`.

mod fields;
pub mod names;
mod resolve;
mod values;

pub(crate) use values::MAY_BE_UNVERIFIED;

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
use crate::source::{Span, Spanned};
use crate::syntax::ast;
use fields::Slots;
use names::{Definitions, HashedNames, duplicate, report_duplicates, report_unknown};

/// One file lowered as far as it can be on its own: its matters are lowered on the worker thread
/// that parsed the file, and its syntax tree is dropped there; its bundles name matters of any
/// file, so they wait for [`link`], as resolving names against the registries waits for
/// [`resolve_matters`].
#[derive(Debug, Default)]
pub struct FileLowered {
    pub matters: Vec<Box<Matter>>,
    pub bundles: Vec<ast::Bundle>,
    pub suppressions: Vec<Suppression>,
    /// Matters of the file left out because of a syntax error (see `ast::File`).
    pub unparsed_matters: Vec<String>,
    pub sink: Sink,
}

/// Lowers the matters of one parsed file.
pub fn lower_file(file: ast::File) -> FileLowered {
    let cx = Lowerer {
        matters: None,
        catalog_matters: &[],
        unparsed: &[],
        suppressions: std::cell::RefCell::new(Vec::new()),
    };
    let mut sink = Sink::new();
    let unparsed_matters = file.unparsed_matters;
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
        unparsed_matters,
        sink,
    }
}

/// Resolves the names a file's matters use against the registries; each matter stands alone
/// here, so this runs file by file, in parallel.
pub fn resolve_matters(matters: &mut [Box<Matter>], registry: &Registry, sink: &mut Sink) {
    let resolver = resolve::Resolver { registry };
    for m in matters {
        resolver.matter(m, sink);
    }
}

/// The part of lowering that needs every file at once: defines every matter and bundle name,
/// lowers the bundles against them (and resolves their names against the registries), and
/// checks that each 基本编码 is used once. `matters` are in catalog order (files sorted by
/// path), which decides which of two definitions is the first; `unparsed` are the matters left
/// out for a syntax error, sorted. Returns the bundles and the suppressions written in them.
pub fn link(
    matters: &[Box<Matter>],
    keys: &[MatterKey],
    bundle_asts: &[ast::Bundle],
    unparsed: &[String],
    registry: &Registry,
    sink: &mut Sink,
) -> (Vec<Bundle>, Vec<Suppression>) {
    // Two independent passes over the matters at once: their names (which the bundles' flows
    // need) and their 基本编码, each once in the catalog. At 100,000 matters each pass is tens
    // of milliseconds on one thread while the other would wait.
    let mut code_sink = Sink::new();
    let ((mut bundles, suppressions), ()) = rayon::join(
        || {
            let matter_defs = MatterIndex::new(matters, keys, sink);
            let mut bundle_defs = Definitions::with_capacity("一件事", bundle_asts.len());
            for (i, b) in bundle_asts.iter().enumerate() {
                let id = BundleId(u32::try_from(i).unwrap_or(u32::MAX));
                bundle_defs.define(&b.id.text, b.id.span, id, sink);
            }
            let cx = Lowerer {
                matters: Some(&matter_defs),
                catalog_matters: matters,
                unparsed,
                suppressions: std::cell::RefCell::new(Vec::new()),
            };
            let bundles: Vec<Bundle> = bundle_asts.iter().map(|b| cx.bundle(b, sink)).collect();
            (bundles, cx.suppressions.into_inner())
        },
        || {
            let code = |i: u32| {
                matters
                    .get(i as usize)
                    .and_then(|m| m.code.as_ref())
                    .map_or(("", Span::file_start(crate::source::FileId(0))), |c| {
                        (c.value.trim(), c.span)
                    })
            };
            let coded: Vec<(u32, u64)> = keys
                .iter()
                .enumerate()
                .filter_map(|(i, k)| Some((u32::try_from(i).ok()?, k.code?)))
                .collect();
            let hash_of = |i: u32| keys.get(i as usize).and_then(|k| k.code).unwrap_or(0);
            HashedNames::build(
                coded.into_iter(),
                hash_of,
                |a, b| code(a).0 == code(b).0,
                |first, again| {
                    let (value, span) = code(again);
                    code_sink.push(duplicate("基本编码", value, span, code(first).1));
                },
            );
        },
    );
    sink.extend(code_sink);
    let resolver = resolve::Resolver { registry };
    for b in &mut bundles {
        resolver.bundle(b, sink);
    }
    (bundles, suppressions)
}

/// The fields every matter states (language section 3); one that every variant states need not
/// be stated for the matter as a whole.
pub(crate) const MATTER_REQUIRED: &[&str] = &[
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
];

/// The matters of the catalog by id, for the bundles' flows: the first definition of each id;
/// every later one is reported when the index is built.
struct MatterIndex<'a> {
    names: HashedNames,
    matters: &'a [Box<Matter>],
    keys: &'a [MatterKey],
}

impl<'a> MatterIndex<'a> {
    fn new(matters: &'a [Box<Matter>], keys: &'a [MatterKey], sink: &mut Sink) -> Self {
        let id = |i: u32| matters.get(i as usize).map(|m| &m.id);
        let text = |i: u32| id(i).map_or("", |n| n.text.as_str());
        let hash_of = |i: u32| keys.get(i as usize).map_or(0, |k| k.id);
        let items = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (u32::try_from(i).unwrap_or(u32::MAX), k.id));
        let names = HashedNames::build(
            items,
            hash_of,
            |a, b| text(a) == text(b),
            |first, again| {
                if let (Some(first), Some(again)) = (id(first), id(again)) {
                    sink.push(duplicate("事项", &again.text, again.span, first.span));
                }
            },
        );
        MatterIndex {
            names,
            matters,
            keys,
        }
    }

    fn get(&self, name: &str) -> Option<MatterId> {
        let hash_of = |i: u32| self.keys.get(i as usize).map_or(0, |k| k.id);
        let is = |i: u32| {
            self.matters
                .get(i as usize)
                .is_some_and(|m| m.id.text == name)
        };
        self.names
            .find(crate::model::text_hash(name), hash_of, is)
            .map(MatterId)
    }

    /// Every matter id, for "did you mean" (each id once per definition).
    fn names(&self) -> impl Iterator<Item = &str> {
        self.matters.iter().map(|m| m.id.text.as_str())
    }
}

struct Lowerer<'a> {
    /// Every matter of the catalog, once known (bundles are lowered after matters).
    matters: Option<&'a MatterIndex<'a>>,
    /// The matters themselves, for the variants a flow names.
    catalog_matters: &'a [Box<Matter>],
    /// Matters that exist but were left out for a syntax error, sorted: naming one is no
    /// unknown reference (the syntax error is the finding).
    unparsed: &'a [String],
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

    fn blank_matter(id: Name, header: Span, span: Span) -> Matter {
        Matter {
            id,
            header,
            span,
            name: None,
            code: None,
            kind: None,
            department: None,
            subjects: Vec::new(),
            handling: None,
            basis: Vec::new(),
            basis_key: None,
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
            location: Vec::new(),
            hours: Vec::new(),
            faq: Vec::new(),
            accepting: None,
            deciding: None,
            entrust: None,
            power_source: None,
            commitment: None,
            steps: None,
            variants: Vec::new(),
            groups: Vec::new(),
            unverified: Vec::new(),
        }
    }

    /// Takes the syntax tree by value: its strings move into the model rather than being copied
    /// and then freed with the tree.
    fn matter(&self, m: ast::Matter, sink: &mut Sink) -> Matter {
        let owner = format!("事项「{}」", m.id.text);
        let id = Name {
            text: m.id.text,
            span: m.id.span,
        };
        let mut out = Self::blank_matter(id, m.header, m.span);
        let mut slots = Slots::new();
        let first_suppression = self.suppressions.borrow().len();
        let mut variant_slots: Vec<Slots> = Vec::new();
        self.matter_fields(
            &mut out,
            m.fields,
            &mut slots,
            &owner,
            m.span,
            &mut variant_slots,
            sink,
        );
        // A field that every variant states need not be stated for the matter as a whole.
        let required: Vec<&str> = MATTER_REQUIRED
            .iter()
            .copied()
            .filter(|k| variant_slots.is_empty() || !variant_slots.iter().all(|v| v.has(k)))
            .collect();
        slots.require(&required, m.header, &owner, sink);
        report_duplicates(
            "办理情形",
            out.variants.iter().map(|v| (&*v.id.text, v.id.span)),
            sink,
        );
        // Material ids are unique across the matter and all its variants, groups included.
        let groups = out
            .groups
            .iter()
            .chain(out.variants.iter().flat_map(|v| v.own.groups.iter()))
            .map(|g| (&*g.id.text, g.id.span));
        let materials = out.all_materials().map(|x| (&*x.id.text, x.id.span));
        let mut ids: Vec<(&str, Span)> = groups.chain(materials).collect();
        ids.sort_by_key(|(_, span)| (span.file, span.start));
        report_duplicates("材料", ids.into_iter(), sink);
        // A matter's 豁免 excuses the matter itself, not its materials and fee items.
        let mut inner: Vec<Span> = out.all_materials().map(|x| x.span).collect();
        if let Some(Fee::Items(_, items)) = &out.fee {
            inner.extend(items.iter().map(|i| i.span));
        }
        inner.sort_by_key(|s| (s.file, s.start, s.end));
        let inner: std::sync::Arc<[Span]> = inner.into();
        for s in self.suppressions.borrow_mut()[first_suppression..]
            .iter_mut()
            .filter(|s| s.scope == m.span)
        {
            s.except = inner.clone();
        }
        out
    }

    /// Lowers the fields of a matter or of one of its variants into `out`.
    #[allow(clippy::too_many_arguments)]
    fn matter_fields(
        &self,
        out: &mut Matter,
        fields: Vec<ast::Field<ast::MatterField>>,
        slots: &mut Slots,
        owner: &str,
        scope: Span,
        variant_slots: &mut Vec<Slots>,
        sink: &mut Sink,
    ) {
        for field in fields {
            use ast::MatterField as F;
            match field.value {
                F::Suppress(s) => {
                    self.suppress(field.key, s, scope);
                    continue;
                }
                F::Location(t) => {
                    out.location.push(t);
                    continue;
                }
                F::Hours(t) => {
                    out.hours.push(t);
                    continue;
                }
                F::Variant(v) => {
                    let (variant, seen) = self.variant(v, out, owner, sink);
                    out.variants.push(variant);
                    variant_slots.push(seen);
                    continue;
                }
                _ => {}
            }
            let keyword = field.value.keyword();
            if !slots.first(keyword, field.key, owner, sink) {
                continue;
            }
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
                F::Basis(cs) => {
                    out.basis = cs.iter().map(|c| self.citation(c, sink)).collect();
                    out.basis_key = Some(field.key);
                }
                F::Conditions(cs) => out.conditions = self.conditions(cs, sink),
                F::Materials(ms) => {
                    let (materials, groups) = self.materials(ms, &out.id.text, sink);
                    out.materials = materials;
                    out.groups = groups;
                }
                F::Time(t) => {
                    out.time = Some(values::time_limit(
                        t,
                        field.key,
                        owner,
                        &mut out.unverified,
                        &mut |c, sink| self.citation(c, sink),
                        sink,
                    ));
                }
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
                F::Result(fs) => out.result = Some(self.result(fs, field.key, owner, sink)),
                F::Consult(t) => out.consult = Some(t),
                F::OnlineUrl(t) => out.online_url = Some(t),
                F::Review(t) => out.review = Some(t),
                F::Litigation(t) => out.litigation = Some(t),
                F::QuantityLimit(t) => out.quantity_limit = Some(t),
                F::Supervise(t) => out.supervise = Some(t),
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
                F::Accepting(ast::Body::Department(w)) => {
                    out.accepting = Some(Body::Department(self.department(w)));
                }
                F::Accepting(ast::Body::Class(t)) => {
                    out.accepting = values::non_empty(t, "受理机构", sink).map(Body::Class);
                }
                F::Deciding(w) => out.deciding = Some(self.department(w)),
                F::Entrust(w, c) => {
                    out.entrust = Some(Entrust {
                        department: self.department(w),
                        basis: self.citation(&c, sink),
                    });
                }
                F::PowerSource(w) => {
                    out.power_source = values::word(&w, "权力来源", PowerSource::ALL, sink);
                }
                F::Commitment(t) => out.commitment = values::non_empty(t, "告知承诺", sink),
                F::Steps(steps) => out.steps = Some(self.steps(steps, field.key, owner, sink)),
                F::Unverified(field_name, u) => {
                    if let Some(u) = values::unverified(field_name, u, sink) {
                        out.unverified.push(u);
                    }
                }
                F::Suppress(_) | F::Location(_) | F::Hours(_) | F::Variant(_) => {}
            }
        }
    }

    /// `办理情形 <id> { … }`: its own fields, lowered like a matter's; the slots say which
    /// fields it states.
    fn variant(
        &self,
        v: ast::Variant,
        matter: &Matter,
        owner: &str,
        sink: &mut Sink,
    ) -> (Variant, Slots) {
        let owner = format!("{owner}的办理情形「{}」", v.id.text);
        let mut own = Box::new(Self::blank_matter(matter.id.clone(), v.header, v.span));
        let mut slots = Slots::new();
        let mut nested = Vec::new();
        self.matter_fields(
            &mut own,
            v.fields,
            &mut slots,
            &owner,
            v.span,
            &mut nested,
            sink,
        );
        slots.require(&["名称"], v.header, &owner, sink);
        let name = own.name.take();
        let variant = Variant {
            id: Name {
                text: v.id.text,
                span: v.id.span,
            },
            header: v.header,
            span: v.span,
            name,
            own,
        };
        (variant, slots)
    }

    fn conditions(&self, cs: Vec<ast::Condition>, sink: &mut Sink) -> Vec<Condition> {
        cs.into_iter()
            .map(|c| Condition {
                text: c.text,
                basis: c.basis.as_ref().map(|b| self.citation(b, sink)),
            })
            .collect()
    }

    fn steps(&self, steps: Vec<ast::Step>, key: Span, owner: &str, sink: &mut Sink) -> Steps {
        let mut out = Vec::with_capacity(steps.len());
        for step in steps {
            let owner = format!("{owner}的办理步骤「{}」", step.id.text);
            let mut s = Step {
                id: Name {
                    text: step.id.text,
                    span: step.id.span,
                },
                span: step.span,
                name: None,
                body: None,
                post: None,
                time: None,
                time_unverified: None,
                result: None,
                note: None,
                counted: true,
            };
            let mut slots = Slots::new();
            for field in step.fields {
                if let ast::StepField::Suppress(x) = field.value {
                    self.suppress(field.key, x, step.span);
                    continue;
                }
                if !slots.first(field.value.keyword(), field.key, &owner, sink) {
                    continue;
                }
                use ast::StepField as F;
                match field.value {
                    F::Name(t) => s.name = values::non_empty(t, "名称", sink),
                    F::Body(w) => s.body = Some(self.department(w)),
                    F::Post(t) => s.post = values::non_empty(t, "岗位", sink),
                    F::Time(ast::StepTime::Instant(span)) => {
                        s.time = Some(Spanned::new(Limit::Instant, span));
                    }
                    F::Time(ast::StepTime::Days(d)) => {
                        s.time = values::days(&d, sink)
                            .map(|x| Spanned::new(Limit::Days(x.value.0, x.value.1), x.span));
                    }
                    F::Time(ast::StepTime::Unverified(u)) => {
                        s.time_unverified = values::unverified("时限", u, sink);
                    }
                    F::Result(t) => s.result = values::non_empty(t, "结果", sink),
                    F::Note(t) => s.note = values::non_empty(t, "说明", sink),
                    F::Uncounted => s.counted = false,
                    F::Suppress(_) => {}
                }
            }
            out.push(s);
        }
        report_duplicates(
            "办理步骤",
            out.iter().map(|s| (&*s.id.text, s.id.span)),
            sink,
        );
        Steps { key, steps: out }
    }

    /// The entries of a 材料 block, flattened: a group's members follow one another and name
    /// their group.
    fn materials(
        &self,
        items: Vec<ast::MaterialItem>,
        matter: &str,
        sink: &mut Sink,
    ) -> (Vec<Material>, Vec<MaterialGroup>) {
        let mut materials = Vec::with_capacity(items.len());
        let mut groups = Vec::new();
        for item in items {
            match item {
                ast::MaterialItem::Single(m) => materials.push(self.material(m, matter, sink)),
                ast::MaterialItem::Group(g) => {
                    let index = u32::try_from(groups.len()).unwrap_or(u32::MAX);
                    let owner = format!("事项「{matter}」的任选材料「{}」", g.id.text);
                    let mut slots = Slots::new();
                    let mut name = None;
                    for f in g.name {
                        if slots.first("名称", f.key, &owner, sink) {
                            name = values::non_empty(f.value, "名称", sink);
                        }
                    }
                    for f in g.suppress {
                        self.suppress(f.key, f.value, g.span);
                    }
                    slots.require(&["名称"], g.header, &owner, sink);
                    for member in g.members {
                        let mut m = self.material(member, matter, sink);
                        m.group = Some(index);
                        materials.push(m);
                    }
                    groups.push(MaterialGroup {
                        id: Name {
                            text: g.id.text,
                            span: g.id.span,
                        },
                        header: g.header,
                        span: g.span,
                        name,
                    });
                }
            }
        }
        (materials, groups)
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
            deadline: None,
            group: None,
            unverified: Vec::new(),
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
                F::Deadline(d) => out.deadline = values::days(&d, sink),
                F::Unverified(field_name, u) => {
                    if let Some(u) = values::unverified(field_name, u, sink) {
                        out.unverified.push(u);
                    }
                }
                F::Mistake(_) | F::Suppress(_) => {}
            }
        }
        slots.require(&["名称", "形式", "份数", "来源"], header, &owner, sink);
        out
    }

    fn fee(&self, f: ast::Fee, key: Span, matter: &str, sink: &mut Sink) -> Fee {
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
                amount: None,
                per: None,
                reliefs: Vec::new(),
            };
            let mut slots = Slots::new();
            for field in item.fields {
                match field.value {
                    ast::FeeField::Suppress(s) => {
                        self.suppress(field.key, s, item.span);
                        continue;
                    }
                    ast::FeeField::Relief(text, basis) => {
                        fee.reliefs.push(Relief {
                            text,
                            basis: basis.as_ref().map(|c| self.citation(c, sink)),
                        });
                        continue;
                    }
                    _ => {}
                }
                if !slots.first(field.value.keyword(), field.key, &owner, sink) {
                    continue;
                }
                match field.value {
                    ast::FeeField::Name(t) => fee.name = values::non_empty(t, "名称", sink),
                    ast::FeeField::Standard(t) => fee.standard = values::non_empty(t, "标准", sink),
                    ast::FeeField::Basis(c) => fee.basis = Some(self.citation(&c, sink)),
                    ast::FeeField::Amount(w) => {
                        fee.amount = Some(Name {
                            text: w.text,
                            span: w.span,
                        });
                    }
                    ast::FeeField::Per(t) => fee.per = values::non_empty(t, "每", sink),
                    ast::FeeField::Suppress(_) | ast::FeeField::Relief(..) => {}
                }
            }
            // A missing 依据 is `fee-without-basis`, a rule of its own; 标准 may be left out
            // when 金额 states the amount.
            let required: &[&str] = if slots.has("金额") {
                &["名称"]
            } else {
                &["名称", "标准"]
            };
            slots.require(required, header, &owner, sink);
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
            validity: None,
            delivery: Vec::new(),
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
                ast::ResultField::Validity(None) => {
                    out.validity = Some(Spanned::new(Validity::LongTerm, field.key));
                }
                ast::ResultField::Validity(Some((n, unit))) => {
                    let unit = ValidityUnit::from_word(&unit.text);
                    let count = values::number(&n, "有效期", 1, sink);
                    if let (Some(count), Some(unit)) = (count, unit) {
                        let v = Validity::For(count.value, unit);
                        out.validity = Some(Spanned::new(v, field.key.to(n.span)));
                    }
                }
                ast::ResultField::Delivery(ws) => {
                    out.delivery = values::words_list(&ws, "送达", Delivery::ALL, sink);
                }
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
            conditions: Vec::new(),
            materials: Vec::new(),
            groups: Vec::new(),
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
                ast::BundleField::Conditions(cs) => {
                    out.conditions = self.conditions(cs.clone(), sink)
                }
                ast::BundleField::Materials(ms) => {
                    let (materials, groups) = self.materials(ms.clone(), &owner, sink);
                    let ids = groups
                        .iter()
                        .map(|g| (&*g.id.text, g.id.span))
                        .chain(materials.iter().map(|m| (&*m.id.text, m.id.span)));
                    report_duplicates("材料", ids, sink);
                    out.materials = materials;
                    out.groups = groups;
                }
                ast::BundleField::Unverified(field_name, u) => {
                    values::unverified_in_bundle(field_name, u, sink);
                }
            }
        }
        slots.require(&["名称", "牵头", "流程"], b.header, &owner, sink);
        out
    }

    /// `<matter>` or `<matter>.<variant>`, resolved against the catalog's matters.
    fn flow_matter(&self, fm: &ast::FlowMatter, sink: &mut Sink) -> FlowMatter {
        let w = &fm.name;
        let (matter_name, variant_name) = match w.text.split_once('.') {
            Some((m, v)) => (m, Some(v)),
            None => (w.text.as_str(), None),
        };
        let start = w.span.start as usize;
        let matter_span = Span::new(w.span.file, start..start + matter_name.len());
        let target = self.matters.and_then(|defs| defs.get(matter_name));
        if target.is_none()
            && let Some(defs) = self.matters
            && self
                .unparsed
                .binary_search_by(|n| n.as_str().cmp(matter_name))
                .is_err()
        {
            report_unknown(
                sink,
                "事项",
                "本目录的事项",
                matter_name,
                matter_span,
                defs.names(),
            );
        }
        let variant = variant_name.map(|v| {
            let span = Span::new(
                w.span.file,
                matter_span.end as usize + 1..w.span.end as usize,
            );
            let variants = target
                .and_then(|t| self.catalog_matters.get(t.0 as usize))
                .map(|m| &m.variants[..])
                .unwrap_or(&[]);
            let index = variants.iter().position(|x| x.id.text == v);
            if index.is_none() && target.is_some() {
                report_unknown(
                    sink,
                    "办理情形",
                    &format!("事项「{matter_name}」的办理情形"),
                    v,
                    span,
                    variants.iter().map(|x| x.id.text.as_str()),
                );
            }
            Ref {
                name: v.to_string(),
                span,
                target: index.and_then(|i| u32::try_from(i).ok()),
            }
        });
        FlowMatter {
            matter: Ref {
                name: matter_name.to_string(),
                span: matter_span,
                target,
            },
            variant,
            optional: fm.optional.is_some(),
        }
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
                Task::Visit(ast::Flow::Matter(fm)) => {
                    done.push(Flow::Matter(self.flow_matter(fm, sink)))
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
