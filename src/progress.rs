//! Progress of long runs, reported by the stages and drawn (or not) by the CLI.

/// What a long run is busy with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading, parsing and lowering spec files; steps are files.
    Read,
    /// Running the rules; steps are matters.
    Check,
    /// Writing the published site; steps are files written.
    Write,
    /// Printing guides and booklets to PDF (`build --pdf`); steps are PDF files.
    Print,
}

impl Stage {
    /// The words a progress display shows.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Read => "读取文件",
            Stage::Check => "检查事项",
            Stage::Write => "写出文件",
            Stage::Print => "生成 PDF",
        }
    }
}

/// Receives progress from the stages; implementations must be cheap and thread-safe, since
/// parallel workers call `advance`.
pub trait Progress: Sync {
    /// A new stage of `total` steps begins.
    fn stage(&self, stage: Stage, total: usize);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: usize);
}

/// Reports nothing: tests, machine formats, `--quiet`, output that is not a terminal.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _stage: Stage, _total: usize) {}
    fn advance(&self, _n: usize) {}
}
