//! What a JavaScript front end says about its build: a package.json (its
//! `build` script, `engines.node`, `packageManager`), its lockfile's
//! package manager, a `.nvmrc`/`.node-version`, and the directory its build
//! writes (the bundler's default, a flag in the script, or the bundler's
//! config).
//!
//! Pure: text in, data out. The one thing read beyond the text given is a
//! bundler config the build names, and that through the caller's reader
//! (which decides what may be read). Decides nothing: which Node release
//! and which commands run is the plan's choice.
use serde::Serialize;

use super::shell;

/// The fields of a package.json its build depends on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PackageJson {
    /// `scripts.build`.
    pub build: Option<String>,
    /// Every script, by name (the build may run others: `npm run css`).
    #[serde(skip)]
    pub scripts: Vec<(String, String)>,
    /// `engines.node`: a range (`>=20`, `^22.3`).
    pub engines_node: Option<String>,
    /// `packageManager`: `pnpm@9.12.0` (a `+sha…` suffix dropped).
    pub package_manager: Option<ManagerPin>,
}

/// A package manager and the version `packageManager` names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManagerPin {
    pub name: String,
    pub version: String,
}

/// A package.json godock cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotJson(pub String);

impl PackageJson {
    pub fn parse(text: &str) -> Result<PackageJson, NotJson> {
        let json: serde_json::Value =
            serde_json::from_str(text).map_err(|error| NotJson(error.to_string()))?;
        let scripts: Vec<(String, String)> = json["scripts"]
            .as_object()
            .map(|scripts| {
                scripts
                    .iter()
                    .filter_map(|(name, script)| Some((name.clone(), script.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        let package_manager = json["packageManager"].as_str().and_then(|value| {
            let (name, version) = value.split_once('@')?;
            let version = version.split('+').next().unwrap_or(version);
            (plain_version(version) && !name.is_empty()).then(|| ManagerPin {
                name: name.to_string(),
                version: version.to_string(),
            })
        });
        Ok(PackageJson {
            build: scripts
                .iter()
                .find(|(name, _)| name == "build")
                .map(|(_, script)| script.clone()),
            scripts,
            engines_node: json["engines"]["node"].as_str().map(str::to_string),
            package_manager,
        })
    }

    fn script(&self, name: &str) -> Option<&str> {
        self.scripts
            .iter()
            .find(|(script, _)| script == name)
            .map(|(_, text)| text.as_str())
    }
}

/// Whether a version is only digits, letters, `.` and `-` (what godock
/// writes into a command as it is).
pub fn plain_version(version: &str) -> bool {
    !version.is_empty()
        && version.len() <= 64
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && version.starts_with(|c: char| c.is_ascii_digit())
}

/// The package managers godock builds with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Manager {
    Npm,
    Pnpm,
    /// Yarn 1 (`# yarn lockfile v1`).
    YarnClassic,
    /// Yarn 2 and later (Berry: a `__metadata:` lockfile).
    YarnBerry,
}

/// The lockfiles godock knows, in the order it prefers them when a
/// directory holds several and `packageManager` does not say.
pub const LOCKFILES: [&str; 4] = [
    "pnpm-lock.yaml",
    "yarn.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
];

/// The package manager a lockfile belongs to; `yarn.lock`'s text tells Yarn
/// 1 from Yarn 2+.
pub fn lockfile_manager(name: &str, text: &str) -> Option<Manager> {
    match name {
        "pnpm-lock.yaml" => Some(Manager::Pnpm),
        "package-lock.json" | "npm-shrinkwrap.json" => Some(Manager::Npm),
        "yarn.lock" if text.contains("__metadata:") => Some(Manager::YarnBerry),
        "yarn.lock" => Some(Manager::YarnClassic),
        _ => None,
    }
}

/// The pnpm major a `pnpm-lock.yaml` was written by, from its
/// `lockfileVersion` (pnpm 9 and 10 both write `9.0`).
pub fn pnpm_lockfile_major(text: &str) -> Option<u32> {
    let line = text
        .lines()
        .find_map(|line| line.strip_prefix("lockfileVersion:"))?;
    let version = line.trim().trim_matches(['\'', '"']);
    let major: u32 = version.split('.').next()?.parse().ok()?;
    match major {
        9 => Some(9),
        6 => Some(8),
        5 => Some(7),
        _ => None,
    }
}

/// What a `.nvmrc` or `.node-version` asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum NodeVersionFile {
    /// A major release line (`22`, `v22.3.0`, `lts/jod`).
    Major(u32),
    /// The newest LTS line (`lts/*`).
    Lts,
    /// The newest release (`node`, `latest`, `current`).
    Latest,
}

/// Reads a `.nvmrc`/`.node-version`: its first non-comment line. `lts/NAME`
/// goes through `codename` (`iron` → 20).
pub fn node_version_file(
    text: &str,
    codename: impl Fn(&str) -> Option<u32>,
) -> Option<NodeVersionFile> {
    let line = text
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .find(|line| !line.is_empty())?;
    let lower = line.to_ascii_lowercase();
    match lower.as_str() {
        "lts/*" | "lts" => return Some(NodeVersionFile::Lts),
        "node" | "latest" | "current" | "stable" => return Some(NodeVersionFile::Latest),
        _ => {}
    }
    if let Some(name) = lower.strip_prefix("lts/") {
        return codename(name).map(NodeVersionFile::Major);
    }
    let version = lower.strip_prefix('v').unwrap_or(&lower);
    version
        .split('.')
        .next()?
        .parse()
        .ok()
        .map(NodeVersionFile::Major)
}

/// A directory a build writes, relative to the package.json's directory,
/// and how godock knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildOutput {
    pub directory: String,
    pub source: String,
}

/// The directories the `build` script writes: for each bundler it runs
/// (through `npm run`, `pnpm`, `yarn` and `npx` too), the directory its
/// flags name, else the one its config names (read through `read`, a path
/// relative to the package.json's directory), else its default. Bundlers
/// godock does not know add nothing.
pub fn build_outputs(
    package: &PackageJson,
    read: &dyn Fn(&str) -> Option<String>,
) -> Vec<BuildOutput> {
    let mut outputs = Vec::new();
    if let Some(build) = &package.build {
        script_outputs(package, "build", build, read, 0, &mut outputs);
    }
    outputs
}

fn script_outputs(
    package: &PackageJson,
    name: &str,
    script: &str,
    read: &dyn Fn(&str) -> Option<String>,
    depth: usize,
    outputs: &mut Vec<BuildOutput>,
) {
    if depth > 4 {
        return;
    }
    for command in shell::commands(script) {
        let words = tool_words(&command.words);
        let Some((tool, arguments)) = words.split_first() else {
            continue;
        };
        if let Some(other) = runs_script(tool, arguments) {
            if let Some(text) = package.script(other) {
                script_outputs(package, other, text, read, depth + 1, outputs);
            }
            continue;
        }
        let env = |key: &str| {
            command
                .assignments
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value.clone())
        };
        let found = bundler_output(tool, arguments, &env, read);
        if let Some(mut output) = found {
            output.source = format!("{} in package.json's `{name}` script", output.source);
            if !outputs
                .iter()
                .any(|known: &BuildOutput| known.directory == output.directory)
            {
                outputs.push(output);
            }
        }
    }
}

/// The words from the tool on: past `npx`, `pnpm exec`, `yarn dlx`,
/// `cross-env NAME=value` and the like.
fn tool_words(words: &[String]) -> &[String] {
    let mut rest = words;
    loop {
        match rest {
            [first, tail @ ..] if first == "npx" || first == "pnpx" || first == "bunx" => {
                rest = tail
            }
            [first, second, tail @ ..]
                if (first == "pnpm" || first == "yarn" || first == "npm")
                    && (second == "exec" || second == "dlx") =>
            {
                rest = tail
            }
            [first, tail @ ..] if first == "cross-env" || first == "env" => {
                let skip = tail.iter().take_while(|word| word.contains('=')).count();
                rest = &tail[skip..];
            }
            _ => return rest,
        }
    }
}

/// The script `npm run NAME`, `pnpm NAME`, `yarn NAME` runs.
fn runs_script<'a>(tool: &str, arguments: &'a [String]) -> Option<&'a str> {
    let arguments: Vec<&String> = arguments
        .iter()
        .filter(|word| !word.starts_with('-'))
        .collect();
    match (tool, arguments.as_slice()) {
        ("npm" | "pnpm" | "yarn" | "bun", [run, name, ..])
            if *run == "run" || *run == "run-script" =>
        {
            Some(name.as_str())
        }
        ("pnpm" | "yarn", [name, ..])
            if !matches!(name.as_str(), "install" | "add" | "exec" | "dlx") =>
        {
            Some(name.as_str())
        }
        _ => None,
    }
}

