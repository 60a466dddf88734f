//! The `loess` command; everything lives in the library.

fn main() -> std::process::ExitCode {
    loess::cmd::main()
}
