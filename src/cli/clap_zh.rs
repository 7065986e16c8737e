//! The command line in Chinese. clap writes its help headings (`Usage:`, `Options:`), its own
//! `-h`/`-V` flags and its argument errors in English and has no translations; rather than
//! touch every argument definition (other commands and formats are added in parallel), the
//! command built from the derive is rewritten here, once, and clap's errors are rendered anew
//! from their kind and context.

use clap::builder::PossibleValue;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// Value names in usage and help (`--format <格式>`), by the name the derive gives.
const VALUE_NAMES: &[(&str, &str)] = &[
    ("CATALOG", "目录"),
    ("PATHS", "路径"),
    ("FORMAT", "格式"),
    ("FILE", "文件"),
    ("URL", "网址"),
    ("COLOR", "何时"),
    ("TODAY", "日期"),
    ("ENCODING", "编码"),
    ("OUT", "文件夹"),
    ("BUNDLE", "一件事"),
    ("RULE", "规则"),
    ("PORT", "端口"),
    ("DIR", "文件夹"),
    ("NAME", "名称"),
    ("REGION", "区划代码"),
    ("DEPARTMENT", "部门"),
    ("FULL_NAME", "全称"),
    ("CREDIT_CODE", "信用代码"),
    ("LEVEL", "层级"),
    ("MATTER", "事项"),
    ("KIND", "类型"),
    ("BASIS", "依据"),
    ("RANK", "位阶"),
    ("ISSUER", "制定机关"),
    ("DEPARTMENT/MATTER", "部门/事项"),
    ("FLOW", "方式"),
    ("WORKBOOK", "工作簿"),
];

/// `cmd` (the derived top-level command) with Chinese help and usage throughout.
pub fn localize(cmd: Command) -> Command {
    let mut cmd = translate(cmd, true);
    // Usage lines are computed by clap with `[OPTIONS]` hard-coded; each command's is
    // rendered once, with full bin names, and fixed as its usage.
    cmd.build();
    fix_usage(&mut cmd);
    cmd
}

fn translate(cmd: Command, top: bool) -> Command {
    let template = template(&cmd);
    let mut cmd = cmd
        .help_template(template)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .mut_args(translate_arg)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助（--help 显示详细说明）")
                .long_help("显示帮助（-h 只显示摘要）"),
        )
        .mut_subcommands(|sc| translate(sc, false));
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本"),
        );
    }
    cmd
}

/// The help layout with Chinese headings; sections a command lacks are left out, since a
/// template has no conditionals.
fn template(cmd: &Command) -> String {
    let mut t = String::from("{about-with-newline}\n用法：{usage}\n");
    if cmd.has_subcommands() {
        t.push_str("\n命令：\n{subcommands}\n");
    }
    if cmd.get_positionals().next().is_some() {
        t.push_str("\n参数：\n{positionals}\n");
    }
    t.push_str("\n选项：\n{options}{after-help}");
    t
}

