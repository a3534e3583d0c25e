//! How a value is written into each kind of file godock generates, so that
//! it can only ever mean itself.
//!
//! Every template is rendered with Tera's autoescape on and the escape
//! function of its file's [`Format`], so that `{{ value }}` goes through it
//! without the template asking. That default is a gate, not a quoting: a
//! value made only of the format's *plain* characters (those that mean
//! themselves wherever the file puts a value: letters, digits and a few of
//! `._/:+@-`) is written as it is; any other value is refused, and the render
//! fails naming it and the file. No single quoting would do as a default:
//! a Dockerfile holds shell (inside `RUN`), Docker's own word syntax
//! (`WORKDIR`, flags), CSV (`--mount`) and comments, a Makefile holds
//! recipes, assignments and targets, and what quotes a value in one of them
//! breaks it, or lets it out, in another. A value that may hold more than
//! plain characters (a path, a sentence, the user's `-ldflags`) goes through
//! the filter for where it goes, which quotes it for that place and marks the
//! result safe:
//!
//! | filter | where | how |
//! | --- | --- | --- |
//! | `sh` | a shell word (`RUN`, a Makefile recipe); a list: words | `'…'` (`'\''` for `'`); in a Makefile, `$` doubled |
//! | `dq` | inside a shell `"…"` | `\` before `` ` ``, `"`, `$` and `\`; in a Makefile, `$` doubled |
//! | `word` | a Dockerfile instruction's word (`WORKDIR`) | `\` before every character that is not plain |
//! | `bind_mount(target=…)` | `RUN --mount=` | as it is when every field is plain; else refused |
//! | `quoted` | inside a Dockerfile instruction's `"…"` (`LABEL`) | `\` before `"`, `$` and `\` |
//! | `json` | a Dockerfile exec form's item (`ENTRYPOINT [...]`) | a JSON string |
//! | `image` | an image reference (`FROM`) | as it is, when Docker reads it as one (`${GO_VERSION}` allowed) |
//! | `comment` | the rest of a `#` line | as it is (a trailing `\` doubled in a Makefile) |
//! | `toml` | a TOML value | a basic string (or an array of them) |
//! | `yaml` | a YAML scalar | as it is when YAML reads it as that string, else JSON-quoted |
//! | `hcl` | an HCL value (docker-bake.hcl); a list: a tuple | a quoted string: `\` before `"` and `\`, `${` and `%{` doubled to `$${`, `%%{` |
//! | `ignore_pattern` | a .dockerignore line | as it is: a Go/Docker pattern on one line |
//!
//! `join` is godock's own: it gates each item, so a list of plain values
//! stays a list of plain values. Every filter refuses a control character
//! (a line break above all), which no format can carry inside one value
//! (the scan and the settings refuse them first). `| safe` writes a value
//! raw: only for godock's own constants (the marker line, the catalogue of
//! ignored patterns). Tera writes a `~` concatenation without escaping it,
//! so a template must pass one through a filter (a test in `render` checks).
//!
//! Pure functions of text; nothing here knows the plan.
use std::collections::HashMap;

use tera::{Filter, Tera, Value};

/// The kinds of file godock writes, each with its own escaping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Dockerfile,
    Makefile,
    Yaml,
    Toml,
    DockerIgnore,
    Hcl,
    /// Go source: godock's health probe, which holds no value of the plan.
    Go,
}

