fn main() -> std::process::ExitCode {
    godock::run(std::env::args_os()).into()
}
