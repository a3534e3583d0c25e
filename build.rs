//! Lists the example projects under examples/ for the integration tests,
//! which make one snapshot test of each (tests/cli/snapshots.rs): a new
//! example is tested without editing a list; without examples/ (a packaged
//! crate) the list is empty. Also hands `godock --version` the date of the
//! Go releases table (data/go_releases.toml's `updated`), which a unit test
//! checks against the table as godock reads it.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=examples");
    println!("cargo::rerun-if-changed=data/go_releases.toml");
    let table = std::fs::read_to_string("data/go_releases.toml").expect("data/go_releases.toml");
    let updated = table
        .lines()
        .find_map(|line| line.strip_prefix("updated = "))
        .map(|value| value.split('#').next().unwrap_or(value).trim())
        .expect("data/go_releases.toml has an `updated = YYYY-MM-DD` line");
    println!("cargo::rustc-env=GODOCK_GO_RELEASES_UPDATED={updated}");
    let mut names: Vec<String> = std::fs::read_dir("examples")
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    names.sort();
    let mut tests = String::new();
    for name in &names {
        let _ = writeln!(tests, "example_test!({}, {name:?});", test_name(name));
    }
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("examples.rs"), tests).expect("OUT_DIR is writable");
}

/// A test function's name for an example: its name as an identifier.
fn test_name(name: &str) -> String {
    let mut identifier: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if identifier.starts_with(|c: char| c.is_ascii_digit()) {
        identifier.insert(0, '_');
    }
    match identifier.as_str() {
        "_" | "crate" | "self" | "super" | "Self" => format!("example_{identifier}"),
        _ => format!("r#{identifier}"),
    }
}
