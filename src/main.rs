fn main() -> std::process::ExitCode {
    kafkalint::cli::main()
}
