//! Which main packages are development tools, as data:
//! `data/binaries.toml`, embedded. The plan lists their binaries without
//! building them by default, and says which rule matched.
use std::sync::OnceLock;

use serde::Deserialize;

const TABLE: &str = include_str!("../../data/binaries.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tools {
    /// Directory names that make a main package below them a tool.
    pub directories: Vec<String>,
    /// Name patterns (`*` any run of characters) that do the same.
    pub patterns: Vec<String>,
}

/// The table; a test proves the embedded file parses.
pub fn tools() -> &'static Tools {
    static PARSED: OnceLock<Tools> = OnceLock::new();
    PARSED.get_or_init(|| toml::from_str(TABLE).expect("data/binaries.toml is valid (tested)"))
}

impl Tools {
    /// Why the main package at `directory` (its path below its module's
    /// root, `tools/gen`) is a development tool, or `None` when it is not:
    /// ``directory `tools` `` or ``name `gen-docs` matches `gen-*` ``.
    pub fn rule_for(&self, directory: &str) -> Option<String> {
        let parts = directory
            .split('/')
            .filter(|part| !part.is_empty() && *part != ".");
        for part in parts {
            let lower = part.to_ascii_lowercase();
            if self.directories.contains(&lower) {
                return Some(format!("directory `{part}`"));
            }
            if let Some(pattern) = self.patterns.iter().find(|p| matches(p, &lower)) {
                return Some(format!("name `{part}` matches `{pattern}`"));
            }
        }
        None
    }
}

/// Whether `name` matches `pattern`, whose `*`s stand for any run of
/// characters; the rest must match as written.
fn matches(pattern: &str, name: &str) -> bool {
    let mut pieces = pattern.split('*');
    let Some(first) = pieces.next() else {
        return false;
    };
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    for (index, piece) in pieces.iter().enumerate() {
        if index + 1 == pieces.len() {
            return rest.len() >= piece.len() && rest.ends_with(piece);
        }
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_parses() {
        let tools = tools();
        assert!(tools.directories.iter().any(|d| d == "hack"));
        assert!(tools.patterns.iter().any(|p| p == "gen-*"));
        for directory in &tools.directories {
            assert_eq!(*directory, directory.to_ascii_lowercase(), "{directory}");
        }
    }

    #[test]
    fn tools_by_directory_at_any_depth_and_by_name() {
        let tools = tools();
        for (directory, want) in [
            ("tools/gen", Some("directory `tools`")),
            ("hack/tools", Some("directory `hack`")),
            ("internal/cmd/x", Some("directory `internal`")),
            ("test/e2e/server", Some("directory `test`")),
            ("cmd/gen-docs", Some("name `gen-docs` matches `gen-*`")),
            ("cmd/crd-gen", Some("name `crd-gen` matches `*-gen`")),
            ("cmd/mockgen", Some("name `mockgen` matches `*gen`")),
            ("cmd/load-test", Some("name `load-test` matches `*-test`")),
            ("cmd/loadtest", Some("name `loadtest` matches `*test`")),
            (
                "cmd/migrate-tool",
                Some("name `migrate-tool` matches `*-tool`"),
            ),
            ("Examples/demo", Some("directory `Examples`")),
            ("cmd/api", None),
            ("cmd/generator", None),
            ("cmd/gentle", None),
            ("cmd/testify", None),
            (".", None),
            ("", None),
        ] {
            assert_eq!(tools.rule_for(directory).as_deref(), want, "{directory}");
        }
    }

    #[test]
    fn patterns_match_whole_names() {
        for (pattern, name, want) in [
            ("gen-*", "gen-docs", true),
            ("gen-*", "gen-", true),
            ("gen-*", "agen-x", false),
            ("*gen", "gen", true),
            ("*gen", "genx", false),
            ("a*b*c", "axxbyyc", true),
            ("a*b*c", "axxbyy", false),
            ("exact", "exact", true),
            ("exact", "exactly", false),
        ] {
            assert_eq!(matches(pattern, name), want, "{pattern} {name}");
        }
    }
}
