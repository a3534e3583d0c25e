//! Three-way merge of text, line by line (diff3), so that `godock regen` can
//! carry a user's edits into a new render: base = what godock last wrote,
//! ours = the file as the user left it, theirs = what godock writes now.
//!
//! The algorithm is the classic one (Khanna, Kunal and Pierce, "A Formal
//! Investigation of Diff3"): match base against each side with a Myers diff
//! (from `similar`), walk the three in step, copy the runs where all three
//! agree, and decide every run in between: changed on one side only → that
//! side; changed the same way on both → either; changed differently on both
//! → a conflict. Like git, it treats edits on adjacent lines as a conflict,
//! and two different insertions at the same place too.
//! Lines keep their endings, so a merge that changes nothing is byte-exact.
//! `--force` settles each conflict with godock's lines for that run alone
//! ([`merge3_taking_theirs`]), keeping the edits that merged cleanly.
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// The outcome of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    /// Every change fitted: the merged text.
    Clean(String),
    /// At least one run was changed differently on both sides.
    Conflicts(Vec<Conflict>),
}

/// One run of lines both sides changed, differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Where the run starts in the user's file (1-based; for an empty run,
    /// the line it would come before).
    pub ours_line: usize,
    pub base: Vec<String>,
    pub ours: Vec<String>,
    pub theirs: Vec<String>,
}

impl Conflict {
    /// The run with diff3-style markers, labelled for a reader who did not
    /// run the merge.
    pub fn display(&self) -> String {
        let mut out = String::new();
        let mut section = |marker: &str, lines: &[String]| {
            out.push_str(marker);
            out.push('\n');
            for line in lines {
                out.push_str(line);
                if !line.ends_with('\n') {
                    out.push('\n');
                }
            }
        };
        section("<<<<<<< your file", &self.ours);
        section("||||||| what godock wrote last time", &self.base);
        section("=======", &self.theirs);
        out.push_str(">>>>>>> what godock writes now\n");
        out
    }

    /// The lines of the user's file the run covers, for a message.
    pub fn ours_lines(&self) -> String {
        match self.ours.len() {
            0 => format!("before line {}", self.ours_line),
            1 => format!("line {}", self.ours_line),
            count => format!("lines {}-{}", self.ours_line, self.ours_line + count - 1),
        }
    }
}

/// Merges the change from `base` to `theirs` into `ours`.
pub fn merge3(base: &str, ours: &str, theirs: &str) -> Merged {
    let (merged, conflicts) = walk(base, ours, theirs);
    if conflicts.is_empty() {
        Merged::Clean(merged)
    } else {
        Merged::Conflicts(conflicts)
    }
}

/// Merges as [`merge3`] does, but settles every conflict by taking
/// `theirs` (what godock writes now) for the conflicting run only: the
/// edits elsewhere in `ours` are kept. Returns the text and the conflicts
/// it settled (what `--force` does).
pub fn merge3_taking_theirs(base: &str, ours: &str, theirs: &str) -> (String, Vec<Conflict>) {
    walk(base, ours, theirs)
}

/// The diff3 walk: the merged text, with `theirs` in the place of each
/// conflicting run, and the conflicts.
fn walk(base: &str, ours: &str, theirs: &str) -> (String, Vec<Conflict>) {
    let base: Vec<&str> = base.split_inclusive('\n').collect();
    let ours: Vec<&str> = ours.split_inclusive('\n').collect();
    let theirs: Vec<&str> = theirs.split_inclusive('\n').collect();
    let to_ours = matching(&base, &ours);
    let to_theirs = matching(&base, &theirs);

    let mut merged = String::new();
    let mut conflicts = Vec::new();
    // Positions in base, ours and theirs: everything before them is decided.
    let (mut o, mut a, mut b) = (0, 0, 0);
    loop {
        // The run where all three agree, line for line.
        let mut stable = 0;
        while o + stable < base.len()
            && to_ours[o + stable] == Some(a + stable)
            && to_theirs[o + stable] == Some(b + stable)
        {
            stable += 1;
        }
        for line in &base[o..o + stable] {
            merged.push_str(line);
        }
        (o, a, b) = (o + stable, a + stable, b + stable);

        // The next base line both sides kept, past what each has consumed:
        // everything before it is one unstable run.
        let next = (o..base.len()).find_map(|line| match (to_ours[line], to_theirs[line]) {
            (Some(in_ours), Some(in_theirs)) if in_ours >= a && in_theirs >= b => {
                Some((line, in_ours, in_theirs))
            }
            _ => None,
        });
        let (o_end, a_end, b_end) = next.unwrap_or((base.len(), ours.len(), theirs.len()));
        if next.is_none() && (o_end, a_end, b_end) == (o, a, b) {
            break;
        }
        // A line both sides keep where both stand would have been stable.
        debug_assert!((o_end, a_end, b_end) != (o, a, b), "diff3 made no progress");
        let (base_run, ours_run, theirs_run) =
            (&base[o..o_end], &ours[a..a_end], &theirs[b..b_end]);
        if ours_run == base_run {
            theirs_run.iter().for_each(|line| merged.push_str(line));
        } else if theirs_run == base_run || ours_run == theirs_run {
            ours_run.iter().for_each(|line| merged.push_str(line));
        } else {
            theirs_run.iter().for_each(|line| merged.push_str(line));
            let owned = |run: &[&str]| run.iter().map(|line| line.to_string()).collect();
            conflicts.push(Conflict {
                ours_line: a + 1,
                base: owned(base_run),
                ours: owned(ours_run),
                theirs: owned(theirs_run),
            });
        }
        (o, a, b) = (o_end, a_end, b_end);
        if next.is_none() {
            break;
        }
    }
    (merged, conflicts)
}