/// The value of `--flag VALUE` or `--flag=VALUE`.
fn flag(arguments: &[String], names: &[&str]) -> Option<String> {
    for (index, word) in arguments.iter().enumerate() {
        for name in names {
            if let Some(value) = word
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
            {
                return Some(value.to_string());
            }
            if word == name {
                return arguments.get(index + 1).cloned();
            }
        }
    }
    None
}

const VITE_CONFIGS: [&str; 6] = [
    "vite.config.ts",
    "vite.config.js",
    "vite.config.mjs",
    "vite.config.mts",
    "vite.config.cjs",
    "vite.config.cts",
];
const WEBPACK_CONFIGS: [&str; 3] = [
    "webpack.config.js",
    "webpack.config.cjs",
    "webpack.config.ts",
];

fn bundler_output(
    tool: &str,
    arguments: &[String],
    env: &dyn Fn(&str) -> Option<String>,
    read: &dyn Fn(&str) -> Option<String>,
) -> Option<BuildOutput> {
    let tool = tool.rsplit('/').next().unwrap_or(tool);
    let output = |directory: String, source: String| {
        Some(BuildOutput {
            directory: normalise(&directory)?,
            source,
        })
    };
    match tool {
        "vite" if arguments.first().is_some_and(|word| word == "build") => {
            if let Some(directory) = flag(arguments, &["--outDir"]) {
                return output(directory, "`vite build --outDir`".into());
            }
            let config = flag(arguments, &["--config", "-c"]);
            let names: Vec<String> = match config {
                Some(config) => vec![config],
                None => VITE_CONFIGS.iter().map(|name| name.to_string()).collect(),
            };
            for name in names {
                if let Some(text) = read(&name) {
                    if let Some((directory, line)) = literal_option(&text, "outDir") {
                        let root = literal_option(&text, "root").map(|(root, _)| root);
                        let directory = match root {
                            Some(root) => format!("{root}/{directory}"),
                            None => directory,
                        };
                        return output(directory, format!("{name}:{line}'s outDir"));
                    }
                    if let Some((root, _)) = literal_option(&text, "root") {
                        return output(
                            format!("{root}/dist"),
                            format!("vite's default under {name}'s root"),
                        );
                    }
                    break;
                }
            }
            output("dist".into(), "vite's default".into())
        }
        "esbuild" => {
            if let Some(directory) = flag(arguments, &["--outdir"]) {
                return output(directory, "`esbuild --outdir`".into());
            }
            let file = flag(arguments, &["--outfile"])?;
            let directory = file.rsplit_once('/').map(|(directory, _)| directory)?;
            output(directory.to_string(), "`esbuild --outfile`".into())
        }
        "react-scripts" if arguments.first().is_some_and(|word| word == "build") => {
            match env("BUILD_PATH") {
                Some(directory) => output(directory, "BUILD_PATH for react-scripts".into()),
                None => output("build".into(), "react-scripts' default".into()),
            }
        }
        "parcel" if arguments.first().is_some_and(|word| word == "build") => {
            match flag(arguments, &["--dist-dir"]) {
                Some(directory) => output(directory, "`parcel build --dist-dir`".into()),
                None => output("dist".into(), "parcel's default".into()),
            }
        }
        "vue-cli-service" if arguments.first().is_some_and(|word| word == "build") => {
            match flag(arguments, &["--dest"]) {
                Some(directory) => output(directory, "`vue-cli-service build --dest`".into()),
                None => output("dist".into(), "vue-cli-service's default".into()),
            }
        }
        "webpack" | "webpack-cli" => {
            if let Some(directory) = flag(arguments, &["--output-path", "-o"]) {
                return output(directory, "`webpack --output-path`".into());
            }
            for name in WEBPACK_CONFIGS {
                if let Some(text) = read(name) {
                    if let Some((directory, line)) = resolved_path(&text) {
                        return output(directory, format!("{name}:{line}'s output.path"));
                    }
                    return None;
                }
            }
            output("dist".into(), "webpack's default".into())
        }
        "node" => {
            // A build script of the project's own (`node build.mjs`) that
            // calls a bundler's API: the literal outdir it names.
            let script = arguments.iter().find(|word| !word.starts_with('-'))?;
            let text = read(script)?;
            for key in ["outdir", "outDir"] {
                if let Some((directory, line)) = literal_option(&text, key) {
                    return output(directory, format!("{script}:{line}'s {key}"));
                }
            }
            None
        }
        _ => None,
    }
}

