//! `//go:embed` patterns that match nothing in the repository: a UI that
//! npm builds into `dist/`, files a generator writes and git ignores. `go
//! build` fails on them inside the image, so the scan says so, with the
//! `file:line`, the pattern, and what would produce the files when it can
//! tell (a `package.json` with a `build` script beside or above them, a
//! `//go:generate` line in the package).
use std::path::{Path, PathBuf};

use super::facts::MissingEmbed;
use super::graph::EmbedDirective;
use super::paths::{display_path, relative};
use crate::go::pattern::path_match;

/// package.json files larger than this are not read.
const MAX_PACKAGE_JSON: u64 = 1024 * 1024;

/// The directives of `directives` whose pattern matches nothing below
/// `build_root` (absolute), looking for producers up to `repository`.
pub(super) fn missing(
    directives: &[EmbedDirective],
    build_root: &Path,
    repository: &Path,
) -> Vec<MissingEmbed> {
    let mut missing = Vec::new();
    for directive in directives {
        let package_dir = build_root.join(directive.package.trim_start_matches("./"));
        let pattern = directive.pattern;
        let all = pattern.starts_with("all:");
        let written = pattern.strip_prefix("all:").unwrap_or(pattern);
        if matches_something(&package_dir, written, all) {
            continue;
        }
        let mut producers = Vec::new();
        // The directory the files would be in: the pattern's literal head.
        let head: Vec<&str> = written
            .split('/')
            .take_while(|part| !part.contains(['*', '?', '[', '\\']))
            .collect();
        let start = package_dir.join(head[..head.len().saturating_sub(1)].join("/"));
        if let Some((file, script)) = build_script(&start, repository) {
            producers.push(format!(
                "{} has a build script (`{script}`)",
                relative(build_root, &file)
            ));
        }
        if let Some((file, line, command)) = directive.generate {
            producers.push(format!(
                "{}:{line} runs `//go:generate {command}`",
                display_path(directive.package, file)
            ));
        }
        missing.push(MissingEmbed {
            file: display_path(directive.package, directive.file),
            line: directive.line,
            pattern: pattern.to_string(),
            producers,
        });
    }
    missing
}

/// The warning for a missing embed.
pub(super) fn warning(embed: &MissingEmbed) -> String {
    let produced = if embed.producers.is_empty() {
        "commit the files, or generate them in the Dockerfile before `go build`".to_string()
    } else {
        format!(
            "{}; run it before `go build`, or commit what it produces",
            embed.producers.join("; ")
        )
    };
    format!(
        "{}:{}: //go:embed {} matches no file in the repository, so `go build` fails in the image: {produced}",
        embed.file, embed.line, embed.pattern
    )
}

/// Whether `pattern` (relative to `directory`) matches an embeddable file,
/// as `go build` requires: a file, or a directory holding one (files whose
/// names start with `.` or `_` count inside a directory only with `all:`).
fn matches_something(directory: &Path, pattern: &str, all: bool) -> bool {
    let mut found: Vec<PathBuf> = vec![directory.to_path_buf()];
    for element in pattern.split('/') {
        let mut next = Vec::new();
        for parent in &found {
            let Ok(entries) = std::fs::read_dir(parent) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if path_match(element, &name) == Some(true) {
                    next.push(entry.path());
                }
            }
        }
        if next.is_empty() {
            return false;
        }
        found = next;
    }
    found
        .iter()
        .any(|path| !path.is_dir() || holds_embeddable(path, all, 0))
}

/// Whether a directory holds a file `go:embed` takes from it.
fn holds_embeddable(directory: &Path, all: bool, depth: usize) -> bool {
    if depth > 32 {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(directory) else {
        return false;
    };
    entries.flatten().any(|entry| {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !all && (name.starts_with('.') || name.starts_with('_')) {
            return false;
        }
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => holds_embeddable(&entry.path(), all, depth + 1),
            Ok(kind) => kind.is_file(),
            Err(_) => false,
        }
    })
}

/// The nearest package.json with a `build` script in `start` or a
/// directory above it, up to `repository`: its path and the script.
fn build_script(start: &Path, repository: &Path) -> Option<(PathBuf, String)> {
    let mut directory = Some(start);
    while let Some(current) = directory {
        let file = current.join("package.json");
        let is_file = std::fs::metadata(&file)
            .is_ok_and(|metadata| metadata.is_file() && metadata.len() <= MAX_PACKAGE_JSON);
        if is_file {
            let script = std::fs::read(&file)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
                .and_then(|json| json["scripts"]["build"].as_str().map(str::to_string));
            if let Some(script) = script {
                return Some((file, script));
            }
        }
        if current == repository || !current.starts_with(repository) {
            break;
        }
        directory = current.parent();
    }
    None
}
