//! Go source files, read as far as godock needs and no further: the header
//! (build constraints, package clause, imports and the cgo preamble),
//! `//go:embed` patterns, version variables, `#cgo` directives, listen
//! ports, health endpoints, `func main` and `//go:generate` lines. Pure:
//! bytes in, data out (a file need not be UTF-8), never a
//! failure: junk yields a header with no package clause, which the walk
//! treats as "not Go". The fuzz target `go_header` exercises all of it.
mod cgo_directive;
mod embed;
mod header;
mod health;
mod lexer;
mod listen;
pub mod ports;
mod version_variables;

pub use cgo_directive::{parse_cgo_directive, CgoDirective};
pub use embed::{embed_directives, embed_patterns};
pub use header::{parse_header, parse_header_prefix, Header, HeaderScan};
pub use health::{health_paths, mentions_health_path, HEALTH_PATHS};
pub use listen::{program_use, ProgramUse};
pub use version_variables::{
    version_declarations, version_variables, Settable, VersionDeclaration,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::strings;

    #[test]
    fn never_panics_on_prefixes_and_mutations() {
        let source = "\u{feff}// Copyright\n//go:build linux && !cgo\n// +build linux,!cgo\n\n/* doc\n*/\npackage main // x\n\nimport (\n\t\"embed\"\n\tf \"fmt\"\n\t_ \"a/b\"\n\t. `c`\n\t\"\\x41\\u00e9\\377\"\n)\n\n/*\n#cgo LDFLAGS: -lm\n#include <math.h>\n*/\nimport \"C\"\n\n//go:embed \"my file.txt\" static/* `x y`\nvar files embed.FS\n\nvar (\n\tversion = \"dev\"\n\tcommit string\n\tr = 'x'\n\ts = `raw\n//go:embed nope\n`\n)\n\nfunc main() {\n\tvar version = \"x\"\n\t_ = '\\''\n\tf.Println(version, \"{\", '{')\n}\n";
        let bytes = source.as_bytes();
        for end in 0..=bytes.len() {
            let prefix = bytes.get(..end).unwrap_or(&[]);
            let _ = parse_header(prefix);
            let _ = embed_patterns(prefix);
            let _ = version_variables(prefix);
        }
        let mut state: u32 = 12345;
        for _ in 0..2000 {
            let mut mutated = bytes.to_vec();
            for _ in 0..4 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let at = (state as usize >> 8) % mutated.len();
                let byte = [
                    b'"', b'`', b'\'', b'/', b'*', b'\\', b'\n', b'(', b')', b'{', b'}', 0xff, 0,
                ][(state as usize >> 3) % 13];
                if let Some(slot) = mutated.get_mut(at) {
                    *slot = byte;
                }
            }
            let _ = parse_header(&mutated);
            let _ = embed_patterns(&mutated);
            let _ = version_variables(&mutated);
        }
        let full = parse_header(bytes);
        assert!(full.complete);
        assert_eq!(full.header.package.as_deref(), Some("main"));
        assert_eq!(full.header.go_build.as_deref(), Some("linux && !cgo"));
        assert_eq!(full.header.plus_build, strings(&["linux,!cgo"]));
        assert_eq!(full.header.imports.len(), 6);
        assert_eq!(
            full.header.imports.get(4).map(String::as_str),
            Some("A\u{e9}\u{fffd}")
        );
        assert_eq!(full.header.cgo_directives, strings(&["LDFLAGS: -lm"]));
        assert_eq!(
            embed_patterns(bytes),
            strings(&["my file.txt", "static/*", "x y"])
        );
        assert_eq!(version_variables(bytes), strings(&["version", "commit"]));
    }
}
