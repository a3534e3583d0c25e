//! How each place in a generated file quotes one value: a shell word, a
//! Dockerfile word, a TOML, YAML, JSON or HCL string, a .dockerignore line,
//! and the rest of the filter table in [`super`]. Pure functions of text:
//! each returns the written form or refuses the value, naming why; which
//! filter a template uses, and the gate, are [`super`]'s.
use super::Format;

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
pub(super) fn no_continuation(text: &str) -> Result<String, String> {
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
pub(super) fn make_comment(text: &str) -> String {
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
pub(super) fn yaml_reads_as_string(value: &str) -> bool {
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
