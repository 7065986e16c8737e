//! `banshi explain`: the Chinese documentation of a rule.

use crate::diagnostic::Rule;
use crate::rules;
use crate::suggest::closest;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 规则编号或名称
    rule: Option<String>,
    /// 列出全部规则的说明
    #[arg(long)]
    all: bool,
}

/// The text printed for one rule: a header line, then the documentation without rustdoc's
/// leading space.
pub fn text(rule: &Rule) -> String {
    let mut out = format!(
        "{} {}（默认级别：{}）\n{}\n\n",
        rule.code,
        rule.name,
        rule.severity.zh(),
        rule.summary
    );
    // Code fences are for rustdoc; on a terminal, examples are indented instead.
    let mut in_code = false;
    for line in rule.doc.lines() {
        let line = line.strip_prefix(' ').unwrap_or(line);
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str("    ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

pub fn run(args: Args) -> ExitCode {
    let key = args.rule.as_deref();
    if args.all {
        let texts: Vec<String> = rules::all().iter().map(|r| text(r)).collect();
        print!(
            "{}",
            texts.join("\n────────────────────────────────────────\n\n")
        );
        return ExitCode::SUCCESS;
    }
    let Some(key) = key else {
        println!("全部检查规则（banshi explain <编号或名称> 查看说明）：\n");
        for r in rules::all() {
            println!("  {:<6}{:<26}{}", r.code, r.name, r.summary);
        }
        return ExitCode::SUCCESS;
    };
    match rules::find(key) {
        Some(rule) => {
            print!("{}", text(rule));
            ExitCode::SUCCESS
        }
        None => {
            let names = rules::all().iter().map(|r| r.name);
            let suggestion = closest(key, names);
            // The key is echoed from the command line, where it may hold any character.
            let key = crate::escape::terminal(key);
            match suggestion {
                Some(s) => eprintln!("banshi: 没有名为「{key}」的规则。您是不是想查「{s}」？"),
                None => {
                    eprintln!("banshi: 没有名为「{key}」的规则；运行 banshi explain 查看全部规则")
                }
            }
            ExitCode::from(2)
        }
    }
}
