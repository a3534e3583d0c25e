//! Values as build recipes write them: literal text, or references to
//! something only known when the build runs — a template field
//! (`{{.Version}}`), a Make variable (`$(VERSION)`), a shell variable
//! (`${COMMIT}`), or a command's output (`$(git describe --tags)`).
//!
//! A reference is mapped to the [`BuildInput`] it stands for when its name or
//! command says so unambiguously; anything else stays an unknown reference,
//! kept raw so that it can be listed, never guessed.
use serde::Serialize;

/// What a reference stands for, as far as a build is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BuildInput {
    /// A release version (`{{.Version}}`, `git describe --tags`).
    Version,
    /// A git tag as it is (`{{.Tag}}`, `git describe --tags --abbrev=0`).
    Tag,
    /// The full commit hash (`{{.FullCommit}}`, promu's `{{.Revision}}`).
    Commit,
    /// An abbreviated commit hash (`{{.ShortCommit}}`, `git rev-parse --short HEAD`).
    ShortCommit,
    /// When the build ran (`{{.Date}}`, promu's `{{date "…"}}`, `date -u`).
    BuildDate,
    /// When the commit was made (`{{.CommitDate}}`, `git log -1 --format=%cd`).
    CommitDate,
    /// The branch (`{{.Branch}}`, `git rev-parse --abbrev-ref HEAD`).
    Branch,
    /// Who built it (promu's `{{user}}`, `whoami`).
    BuildUser,
    /// Where it was built (promu's `{{host}}`, `hostname`).
    BuildHost,
}

/// How a reference is written, which says who fills it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// A Go template action: goreleaser, promu, Taskfile (`{{ … }}`), or a
    /// justfile interpolation.
    Template,
    /// A Make variable or function (`$(NAME)`, `${NAME}`, `$(shell …)` is a
    /// [`ReferenceKind::Command`]).
    MakeVariable,
    /// A shell variable (`$NAME`, `${NAME}`, `${NAME:-default}`).
    ShellVariable,
    /// A command's output: `$(…)`, `` `…` ``, Make's `$(shell …)`.
    Command,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// As written, `{{ .Version }}` or `$(shell git describe --tags)`.
    pub text: String,
    pub kind: ReferenceKind,
    /// `None` when godock cannot tell what the reference stands for.
    pub input: Option<BuildInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Literal(String),
    Reference(Reference),
}

/// A value split into literal text and references.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Value {
    /// As written (after the file's own quoting is removed).
    pub text: String,
    pub parts: Vec<Part>,
}

/// Which reference syntaxes a value may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// A shell command line: `$NAME`, `${…}`, `$(…)`, `` `…` ``.
    Shell,
    /// A Makefile recipe or variable: `$(NAME)`, `${NAME}`, `$(shell …)`,
    /// and the shell's forms escaped as `$$NAME`, `$$(…)`.
    Make,
    /// A Go template (goreleaser, promu, Taskfile) or a justfile: `{{ … }}`,
    /// plus the shell's forms for commands that a shell runs.
    Template,
}

impl Value {
    pub fn parse(text: &str, dialect: Dialect) -> Value {
        Value {
            text: text.to_string(),
            parts: split(text, dialect),
        }
    }

    pub fn literal(text: &str) -> Value {
        Value {
            text: text.to_string(),
            parts: if text.is_empty() {
                Vec::new()
            } else {
                vec![Part::Literal(text.to_string())]
            },
        }
    }

    /// The text when the value holds no reference at all.
    pub fn as_literal(&self) -> Option<&str> {
        self.references()
            .next()
            .is_none()
            .then_some(self.text.as_str())
    }

    pub fn references(&self) -> impl Iterator<Item = &Reference> {
        self.parts.iter().filter_map(|part| match part {
            Part::Reference(reference) => Some(reference),
            Part::Literal(_) => None,
        })
    }

    /// The build inputs the value stands for, in order.
    pub fn inputs(&self) -> Vec<BuildInput> {
        self.references()
            .filter_map(|reference| reference.input)
            .collect()
    }

    /// References godock cannot map to a build input.
    pub fn unknown_references(&self) -> impl Iterator<Item = &Reference> {
        self.references()
            .filter(|reference| reference.input.is_none())
    }
}

