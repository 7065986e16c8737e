//! The published site: every artifact of `banshi build` as (path, bytes), rendered from the
//! templates in `templates/` (a catalog's own `templates/` folder overrides them by name).
//!
//! Output paths are a contract:
//! `guides/<matter>.html`, `guides/<matter>.md`, `checklists/<matter>.html` (and
//! `checklists/<matter>.<variant>.html` per 办理情形),
//! `bundles/<bundle>.html`, `portal/matters/<matter>.json`, `portal/bundles/<bundle>.json`,
//! `portal/index.json`, `portal/schema.json`, `index.html`, plus `booklets/<department>.html`
//! (every guide of a department, one per printed page) and `assets/banshi.css`.

use super::doc::{self, BundleDoc, MatterDoc, PortalDocument};
use super::svg;
use super::view::{
    self, booklet, bundle::BundleView, checklist::ChecklistView, guide::GuideView, index,
};
use crate::analysis::report::Report;
use crate::error::Error;
use crate::model::Catalog;
use crate::progress::Progress;
use crate::source::Sources;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, context};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// The templates shipped with banshi, by name.
pub const SHIPPED: &[(&str, &str)] = &[
    ("layout.html", include_str!("../../templates/layout.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("guide.html", include_str!("../../templates/guide.html")),
    ("guide.md", include_str!("../../templates/guide.md")),
    (
        "checklist.html",
        include_str!("../../templates/checklist.html"),
    ),
    ("bundle.html", include_str!("../../templates/bundle.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("booklet.html", include_str!("../../templates/booklet.html")),
    ("style.css", include_str!("../../templates/style.css")),
];

/// One output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// Relative to the output directory, `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything the site is built from.
pub struct Input<'a> {
    pub catalog: &'a Catalog,
    pub sources: &'a Sources,
    pub report: &'a Report,
    /// Templates from the catalog's own `templates/` folder, by name.
    pub overrides: &'a BTreeMap<String, String>,
    /// Printed in footers when set (`--stamp`); builds are otherwise byte-identical.
    pub stamp: Option<&'a str>,
    /// Set for `build --draft`: every page carries the banner and its file's findings.
    pub draft: Option<&'a Draft>,
}

/// What a draft's pages say of the findings (`build --draft`, language §14).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Draft {
    pub errors: usize,
    pub warnings: usize,
    /// The findings of each source file (keyed as [`Sources::path`] names it), one line each,
    /// in position order.
    pub findings: BTreeMap<String, Vec<String>>,
}

/// The banner of one draft page: the findings of the files the page is made from.
#[derive(Clone, Debug, Serialize)]
struct DraftBanner {
    errors: usize,
    warnings: usize,
    findings: Vec<String>,
}

impl Draft {
    fn banner<'f>(&self, files: impl IntoIterator<Item = &'f str>) -> DraftBanner {
        let mut findings = Vec::new();
        for f in files {
            if let Some(list) = self.findings.get(f) {
                findings.extend(list.iter().cloned());
            }
        }
        findings.dedup();
        DraftBanner {
            errors: self.errors,
            warnings: self.warnings,
            findings,
        }
    }
}

/// minijinja's error kinds in Chinese. Its own message is kept as a note: it names the field,
/// filter or token that is wrong, which a house-style template's author needs.
fn template_error(e: minijinja::Error) -> Error {
    use minijinja::ErrorKind as K;
    let name = e.name().unwrap_or("").to_string();
    let what = match e.kind() {
        // minijinja reports its own depth limit as an invalid operation.
        _ if e.detail().is_some_and(|d| d.contains("recursion limit")) => {
            "模板递归层数超过上限，可能是宏无尽地调用自身"
        }
        K::SyntaxError => "模板语法错误",
        K::UndefinedError => "使用了不存在的字段或变量，可能是名称写错",
        K::UnknownFilter => "使用了不存在的过滤器",
        K::UnknownTest => "使用了不存在的测试",
        K::UnknownFunction => "使用了不存在的函数",
        K::UnknownMethod => "使用了不存在的方法",
        K::TemplateNotFound => "找不到模板",
        K::TooManyArguments => "参数太多",
        K::MissingArgument => "缺少参数",
        K::InvalidOperation => "不能对这样的值做此操作",
        K::NonPrimitive | K::NonKey => "值的类型不对",
        K::CannotUnpack => "无法按所写的个数拆开取值",
        K::BadEscape => "字符串中有无法识别的转义",
        K::BadInclude => "无法引入模板",
        _ => "模板出错",
    };
    let mut message = format!("{what}（原始信息：{e}）");
    if let Some(line) = e.line() {
        message = format!("第 {line} 行：{message}");
    }
    Error::Template { name, message }
}

/// A link to a file of the catalog, for templates (see [`view::href`]).
fn href(path: String) -> String {
    view::href(&path)
}

/// Markdown table cells: a line break would end the row (`|` is escaped with every value).
fn md(s: String) -> String {
    s.replace(['\r', '\n'], " ")
}

/// A value as literal Markdown text. CommonMark lets any ASCII punctuation be escaped with a
/// backslash; escaping only what can start a construct keeps ordinary Chinese text as written:
/// links and images (`[`, `]`), raw HTML and autolinks (`<`, `>`), emphasis and code (`*`, `_`,
/// `` ` ``, `~`), table cells (`|`), entities (`&`) and the backslash itself, anywhere; and at
/// the start of the value or of one of its lines, the block markers (`#`, `>`, `-`, `+`, `=`,
/// a number followed by `.` or `)`).
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut line_start = true;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if line_start && c.is_ascii_digit() {
            out.push(c);
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                out.push(d);
                chars.next();
            }
            if let Some(&p) = chars.peek().filter(|p| matches!(p, '.' | ')')) {
                out.push('\\');
                out.push(p);
                chars.next();
            }
            line_start = false;
            continue;
        }
        let block = line_start && matches!(c, '#' | '>' | '-' | '+' | '=');
        if block
            || matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&'
            )
        {
            out.push('\\');
        }
        out.push(c);
        line_start = c == '\n' || (line_start && matches!(c, ' ' | '\t'));
    }
    out
}