/// Marks a refused value in a render's output: no value can hold it (every
/// filter refuses control characters, and the gate wraps what it refuses).
const REFUSED: char = '\u{0}';

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Dockerfile,
        Format::Makefile,
        Format::Yaml,
        Format::Toml,
        Format::DockerIgnore,
        Format::Hcl,
        Format::Go,
    ];

    /// The name of the format, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Dockerfile => "Dockerfile",
            Format::Makefile => "Makefile",
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::DockerIgnore => ".dockerignore",
            Format::Hcl => "HCL file",
            Format::Go => "Go file",
        }
    }

    /// Whether `value` means itself wherever the format puts a value.
    pub fn is_plain(self, value: &str) -> bool {
        let extra: &[char] = match self {
            // `,` splits a --mount flag, `=` assigns in shell and CSV fields.
            Format::Dockerfile => &['.', '_', '/', ':', '+', '@', '-'],
            // `,` joins platforms; `=`, `%` and `#` are make's own.
            Format::Makefile => &['.', '_', '/', ':', '+', '@', ',', '-'],
            Format::Yaml => &['.', '_', '/', ':', '+', '@', '-'],
            // TOML strings are always quoted (`toml`): bare, only numbers.
            Format::Toml => &['.', '_', '-'],
            Format::DockerIgnore => &['.', '_', '/', ':', '+', '@', '-'],
            // HCL strings are always quoted (`hcl`): bare, only these.
            Format::Hcl => &['.', '_', '-'],
            // No filter quotes for Go: bare, only words.
            Format::Go => &['_'],
        };
        let chars_plain = value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c));
        let start_plain = match self {
            // A leading `-` is an option to whatever command it follows.
            Format::Dockerfile | Format::Makefile => !value.starts_with('-'),
            // YAML reads `yes`, `null`, `1e3` or `-x` as something else.
            Format::Yaml => value.is_empty() || yaml_reads_as_string(value),
            Format::Toml | Format::DockerIgnore | Format::Hcl | Format::Go => true,
        };
        chars_plain && start_plain
    }

    fn escape_fn(self) -> fn(&str) -> String {
        match self {
            Format::Dockerfile => |value| gate(Format::Dockerfile, value),
            Format::Makefile => |value| gate(Format::Makefile, value),
            Format::Yaml => |value| gate(Format::Yaml, value),
            Format::Toml => |value| gate(Format::Toml, value),
            Format::DockerIgnore => |value| gate(Format::DockerIgnore, value),
            Format::Hcl => |value| gate(Format::Hcl, value),
            Format::Go => |value| gate(Format::Go, value),
        }
    }

    /// Turns on the format's escaping for every template of `tera`, and
    /// registers the filters templates of this format may use.
    pub fn configure(self, tera: &mut Tera) {
        tera.autoescape_on(vec![""]);
        tera.set_escape_fn(self.escape_fn());
        tera.register_filter("join", Join(self));
        tera.register_filter("comment", Quoting(self, Context::Comment));
        match self {
            Format::Dockerfile | Format::Makefile => {
                tera.register_filter("sh", Quoting(self, Context::Shell));
                tera.register_filter("dq", Quoting(self, Context::DoubleQuoted));
            }
            Format::Yaml => tera.register_filter("yaml", Quoting(self, Context::Yaml)),
            Format::Toml => tera.register_filter("toml", Quoting(self, Context::Toml)),
            Format::DockerIgnore => {
                tera.register_filter("ignore_pattern", Quoting(self, Context::IgnorePattern));
            }
            Format::Hcl => tera.register_filter("hcl", Quoting(self, Context::Hcl)),
            Format::Go => {}
        }
        if self == Format::Dockerfile {
            tera.register_filter("word", Quoting(self, Context::DockerWord));
            tera.register_filter("bind_mount", BindMount);
            tera.register_filter("quoted", Quoting(self, Context::DockerQuoted));
            tera.register_filter("json", Quoting(self, Context::Json));
            tera.register_filter("image", Quoting(self, Context::Image));
        }
    }
}

/// The escape function's work: a plain value as it is; any other wrapped in
/// [`REFUSED`] marks, for [`refused_value`] to find once the file is
/// rendered (an escape function cannot fail, and a comparison such as
/// `{% if workdir != "." %}` escapes both sides too, so refusing there
/// would refuse a value that is never written).
fn gate(format: Format, value: &str) -> String {
    if format.is_plain(value) {
        value.to_string()
    } else {
        format!("{REFUSED}{value}{REFUSED}")
    }
}

