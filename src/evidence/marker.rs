//! godock's own marks in a file: the marker line that says godock wrote the
//! whole file, and the `# godock: begin` … `# godock: end` lines around the
//! block godock keeps inside a file of the user's (an `include docker.mk`
//! in their Makefile, re-includes in their .dockerignore).
//!
//! Pure text → data: finding the marks is all. What a block holds is the
//! render's; replacing it in the file is the write layer's.
use serde::Serialize;

/// How godock's marker line begins in every file it writes (the line
/// itself is the render's).
pub const MARKER_PREFIX: &str = "# Written by godock";
/// The same in a Go file, whose comments open with `//`.
pub const GO_MARKER_PREFIX: &str = "// Written by godock";
/// The first line of godock's block in a file of the user's.
pub const BLOCK_BEGIN: &str = "# godock: begin";
/// The last line of godock's block.
pub const BLOCK_END: &str = "# godock: end";

/// Whether a file's text says godock wrote it: the marker on its first line,
/// or on its second behind a Dockerfile's `# syntax=` parser directive.
pub fn is_generated(content: &str) -> bool {
    let mut lines = content.lines();
    match lines.next() {
        Some(first) if first.starts_with("# syntax=") => lines
            .next()
            .is_some_and(|second| second.starts_with(MARKER_PREFIX)),
        Some(first) => first.starts_with(MARKER_PREFIX) || first.starts_with(GO_MARKER_PREFIX),
        None => false,
    }
}

/// Where godock's block sits in a text: byte offsets of its first line's
/// start and of the end of its last line (its newline included), and its
/// lines (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    pub first_line: u32,
    pub last_line: u32,
}

/// Why a text's block cannot be told apart from the rest: the marks do not
/// pair up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenBlock {
    pub line: u32,
    pub problem: &'static str,
}

impl Block {
    /// The text between the marks (without them).
    pub fn body<'a>(&self, text: &'a str) -> &'a str {
        let inner = &text[self.start..self.end];
        let after_begin = inner.find('\n').map_or(inner.len(), |index| index + 1);
        let inner = &inner[after_begin..];
        let before_end = inner
            .trim_end_matches('\n')
            .rfind('\n')
            .map_or(0, |index| index + 1);
        &inner[..before_end]
    }

    /// Whether a 1-based line lies within the block, marks included.
    pub fn holds_line(&self, line: u32) -> bool {
        (self.first_line..=self.last_line).contains(&line)
    }
}

/// godock's block in `text`: `Ok(None)` when there is none, an error when a
/// begin has no end (or the other way round) or there are two.
pub fn find_block(text: &str) -> Result<Option<Block>, BrokenBlock> {
    let mut begin: Option<(usize, u32)> = None;
    let mut found: Option<Block> = None;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim_end();
        if trimmed.starts_with(BLOCK_BEGIN) {
            if begin.is_some() || found.is_some() {
                return Err(BrokenBlock {
                    line: number,
                    problem: "a second `# godock: begin`",
                });
            }
            begin = Some((offset, number));
        } else if trimmed.starts_with(BLOCK_END) {
            let Some((start, first_line)) = begin.take() else {
                return Err(BrokenBlock {
                    line: number,
                    problem: "`# godock: end` without a `# godock: begin` before it",
                });
            };
            found = Some(Block {
                start,
                end: offset + line.len(),
                first_line,
                last_line: number,
            });
        }
        offset += line.len();
    }
    match begin {
        Some((_, line)) => Err(BrokenBlock {
            line,
            problem: "`# godock: begin` without a `# godock: end` after it",
        }),
        None => Ok(found),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_recognised_on_the_first_two_lines_only() {
        assert!(is_generated("# Written by godock: x\nFROM x\n"));
        assert!(is_generated(
            "# syntax=docker/dockerfile:1\n# Written by godock: x\n"
        ));
        assert!(!is_generated("FROM golang\n# Written by godock\n# x\n"));
        assert!(!is_generated(""));
    }

    #[test]
    fn a_block_is_found_with_its_body_and_lines() {
        let text = "all:\n\ttrue\n\n# godock: begin (kept by godock)\ninclude docker.mk\n# godock: end\nafter:\n";
        let block = find_block(text).unwrap().unwrap();
        assert_eq!((block.first_line, block.last_line), (4, 6));
        assert_eq!(block.body(text), "include docker.mk\n");
        assert_eq!(&text[..block.start], "all:\n\ttrue\n\n");
        assert_eq!(&text[block.end..], "after:\n");
        assert!(block.holds_line(5) && !block.holds_line(7));
        assert_eq!(find_block("a\nb\n"), Ok(None));
        let at_end = "x\n# godock: begin\n# godock: end";
        let block = find_block(at_end).unwrap().unwrap();
        assert_eq!(block.body(at_end), "");
        assert_eq!(block.end, at_end.len());
    }

    #[test]
    fn marks_that_do_not_pair_up_are_refused_with_their_line() {
        for (text, line) in [
            ("# godock: begin\nx\n", 1),
            ("x\n# godock: end\n", 2),
            ("# godock: begin\n# godock: begin\n# godock: end\n", 2),
            (
                "# godock: begin\n# godock: end\n# godock: begin\n# godock: end\n",
                3,
            ),
        ] {
            assert_eq!(find_block(text).unwrap_err().line, line, "{text:?}");
        }
    }
}
