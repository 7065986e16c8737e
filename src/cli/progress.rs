//! The progress display of long runs: one line on stderr, drawn only on a terminal.

use crate::progress::{Progress, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Runs shorter than this never show a bar: on the shipped catalog a check takes tens of
/// milliseconds, and a bar that flashes and vanishes is noise.
const SHOW_AFTER: Duration = Duration::from_millis(400);

/// Whether a command should draw progress: only for human output on a terminal, never with
/// `--quiet`, and never when stderr is redirected (CI logs, pipes).
pub fn wanted(machine_format: bool, quiet: bool) -> bool {
    !machine_format && !quiet && std::io::stderr().is_terminal()
}

/// A bar on stderr that appears once the run has lasted [`SHOW_AFTER`].
pub struct Bar {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
}

impl Bar {
    pub fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style =
            ProgressStyle::with_template("{msg:8} [{bar:30}] {human_pos}/{human_len}  {elapsed}")
                .map(|s| s.progress_chars("=> "))
                .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Bar {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    /// Removes the bar before results are printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn maybe_show(&self) {
        if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() >= SHOW_AFTER {
            // Only the first thread to get here switches the target.
            if !self.shown.swap(true, Ordering::Relaxed) {
                self.bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }
}

impl Progress for Bar {
    fn stage(&self, stage: Stage, total: usize) {
        self.bar.set_message(stage.label());
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.maybe_show();
    }

    fn advance(&self, n: usize) {
        self.bar.inc(n as u64);
        self.maybe_show();
    }
}