fn split(text: &str, dialect: Dialect) -> Vec<Part> {
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut index = 0;
    while index < bytes.len() {
        let found = reference_at(text, index, dialect);
        match found {
            Some((end, reference)) => {
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                }
                parts.push(Part::Reference(reference));
                index = end;
            }
            None => {
                let character = text[index..].chars().next().unwrap_or('\u{fffd}');
                literal.push(character);
                index += character.len_utf8().max(1);
            }
        }
    }
    if !literal.is_empty() {
        parts.push(Part::Literal(literal));
    }
    parts
}

/// The reference starting at byte `start`, and where it ends.
fn reference_at(text: &str, start: usize, dialect: Dialect) -> Option<(usize, Reference)> {
    let rest = &text[start..];
    if dialect == Dialect::Template && rest.starts_with("{{") {
        let end = rest.find("}}")? + 2;
        let inner = &rest[2..end - 2];
        return Some((
            start + end,
            Reference {
                text: rest[..end].to_string(),
                kind: ReferenceKind::Template,
                input: template_input(inner),
            },
        ));
    }
    if rest.starts_with('`') && dialect != Dialect::Make {
        let end = rest[1..].find('`')? + 2;
        return Some((start + end, command(&rest[..end], &rest[1..end - 1])));
    }
    let (shell_start, in_make) = match dialect {
        Dialect::Make if rest.starts_with("$$") => (1, true),
        Dialect::Make => return make_reference(text, start),
        _ => (0, false),
    };
    let shell = &rest[shell_start..];
    let (length, reference) = shell_reference(shell)?;
    let consumed = shell_start + length;
    let mut reference = reference;
    if in_make {
        reference.text = rest[..consumed].to_string();
    }
    Some((start + consumed, reference))
}

/// `$(NAME)`, `${NAME}`, `$(shell …)`, `$X` in a Makefile.
fn make_reference(text: &str, start: usize) -> Option<(usize, Reference)> {
    let rest = &text[start..];
    let mut characters = rest.chars();
    if characters.next()? != '$' {
        return None;
    }
    let open = characters.next()?;
    let close = match open {
        '(' => ')',
        '{' => '}',
        '$' => return None,
        other if other.is_whitespace() => return None,
        other => {
            let length = 1 + other.len_utf8();
            return Some((
                start + length,
                Reference {
                    text: rest[..length].to_string(),
                    kind: ReferenceKind::MakeVariable,
                    input: None,
                },
            ));
        }
    };
    let end = balanced_end(rest, 1, open, close)?;
    let inner = &rest[2..end - 1];
    let reference = if let Some(command_text) = inner.strip_prefix("shell ") {
        command(&rest[..end], command_text)
    } else {
        Reference {
            text: rest[..end].to_string(),
            kind: ReferenceKind::MakeVariable,
            input: BuildInput::for_name(inner),
        }
    };
    Some((start + end, reference))
}

/// `$NAME`, `${NAME…}`, `$(…)`, `$((…))` at the start of `rest`.
fn shell_reference(rest: &str) -> Option<(usize, Reference)> {
    let after = rest.strip_prefix('$')?;
    if after.starts_with("((") {
        let end = balanced_end(rest, 1, '(', ')')?;
        return Some((
            end,
            Reference {
                text: rest[..end].to_string(),
                kind: ReferenceKind::Command,
                input: None,
            },
        ));
    }
    if after.starts_with('(') {
        let end = balanced_end(rest, 1, '(', ')')?;
        return Some((end, command(&rest[..end], &rest[2..end - 1])));
    }
    if after.starts_with('{') {
        let end = balanced_end(rest, 1, '{', '}')?;
        let inner = &rest[2..end - 1];
        let name_length = inner
            .find(|character: char| !(character.is_ascii_alphanumeric() || character == '_'))
            .unwrap_or(inner.len());
        return Some((
            end,
            Reference {
                text: rest[..end].to_string(),
                kind: ReferenceKind::ShellVariable,
                input: BuildInput::for_name(&inner[..name_length]),
            },
        ));
    }
    let name_length = after
        .find(|character: char| !(character.is_ascii_alphanumeric() || character == '_'))
        .unwrap_or(after.len());
    if name_length == 0 {
        return None;
    }
    Some((
        1 + name_length,
        Reference {
            text: rest[..1 + name_length].to_string(),
            kind: ReferenceKind::ShellVariable,
            input: BuildInput::for_name(&after[..name_length]),
        },
    ))
}

