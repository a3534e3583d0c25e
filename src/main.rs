//! The godock binary: everything is in the library, which returns the exit
//! status.
fn main() -> std::process::ExitCode {
    godock::run(std::env::args_os()).into()
}