/// Prints values into .md templates through [`markdown`], as the default formatter does HTML
/// for .html ones: no template, shipped or a catalog's own, can forget to escape a value.
fn formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if matches!(state.auto_escape(), AutoEscape::Custom(n) if n == "markdown") && !value.is_safe() {
        return out
            .write_str(&markdown(&value.to_string()))
            .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()));
    }
    minijinja::escape_formatter(out, state, value)
}

/// The template environment: shipped templates, overridden by the catalog's; strict undefined
/// so a misspelt field fails the build; HTML escaping for .html output, Markdown for .md.
fn environment(overrides: &BTreeMap<String, String>) -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    // Output files end with the newline their templates end with.
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .build()
        .map_err(template_error)?;
    env.set_syntax(syntax);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_formatter(formatter);
    env.set_recursion_limit(RECURSION_LIMIT);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else if name.ends_with(".md") {
            AutoEscape::Custom("markdown".into())
        } else {
            AutoEscape::None
        }
    });
    for (name, source) in SHIPPED {
        let source = overrides
            .get(*name)
            .cloned()
            .unwrap_or_else(|| (*source).to_string());
        env.add_template_owned((*name).to_string(), source)
            .map_err(template_error)?;
    }
    env.add_function("percent", view::percent);
    env.add_function("days", view::days);
    env.add_filter("md", md);
    env.add_filter("href", href);
    Ok(env)
}

fn json_error(e: serde_json::Error) -> Error {
    Error::Template {
        name: "portal".into(),
        message: e.to_string(),
    }
}

fn json(value: &impl Serialize) -> Result<Vec<u8>, Error> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| Error::Template {
        name: "portal".into(),
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[derive(Serialize)]
struct CatalogInfo {
    name: String,
    region: String,
    /// `edition` and `date` of `banshi.yaml`, for booklet covers; the date in words.
    edition: Option<String>,
    date: Option<String>,
}

/// Where artifacts go. The site is produced in parallel, so an output takes files from many
/// threads at once; `cli/output.rs` writes them to disk, tests keep them in memory.
pub trait Output: Sync {
    fn put(&self, artifact: Artifact) -> Result<(), Error>;
}

/// A list handed to a template whose elements become template values one at a time, as the
/// template reaches them: a department of thousands of matters is never held as template values
/// all at once.
#[derive(Debug)]
struct LazySeq<T>(Vec<T>);

impl<T: Serialize + std::fmt::Debug + Send + Sync + 'static> minijinja::value::Object
    for LazySeq<T>
{
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }

    fn get_value(self: &std::sync::Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        self.0
            .get(key.as_usize()?)
            .map(|x| minijinja::Value::from(Serde(x)))
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.0.len())
    }
}

