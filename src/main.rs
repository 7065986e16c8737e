fn main() -> std::process::ExitCode {
    banshi::cli::main()
}
