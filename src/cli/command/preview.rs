//! `banshi preview`: serve the catalog's site on 127.0.0.1, rebuilt whenever a file of the
//! catalog changes (see `cli/preview`).

use crate::cli::ReadArgs;
use crate::cli::preview::{self, Outcome, Shared, serve, watch};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 事项目录所在的文件夹
    catalog: Option<PathBuf>,
    /// 监听的端口（只在本机 127.0.0.1 上，其他电脑无法访问）；0 表示自动选一个空闲端口
    #[arg(long, default_value = "8000", value_parser = parse_port)]
    port: u16,
    /// 启动后用默认浏览器打开预览地址
    #[arg(long)]
    open: bool,
    #[command(flatten)]
    read: ReadArgs,
}

fn parse_port(s: &str) -> Result<u16, String> {
    s.parse()
        .map_err(|_| format!("「{s}」不是端口号：应为 0 到 65535 之间的整数"))
}

/// One line on stdout, at once: a test or a script reads the address as soon as it is there.
/// A closed stdout (the terminal went away) is no reason to stop serving.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

pub fn run(args: Args) -> ExitCode {
    let root = match crate::cli::catalog_of(args.catalog.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let options = args.read.options();
    // Only the loopback address: a preview is for the person at this machine, and a catalog in
    // preparation is not for the network to read.
    let server = match tiny_http::Server::http(("127.0.0.1", args.port)) {
        Ok(s) => s,
        Err(e) => {
            let why = match e.downcast_ref::<std::io::Error>() {
                Some(io) => crate::os_error::describe(io),
                None => format!("原始信息：{e}"),
            };
            eprintln!("banshi: 无法在 127.0.0.1:{} 上启动预览：{why}", args.port);
            return ExitCode::from(2);
        }
    };
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    // Watching starts before the first build, so that a change saved while it runs is built.
    let watch = match watch::start(&root) {
        Ok(w) => w,
        Err(why) => {
            eprintln!("banshi: {why}");
            return ExitCode::from(2);
        }
    };
    let (content, outcome) = preview::build(&root, &options);
    // A catalog that cannot be read at all is the same failure as for `build`; errors in the
    // specs are not: they are what the preview shows, to be fixed while it runs.
    if let Outcome::Unreadable(lines) = &outcome {
        for line in lines {
            eprintln!("banshi: {}", crate::escape::terminal(line));
        }
        eprintln!("banshi: 目录无法读取，未启动预览");
        return ExitCode::from(2);
    }
    let shared = Arc::new(Shared::new(content));
    let url = format!("http://127.0.0.1:{port}/");
    say(&format!("预览地址：{url}"));
    say(&format!(
        "正在监视「{}」中的文件变化，改动后自动重新生成并刷新页面；按 Ctrl-C 结束",
        crate::escape::path(&root)
    ));
    say(&format!("[{}] {}", now(), outcome.describe()));
    if args.open {
        open_browser(&url);
    }
    let rebuilding = Arc::clone(&shared);
    let spawned = std::thread::Builder::new()
        .name("banshi-preview-build".into())
        .spawn(move || {
            // Builds run here one after another; changes made during one are gathered into
            // the next.
            while watch::next_burst(&watch.changes) {
                let (content, outcome) = preview::build(&root, &options);
                let line = outcome.describe();
                match rebuilding.replace(content) {
                    Some(_) => say(&format!("[{}] {line}", now())),
                    None => say(&format!("[{}] {line}（与上次相同，页面不刷新）", now())),
                }
            }
        });
    if let Err(e) = spawned {
        eprintln!(
            "banshi: 无法启动重新生成的线程：{}",
            crate::os_error::describe(&e)
        );
        return ExitCode::from(2);
    }
    serve::serve(&server, &shared);
    eprintln!("banshi: 预览服务意外停止");
    ExitCode::from(2)
}

fn now() -> String {
    jiff::Zoned::now().strftime("%H:%M:%S").to_string()
}

/// Hands the address to the desktop's opener; the preview runs on without it.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let started = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = started {
        eprintln!(
            "banshi: 无法打开浏览器（{}），请手动打开 {url}",
            crate::os_error::describe(&e)
        );
    }
}