fn command(text: &str, command_text: &str) -> Reference {
    Reference {
        text: text.to_string(),
        kind: ReferenceKind::Command,
        input: BuildInput::for_command(command_text),
    }
}

/// The byte just past the `close` that balances the `open` at byte `open_at`
/// of `text`, skipping quoted text.
pub(crate) fn balanced_end(text: &str, open_at: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (offset, character) in text[open_at..].char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match quote {
            Some(q) if character == q => quote = None,
            Some('"') if character == '\\' => escaped = true,
            Some(_) => {}
            None if character == '\\' => escaped = true,
            None if character == '\'' || character == '"' => quote = Some(character),
            None if character == open => depth += 1,
            None if character == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(open_at + offset + character.len_utf8());
                }
            }
            None => {}
        }
    }
    None
}

/// What a template action stands for: a field (`.Version`), promu's
/// functions (`user`, `host`, `date "…"`), goreleaser's `time "…"`, or a
/// justfile variable by its name.
fn template_input(inner: &str) -> Option<BuildInput> {
    let action = inner
        .trim()
        .trim_start_matches('-')
        .trim_end_matches('-')
        .trim();
    if action.contains('|') {
        return None;
    }
    let mut words = action.split_whitespace();
    let first = words.next()?;
    match first {
        "user" => return Some(BuildInput::BuildUser),
        "host" => return Some(BuildInput::BuildHost),
        "date" | "time" => return Some(BuildInput::BuildDate),
        _ => {}
    }
    if let Some(field) = first.strip_prefix(".Env.") {
        return (words.next().is_none())
            .then(|| BuildInput::for_name(field))
            .flatten();
    }
    if first.starts_with(".Now") {
        return Some(BuildInput::BuildDate);
    }
    if words.next().is_some() {
        return None;
    }
    let name = first.strip_prefix('.').unwrap_or(first);
    match name {
        "Version" | "RawVersion" | "Summary" => Some(BuildInput::Version),
        "Tag" => Some(BuildInput::Tag),
        "Commit" | "FullCommit" | "Revision" => Some(BuildInput::Commit),
        "ShortCommit" => Some(BuildInput::ShortCommit),
        "Date" | "Timestamp" | "BuildDate" => Some(BuildInput::BuildDate),
        "CommitDate" | "CommitTimestamp" => Some(BuildInput::CommitDate),
        "Branch" => Some(BuildInput::Branch),
        "BuildUser" => Some(BuildInput::BuildUser),
        _ => BuildInput::for_name(name),
    }
}