/// For every line of `base`, the line of `other` a diff pairs it with.
fn matching(base: &[&str], other: &[&str]) -> Vec<Option<usize>> {
    let mut matches = vec![None; base.len()];
    for operation in capture_diff_slices(Algorithm::Myers, base, other) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = operation
        {
            for offset in 0..len {
                matches[old_index + offset] = Some(new_index + offset);
            }
        }
    }
    matches
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(base: &str, ours: &str, theirs: &str) -> String {
        match merge3(base, ours, theirs) {
            Merged::Clean(text) => text,
            Merged::Conflicts(conflicts) => panic!("unexpected conflicts: {conflicts:#?}"),
        }
    }

    fn conflicts(base: &str, ours: &str, theirs: &str) -> Vec<Conflict> {
        match merge3(base, ours, theirs) {
            Merged::Clean(text) => panic!("expected a conflict, merged to:\n{text}"),
            Merged::Conflicts(conflicts) => conflicts,
        }
    }

    const BASE: &str = "FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build\n\nFROM runtime\nEXPOSE 8080\nENTRYPOINT [\"/app\"]\n";

    #[test]
    fn nothing_changed_is_byte_exact() {
        assert_eq!(clean(BASE, BASE, BASE), BASE);
        assert_eq!(clean("a\nb", "a\nb", "a\nb"), "a\nb");
        assert_eq!(clean("", "", ""), "");
    }

    #[test]
    fn one_side_changed_takes_that_side() {
        let theirs = BASE.replace("1.22", "1.23");
        assert_eq!(clean(BASE, BASE, &theirs), theirs);
        let ours = BASE.replace("8080", "9090");
        assert_eq!(clean(BASE, &ours, BASE), ours);
    }

    #[test]
    fn changes_on_both_sides_in_different_places_both_survive() {
        let ours = BASE
            .replace("WORKDIR /src\n", "WORKDIR /src\nRUN apt-get update\n")
            .replace("EXPOSE 8080", "EXPOSE 9090");
        let theirs = BASE.replace("1.22", "1.23");
        let merged = clean(BASE, &ours, &theirs);
        assert_eq!(
            merged,
            BASE.replace("1.22", "1.23")
                .replace("WORKDIR /src\n", "WORKDIR /src\nRUN apt-get update\n")
                .replace("EXPOSE 8080", "EXPOSE 9090")
        );
    }

    #[test]
    fn the_same_change_on_both_sides_is_taken_once() {
        let changed = BASE.replace("1.22", "1.23");
        assert_eq!(clean(BASE, &changed, &changed), changed);
        let appended = format!("{BASE}LABEL a=b\n");
        assert_eq!(clean(BASE, &appended, &appended), appended);
    }

    #[test]
    fn different_changes_to_the_same_line_conflict() {
        let ours = BASE.replace("1.22", "1.22.5");
        let theirs = BASE.replace("1.22", "1.23");
        let found = conflicts(BASE, &ours, &theirs);
        assert_eq!(
            found,
            vec![Conflict {
                ours_line: 1,
                base: vec!["FROM golang:1.22 AS build\n".into()],
                ours: vec!["FROM golang:1.22.5 AS build\n".into()],
                theirs: vec!["FROM golang:1.23 AS build\n".into()],
            }]
        );
        assert_eq!(found[0].ours_lines(), "line 1");
        assert_eq!(
            found[0].display(),
            "<<<<<<< your file\nFROM golang:1.22.5 AS build\n||||||| what godock wrote last time\nFROM golang:1.22 AS build\n=======\nFROM golang:1.23 AS build\n>>>>>>> what godock writes now\n"
        );
    }

    #[test]
    fn different_insertions_at_the_same_place_conflict() {
        let ours = BASE.replace("WORKDIR /src\n", "WORKDIR /src\nRUN ours\n");
        let theirs = BASE.replace("WORKDIR /src\n", "WORKDIR /src\nRUN theirs\n");
        let found = conflicts(BASE, &ours, &theirs);
        assert_eq!(found.len(), 1);
        assert!(found[0].base.is_empty());
        assert_eq!(found[0].ours, vec!["RUN ours\n".to_string()]);
        assert_eq!(found[0].theirs, vec!["RUN theirs\n".to_string()]);
        assert_eq!(found[0].ours_lines(), "line 3");
    }

    #[test]
    fn a_line_the_user_deleted_stays_deleted_unless_godock_changed_it() {
        let ours = BASE.replace("EXPOSE 8080\n", "");
        let theirs = BASE.replace("1.22", "1.23");
        assert_eq!(
            clean(BASE, &ours, &theirs),
            theirs.replace("EXPOSE 8080\n", "")
        );
        let theirs = BASE.replace("EXPOSE 8080", "EXPOSE 8081");
        let found = conflicts(BASE, &ours, &theirs);
        assert_eq!(found[0].ours_lines(), "before line 6");
        assert!(found[0].ours.is_empty());
    }

    #[test]
    fn a_file_the_user_emptied_conflicts_with_any_change() {
        let theirs = BASE.replace("1.22", "1.23");
        let found = conflicts(BASE, "", &theirs);
        assert_eq!(found.len(), 1);
        // …and merges to empty when godock changes nothing.
        assert_eq!(clean(BASE, "", BASE), "");
    }

    #[test]
    fn forcing_takes_godocks_lines_only_where_they_conflict() {
        let ours = BASE
            .replace("FROM golang:1.22", "FROM golang:1.22.5")
            .replace("WORKDIR /src\n", "WORKDIR /src\nRUN apk add git\n")
            .replace("EXPOSE 8080", "EXPOSE 9090");
        let theirs = BASE.replace("1.22", "1.23");
        let (merged, settled) = merge3_taking_theirs(BASE, &ours, &theirs);
        assert_eq!(
            merged,
            theirs
                .replace("WORKDIR /src\n", "WORKDIR /src\nRUN apk add git\n")
                .replace("EXPOSE 8080", "EXPOSE 9090")
        );
        assert_eq!(settled.len(), 1);
        assert_eq!(settled[0].ours_lines(), "line 1");
        // Without a conflict it is the clean merge.
        let ours = BASE.replace("EXPOSE 8080", "EXPOSE 9090");
        let (merged, settled) = merge3_taking_theirs(BASE, &ours, &theirs);
        assert_eq!(Merged::Clean(merged), merge3(BASE, &ours, &theirs));
        assert!(settled.is_empty());
    }

    #[test]
    fn several_conflicts_are_all_reported() {
        let ours = BASE.replace("1.22", "1.22.5").replace("8080", "1");
        let theirs = BASE.replace("1.22", "1.23").replace("8080", "2");
        assert_eq!(conflicts(BASE, &ours, &theirs).len(), 2);
    }

    #[test]
    fn a_missing_final_newline_is_kept() {
        let base = "a\nb\nc";
        let ours = "a\nb\nc\nd";
        let theirs = "A\nb\nc";
        assert_eq!(clean(base, ours, theirs), "A\nb\nc\nd");
    }

    /// Random edits of random texts (a fixed-seed generator): a change on
    /// one side only always comes through whole, and so does the same change
    /// on both sides.
    #[test]
    fn one_sided_and_identical_changes_always_merge_exactly() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        // Few distinct lines, so that repeats make the diffs ambiguous.
        let vocabulary = ["FROM a\n", "RUN b\n", "\\\n", "\n", "COPY c\n", "USER d\n"];
        for _ in 0..2000 {
            let mut text = |length: usize| -> Vec<&str> {
                (0..length)
                    .map(|_| vocabulary[next(vocabulary.len())])
                    .collect()
            };
            let base = text(12);
            let mut edit = |lines: &[&'static str], from: usize, to: usize| -> String {
                let mut lines = lines.to_vec();
                for _ in 0..3 {
                    let end = to.min(lines.len());
                    if end <= from {
                        break;
                    }
                    let at = from + next(end - from);
                    match next(3) {
                        0 => lines[at] = vocabulary[next(vocabulary.len())],
                        1 => lines.insert(at, "LABEL new\n"),
                        _ => {
                            lines.remove(at);
                        }
                    }
                }
                lines.concat()
            };
            let ours = edit(&base, 0, 12);
            let theirs = edit(&base, 0, 12);
            let base = base.concat();
            assert_eq!(
                clean(&base, &base, &theirs),
                theirs,
                "{base:?} → {theirs:?}"
            );
            assert_eq!(clean(&base, &ours, &base), ours, "{base:?} → {ours:?}");
            assert_eq!(clean(&base, &ours, &ours), ours, "{base:?} → {ours:?}");
        }
    }

    #[test]
    fn repeated_lines_do_not_confuse_the_walk() {
        let base = "x\n\\\nx\n\\\nx\n";
        let ours = "x\n\\\nx\nnew\n\\\nx\n";
        let theirs = "y\n\\\nx\n\\\nx\n";
        assert_eq!(clean(base, ours, theirs), "y\n\\\nx\nnew\n\\\nx\n");
    }
}
