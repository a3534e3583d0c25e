//! One rule per setting (the preset's is [`crate::preset::check_reference`]), the same for a flag, godock.toml, a `GODOCK_*`
//! variable and the wizard: each takes the value as text (one item of a
//! list) and says what is wrong with it in words that fit after the name of
//! where it came from (`--image: …`, `godock.toml: line 3: …`,
//! `GODOCK_IMAGE: …`, or the wizard's question).
//!
//! Values end up in a Dockerfile, a Makefile, YAML and shell commands, so a
//! rule admits only what those files can carry as it is: names made of the
//! characters Docker and Go allow, never quotes, `$`, spaces or line breaks.
use super::{Output, PortChoice};
use crate::go::platform::{is_known_arch, is_known_os};

/// The port setting: a port from 1 to 65535, or `none` for no EXPOSE.
pub fn port(text: &str) -> Result<PortChoice, String> {
    if text == PortChoice::NONE {
        return Ok(PortChoice::NoPort);
    }
    port_number(text)
        .map(PortChoice::Expose)
        .map_err(|message| format!("{message}, or `{}`", PortChoice::NONE))
}

/// A port from 1 to 65535.
pub fn port_number(text: &str) -> Result<u16, String> {
    text.parse::<u16>()
        .ok()
        .filter(|port| *port > 0)
        .ok_or_else(|| format!("`{}` is not a port (1 to 65535)", shown(text)))
}

/// `true` or `false` (or `1`/`0`, `yes`/`no`).
pub fn switch(text: &str) -> Result<bool, String> {
    match text {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(format!("`{}` is not true or false", shown(text))),
    }
}

/// A Debian release the presets' images come in (data/debian.toml), by
/// number: `13`, or `12` (which no longer receives updates: a warning).
pub fn debian(text: &str) -> Result<u8, String> {
    let table = crate::knowledge::debian::Table::embedded();
    let choices = || {
        table
            .selectable()
            .iter()
            .map(|number| number.to_string())
            .collect::<Vec<_>>()
            .join(" or ")
    };
    match text
        .parse::<u8>()
        .ok()
        .and_then(|number| table.release(number))
    {
        Some(release) if release.selectable => Ok(release.number),
        Some(release) => Err(format!(
            "Debian {} cannot be chosen ({}); use {}",
            release.number,
            release.note.as_deref().unwrap_or("no images"),
            choices()
        )),
        None => Err(format!(
            "`{}` is not a Debian release godock builds on; use {}",
            shown(text),
            choices()
        )),
    }
}

/// A Go release such as 1.26, 1.26.6 or 1.27rc1 (what golang image tags
/// use), optionally written as a toolchain is (`go1.26.6`).
pub fn go_version(value: &str) -> Result<(), String> {
    match crate::go::version::GoVersion::parse_pinned(value) {
        Ok(version) if version.major() == 1 && value.trim() == value => Ok(()),
        _ => Err(format!(
            "`{}` is not a Go release such as 1.26, 1.26.6 or 1.27rc1",
            shown(value)
        )),
    }
}

/// Letters, digits, `_` and `.`: what `go build -tags` accepts.
pub fn tag(value: &str) -> Result<(), String> {
    if crate::go::build_constraint::is_valid_tag(value) {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a Go build tag (letters, digits, `_` and `.`)",
            shown(value)
        ))
    }
}

