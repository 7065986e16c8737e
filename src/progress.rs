//! Progress of long runs, reported by the stages and drawn (or not) by the CLI.

/// Receives progress from the stages; implementations must be cheap and thread-safe, since
/// parallel workers call `advance`.
pub trait Progress: Sync {
    /// A new stage of `total` steps begins.
    fn stage(&self, name: &'static str, total: usize);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: usize);
}

/// Reports nothing: tests, machine formats, `--quiet`, output that is not a terminal.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _name: &'static str, _total: usize) {}
    fn advance(&self, _n: usize) {}
}
