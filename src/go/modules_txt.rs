//! `vendor/modules.txt`: which modules `go mod vendor` copied and which of
//! their packages exist under vendor/.
//!
//! The format (cmd/go/internal/modload/vendor.go):
//!
//! ```text
//! # example.com/a v1.2.3                   a module line: path and version
//! ## explicit; go 1.21                     annotations of the module above
//! example.com/a                            a package of that module
//! example.com/a/sub
//! # example.com/b v1.0.0 => ./local/b      a replaced module
//! # example.com/c => example.com/d v1.1.0  a replacement for every version
//! ```
//!
//! Lines Go does not know are ignored, as Go ignores them; a package line
//! before any module line is an error, since Go would refuse the file too.
use super::SyntaxError;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VendoredModule {
    pub path: String,
    /// `None` on a replacement line without a version (`# m => ../m`).
    pub version: Option<String>,
    /// `## explicit`: go.mod requires the module itself.
    pub explicit: bool,
    /// The packages of the module present under vendor/, as import paths.
    pub packages: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModulesTxt {
    pub modules: Vec<VendoredModule>,
}

impl ModulesTxt {
    /// The vendored module providing an import path, if any.
    pub fn module_of(&self, package: &str) -> Option<&VendoredModule> {
        self.modules
            .iter()
            .find(|module| module.packages.iter().any(|p| p == package))
    }
}

/// Parses the text of `vendor/modules.txt`.
pub fn parse(text: &str) -> Result<ModulesTxt, SyntaxError> {
    let syntax = |line: usize, message: String| SyntaxError {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        message,
    };
    let mut modules: Vec<VendoredModule> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(annotations) = line.strip_prefix("## ") {
            // Annotations belong to the module line above; Go ignores them
            // when there is none, and so does godock.
            if let Some(module) = modules.last_mut() {
                // `## go 1.21` names the module's go directive; godock does
                // not need it.
                module.explicit |= annotations.split(';').any(|a| a.trim() == "explicit");
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("# ") {
            let (module_part, replacement) = match rest.split_once("=>") {
                Some((module, replacement)) => (module.trim(), Some(replacement.trim())),
                None => (rest.trim(), None),
            };
            let fields: Vec<&str> = module_part.split_whitespace().collect();
            let (module_path, version) = match fields.as_slice() {
                [module_path] => (*module_path, None),
                [module_path, version] => (*module_path, Some(version.to_string())),
                _ => {
                    return Err(syntax(
                        number,
                        format!("expected `# module [version]`, found `{line}`"),
                    ))
                }
            };
            if version.is_none() && replacement.is_none() {
                return Err(syntax(
                    number,
                    format!("module {module_path} has neither a version nor a replacement"),
                ));
            }
            if replacement.is_some_and(str::is_empty) {
                return Err(syntax(number, "`=>` names no replacement".to_string()));
            }
            modules.push(VendoredModule {
                path: module_path.to_string(),
                version,
                ..VendoredModule::default()
            });
            continue;
        }
        if line.starts_with('#') {
            // A comment Go does not define: ignored, like Go does.
            continue;
        }
        let Some(module) = modules.last_mut() else {
            return Err(syntax(
                number,
                format!("package {line} appears before any `# module` line"),
            ));
        };
        if line.contains(char::is_whitespace) {
            return Err(syntax(number, format!("`{line}` is not an import path")));
        }
        module.packages.push(line.to_string());
    }
    Ok(ModulesTxt { modules })
}

/// Where vendor/modules.txt disagrees with go.mod's requirements, as Go
/// checks it before building ("inconsistent vendoring"): each requirement
/// must be listed `## explicit` at the required version, and each `## explicit`
/// module must be required. `requires` holds go.mod's (path, version) pairs.
pub fn inconsistencies(txt: &ModulesTxt, requires: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, version) in requires {
        match txt.modules.iter().find(|module| &module.path == path) {
            None => problems.push(format!(
                "go.mod requires {path} {version}, which vendor/modules.txt does not list"
            )),
            Some(module) if !module.explicit => problems.push(format!(
                "go.mod requires {path}, which vendor/modules.txt does not mark `## explicit`"
            )),
            Some(module)
                if module
                    .version
                    .as_deref()
                    .is_some_and(|listed| listed != version) =>
            {
                problems.push(format!(
                    "go.mod requires {path} {version}, vendor/modules.txt lists {}",
                    module.version.as_deref().unwrap_or_default()
                ))
            }
            Some(_) => {}
        }
    }
    for module in txt.modules.iter().filter(|module| module.explicit) {
        if !requires.iter().any(|(path, _)| *path == module.path) {
            problems.push(format!(
                "vendor/modules.txt marks {} `## explicit`, but go.mod does not require it",
                module.path
            ));
        }
    }
    problems
}

/// The import path of a directory below vendor/ (`vendor/example.com/x` →
/// `example.com/x`), given as a path relative to the module root.
pub fn import_path(relative: &str) -> Option<&str> {
    relative
        .strip_prefix("./vendor/")
        .or_else(|| relative.strip_prefix("vendor/"))
        .filter(|rest| !rest.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> ModulesTxt {
        parse(text).unwrap()
    }

    #[test]
    fn modules_annotations_and_packages() {
        let text = "# example.com/a v1.2.3\n## explicit; go 1.21\nexample.com/a\nexample.com/a/sub\n# example.com/b v0.1.0\nexample.com/b/x\n";
        let modules = parsed(text).modules;
        assert_eq!(modules.len(), 2);
        assert_eq!(modules[0].path, "example.com/a");
        assert_eq!(modules[0].version.as_deref(), Some("v1.2.3"));
        assert!(modules[0].explicit);
        assert_eq!(modules[0].packages, ["example.com/a", "example.com/a/sub"]);
        // Not explicit: required only indirectly.
        assert!(!modules[1].explicit);
        assert_eq!(modules[1].packages, ["example.com/b/x"]);
    }

    #[test]
    fn replacement_forms() {
        let text = "# example.com/a v1.0.0 => ./local/a\n## explicit\nexample.com/a\n# example.com/b => example.com/c v1.1.0\n# example.com/d v1.0.0 => example.com/e v2.0.0\n## explicit; go 1.22\nexample.com/d/pkg\n";
        let modules = parsed(text).modules;
        assert_eq!(modules[0].version.as_deref(), Some("v1.0.0"));
        assert_eq!(modules[1].version, None);
        assert!(modules[1].packages.is_empty());
        assert_eq!(modules[2].packages, ["example.com/d/pkg"]);
    }

    #[test]
    fn module_of_finds_the_vendored_module() {
        let txt = parsed("# example.com/a v1.0.0\nexample.com/a\nexample.com/a/b\n");
        assert_eq!(
            txt.module_of("example.com/a/b").unwrap().path,
            "example.com/a"
        );
        assert!(txt.module_of("example.com/a/c").is_none());
    }

    #[test]
    fn blank_lines_unknown_comments_and_crlf_are_tolerated() {
        let txt = parsed(
            "\r\n#comment\r\n# example.com/a v1.0.0\r\n## explicit\r\n\r\nexample.com/a\r\n",
        );
        assert_eq!(txt.modules[0].packages, ["example.com/a"]);
        assert!(txt.modules[0].explicit);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        for (text, line, needle) in [
            ("example.com/a\n", 1, "before any `# module` line"),
            (
                "# example.com/a v1 extra\n",
                1,
                "expected `# module [version]`",
            ),
            (
                "# example.com/a\n",
                1,
                "neither a version nor a replacement",
            ),
            (
                "# example.com/a v1.0.0\nexample.com/a b\n",
                2,
                "not an import path",
            ),
            ("# example.com/a v1.0.0 =>\n", 1, "names no replacement"),
            ("# a b c => d\n", 1, "expected `# module [version]`"),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.line, line, "{text:?}: {error}");
            assert!(error.message.contains(needle), "{text:?}: {error}");
        }
    }

    #[test]
    fn inconsistent_vendoring_is_found_like_go_finds_it() {
        let txt = parsed("# example.com/a v1.0.0\n## explicit\nexample.com/a\n# example.com/b v1.1.0\n## explicit\n# example.com/c v0.1.0\nexample.com/c\n# example.com/d v1.0.0 => ../d\n## explicit\n");
        let requires = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(path, version)| (path.to_string(), version.to_string()))
                .collect()
        };
        let consistent = requires(&[
            ("example.com/a", "v1.0.0"),
            ("example.com/b", "v1.1.0"),
            ("example.com/d", "v1.0.0"),
        ]);
        assert!(inconsistencies(&txt, &consistent).is_empty());
        let problems = inconsistencies(
            &txt,
            &requires(&[
                ("example.com/a", "v1.2.0"),
                ("example.com/c", "v0.1.0"),
                ("example.com/e", "v1.0.0"),
                ("example.com/d", "v1.0.0"),
            ]),
        );
        assert_eq!(
            problems,
            [
                "go.mod requires example.com/a v1.2.0, vendor/modules.txt lists v1.0.0",
                "go.mod requires example.com/c, which vendor/modules.txt does not mark `## explicit`",
                "go.mod requires example.com/e v1.0.0, which vendor/modules.txt does not list",
                "vendor/modules.txt marks example.com/b `## explicit`, but go.mod does not require it",
            ]
        );
    }

    #[test]
    fn import_paths_below_vendor() {
        assert_eq!(import_path("./vendor/example.com/x"), Some("example.com/x"));
        assert_eq!(import_path("./vendor"), None);
        assert_eq!(import_path("./cmd/x"), None);
    }
}