/// The first value the gate refused in a rendered file, if any.
pub fn refused_value(output: &str) -> Option<&str> {
    let start = output.find(REFUSED)? + REFUSED.len_utf8();
    let end = output[start..]
        .find(REFUSED)
        .map_or(output.len(), |end| start + end);
    Some(&output[start..end])
}

/// Where in a file a filter puts a value.
#[derive(Debug, Clone, Copy)]
enum Context {
    Shell,
    DoubleQuoted,
    DockerWord,
    Comment,
    DockerQuoted,
    Json,
    Image,
    Toml,
    Yaml,
    IgnorePattern,
    Hcl,
}

struct Quoting(Format, Context);

impl Filter for Quoting {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let Quoting(format, context) = *self;
        let quote = |text: &str| -> Result<String, String> {
            let written = match context {
                Context::Shell => shell_word(text)?,
                Context::DoubleQuoted => shell_double_quoted(text)?,
                Context::DockerWord => docker_word(text)?,
                Context::Comment => comment(text)?,
                Context::DockerQuoted => docker_quoted(text)?,
                Context::Json => json_string(text)?,
                Context::Image => image_reference(text)?,
                Context::Toml => toml_string(text)?,
                Context::Yaml => yaml_scalar(text)?,
                Context::IgnorePattern => ignore_pattern(text)?,
                Context::Hcl => hcl_string(text)?,
            };
            Ok(match (format, context) {
                (Format::Makefile, Context::Shell | Context::DoubleQuoted) => make_recipe(&written),
                (Format::Makefile, Context::Comment) => make_comment(&written),
                (Format::Dockerfile, Context::Comment) => no_continuation(&written)?,
                _ => written,
            })
        };
        let written = match (value, context) {
            (Value::Array(items), Context::Shell) => {
                let words: Result<Vec<String>, String> =
                    items.iter().map(|item| quote(&text_of(item)?)).collect();
                words.map(|words| words.join(" "))
            }
            (Value::Array(items), Context::Toml | Context::Hcl) => {
                let strings: Result<Vec<String>, String> =
                    items.iter().map(|item| quote(&text_of(item)?)).collect();
                strings.map(|strings| format!("[{}]", strings.join(", ")))
            }
            (Value::Number(_) | Value::Bool(_), Context::Toml | Context::Hcl) => {
                Ok(value.to_string())
            }
            _ => text_of(value).and_then(|text| quote(&text)),
        };
        written
            .map(Value::String)
            .map_err(|message| tera::Error::msg(format!("{} ({})", message, format.name())))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A list's items, each through the gate, joined by `sep` (default: none).
struct Join(Format);

impl Filter for Join {
    fn filter(&self, value: &Value, arguments: &HashMap<String, Value>) -> tera::Result<Value> {
        let separator = match arguments.get("sep") {
            Some(Value::String(separator)) => separator.as_str(),
            Some(_) => return Err(tera::Error::msg("`sep` must be a string")),
            None => "",
        };
        let Value::Array(items) = value else {
            return Err(tera::Error::msg("`join` needs a list"));
        };
        let items: Result<Vec<String>, String> = items
            .iter()
            .map(|item| text_of(item).map(|text| gate(self.0, &text)))
            .collect();
        items
            .map(|items| Value::String(items.join(separator)))
            .map_err(tera::Error::msg)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `{{ source | bind_mount(target=…) }}`: the value of a `RUN --mount=` flag
/// binding `source` (relative to the build context, or within the stage
/// `from=…` names) at `target`.
struct BindMount;

impl Filter for BindMount {
    fn filter(&self, value: &Value, arguments: &HashMap<String, Value>) -> tera::Result<Value> {
        let source = text_of(value).map_err(tera::Error::msg)?;
        let target = arguments
            .get("target")
            .ok_or_else(|| tera::Error::msg("`bind_mount` needs a `target`"))
            .and_then(|target| text_of(target).map_err(tera::Error::msg))?;
        let mut fields = vec!["type=bind".to_string()];
        if let Some(stage) = arguments.get("from") {
            fields.push(format!(
                "from={}",
                text_of(stage).map_err(tera::Error::msg)?
            ));
        }
        fields.push(format!("source={source}"));
        fields.push(format!("target={target}"));
        mount_flag(&fields)
            .map(Value::String)
            .map_err(|message| tera::Error::msg(format!("{message} (Dockerfile)")))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A string or a number as text; anything else is a template's mistake.
fn text_of(value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        other => Err(format!("cannot write {other} as text")),
    }
}

/// Refuses a control character: none of the formats can carry one inside a
/// value (a line break ends a Dockerfile instruction, a Makefile line, a
/// comment), and a value that holds one did not come from a file name Go
/// accepts or a setting godock accepts.
fn one_line(value: &str) -> Result<(), String> {
    match value.chars().find(|c| c.is_control()) {
        Some(c) => Err(format!(
            "`{}` holds the control character {c:?}, which cannot be written into a file",
            value.escape_default()
        )),
        None => Ok(()),
    }
}

/// A POSIX shell word that means `value`: as it is when every character is
/// one the shell gives no meaning to, else single-quoted. A leading `-`
/// would still be an option, quoted or not, so it is refused.
pub fn shell_word(value: &str) -> Result<String, String> {
    one_line(value)?;
    if value.starts_with('-') {
        return Err(format!(
            "`{value}` starts with `-`, so a command would read it as an option"
        ));
    }
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/:+@,=%-".contains(c));
    Ok(if plain {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    })
}

/// `value` inside a shell's double quotes.
pub fn shell_double_quoted(value: &str) -> Result<String, String> {
    one_line(value)?;
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | '"' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(out)
}

/// A recipe line's text as make passes it to the shell: `$` doubled.
pub fn make_recipe(text: &str) -> String {
    text.replace('$', "$$")
}

/// Refuses a Dockerfile line's text that ends with `\`: Docker reads that
/// as a continuation (it does not count backslashes, so doubling one does
/// not help).
fn no_continuation(text: &str) -> Result<String, String> {
    // Docker's continuation is a `\` followed by spaces or tabs only.
    if text.trim_end_matches([' ', '\t']).ends_with('\\') {
        Err(format!(
            "`{text}` ends with `\\`, which would continue the line"
        ))
    } else {
        Ok(text.to_string())
    }
}

/// A Makefile comment: a trailing `\` would continue it onto the next line.
fn make_comment(text: &str) -> String {
    let trailing = text.len() - text.trim_end_matches('\\').len();
    if trailing % 2 == 1 {
        format!("{text}\\")
    } else {
        text.to_string()
    }
}

/// A word of a Dockerfile instruction that Docker's lexer reads as `value`
/// (`WORKDIR`, a flag's value): `\` before every character that is not
/// plain, which the lexer drops (outside quotes, `\x` is `x`), so that no
/// `$` expands, no quote opens and no space or comma splits.
pub fn docker_word(value: &str) -> Result<String, String> {
    one_line(value)?;
    // Docker trims a line's white space by Unicode's rules, so a trailing
    // U+2028 or no-break space would vanish even escaped.
    if let Some(c) = value
        .chars()
        .find(|c| c.is_whitespace() && !matches!(c, ' ' | '\t'))
    {
        return Err(format!(
            "{value:?} holds {c:?}, white space a Dockerfile line may lose"
        ));
    }
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if !(c.is_ascii_alphanumeric() || "._/:+@-".contains(c)) {
            out.push('\\');
        }
        out.push(c);
    }
    no_continuation(&out)
}

/// A `--mount` flag's value, `key=value` fields joined by `,`. BuildKit
/// reads the flag in up to three layers (its flag splitter drops quotes and
/// backslashes, then CSV, then, in newer releases, each value is expanded
/// as a word, `$` and `\` included), and releases differ on the last: no
/// quoting means the same to all of them. So a value is written only when
/// it is made of characters none of those layers gives a meaning to
/// (letters, digits and `._/+@~-`); any other is refused, naming it.
pub fn mount_flag(fields: &[String]) -> Result<String, String> {
    for field in fields {
        one_line(field)?;
        let (key, value) = field.split_once('=').unwrap_or((field, ""));
        let plain = |text: &str| {
            !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._/+@~-".contains(c))
        };
        if !plain(key) || !plain(value) {
            return Err(format!(
                "`{field}` cannot be written into a --mount flag: a path there may hold only letters, digits and `._/+@~-`"
            ));
        }
    }
    Ok(fields.join(","))
}

/// `value` inside the double quotes of a Dockerfile instruction that
/// Docker's lexer reads (`LABEL`, `ENV`): there `\` escapes only `"`, `$`
/// and `\` itself, and `$` expands.
pub fn docker_quoted(value: &str) -> Result<String, String> {
    one_line(value)?;
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | '"' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(out)
}

/// An item of a Dockerfile exec form (`ENTRYPOINT ["…"]`): a JSON string,
/// which Docker does not expand.
pub fn json_string(value: &str) -> Result<String, String> {
    one_line(value)?;
    serde_json::to_string(value).map_err(|error| error.to_string())
}

/// An image reference as `FROM` takes it: written as it is when Docker
/// reads it as a reference, where `${GO_VERSION}` (the Dockerfile's Go
/// version argument) may stand for a tag's text.
pub fn image_reference(value: &str) -> Result<String, String> {
    one_line(value)?;
    let expanded = value.replace("${GO_VERSION}", "1.0");
    crate::registry::Reference::parse(&expanded)
        .map(|_| value.to_string())
        .map_err(|_| format!("`{value}` is not an image reference"))
}

/// The rest of a comment line.
pub fn comment(value: &str) -> Result<String, String> {
    one_line(value)?;
    Ok(value.to_string())
}

/// A TOML basic string.
pub fn toml_string(value: &str) -> Result<String, String> {
    one_line(value)?;
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    Ok(out)
}

/// An HCL quoted string (a docker-bake.hcl value) that means `value`: `\`
/// before `"` and `\`, and the template sequences `${` and `%{` doubled
/// (`$${`, `%%{`), so that nothing interpolates a variable or a function.
pub fn hcl_string(value: &str) -> Result<String, String> {
    one_line(value)?;
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    Ok(out)
}

/// A YAML scalar that reads back as the string `value`.
pub fn yaml_scalar(value: &str) -> Result<String, String> {
    one_line(value)?;
    if !value.is_empty() && Format::Yaml.is_plain(value) {
        return Ok(value.to_string());
    }
    serde_json::to_string(value).map_err(|error| error.to_string())
}

/// Whether YAML (1.1 or 1.2) reads an unquoted `value` as that string: it
/// starts with a letter and is no boolean, null or number word.
fn yaml_reads_as_string(value: &str) -> bool {
    const WORDS: [&str; 11] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf",
    ];
    value.starts_with(|c: char| c.is_ascii_alphabetic())
        && !WORDS.contains(&value.to_ascii_lowercase().as_str())
}

/// A .dockerignore pattern (Go's and Docker's glob syntax), on a line of
/// its own: Docker trims a line, so a pattern cannot start or end with
/// white space, and a trailing `\` would escape nothing.
pub fn ignore_pattern(value: &str) -> Result<String, String> {
    one_line(value)?;
    if value.trim() != value || value.is_empty() {
        return Err(format!(
            "`{value}` starts or ends with white space, which .dockerignore drops"
        ));
    }
    let trailing = value.len() - value.trim_end_matches('\\').len();
    if trailing % 2 == 1 {
        return Err(format!("`{value}` ends with a lone `\\`"));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests;