/// A relative path without `.` parts or a trailing `/`; `..` may lead it.
/// `None` for an absolute path or one with an expansion.
fn normalise(directory: &str) -> Option<String> {
    if directory.starts_with('/') || directory.contains(['$', '`', '*', '\n', '\\']) {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in directory.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `KEY: 'literal'` (or `"…"`, `` `…` `` without `${`) in a JavaScript or
/// TypeScript config, and its line.
fn literal_option(text: &str, key: &str) -> Option<(String, u32)> {
    for (index, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find(key) {
            let before = rest[..at].chars().next_back();
            let after = rest[at + key.len()..].trim_start();
            rest = &rest[at + key.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let after = after
                .strip_prefix(['"', '\''])
                .map(|tail| tail.strip_prefix(':').map(str::trim_start))
                .unwrap_or_else(|| after.strip_prefix(':').map(str::trim_start));
            let Some(value) = after.and_then(string_literal) else {
                continue;
            };
            return Some((value, index as u32 + 1));
        }
    }
    None
}

/// The string literal `text` opens with.
fn string_literal(text: &str) -> Option<String> {
    let quote = text
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let body = &text[1..];
    let end = body.find(quote)?;
    let value = &body[..end];
    (!value.contains("${") && !value.contains('\\')).then(|| value.to_string())
}

/// webpack's `path: path.resolve(__dirname, 'dist')` (or `join`).
fn resolved_path(text: &str) -> Option<(String, u32)> {
    for (index, line) in text.lines().enumerate() {
        let Some(at) = line.find("__dirname") else {
            continue;
        };
        if !line.contains("path:") {
            continue;
        }
        let rest = line[at + "__dirname".len()..]
            .trim_start()
            .strip_prefix(',')?;
        let mut parts = Vec::new();
        let mut rest = rest.trim_start();
        while let Some(value) = string_literal(rest) {
            rest = rest[value.len() + 2..].trim_start();
            parts.push(value);
            match rest.strip_prefix(',') {
                Some(tail) => rest = tail.trim_start(),
                None => break,
            }
        }
        if !parts.is_empty() {
            return Some((parts.join("/"), index as u32 + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests;
