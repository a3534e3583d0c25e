//! .dockerignore matching (`godock::evidence::dockerignore`): never panics,
//! the deciding line agrees with the verdict, and Docker 20.10's walk never
//! sends a path that the patterns exclude.
#![no_main]

use std::path::Path;

use godock::evidence::dockerignore::DockerIgnore;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ignore = DockerIgnore::parse(text, Path::new(".dockerignore"));
    // Paths drawn from the patterns themselves reach the interesting cases.
    let mut paths: Vec<String> = vec!["a".into(), "a/b/c".into(), ".git/HEAD".into()];
    for line in text.lines().take(16) {
        let pattern = line.trim().trim_start_matches('!');
        paths.push(pattern.to_string());
        paths.push(format!("x/{pattern}"));
        paths.push(format!("{pattern}/y"));
        paths.push(pattern.replace(['*', '?', '[', ']', '\\'], "z"));
    }
    for path in &paths {
        let verdict = ignore.verdict(path);
        match verdict.rule {
            Some(rule) => assert_eq!(rule.exception, !verdict.excluded, "{path:?}"),
            None => assert!(!verdict.excluded, "{path:?}"),
        }
        if verdict.excluded {
            assert!(ignore.legacy_walk_excludes(path), "{path:?}");
        }
    }
});
