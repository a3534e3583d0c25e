//! Dockerfile reading (`godock::evidence::dockerfile::parse`): never panics,
//! every line it reports exists, a leading byte-order mark changes nothing,
//! and finding the `go build`s of what it read never panics either.
#![no_main]

use std::path::Path;

use godock::evidence::dockerfile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("Dockerfile");
    let parsed = dockerfile::parse(text, path);
    let lines = text.split('\n').count().max(1) as u32;
    for stage in &parsed.stages {
        assert!((1..=lines).contains(&stage.from.location.line));
        for instruction in &stage.instructions {
            let line = instruction.location.line;
            assert!((1..=lines).contains(&line), "line {line} of {lines}");
            assert!(line <= instruction.end_line && instruction.end_line <= lines);
            if let dockerfile::Kind::Run(run) = &instruction.kind {
                for command in &run.commands {
                    assert!((line..=instruction.end_line).contains(&command.line));
                }
            }
        }
    }
    for warning in &parsed.warnings {
        if let Some(line) = warning.line {
            assert!((1..=lines).contains(&line), "warning at {line} of {lines}");
        }
    }
    for build in parsed.go_builds() {
        assert!((1..=lines).contains(&build.location.line));
    }
    if !text.starts_with('\u{feff}') {
        let with_bom = dockerfile::parse(&format!("\u{feff}{text}"), path);
        assert_eq!(parsed, with_bom, "a byte-order mark changed the result");
    }
});
