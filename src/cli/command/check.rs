//! `banshi check`: report the catalog's findings in one of the diagnostics formats, against a
//! baseline if one is given.

use crate::cli::{Color, ReadArgs, check_catalog, name_unreadable, progress, render, use_color};
use crate::diagnostic::Diagnostic;
use crate::driver;
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 事项目录，或目录中的文件和文件夹（只报告这些路径中的问题）；省略时从当前文件夹向上查找 banshi.yaml
    paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// 有警告也按失败处理（退出码 1）
    #[arg(long)]
    deny_warnings: bool,
    /// 在结果后按规则和部门统计问题数（机器格式时输出到标准错误）
    #[arg(long)]
    statistics: bool,
    /// 只报告不在此基线文件中的问题
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// 把当前全部问题记入基线文件，并以 0 退出
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// SARIF 中规则说明链接的前缀：每条规则的 helpUri 为此前缀加规则编号（如 …/rules/E150）
    #[arg(long, value_name = "URL")]
    help_uri_base: Option<String>,
    /// 何时使用颜色
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// 不显示进度条（诊断照常输出；输出不是终端或使用机器格式时本就不显示）
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// 供人阅读的诊断信息，标出出错的原文
    Human,
    /// 每个问题一行：文件:行:列: 编号 [名称] 说明
    Concise,
    /// JSON 数组，每个问题一个对象
    Json,
    /// SARIF 2.1.0（代码扫描平台）
    Sarif,
    /// GitHub Actions 注释命令
    Github,
    /// GitLab 代码质量报告（合并请求中显示）
    Gitlab,
    /// JUnit XML（每个文件一个测试用例）
    Junit,
}

/// How many findings the baseline held, and how many of those are gone.
type Fixed = (usize, usize);

pub fn run(args: Args) -> ExitCode {
    if let Some(base) = &args.help_uri_base
        && let Some(why) = crate::check::rules::invalid_url::problem(base)
    {
        eprintln!(
            "banshi: --help-uri-base「{}」不是有效的网址：{why}",
            crate::escape::terminal(base)
        );
        return ExitCode::from(2);
    }
    let target = match crate::cli::locate::locate(&args.paths) {
        Ok(t) => t,
        Err(why) => {
            eprintln!("banshi: {why}");
            return ExitCode::from(2);
        }
    };
    let options = args.read.options();
    let machine = !matches!(args.format, Format::Human | Format::Concise);
    let bar = progress::Bar::new();
    let progress: &dyn crate::progress::Progress = if progress::wanted(machine, args.quiet) {
        &bar
    } else {
        &crate::progress::Silent
    };
    let checked = check_catalog(&target.root, &options, progress);
    bar.finish();
    let checked = match checked {
        Ok(c) => c,
        Err(code) => return code,
    };
    if !target.only.is_empty() {
        // Checked whole (catalog-wide rules need every file), reported for the paths given.
        let sources = &checked.sources;
        checked
            .diagnostics
            .retain(|d| target.includes(sources.path(d.span.file)));
    }
    print_timings(checked);
    if let Some(path) = &args.write_baseline {
        return write_baseline(path, checked);
    }
    let (diagnostics, fixed) = match args.baseline.as_deref() {
        Some(path) => match against_baseline(path, checked) {
            Ok((new, fixed)) => (new, Some(fixed)),
            Err(code) => return code,
        },
        None => (checked.diagnostics.clone(), None),
    };
    if let Err(e) = write(&args, &target.root, checked, &diagnostics, fixed, machine) {
        // A closed pipe (`banshi check | head`) is not a failure of the check.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("banshi: 无法写出结果：{}", crate::os_error::describe(&e));
            return ExitCode::from(2);
        }
    }
    if name_unreadable(checked) {
        return ExitCode::from(2);
    }
    let counts = crate::diagnostic::Counts::of(&diagnostics);
    let failed = counts.errors > 0 || (args.deny_warnings && counts.warnings > 0);
    ExitCode::from(if failed { 1 } else { 0 })
}

/// With `BANSHI_TIMINGS` set, the wall time of each stage goes to stderr.
fn print_timings(checked: &driver::Checked) {
    if std::env::var_os("BANSHI_TIMINGS").is_none() {
        return;
    }
    for lap in &checked.timings {
        let rss = lap
            .resident_bytes
            .map_or(String::new(), |b| format!("  RSS {:>6} MB", b / 1_000_000));
        eprintln!(
            "banshi: {:<14} {:>8.1} ms{rss}",
            lap.stage,
            lap.wall.as_secs_f64() * 1000.0
        );
    }
}