/// A pattern of module paths as GOPRIVATE takes them (`github.com/acme/*`,
/// `*.corp.example.com`): the characters of module paths and Go's globs
/// `*`, `?`, `[...]`, one pattern an item (no commas). It lands in a
/// Dockerfile's `ENV` and a Makefile, so no escapes, quotes or `$`.
pub fn module_pattern(value: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~/*?[]^".contains(c);
    let problem = if value.is_empty() {
        Some("it is empty".to_string())
    } else if let Some(c) = value.chars().find(|c| !allowed(*c)) {
        Some(format!(
            "{c:?} is not allowed: use the characters of module paths and the globs `*`, `?` and `[...]`{}",
            if c == ',' { ", one pattern an item" } else { "" }
        ))
    } else if value.starts_with('/') {
        Some("it starts with `/`, and module paths never do".to_string())
    } else if !crate::go::module_pattern::is_valid(value) {
        Some("a `[` opens a class that does not close".to_string())
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(format!(
            "`{}` is not a module path pattern such as `github.com/acme/*`: {problem}",
            shown(value)
        )),
    }
}

/// Extra `-ldflags` go inside double quotes in the Dockerfile and the
/// Makefile, and `${...}` is how godock feeds its own version variables.
pub fn ldflags(value: &str) -> Result<(), String> {
    match value
        .chars()
        .find(|c| matches!(c, '"' | '\'' | '`' | '\\' | '$' | '{' | '}' | '\n' | '\r'))
    {
        Some(c) => Err(format!(
            "`{}` contains {c:?}: quotes, backslashes, `$`, braces and line breaks cannot be passed through the Dockerfile and the Makefile",
            shown(value)
        )),
        None => Ok(()),
    }
}

/// One of the extra files godock can write.
pub fn output(value: &str) -> Result<(), String> {
    match Output::named(value) {
        Some(_) => Ok(()),
        None => Err(format!(
            "unknown output `{}`; the outputs are {}",
            shown(value),
            Output::NAMES.join(", ")
        )),
    }
}

/// Where godock's Dockerfile goes: a file in the build context
/// (`Dockerfile.godock`, `build/Dockerfile`). The Makefile, compose.yaml
/// and the workflow pass it to `docker build -f` as it is, and BuildKit
/// looks for its ignore file at the same path plus `.dockerignore`.
pub fn dockerfile(value: &str) -> Result<(), String> {
    file_in_context(value, "Dockerfile")?;
    if value.ends_with(".dockerignore") {
        return Err(format!(
            "`{}` is an ignore file's name; name the Dockerfile, such as Dockerfile.godock",
            shown(value)
        ));
    }
    Ok(())
}

/// Where godock's Make targets go: a file in the build context (`docker.mk`),
/// which the user's Makefile includes, or `Makefile` itself.
pub fn makefile(value: &str) -> Result<(), String> {
    file_in_context(value, "Makefile")
}

/// A relative path below the build context, made of the characters a
/// Makefile, YAML and a shell take as they are: letters, digits, `.`, `_`,
/// `-` and `/`; no `..`, no leading `/`, not one of godock's own files.
fn file_in_context(value: &str, what: &str) -> Result<(), String> {
    let safe = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'));
    let components_ok = value
        .split('/')
        .all(|part| !part.is_empty() && part != "." && part != "..");
    let problem = if value.is_empty() {
        Some("it is empty".to_string())
    } else if !safe {
        Some("use letters, digits, `.`, `_`, `-` and `/` only".to_string())
    } else if !components_ok || value.starts_with('/') {
        Some("write a path inside the build context, such as `dir/name`, without `..`".to_string())
    } else if matches!(
        value,
        "godock.toml" | "godock.lock" | ".dockerignore" | "compose.yaml"
    ) {
        Some("that is another file godock writes".to_string())
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(format!(
            "`{}` is not a place for the {what}: {problem}",
            shown(value)
        )),
    }
}

/// What `docker build -t` accepts as a repository name without a registry
/// or a tag (the Makefile adds both): `/`-separated components of lowercase
/// letters and digits, joined by `.`, `_`, `__` or dashes, at most 255
/// characters in all.
pub fn image(value: &str) -> Result<(), String> {
    let problem = if value.is_empty() {
        Some("it is empty")
    } else if value.len() > 255 {
        Some("it is longer than 255 characters")
    } else if value.contains(':') {
        Some("a tag (`:…`) is not part of the name: the Makefile tags images with $(TAG)")
    } else if !value.split('/').all(is_path_component) {
        Some("use lowercase letters and digits, joined by `.`, `_`, `__` or `-`, in components separated by `/`")
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(format!(
            "`{}` is not an image name: {problem}",
            shown(value)
        )),
    }
}

/// Where images are pushed: a host (`ghcr.io`, `localhost:5000`,
/// `registry.example.com`), or a Docker Hub namespace (`myteam`), then any
/// `/`-separated path (`ghcr.io/acme/tools`). The Makefile writes it before
/// the image name; empty means no registry.
pub fn registry(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    let mut components = value.split('/');
    let host = components.next().unwrap_or_default();
    let (name, port) = match host.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    let host_ok = !name.is_empty()
        && name.split('.').all(|part| {
            !part.is_empty()
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !part.starts_with('-')
                && !part.ends_with('-')
        })
        && port.is_none_or(|port| port_number(port).is_ok());
    if host_ok && components.all(is_path_component) {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a registry: write a host with an optional port and path, such as `ghcr.io/acme` or `localhost:5000`",
            shown(value)
        ))
    }
}

/// `os/arch` or `os/arch/variant`, as `docker buildx --platform` takes it,
/// for Linux (godock's images are Linux images) and an architecture Go
/// builds for.
pub fn platform(value: &str) -> Result<(), String> {
    let parts: Vec<&str> = value.split('/').collect();
    let word = |part: &&str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    let problem = match parts.as_slice() {
        _ if !parts.iter().all(word) => Some(
            "write it as os/arch or os/arch/variant, in lowercase letters and digits".to_string(),
        ),
        [os, arch] | [os, arch, _] if *os == "linux" && is_known_arch(arch) => None,
        [os, _] | [os, _, _] if is_known_os(os) && *os != "linux" => Some(format!(
            "godock builds Linux images, which {os} cannot run; use linux/ARCH"
        )),
        [_, arch] | [_, arch, _] if !is_known_arch(arch) => {
            Some(format!("Go knows no architecture `{arch}`"))
        }
        [_, _] | [_, _, _] => Some("use linux/ARCH".to_string()),
        _ => Some("write it as os/arch or os/arch/variant".to_string()),
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(format!("`{}` is not a platform: {problem}", shown(value))),
    }
}

/// A value as a message shows it: control characters (a line break) escaped,
/// so that the message stays on its line.
pub fn shown(value: &str) -> String {
    value
        .chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

/// A path component of a Docker repository name: lowercase letters and
/// digits, separated by one `.`, one `_`, `__`, or any number of `-`.
fn is_path_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let alphanumeric = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !bytes.first().is_some_and(alphanumeric) || !bytes.last().is_some_and(alphanumeric) {
        return false;
    }
    let mut index = 0;
    while index < bytes.len() {
        if alphanumeric(&bytes[index]) {
            index += 1;
            continue;
        }
        let start = index;
        while index < bytes.len() && !alphanumeric(&bytes[index]) {
            index += 1;
        }
        let separator = &component[start..index];
        let dashes = separator.bytes().all(|b| b == b'-');
        if !(dashes || matches!(separator, "." | "_" | "__")) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_docker_repository_names() {
        for good in [
            "web", "acme/web", "my-app", "my__app", "a.b_c--d", "x/y/z9", "0app",
        ] {
            assert_eq!(image(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("Web App", "lowercase"),
            ("web app", "lowercase"),
            ("web\napp", "lowercase"),
            ("web;rm", "lowercase"),
            ("$(IMAGE)", "lowercase"),
            ("web:1.0", "a tag"),
            ("-web", "lowercase"),
            ("web-", "lowercase"),
            ("a//b", "lowercase"),
            ("a..b", "lowercase"),
            ("a___b", "lowercase"),
            ("", "empty"),
        ] {
            let error = image(bad).unwrap_err();
            assert!(error.contains(why), "{bad:?}: {error}");
        }
        assert!(image(&"a".repeat(256)).unwrap_err().contains("255"));
    }

    #[test]
    fn registries_are_hosts_with_a_path() {
        for good in [
            "",
            "ghcr.io",
            "ghcr.io/acme",
            "localhost:5000",
            "registry.example.com:443/team/tools",
            "myteam",
            "Registry.Example.COM/acme",
        ] {
            assert_eq!(registry(good), Ok(()), "{good}");
        }
        for bad in [
            "ghcr.io/Acme",
            "ghcr io",
            "ghcr.io/\"acme\"",
            "$(REGISTRY)",
            "`host`",
            "host:port",
            "host:0",
            "host:/x",
            "-host",
            "host/",
            "host\n",
            "a..b",
        ] {
            assert!(registry(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn platforms_are_linux_and_an_architecture_go_knows() {
        for good in [
            "linux/amd64",
            "linux/arm64",
            "linux/arm/v7",
            "linux/386",
            "linux/riscv64",
        ] {
            assert_eq!(platform(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("windows/amd64", "Linux images"),
            ("linux/amd65", "no architecture `amd65`"),
            ("linux", "os/arch"),
            ("linux/amd64/v1/x", "os/arch"),
            ("Linux/amd64", "lowercase"),
            ("linux/amd64 ", "lowercase"),
            ("linux/$(ARCH)", "lowercase"),
            ("plan10/amd64", "use linux/ARCH"),
        ] {
            let error = platform(bad).unwrap_err();
            assert!(error.contains(why), "{bad:?}: {error}");
        }
    }

    #[test]
    fn the_other_rules() {
        assert_eq!(port("8080"), Ok(PortChoice::Expose(8080)));
        assert_eq!(port("none"), Ok(PortChoice::NoPort));
        assert_eq!(
            port("0").unwrap_err(),
            "`0` is not a port (1 to 65535), or `none`"
        );
        assert!(port("http").is_err() && port("65536").is_err() && port("None").is_err());
        assert_eq!(port_number("8080"), Ok(8080));
        assert!(port_number("none").is_err());
        assert_eq!(switch("yes"), Ok(true));
        assert!(switch("maybe").is_err());
        assert!(go_version("1.23.4").is_ok() && go_version("latest").is_err());
        assert!(tag("netgo").is_ok() && tag("a-b").is_err() && tag("").is_err());
        assert!(ldflags("-X main.a=b").is_ok() && ldflags("-X a=$(x)").is_err());
        assert!(module_pattern("github.com/acme/*").is_ok());
        assert!(module_pattern("*.corp.example.com/[a-c]?").is_ok());
        for (bad, why) in [
            ("", "empty"),
            ("a,b", "one pattern an item"),
            ("a b", "' ' is not allowed"),
            ("a$b", "'$' is not allowed"),
            ("a\\*", "'\\\\' is not allowed"),
            ("/abs", "starts with `/`"),
            ("github.com/[acme", "does not close"),
        ] {
            let error = module_pattern(bad).unwrap_err();
            assert!(error.contains(why), "{bad:?}: {error}");
        }
        assert!(output("compose").is_ok());
        for good in ["Dockerfile.godock", "build/Dockerfile", "Dockerfile"] {
            assert_eq!(dockerfile(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("../Dockerfile", "inside the build context"),
            ("/tmp/Dockerfile", "inside the build context"),
            ("Docker file", "letters, digits"),
            ("$(X)", "letters, digits"),
            ("a//b", "inside the build context"),
            ("godock.toml", "another file godock writes"),
            ("Dockerfile.godock.dockerignore", "ignore file"),
            ("", "empty"),
        ] {
            let error = dockerfile(bad).unwrap_err();
            assert!(error.contains(why), "{bad:?}: {error}");
        }
        assert!(makefile("docker.mk").is_ok() && makefile("mk/../x").is_err());
        assert!(output("helm")
            .unwrap_err()
            .ends_with("the outputs are compose, github-actions, bake, kubernetes"));
    }
}