/// An argument's value name, default and possible values in Chinese: clap's `[default: …]` and
/// `Possible values:` are hidden and written into the help text instead.
fn translate_arg(arg: Arg) -> Arg {
    let mut arg = arg;
    if let Some(names) = arg.get_value_names() {
        // clap holds names as `Str`, made only from `&'static str` without its `string`
        // feature: a name not in the table keeps its own.
        let names: Vec<clap::builder::Str> = names
            .iter()
            .map(|n| {
                VALUE_NAMES
                    .iter()
                    .find(|(en, _)| *en == n.as_str())
                    .map_or_else(|| n.clone(), |(_, zh)| (*zh).into())
            })
            .collect();
        arg = arg.value_names(names);
    }
    if matches!(
        arg.get_action(),
        ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count
    ) {
        return arg;
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let long = arg
        .get_long_help()
        .map(ToString::to_string)
        .unwrap_or(help.clone());
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let values: Vec<PossibleValue> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    if defaults.is_empty() && values.is_empty() {
        return arg;
    }
    let mut short = help;
    let mut extra = Vec::new();
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(PossibleValue::get_name).collect();
        extra.push(format!("可选：{}", names.join("、")));
    }
    if !defaults.is_empty() {
        extra.push(format!("默认：{}", defaults.join("、")));
    }
    short.push_str(&format!("（{}）", extra.join("；")));
    let mut long = long;
    if values.iter().any(|v| v.get_help().is_some()) {
        long.push_str("\n\n可选值：");
        for v in &values {
            let help = v.get_help().map(ToString::to_string).unwrap_or_default();
            long.push_str(&format!("\n- {}：{help}", v.get_name()));
        }
    } else if !values.is_empty() {
        long.push_str(&format!(
            "\n\n可选值：{}",
            values
                .iter()
                .map(PossibleValue::get_name)
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    if !defaults.is_empty() {
        long.push_str(&format!("\n\n默认：{}", defaults.join("、")));
    }
    arg.hide_default_value(true)
        .hide_possible_values(true)
        .help(short)
        .long_help(long)
}

fn fix_usage(cmd: &mut Command) {
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    let usage = usage.replace("[OPTIONS]", "[选项]");
    *cmd = std::mem::take(cmd).override_usage(usage);
    for sc in cmd.get_subcommands_mut() {
        fix_usage(sc);
    }
}

/// clap's error as Chinese text for stderr: what is wrong, the suggestion, the usage line and
/// where to read more.
pub fn error(e: &clap::Error, cmd: &Command, args: &[String]) -> String {
    let arg = string(e, ContextKind::InvalidArg);
    let value = string(e, ContextKind::InvalidValue);
    let mut out = match e.kind() {
        ErrorKind::UnknownArgument => {
            let a = arg.unwrap_or_default();
            if a.starts_with('-') {
                format!("没有「{a}」这个选项")
            } else {
                format!("多余的参数「{a}」")
            }
        }
        ErrorKind::InvalidSubcommand => {
            let name = string(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("没有「{name}」这个命令")
        }
        ErrorKind::InvalidValue => {
            let a = arg.unwrap_or_default();
            match value.as_deref() {
                None | Some("") => format!("「{a}」需要一个取值"),
                Some(v) => {
                    let valid = strings(e, ContextKind::ValidValue);
                    if valid.is_empty() {
                        format!("「{v}」不是「{a}」可用的取值")
                    } else {
                        format!("「{v}」不是「{a}」可用的取值；可选：{}", valid.join("、"))
                    }
                }
            }
        }
        ErrorKind::ValueValidation => {
            let a = arg.unwrap_or_default();
            let v = value.unwrap_or_default();
            match std::error::Error::source(e) {
                Some(why) => format!("「{a}」的取值「{v}」无效：{why}"),
                None => format!("「{a}」的取值「{v}」无效"),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            format!(
                "缺少必需的参数：{}",
                strings(e, ContextKind::InvalidArg).join("、")
            )
        }
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::ArgumentConflict => {
            let a = arg.unwrap_or_default();
            match strings(e, ContextKind::PriorArg).first() {
                Some(prior) if *prior != a => format!("「{a}」不能与「{prior}」同时使用"),
                _ => format!("「{a}」只能写一次"),
            }
        }
        ErrorKind::TooManyValues => {
            let a = arg.unwrap_or_default();
            let v = value.unwrap_or_default();
            // A switch (`--check`) has no value name in clap's rendering of it.
            if a.contains('<') {
                format!("「{a}」的取值太多：多出了「{v}」")
            } else {
                format!("「{a}」是开关，不带取值：多出了「{v}」")
            }
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("「{}」的取值个数不对", arg.unwrap_or_default())
        }
        ErrorKind::NoEquals => format!("「{}」的取值须用等号写在选项后", arg.unwrap_or_default()),
        ErrorKind::InvalidUtf8 => "参数中有不是 UTF-8 编码的字符".to_string(),
        _ => "命令行参数有误".to_string(),
    };
    out.insert_str(0, "banshi: ");
    out.push('\n');
    let suggested: Vec<String> = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .flat_map(|k| strings(e, k))
    .collect();
    if let Some(s) = suggested.first() {
        out.push_str(&format!("\n  提示：您是不是想写 {s}？\n"));
    } else if e.get(ContextKind::Suggested).is_some()
        && let Some(a) = string(e, ContextKind::InvalidArg)
    {
        // clap's only such tip: a value that begins with `-` goes after `--`.
        out.push_str(&format!(
            "\n  提示：若「{a}」是取值而不是选项，请写在 -- 之后：-- {a}\n"
        ));
    }
    // The usage line of the command the error is in: the first words after `banshi` name it
    // (the top level has no options that take a value), as clap's own context lacks the usage
    // for some kinds of error.
    // Nested commands (`new matter`) are followed down while the words name subcommands.
    let mut sub: Option<&Command> = None;
    let mut names: Vec<&str> = Vec::new();
    for word in args.iter().skip(1).filter(|a| !a.starts_with('-')) {
        match sub.unwrap_or(cmd).find_subcommand(word) {
            Some(sc) => {
                names.push(sc.get_name());
                sub = Some(sc);
            }
            None => break,
        }
    }
    let (usage, help) = match sub {
        Some(sc) => (
            sc.get_overridden_usage().map(ToString::to_string),
            format!("运行 banshi {} --help 查看用法", names.join(" ")),
        ),
        None => (
            cmd.get_overridden_usage().map(ToString::to_string),
            "运行 banshi --help 查看全部命令，banshi <命令> --help 查看命令的用法".to_string(),
        ),
    };
    if let Some(usage) = usage {
        out.push_str(&format!("\n用法：{usage}\n"));
    }
    out.push_str(&format!("\n{help}\n"));
    out
}

fn string(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Strings(v) => v.first().cloned(),
        ContextValue::StyledStrs(v) => v.first().map(ToString::to_string),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        Some(_) => string(e, kind).into_iter().collect(),
        None => Vec::new(),
    }
}
