//! Makefile reading (`godock::evidence::makefile::parse` and `evaluate`):
//! never panics and never hangs, even when the file includes itself or its
//! variables refer to each other; every line it reports exists.
#![no_main]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use godock::evidence::makefile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = makefile::parse(text, Path::new("Makefile"));
    let lines = text.split('\n').count().max(1) as u32;
    // The same text stands for every file it includes, so includes loop.
    let mut sources = BTreeMap::new();
    for name in ["Makefile", "a.mk", "make/b.mk"] {
        sources.insert(PathBuf::from(name), makefile::parse(text, Path::new(name)));
    }
    for evaluated in [
        makefile::evaluate(&source, &BTreeMap::new()),
        makefile::evaluate(&source, &sources),
    ] {
        for rule in &evaluated.rules {
            assert!((1..=lines).contains(&rule.location.line));
            for recipe in &rule.recipe {
                assert!((1..=lines).contains(&recipe.line));
            }
        }
        for warning in &evaluated.warnings {
            if let Some(line) = warning.line {
                assert!((1..=lines).contains(&line), "warning at {line} of {lines}");
            }
        }
        for build in &evaluated.go_builds {
            assert!(build.location.line >= 1);
        }
        let _ = evaluated.targets();
        let _ = evaluated.phony();
    }
});