/// The report as the index template sees it: each part becomes template values only when the
/// template reads it. The page shows catalog and department figures; the per-matter rows of a
/// catalog of 100,000 matters would otherwise be converted for nothing.
#[derive(Debug)]
struct LazyReport(Report);

impl LazyReport {
    const KEYS: &'static [&'static str] = &[
        "catalog",
        "avoidable",
        "deferrable",
        "departments",
        "matters",
        "bundles",
        "targets",
    ];
}

impl minijinja::value::Object for LazyReport {
    fn get_value(self: &std::sync::Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        let r = &self.0;
        Some(match key.as_str()? {
            "catalog" => minijinja::Value::from(Serde(&r.catalog)),
            "avoidable" => minijinja::Value::from(Serde(&r.avoidable)),
            "deferrable" => minijinja::Value::from(Serde(&r.deferrable)),
            "departments" => minijinja::Value::from(Serde(&r.departments)),
            "matters" => minijinja::Value::from(Serde(&r.matters)),
            "bundles" => minijinja::Value::from(Serde(&r.bundles)),
            "targets" => minijinja::Value::from(Serde(&r.targets)),
            _ => return None,
        })
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(Self::KEYS)
    }
}

/// Passes artifacts on and counts them as progress.
struct Counted<'a> {
    out: &'a dyn Output,
    progress: &'a dyn Progress,
}

impl Output for Counted<'_> {
    fn put(&self, artifact: Artifact) -> Result<(), Error> {
        self.out.put(artifact)?;
        self.progress.advance(1);
        Ok(())
    }
}

/// Keeps every artifact in memory, for tests and small catalogs.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<Artifact>>);

impl Output for Collect {
    fn put(&self, artifact: Artifact) -> Result<(), Error> {
        self.0
            .lock()
            .map_err(|_| Error::Template {
                name: "output".into(),
                message: "另一个线程写入失败".into(),
            })?
            .push(artifact);
        Ok(())
    }
}

impl Collect {
    /// The artifacts in path order.
    pub fn into_sorted(self) -> Vec<Artifact> {
        let mut v = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        v.sort_by(|a, b| a.path.cmp(&b.path));
        v
    }
}

/// The files of one matter: guide (HTML and Markdown), checklist, portal JSON.
fn matter_pages(
    env: &Environment,
    info: &CatalogInfo,
    m: &MatterDoc,
    stamp: Option<&str>,
    draft: Option<&Draft>,
    out: &dyn Output,
) -> Result<(), Error> {
    let root = minijinja::Value::from_safe_string("../".into());
    let draft = draft.map(|d| Serde(d.banner([m.source_file.as_str()])));
    let guide = context! { catalog => Serde(info), matter => Serde(m), page => Serde(GuideView::new(m)), root => root.clone(), stamp => stamp, draft => draft.clone() };
    out.put(Artifact {
        path: format!("guides/{}.html", m.id),
        bytes: render(env, "guide.html", guide.clone())?,
    })?;
    out.put(Artifact {
        path: format!("guides/{}.md", m.id),
        bytes: render(env, "guide.md", guide)?,
    })?;
    let checklist = context! { catalog => Serde(info), matter => Serde(m), page => Serde(ChecklistView::new(m)), root => root.clone(), stamp => stamp, draft => draft.clone() };
    out.put(Artifact {
        path: format!("checklists/{}.html", m.id),
        bytes: render(env, "checklist.html", checklist)?,
    })?;
    for v in &m.variants {
        let page = ChecklistView::variant(m, v);
        let path = format!("checklists/{}.html", page.id);
        let checklist = context! { catalog => Serde(info), matter => Serde(m), page => Serde(page), root => root.clone(), stamp => stamp, draft => draft.clone() };
        out.put(Artifact {
            path,
            bytes: render(env, "checklist.html", checklist)?,
        })?;
    }
    out.put(Artifact {
        path: format!("portal/matters/{}.json", m.id),
        bytes: json(&doc::portal_matter(m).map_err(json_error)?)?,
    })
}

