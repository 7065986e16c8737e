//! `banshi build`: check the catalog and, when it has no errors, publish the site.

use crate::cli::{
    Color, ReadArgs, check_catalog, name_unreadable, output, pdf, progress, render, use_color,
};
use crate::driver;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 事项目录所在的文件夹
    catalog: Option<PathBuf>,
    /// 输出文件夹（整体替换，失败时保留原有内容）
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// 在页脚写入生成时间（默认不写，两次生成的文件逐字节相同）
    #[arg(long)]
    stamp: bool,
    /// 生成草稿：检查发现错误时仍然生成，每页标注“草稿（未通过检查）”并列出该页的问题；退出码仍为 1
    #[arg(long)]
    draft: bool,
    /// 同时把每份办事指南、一次性告知单和每本汇编打印为 PDF（A4，写在对应的 HTML 旁边）；需要已安装 Chromium，可用环境变量 BANSHI_CHROMIUM 指明其路径
    #[arg(long)]
    pdf: bool,
    /// 何时使用颜色
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// 不显示进度条和结尾的汇总行（输出不是终端时本就不显示进度条）
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    read: ReadArgs,
}

impl Args {
    /// The catalog folder, once `run` has found it.
    fn root(&self) -> &std::path::Path {
        self.catalog.as_deref().unwrap_or(std::path::Path::new("."))
    }
}