impl BuildInput {
    /// What a variable named `name` stands for, by the names build recipes
    /// use (`VERSION`, `GIT_COMMIT`, `BUILD_DATE`, …); case and `_`/`-`
    /// do not matter.
    pub fn for_name(name: &str) -> Option<BuildInput> {
        let normal: String = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|character| character.to_ascii_uppercase())
            .collect();
        let input = match normal.as_str() {
            "VERSION" | "APPVERSION" | "GITVERSION" | "RELEASEVERSION" | "BUILDVERSION"
            | "PROJECTVERSION" | "PKGVERSION" | "SEMVER" | "GITDESCRIBE" | "BINVERSION" => {
                BuildInput::Version
            }
            "TAG" | "GITTAG" | "RELEASETAG" | "VERSIONTAG" => BuildInput::Tag,
            "COMMIT" | "GITCOMMIT" | "FULLCOMMIT" | "REVISION" | "GITREVISION" | "GITSHA"
            | "SHA" | "COMMITSHA" | "COMMITHASH" | "GITHASH" | "GITREV" | "REV" | "BUILDCOMMIT"
            | "VCSREF" | "GITCOMMITSHA" | "GITCOMMITHASH" | "SOURCECOMMIT" => BuildInput::Commit,
            "SHORTCOMMIT" | "GITSHORTCOMMIT" | "GITCOMMITSHORT" | "SHORTSHA" | "GITSHORTSHA"
            | "SHORTREVISION" | "COMMITSHORT" | "SHORTHASH" => BuildInput::ShortCommit,
            "DATE" | "BUILDDATE" | "BUILDTIME" | "BUILDTIMESTAMP" | "TIMESTAMP" | "BUILDAT"
            | "BUILTAT" | "BUILDDATETIME" | "BUILDSTAMP" | "BUILDTS" => BuildInput::BuildDate,
            "COMMITDATE" | "GITCOMMITDATE" | "COMMITTIME" | "COMMITTIMESTAMP"
            | "SOURCEDATEEPOCH" => BuildInput::CommitDate,
            "BRANCH" | "GITBRANCH" => BuildInput::Branch,
            "BUILDUSER" | "BUILTBY" | "BUILDBY" => BuildInput::BuildUser,
            "BUILDHOST" => BuildInput::BuildHost,
            _ => return None,
        };
        Some(input)
    }

    /// What a command's output stands for: `git describe`, `git rev-parse`,
    /// `git log -1 --format=…`, `date`, `whoami`, `hostname`, `cat VERSION`.
    /// Only the first command of a pipeline counts (`git describe | sed …`).
    pub fn for_command(command: &str) -> Option<BuildInput> {
        let first = command
            .split(['|', ';'])
            .next()
            .unwrap_or("")
            .split("&&")
            .next()
            .unwrap_or("");
        let words: Vec<&str> = first
            .split_whitespace()
            .map(|word| word.trim_matches(|c| c == '"' || c == '\''))
            .filter(|word| !word.contains('=') || word.starts_with('-'))
            .collect();
        let has = |flag: &str| words.iter().any(|word| word.starts_with(flag));
        match words.as_slice() {
            ["git", "describe", ..] if has("--abbrev=0") || has("--exact-match") => {
                Some(BuildInput::Tag)
            }
            ["git", "describe", ..] => Some(BuildInput::Version),
            ["git", "rev-parse", ..] if has("--abbrev-ref") => Some(BuildInput::Branch),
            ["git", "rev-parse", ..] if has("--short") => Some(BuildInput::ShortCommit),
            ["git", "rev-parse", ..] => Some(BuildInput::Commit),
            ["git", "branch", ..] if has("--show-current") => Some(BuildInput::Branch),
            ["git", "symbolic-ref", ..] => Some(BuildInput::Branch),
            ["git", "log", ..] | ["git", "show", ..] => git_format(&words),
            ["git", "tag", ..] => Some(BuildInput::Tag),
            ["date", ..] => Some(BuildInput::BuildDate),
            ["whoami"] | ["id", "-un"] | ["id", "-u", "-n"] | ["id", "-nu"] => {
                Some(BuildInput::BuildUser)
            }
            ["hostname", ..] => Some(BuildInput::BuildHost),
            ["cat", file] if BuildInput::for_name(file.trim_end_matches(".txt")).is_some() => {
                BuildInput::for_name(file.trim_end_matches(".txt"))
            }
            _ => None,
        }
    }
}

/// `git log -1 --format=%H` and its relatives.
fn git_format(words: &[&str]) -> Option<BuildInput> {
    let format = words.iter().find_map(|word| {
        word.strip_prefix("--format=")
            .or_else(|| word.strip_prefix("--pretty=format:"))
            .or_else(|| word.strip_prefix("--pretty="))
    })?;
    let format = format.trim_matches(|c| c == '"' || c == '\'');
    match format {
        "%H" => Some(BuildInput::Commit),
        "%h" => Some(BuildInput::ShortCommit),
        "%cd" | "%ci" | "%cI" | "%ct" | "%cs" | "%ad" | "%ai" | "%aI" | "%at" => {
            Some(BuildInput::CommitDate)
        }
        _ => None,
    }
}

