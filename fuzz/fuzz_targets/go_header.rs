//! The Go header lexer (`godock::go::source`). Never panics, and the
//! walker's contract holds: a header read from the first bytes of a file that
//! says it is complete is the header of the whole file (the walker reads 8 KiB
//! first and reads on only when the prefix is not complete); for junk (no
//! package clause, which the walker ignores) only that verdict must agree. Also exercises
//! `//go:embed` patterns, version variables, what a program uses (listen
//! ports, `LoadLocation`) and `#cgo` directives on the whole input.
#![no_main]

use godock::go::source as go_source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first two bytes choose where to cut the rest for the prefix read.
    let (cut, source) = match data {
        [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
        _ => (0, data),
    };
    let whole = go_source::parse_header(source);
    assert_eq!(go_source::parse_header_prefix(source, true), whole);

    let cut = cut.min(source.len());
    let prefix = go_source::parse_header_prefix(&source[..cut], false);
    if prefix.complete {
        // Junk (no package clause) is ignored whatever else its header says,
        // so only the verdict "not Go" must agree; a Go file's whole header must.
        assert_eq!(
            prefix.header.package, whole.header.package,
            "complete prefix of {cut} bytes disagrees with the whole file"
        );
        if prefix.header.package.is_some() {
            assert_eq!(
                prefix.header, whole.header,
                "complete prefix of {cut} bytes disagrees with the whole file"
            );
        }
    }

    let _ = go_source::embed_directives(source);
    let _ = go_source::version_variables(source);
    let used = go_source::program_use(source);
    assert!(
        used.ports.iter().all(|found| found.port > 0 && found.line > 0),
        "port 0 reported: {:?}",
        used.ports
    );
    for line in String::from_utf8_lossy(source).lines() {
        let _ = go_source::parse_cgo_directive(line);
    }
});
