//! go.mod reading (`godock::go::go_mod::parse`): never panics, and a leading
//! byte-order mark changes nothing (the parser promises to strip it).
#![no_main]

use godock::go::go_mod;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The scanner refuses a go.mod that is not UTF-8 before parsing it.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = go_mod::parse(text);
    if !text.starts_with('\u{feff}') {
        let with_bom = go_mod::parse(&format!("\u{feff}{text}"));
        assert_eq!(parsed, with_bom, "a byte-order mark changed the result");
    }
    if let Ok(go_mod) = parsed {
        for replace in &go_mod.replaces {
            let _ = replace.is_local();
        }
    }
});