/// Instructions one page may run. A catalog can ship its own templates, and a loop of 10^10
/// steps would otherwise never end. The shipped templates use at most 5,714 on the shipped
/// catalog and 458,531 (booklet.html) on a generated one of 10,000 matters: a hundredfold
/// margin over the largest catalog tested. See README, Robustness.
const FUEL: u64 = 50_000_000;
/// Bytes one page may produce: a loop printing a 100 MB string (minijinja's cap for `*`) a
/// thousand times would otherwise fill the disk. The largest shipped page on 10,000 matters
/// (index.html) is 2.2 MB.
const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;
/// Nesting of macro calls, includes and blocks; minijinja's own ceiling is 500, and a deep
/// recursion near it can exhaust a worker thread's stack.
const RECURSION_LIMIT: usize = 100;

/// A writer that fails once a page is over [`MAX_PAGE_BYTES`].
struct Bounded(Vec<u8>);

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_PAGE_BYTES {
            return Err(std::io::Error::other("page too large"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn render(env: &Environment, name: &str, ctx: minijinja::Value) -> Result<Vec<u8>, Error> {
    let t = env.get_template(name).map_err(template_error)?;
    let mut out = Bounded(Vec::new());
    let limit = |message: String| Error::Template {
        name: name.to_string(),
        message,
    };
    match t.render_captured_to(ctx, &mut out) {
        Ok(_) => Ok(out.0),
        Err(e) if e.kind() == minijinja::ErrorKind::OutOfFuel => Err(limit(format!(
            "执行步数超过上限 {FUEL}（模板中可能有过大或无尽的循环）"
        ))),
        Err(e) if e.kind() == minijinja::ErrorKind::WriteFailure => Err(limit(format!(
            "生成的页面超过 {} MB 的上限",
            MAX_PAGE_BYTES / 1024 / 1024
        ))),
        Err(e) => Err(template_error(e)),
    }
}

/// Renders every artifact into `out`. Matters are rendered in parallel and dropped as soon as
/// their files are out, so memory stays flat however large the catalog.
pub fn build(input: &Input, out: &dyn Output, progress: &dyn Progress) -> Result<(), Error> {
    let catalog = input.catalog;
    // Every file written is one step: four per matter and one per variant, two per bundle, a booklet per
    // department, and the stylesheet, the index page, the portal index and its schema.
    let departments: std::collections::BTreeSet<&str> = catalog
        .matters
        .iter()
        .map(|m| m.department.as_ref().map_or("", |d| d.name.as_str()))
        .collect();
    progress.stage(
        crate::progress::Stage::Write,
        catalog
            .matters
            .iter()
            .map(|m| 4 + m.variants.len())
            .sum::<usize>()
            + 2 * catalog.bundles.len()
            + departments.len()
            + usize::from(booklet::whole_catalog_booklet(catalog.matters.len()))
            + 4,
    );
    let site = Site {
        input,
        env: environment(input.overrides)?,
        info: CatalogInfo {
            name: catalog
                .config
                .name
                .as_ref()
                .map_or_else(String::new, |n| n.value.clone()),
            region: catalog
                .config
                .region
                .as_ref()
                .map_or_else(String::new, |r| r.value.clone()),
            edition: catalog.config.edition.as_ref().map(|e| e.value.clone()),
            date: catalog.config.date.as_ref().map(|d| {
                let d = d.value;
                format!("{}年{}月{}日", d.year(), d.month(), d.day())
            }),
        },
        out: &Counted { out, progress },
    };
    // The stylesheet every page links to.
    site.out.put(Artifact {
        path: "assets/banshi.css".into(),
        bytes: render(&site.env, "style.css", context! {})?,
    })?;
    let rows = site.matters()?;
    let bundles = site.bundles()?;
    let (sections, index_matters) = site.sections(rows);
    site.portal_index(index_matters, &bundles)?;
    let booklets: Vec<(String, String)> = sections
        .iter()
        .map(|s| (s.id.clone(), s.name.clone()))
        .collect();
    site.index_page(sections, &bundles)?;
    site.booklets(&booklets)
}

/// What every step of a build shares.
struct Site<'a> {
    input: &'a Input<'a>,
    env: Environment<'static>,
    info: CatalogInfo,
    out: &'a dyn Output,
}

/// A matter's row on the catalog page, and its entry in the portal index, under its
/// department's id.
type MatterEntry = (Option<String>, index::MatterRow, doc::IndexMatter);

impl Site<'_> {
    fn doc_of(&self, m: &crate::model::Matter) -> MatterDoc {
        let mut d = doc::matter(
            self.input.catalog,
            m,
            self.input.sources.path(m.id.span.file),
        );
        d.draft = self.input.draft.is_some();
        d
    }

    /// The files with findings that no matter or bundle page comes from.
    fn pageless_files<'d>(&self, draft: &'d Draft) -> Vec<&'d str> {
        let catalog = self.input.catalog;
        let paged: std::collections::BTreeSet<&str> = catalog
            .matters
            .iter()
            .map(|m| m.id.span.file)
            .chain(catalog.bundles.iter().map(|b| b.id.span.file))
            .map(|f| self.input.sources.path(f))
            .collect();
        draft
            .findings
            .keys()
            .map(String::as_str)
            .filter(|f| !paged.contains(f))
            .collect()
    }

    /// Every matter's pages, in parallel; what the catalog page and the portal index keep of
    /// each.
    fn matters(&self) -> Result<Vec<MatterEntry>, Error> {
        self.input
            .catalog
            .matters
            .par_iter()
            .map(|m| {
                let d = self.doc_of(m);
                matter_pages(
                    &self.env,
                    &self.info,
                    &d,
                    self.input.stamp,
                    self.input.draft,
                    self.out,
                )?;
                let row = index::MatterRow::new(
                    &d.id,
                    &d.name,
                    &d.kind,
                    d.time.promised.as_ref().map(|l| l.text.as_str()),
                    d.visits.as_ref().map(|v| v.count),
                );
                let entry = doc::IndexMatter {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    department: d
                        .department
                        .as_ref()
                        .map_or_else(String::new, |x| x.id.clone()),
                    kind: d.kind.clone(),
                    implementation_code: d.implementation_code.clone(),
                };
                Ok((d.department.map(|x| x.id), row, entry))
            })
            .collect()
    }

    /// Every bundle's guide and portal document.
    fn bundles(&self) -> Result<Vec<BundleDoc>, Error> {
        let catalog = self.input.catalog;
        let mut bundles = Vec::new();
        for (b, f) in catalog.bundles.iter().zip(&self.input.report.bundles) {
            let file = self.input.sources.path(b.id.span.file);
            let mut d = doc::bundle(catalog, b, f, file);
            d.draft = self.input.draft.is_some();
            let draft = self.input.draft.map(|x| Serde(x.banner([file])));
            let flow_svg = d
                .flow
                .as_ref()
                .map(|flow| svg::flow(flow, &d.matters, &d.critical_path.matters));
            let ctx = context! { catalog => Serde(&self.info), bundle => Serde(&d), page => Serde(BundleView::new(&d)), flow_svg => flow_svg, root => minijinja::Value::from_safe_string("../".into()), stamp => self.input.stamp, draft => draft };
            self.out.put(Artifact {
                path: format!("bundles/{}.html", d.id),
                bytes: render(&self.env, "bundle.html", ctx)?,
            })?;
            self.out.put(Artifact {
                path: format!("portal/bundles/{}.json", d.id),
                bytes: json(&PortalDocument::Bundle(Box::new(d.clone())))?,
            })?;
            bundles.push(d);
        }
        Ok(bundles)
    }

    /// The catalog page's department sections (in registry order, then matters whose
    /// department is unknown) and the portal index's matters, in catalog order.
    fn sections(
        &self,
        rows: Vec<MatterEntry>,
    ) -> (Vec<index::DepartmentSection>, Vec<doc::IndexMatter>) {
        let registry = &self.input.catalog.registry;
        let mut sections: Vec<index::DepartmentSection> = Vec::new();
        let mut index_matters = Vec::new();
        for (dept, row, entry) in rows {
            let id = dept.unwrap_or_default();
            match sections.last_mut().filter(|s| s.id == id) {
                Some(s) => s.matters.push(row),
                None => match sections.iter_mut().find(|s| s.id == id) {
                    Some(s) => s.matters.push(row),
                    None => {
                        let name = registry
                            .department_id(&id)
                            .and_then(|d| registry.department(d))
                            .map_or_else(
                                || index::NO_DEPARTMENT.to_string(),
                                |d| d.display_name().to_string(),
                            );
                        sections.push(index::DepartmentSection::new(id, name, vec![row]));
                    }
                },
            }
            index_matters.push(entry);
        }
        sections.sort_by_key(|s| registry.department_id(&s.id).map_or(u32::MAX, |d| d.0));
        (sections, index_matters)
    }

    /// `portal/index.json` and the schema of every portal file.
    fn portal_index(
        &self,
        matters: Vec<doc::IndexMatter>,
        bundles: &[BundleDoc],
    ) -> Result<(), Error> {
        self.out.put(Artifact {
            path: "portal/index.json".into(),
            bytes: json(&PortalDocument::Index(doc::IndexDoc {
                draft: self.input.draft.is_some(),
                name: self.info.name.clone(),
                region: self.info.region.clone(),
                matters,
                bundles: bundles
                    .iter()
                    .map(|b| doc::IndexBundle {
                        id: b.id.clone(),
                        name: b.name.clone(),
                    })
                    .collect(),
            }))?,
        })?;
        self.out.put(Artifact {
            path: "portal/schema.json".into(),
            bytes: json(&doc::portal_schema().map_err(json_error)?)?,
        })
    }

    fn index_page(
        &self,
        sections: Vec<index::DepartmentSection>,
        bundles: &[BundleDoc],
    ) -> Result<(), Error> {
        let report = self.input.report;
        let page = index::IndexView::new(&self.info.name, &self.info.region, report, bundles);
        let ctx = context! {
            catalog => Serde(&self.info),
            page => Serde(page),
            departments => minijinja::Value::from_object(LazySeq(sections)),
            bundles => Serde(bundles),
            report => minijinja::Value::from_object(LazyReport(report.clone())),
            charts => charts(report),
            whole_booklet => booklet::whole_catalog_booklet(self.input.catalog.matters.len())
                .then_some(booklet::WHOLE_CATALOG),
            root => minijinja::Value::from_safe_string(String::new()),
            stamp => self.input.stamp,
            // The index says the build is a draft, and lists the findings no other page shows:
            // those of files that made no page (a registry, a file that did not parse).
            draft => self.input.draft.map(|d| Serde(d.banner(self.pageless_files(d)))),
        };
        self.out.put(Artifact {
            path: "index.html".into(),
            bytes: render(&self.env, "index.html", ctx)?,
        })
    }

    /// One printable booklet per department (id, name) and one of the whole catalog: a cover,
    /// a table of contents, then every guide, each on its own page.
    fn booklets(&self, departments: &[(String, String)]) -> Result<(), Error> {
        // One pass over the matters: both the departments' booklets and the whole one take
        // their guides from this grouping.
        let mut by_department: BTreeMap<&str, Vec<&crate::model::Matter>> = BTreeMap::new();
        for m in &self.input.catalog.matters {
            let id = m.department.as_ref().map_or("", |d| d.name.as_str());
            by_department.entry(id).or_default().push(&**m);
        }
        let of_department = |id: &str| -> Vec<&crate::model::Matter> {
            by_department.get(id).cloned().unwrap_or_default()
        };
        let mut jobs: Vec<Booklet> = departments
            .iter()
            .map(|(id, name)| {
                let file = if id.is_empty() {
                    index::NO_DEPARTMENT.to_string()
                } else {
                    id.clone()
                };
                (
                    file,
                    Some(name.as_str()),
                    vec![(name.as_str(), of_department(id))],
                )
            })
            .collect();
        if booklet::whole_catalog_booklet(self.input.catalog.matters.len()) {
            let whole: Vec<BookletSection> = departments
                .iter()
                .map(|(id, name)| (name.as_str(), of_department(id)))
                .collect();
            jobs.push((booklet::WHOLE_CATALOG.to_string(), None, whole));
        }
        jobs.par_iter().try_for_each(|(file, department, sections)| {
            let matters: Vec<&crate::model::Matter> = sections
                .iter()
                .flat_map(|(_, ms)| ms.iter().copied())
                .collect();
            let draft = self.input.draft.map(|d| {
                let mut files: Vec<&str> = matters
                    .iter()
                    .map(|m| self.input.sources.path(m.id.span.file))
                    .collect();
                files.sort_unstable();
                files.dedup();
                Serde(d.banner(files))
            });
            let mut toc = Vec::with_capacity(sections.len());
            let mut pages: Vec<GuideView> = Vec::with_capacity(matters.len());
            for (name, ms) in sections {
                let guides: Vec<GuideView> =
                    ms.iter().map(|m| GuideView::new(&self.doc_of(m))).collect();
                let entries = guides.iter().map(|g| (g.id.clone(), g.name.clone())).collect();
                toc.push((name.to_string(), entries));
                pages.extend(guides);
            }
            let view = booklet::BookletView::new(booklet::BookletInput {
                catalog_name: &self.info.name,
                department: *department,
                edition: self.info.edition.as_deref(),
                date: self.info.date.as_deref(),
                sections: toc,
            });
            let ctx = context! {
                draft => draft,
                catalog => Serde(&self.info),
                booklet => Serde(&view),
                running_header => minijinja::Value::from_safe_string(view.running_header.clone()),
                pages => minijinja::Value::from_object(LazySeq(pages)),
                root => minijinja::Value::from_safe_string("../".into()),
                stamp => self.input.stamp,
            };
            self.out.put(Artifact {
                path: format!("booklets/{file}.html"),
                bytes: render(&self.env, "booklet.html", ctx)?,
            })
        })
    }
}