/// Fills in the `{{ … }}` actions of `text` for which `value_of` (given the
/// action, trimmed) has a value; the others stay as written. Taskfiles and
/// justfiles interpolate this way before the shell sees the line.
pub(crate) fn interpolate<'a>(text: &str, value_of: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        match value_of(after[..end].trim()) {
            Some(value) => out.push_str(value),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(text: &str, dialect: Dialect) -> Vec<BuildInput> {
        Value::parse(text, dialect).inputs()
    }

    #[test]
    fn goreleaser_and_promu_template_fields_map_to_build_inputs() {
        use BuildInput::*;
        let cases = [
            ("{{.Version}}", Version),
            ("{{ .Tag }}", Tag),
            ("{{.Commit}}", Commit),
            ("{{.FullCommit}}", Commit),
            ("{{ .ShortCommit }}", ShortCommit),
            ("{{.Date}}", BuildDate),
            ("{{.CommitDate}}", CommitDate),
            ("{{.Revision}}", Commit),
            ("{{.Branch}}", Branch),
            ("{{.BuildUser}}", BuildUser),
            ("{{.BuildDate}}", BuildDate),
            ("{{user}}", BuildUser),
            ("{{host}}", BuildHost),
            ("{{date \"20060102-15:04:05\"}}", BuildDate),
            ("{{ .Env.GIT_COMMIT }}", Commit),
            ("{{.VERSION}}", Version),
            ("{{ version }}", Version),
        ];
        for (text, expected) in cases {
            assert_eq!(inputs(text, Dialect::Template), vec![expected], "{text}");
        }
    }

    #[test]
    fn make_and_shell_references_map_by_name_or_command() {
        use BuildInput::*;
        assert_eq!(inputs("$(VERSION)", Dialect::Make), vec![Version]);
        assert_eq!(inputs("${GIT_COMMIT}", Dialect::Make), vec![Commit]);
        assert_eq!(
            inputs(
                "$(shell git describe --tags --always --dirty)",
                Dialect::Make
            ),
            vec![Version]
        );
        assert_eq!(
            inputs("$$(date -u +%FT%TZ)", Dialect::Make),
            vec![BuildDate]
        );
        assert_eq!(inputs("$${COMMIT}", Dialect::Make), vec![Commit]);
        assert_eq!(inputs("${COMMIT}", Dialect::Shell), vec![Commit]);
        assert_eq!(inputs("$COMMIT", Dialect::Shell), vec![Commit]);
        assert_eq!(
            inputs("$(git rev-parse HEAD)", Dialect::Shell),
            vec![Commit]
        );
        assert_eq!(
            inputs("$(git rev-parse --short HEAD)", Dialect::Shell),
            vec![ShortCommit]
        );
        assert_eq!(
            inputs("`git describe --tags | sed 's/^v//'`", Dialect::Shell),
            vec![Version]
        );
        assert_eq!(
            inputs("$(git log -1 --format=%cd --date=iso)", Dialect::Shell),
            vec![CommitDate]
        );
        assert_eq!(
            inputs("${BUILD_DATE:-unknown}", Dialect::Shell),
            vec![BuildDate]
        );
    }

    #[test]
    fn unknown_references_are_kept_raw_and_literals_stay_literal() {
        let value = Value::parse("{{ .ProjectName }}-$(uname -m)", Dialect::Template);
        let unknown: Vec<_> = value
            .unknown_references()
            .map(|reference| reference.text.as_str())
            .collect();
        assert_eq!(unknown, ["{{ .ProjectName }}", "$(uname -m)"]);
        assert_eq!(value.as_literal(), None);
        let make = Value::parse("$(PROJECT)/v$(MAJOR)", Dialect::Make);
        assert_eq!(make.unknown_references().count(), 2);
        assert_eq!(
            Value::parse("1.2.3", Dialect::Shell).as_literal(),
            Some("1.2.3")
        );
        assert_eq!(
            Value::parse("$(uname -m)", Dialect::Shell).inputs(),
            Vec::<BuildInput>::new()
        );
        // A dollar that starts nothing is literal text.
        assert_eq!(
            Value::parse("a$ b", Dialect::Shell).as_literal(),
            Some("a$ b")
        );
        assert_eq!(Value::parse("$$", Dialect::Make).as_literal(), Some("$$"));
    }

    #[test]
    fn unterminated_references_are_literal_text() {
        for text in ["{{ .Version", "$(git describe", "${VERSION", "`date"] {
            let value = Value::parse(text, Dialect::Template);
            assert_eq!(value.references().count(), 0, "{text}");
        }
    }
}
