fn main() -> std::process::ExitCode {
    fgs_contract::main()
}