/// A booklet to print: its file name, its department (none for the whole catalog), and its
/// guides by department.
type Booklet<'m> = (String, Option<&'m str>, Vec<BookletSection<'m>>);
type BookletSection<'m> = (&'m str, Vec<&'m crate::model::Matter>);

/// The three charts of the catalog page, as SVG.
fn charts(report: &Report) -> BTreeMap<&'static str, String> {
    let max_materials = report
        .departments
        .iter()
        .map(|d| d.figures.materials_listed)
        .max()
        .unwrap_or(0) as f64;
    let materials: Vec<svg::Bar> = report
        .departments
        .iter()
        .map(|d| svg::Bar {
            label: d.name.clone(),
            value: d.figures.materials_to_submit as f64,
            text: format!(
                "{} / {} 份",
                d.figures.materials_to_submit, d.figures.materials_listed
            ),
        })
        .collect();
    let zero: Vec<svg::Bar> = report
        .departments
        .iter()
        .map(|d| svg::Bar {
            label: d.name.clone(),
            value: d.figures.zero_visit_share,
            text: view::percent(d.figures.zero_visit_share),
        })
        .collect();
    let promised: Vec<svg::Bar> = report
        .departments
        .iter()
        .filter_map(|d| {
            let v = d.figures.avg_promised_days?;
            Some(svg::Bar {
                label: d.name.clone(),
                value: v,
                text: format!("{v:.1} 个工作日"),
            })
        })
        .collect();
    let max_promised = promised.iter().map(|b| b.value).fold(7.0, f64::max);
    let t = &report.targets;
    BTreeMap::from([
        (
            "materials",
            svg::bars(
                "各部门需申请人提交的材料（需提交 / 列出）",
                &materials,
                max_materials,
                None,
            ),
        ),
        (
            "zero_visits",
            svg::bars(
                "各部门零跑动事项占比",
                &zero,
                1.0,
                Some((t.zero_visit_share_min.value, "目标 10%")),
            ),
        ),
        (
            "promised",
            svg::bars(
                "各部门平均承诺时限（工作日）",
                &promised,
                max_promised,
                Some((t.ordinary_promised_days_max.value, "一般事项 7 日")),
            ),
        ),
    ])
}