/// `--write-baseline`: records every finding and reports nothing else.
fn write_baseline(path: &Path, checked: &driver::Checked) -> ExitCode {
    if let Err(why) = crate::load::writable_argument(path) {
        eprintln!(
            "banshi: 无法写入基线「{}」：{why}",
            crate::escape::path(path)
        );
        return ExitCode::from(2);
    }
    let baseline = crate::policy::baseline::Baseline::record(&checked.diagnostics);
    if let Err(e) = std::fs::write(path, baseline.to_json()) {
        eprintln!(
            "banshi: 无法写入基线「{}」：{}",
            crate::escape::path(path),
            crate::os_error::describe(&e)
        );
        return ExitCode::from(2);
    }
    eprintln!(
        "banshi: 已把 {} 个问题记入基线 {}",
        baseline.findings.len(),
        crate::escape::path(path)
    );
    ExitCode::SUCCESS
}

/// `--baseline`: the findings the baseline does not hold, and how many of its own are gone.
fn against_baseline(
    path: &Path,
    checked: &driver::Checked,
) -> Result<(Vec<Diagnostic>, Fixed), ExitCode> {
    let text = match crate::load::read_argument(path) {
        Ok(t) => t,
        Err(why) => {
            eprintln!(
                "banshi: 无法读取基线「{}」：{why}",
                crate::escape::path(path)
            );
            return Err(ExitCode::from(2));
        }
    };
    let baseline = match crate::policy::baseline::Baseline::from_json(&text) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "banshi: 基线「{}」格式不正确：{e}",
                crate::escape::path(path)
            );
            return Err(ExitCode::from(2));
        }
    };
    let (new, gone) = baseline.filter(checked.diagnostics.clone());
    Ok((new, (baseline.findings.len(), gone)))
}

/// The findings in the chosen format, then the baseline's line and the statistics: on stdout,
/// except that with a machine format they go to stderr so stdout stays parseable.
fn write(
    args: &Args,
    root: &Path,
    checked: &driver::Checked,
    diagnostics: &[Diagnostic],
    fixed: Option<Fixed>,
    machine: bool,
) -> std::io::Result<()> {
    let color = use_color(args.color);
    let prefix = load_prefix(root);
    // Stdout is line-buffered: pretty-printed JSON of 30,000 findings would make a write(2)
    // per line.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match args.format {
        Format::Human => render::human(&mut out, checked, diagnostics, color),
        Format::Concise => render::concise(&mut out, checked, diagnostics),
        Format::Json => render::json(&mut out, checked, diagnostics),
        Format::Sarif => {
            let base = args.help_uri_base.as_deref();
            render::sarif(&mut out, checked, diagnostics, &prefix, base)
        }
        Format::Github => render::github(&mut out, checked, diagnostics, &prefix),
        Format::Gitlab => render::gitlab(&mut out, checked, diagnostics, &prefix),
        Format::Junit => render::junit(&mut out, checked, diagnostics),
    }?;
    if let Some((total, gone)) = fixed {
        let line = format!(
            "基线中有 {total} 个问题，其中 {gone} 个已不再出现（已修复）；以上只列出基线以外的问题"
        );
        if machine {
            eprintln!("banshi: {line}");
        } else {
            writeln!(out, "{line}")?;
        }
    }
    if args.statistics {
        if machine {
            render::statistics(&mut std::io::stderr().lock(), diagnostics)?;
        } else {
            render::statistics(&mut out, diagnostics)?;
        }
    }
    out.flush()
}

/// The catalog folder as seen from the repository root, with `/` separators, to prefix file
/// paths in the CI formats: GitHub resolves annotation and SARIF paths from the repository
/// root, GitLab its Code Quality paths from the project root, whatever folder banshi ran in.
/// The root is the nearest folder at or above the catalog holding `.git` (a folder, or the
/// file a worktree or submodule has). Outside a repository the folder as given is all there
/// is, which is right when banshi runs at the root, as CI jobs do.
fn load_prefix(catalog: &Path) -> String {
    let p = match from_repository_root(catalog) {
        Some(relative) => relative.to_string_lossy().replace('\\', "/"),
        None => catalog.to_string_lossy().replace('\\', "/"),
    };
    let p = p.strip_prefix("./").unwrap_or(&p);
    p.trim_end_matches('/').to_string()
}

/// The catalog's path under the nearest enclosing git work tree, if there is one.
fn from_repository_root(catalog: &Path) -> Option<PathBuf> {
    // Canonical, so `.`, `..` and symlinks cannot make the walk miss the root or the
    // stripped remainder climb out of it.
    let full = std::fs::canonicalize(catalog).ok()?;
    let root = full.ancestors().find(|a| a.join(".git").exists())?;
    full.strip_prefix(root).ok().map(Path::to_path_buf)
}
