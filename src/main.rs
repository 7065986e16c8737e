// glibc's allocator serves the millions of small, short-lived allocations of parsing from
// per-thread arenas that it rarely returns; mimalloc is markedly faster at that and keeps the
// resident set of a 100,000-matter catalog smaller (see README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    banshi::cli::main()
}