pub fn run(args: Args) -> ExitCode {
    let mut args = args;
    match crate::cli::catalog_of(args.catalog.as_deref()) {
        Ok(root) => args.catalog = Some(root),
        Err(code) => return code,
    }
    // Before the catalog is read: a refused --out, or --pdf with no browser, is known at once.
    if let Err(e) = output::check_out(&args.out, args.root()) {
        eprintln!("banshi: {e}");
        return ExitCode::from(2);
    }
    let browser = if args.pdf {
        match pdf::Browser::find() {
            Some(b) => Some(b),
            None => {
                eprintln!("banshi: {}", pdf::NO_BROWSER);
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };
    let options = args.read.options();
    let bar = progress::Bar::new();
    let progress: &dyn crate::progress::Progress = if progress::wanted(false, args.quiet) {
        &bar
    } else {
        &crate::progress::Silent
    };
    let checked = check_catalog(args.root(), &options, progress);
    let code = build_checked(&args, checked, browser.as_ref(), progress);
    bar.finish();
    code
}

fn build_checked(
    args: &Args,
    checked: Result<&'static mut driver::Checked, ExitCode>,
    browser: Option<&pdf::Browser>,
    progress: &dyn crate::progress::Progress,
) -> ExitCode {
    let checked = match checked {
        Ok(c) => c,
        Err(code) => return code,
    };
    if name_unreadable(checked) {
        return ExitCode::from(2);
    }
    let counts = crate::diagnostic::Counts::of(&checked.diagnostics);
    if counts.errors > 0 && !args.draft {
        let mut out = std::io::stdout().lock();
        let _ = render::human(
            &mut out,
            checked,
            &checked.diagnostics,
            use_color(args.color),
        );
        eprintln!("banshi: 目录中有 {} 个错误，未生成任何文件", counts.errors);
        return ExitCode::from(1);
    }
    let written = match publish(args, checked, browser, progress) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("banshi: {e}");
            return ExitCode::from(2);
        }
    };
    if !args.quiet {
        summary(args, checked, &written, counts);
    }
    // A draft is published on request, but the catalog still fails: CI that runs
    // `build --draft` must not read it as a pass.
    if counts.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The findings of a draft, by file, as one line each: what the page banners list. Made
/// while the source texts are still there (a line number needs them).
fn draft_notes(checked: &driver::Checked) -> crate::emit::site::Draft {
    let counts = crate::diagnostic::Counts::of(&checked.diagnostics);
    let mut draft = crate::emit::site::Draft {
        errors: counts.errors,
        warnings: counts.warnings,
        findings: Default::default(),
    };
    for d in &checked.diagnostics {
        let ((line, _), _) = checked.sources.location(d.span);
        let kind = match d.severity {
            crate::diagnostic::Severity::Error => "错误",
            _ => "警告",
        };
        draft
            .findings
            .entry(checked.sources.path(d.span.file).to_string())
            .or_default()
            .push(format!(
                "{kind} {} {}（第 {line} 行）：{}",
                d.rule.code, d.rule.name, d.message
            ));
    }
    draft
}

/// What the site of a checked catalog is rendered from besides the catalog itself: shared by
/// `build`, which writes it to `--out`, and `preview`, which keeps it in memory.
pub(crate) struct Prepared {
    overrides: std::collections::BTreeMap<String, String>,
    report: crate::analysis::report::Report,
    draft: Option<crate::emit::site::Draft>,
    stamp: Option<String>,
    /// The 样表 paths the guides link to, as the specs write them.
    pub samples: Vec<String>,
}

impl Prepared {
    /// Reads the catalog's own templates and works out the report, the draft banners (when
    /// `draft` and the catalog fails) and the stamp. The source texts are released afterwards:
    /// from here on only file paths are needed, and the text of a large catalog is a sixth of
    /// the memory a build holds.
    pub(crate) fn new(
        root: &std::path::Path,
        checked: &mut driver::Checked,
        draft: bool,
        stamp: bool,
    ) -> Result<Prepared, crate::error::Error> {
        let overrides = crate::load::templates(root)?;
        let report =
            crate::analysis::report::report(&checked.catalog, &checked.graph, &checked.sources);
        // A catalog that passes `check` is no draft, whatever the flag: its pages would claim a
        // failure that is not there.
        let failing = crate::diagnostic::Counts::of(&checked.diagnostics).errors > 0;
        let draft = (draft && failing).then(|| draft_notes(checked));
        checked.sources.release_texts();
        let stamp = stamp.then(|| jiff::Zoned::now().strftime("%Y-%m-%d %H:%M").to_string());
        let samples: Vec<String> = checked
            .catalog
            .matters
            .iter()
            .flat_map(|m| {
                m.all_materials()
                    .filter_map(|x| x.sample.as_ref().map(|s| s.value.clone()))
            })
            .collect();
        Ok(Prepared {
            overrides,
            report,
            draft,
            stamp,
            samples,
        })
    }

    /// Renders every page of the site into `out`.
    pub(crate) fn render(
        &self,
        checked: &driver::Checked,
        out: &dyn crate::emit::site::Output,
        progress: &dyn crate::progress::Progress,
    ) -> Result<(), crate::error::Error> {
        let input = crate::emit::site::Input {
            catalog: &checked.catalog,
            sources: &checked.sources,
            report: &self.report,
            overrides: &self.overrides,
            stamp: self.stamp.as_deref(),
            draft: self.draft.as_ref(),
        };
        crate::emit::site::build(&input, out, progress)
    }
}

/// Renders the site of a catalog without errors and puts it in place of `--out`.
fn publish(
    args: &Args,
    checked: &mut driver::Checked,
    browser: Option<&pdf::Browser>,
    progress: &dyn crate::progress::Progress,
) -> Result<output::Written, crate::error::Error> {
    let prepared = Prepared::new(args.root(), checked, args.draft, args.stamp)?;
    output::publish(
        &args.out,
        args.root(),
        &prepared.samples,
        |out| prepared.render(checked, out, progress),
        |site| {
            let (files, bytes) = match browser {
                Some(b) => pdf::print_site(b, site, progress)?,
                None => (0, 0),
            };
            Ok(output::Written { files, bytes })
        },
    )
}

/// The closing line: what was written where, and a pointer to the warnings if there are any.
fn summary(
    args: &Args,
    checked: &driver::Checked,
    written: &output::Written,
    counts: crate::diagnostic::Counts,
) {
    let warnings = match (counts.errors, counts.warnings) {
        (0, 0) => String::new(),
        (0, w) => format!("；目录中有 {w} 个警告，运行 banshi check 查看"),
        (e, w) => format!("；目录中有 {e} 个错误、{w} 个警告，运行 banshi check 查看"),
    };
    println!(
        "{}已生成 {} 个文件（{:.1} MB）到 {}：{} 份办事指南、{} 份一次性告知单、{} 个一件事指南{warnings}",
        if counts.errors > 0 {
            "草稿（未通过检查）："
        } else {
            ""
        },
        written.files,
        written.bytes as f64 / 1_048_576.0,
        crate::escape::path(&args.out),
        checked.catalog.matters.len(),
        // A matter with 办理情形 has a checklist per variant besides its common one.
        checked
            .catalog
            .matters
            .iter()
            .map(|m| 1 + m.variants.len())
            .sum::<usize>(),
        checked.catalog.bundles.len()
    );
}
