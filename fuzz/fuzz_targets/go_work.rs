//! go.work reading (`godock::go::go_work::parse`): never panics, a leading
//! byte-order mark changes nothing, and every line it reports exists.
#![no_main]

use godock::go::go_work;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The scanner refuses a go.work that is not UTF-8 before parsing it.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = go_work::parse(text);
    if !text.starts_with('\u{feff}') {
        let with_bom = go_work::parse(&format!("\u{feff}{text}"));
        assert_eq!(
            format!("{parsed:?}"),
            format!("{with_bom:?}"),
            "a byte-order mark changed the result"
        );
    }
    if let Ok(work) = parsed {
        let lines = text.lines().count().max(1) as u32;
        for line in work
            .uses
            .iter()
            .map(|used| used.line)
            .chain(work.replaces.iter().map(|replace| replace.line))
        {
            assert!(
                (1..=lines).contains(&line),
                "line {line} of a {lines}-line go.work"
            );
        }
    }
});
