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
//! The gate and the Tera filters live here; how each place quotes a value
//! (pure functions of text) lives in `quote`. Nothing here knows the plan.
use std::collections::HashMap;

use tera::{Filter, Tera, Value};

mod quote;
pub use quote::{
    comment, docker_quoted, docker_word, hcl_string, ignore_pattern, image_reference, json_string,
    make_recipe, mount_flag, shell_double_quoted, shell_word, toml_string, yaml_scalar,
};
use quote::{make_comment, no_continuation, yaml_reads_as_string};

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

#[cfg(test)]
mod tests;
