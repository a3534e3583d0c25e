//! Build constraints (`godock::go::build_constraint`, `godock::go::platform`): `//go:build`
//! expressions, legacy `// +build` lines and file-name suffixes never panic;
//! a parsed expression evaluates on every platform, and `!(x)` is its negation.
#![no_main]

use godock::go::build_constraint;
use godock::go::platform::{self, Platform};
use libfuzzer_sys::fuzz_target;

const PLATFORMS: [Platform; 6] = [
    Platform {
        goos: "linux",
        goarch: "amd64",
        cgo: false,
    },
    Platform {
        goos: "linux",
        goarch: "amd64",
        cgo: true,
    },
    Platform {
        goos: "linux",
        goarch: "arm64",
        cgo: false,
    },
    Platform {
        goos: "linux",
        goarch: "arm64",
        cgo: true,
    },
    Platform {
        goos: "darwin",
        goarch: "arm64",
        cgo: true,
    },
    Platform {
        goos: "windows",
        goarch: "386",
        cgo: false,
    },
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // `//go:build` expressions.
    if let Ok(expr) = build_constraint::parse(text) {
        let negated = build_constraint::parse(&format!("!({text})"));
        for platform in PLATFORMS {
            let value = expr.eval(platform);
            if let Ok(negated) = &negated {
                assert_eq!(
                    negated.eval(platform),
                    !value,
                    "!({text:?}) on {platform:?}"
                );
            }
        }
    }
    // Legacy `// +build` lines (used when there is no `//go:build` line), one
    // per input line, and the input as a file name.
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    for platform in PLATFORMS {
        let _ = build_constraint::file_builds("x.go", None, &lines, platform);
        let _ = build_constraint::file_builds(text, Some(text), &[], platform);
        let _ = platform::file_name_allows(text, platform);
        let _ = platform::tag_holds(text, platform);
    }
});
