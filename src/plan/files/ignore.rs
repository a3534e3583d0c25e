//! Where godock's ignore rules go (a file of its own, a marked block of the
//! user's .dockerignore, or nowhere), what a block re-includes, and the
//! warnings about the user's lines that hide what the build needs or let a
//! secret in. A part of [`super`]'s placement decision.
use serde::Serialize;

use super::Placement;
use crate::evidence::dockerignore::DockerIgnore;
use crate::knowledge::{files as names, secrets};
use crate::scan::context_needs::{context_needs, hidden};
use crate::scan::{BuildContext, Facts};
use crate::settings::{Setting, Settings};

/// godock's ignore rules.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Dockerignore {
    pub path: String,
    pub placement: Placement,
    /// In a block: what it sends again, which the user's lines exclude.
    pub reincludes: Vec<Reinclude>,
    /// In a block: the secret patterns it excludes.
    pub secrets: Vec<String>,
    /// The `dockerignore_block` choice, and whether godock.toml writes it.
    pub block: bool,
    pub record_block: bool,
}

/// A path the build needs that the user's .dockerignore excludes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Reinclude {
    pub pattern: String,
    /// What the build needs it for.
    pub what: String,
    /// The user's line that excludes it (`.dockerignore:3`) and its text.
    pub line: String,
    pub text: String,
}

/// Where godock's ignore rules go: a file of its own (beside a Dockerfile of
/// godock's with another name, BuildKit reads `<Dockerfile>.dockerignore`),
/// a marked block of the user's .dockerignore when asked, or nowhere; then
/// each of the user's lines that hides what the build needs, and each
/// secret it lets in, is a warning.
pub(super) fn dockerignore(
    facts: &Facts,
    settings: &Settings,
    context: &BuildContext,
    dockerfile: &str,
    warnings: &mut Vec<String>,
) -> Dockerignore {
    let existing = &facts.context_files;
    let record_block = settings.given(Setting::DockerignoreBlock) || settings.dockerignore_block;
    let secrets: Vec<String> = secrets::SECRETS
        .iter()
        .map(|secret| secret.pattern.to_string())
        .collect();
    let needs = context_needs(facts, context);
    // godock's own file keeps what the build needs, then excludes secrets
    // last: a keep rule (`!static`) never lets `static/.env` back in.
    let mut own = |path: String| {
        secrets_kept_out(facts, &needs, &secrets, &path, warnings);
        Dockerignore {
            path,
            placement: Placement::Own,
            reincludes: Vec::new(),
            secrets: secrets.clone(),
            block: settings.dockerignore_block,
            record_block,
        }
    };
    if dockerfile != names::DOCKERFILE {
        return own(format!("{dockerfile}{}", names::IGNORE_SUFFIX));
    }
    let path = names::DOCKERIGNORE.to_string();
    if !existing.is_theirs(&path) || settings.force {
        return own(path);
    }
    let Some(theirs) = existing.dockerignore(&path) else {
        return own(path);
    };
    // The user's lines, without godock's block: what the block must make up for.
    let mut user_rules = theirs.clone();
    if let Some((first, last)) = existing.blocks.get(&path) {
        user_rules
            .rules
            .retain(|rule| !(*first..=*last).contains(&rule.location.line));
    }
    if settings.dockerignore_block {
        let mut reincludes: Vec<Reinclude> = Vec::new();
        for found in hidden(&user_rules, &needs) {
            if reincludes
                .iter()
                .any(|reinclude| reinclude.pattern == found.need.reinclude)
            {
                continue;
            }
            reincludes.push(Reinclude {
                pattern: found.need.reinclude.clone(),
                what: found.need.what.clone(),
                line: found.rule.location.to_string(),
                text: found.rule.text.clone(),
            });
        }
        // The block re-includes first and excludes secrets last, so that no
        // `!` line of the user's or godock's lets a secret back in: a need
        // that looks like a secret stays out, and the build is told.
        let mut merged = user_rules.clone();
        let block_lines: Vec<String> = reincludes
            .iter()
            .map(|reinclude| format!("!{}", reinclude.pattern))
            .chain(secrets.iter().cloned())
            .collect();
        let block = DockerIgnore::parse(&block_lines.join("\n"), std::path::Path::new(&path));
        merged.rules.extend(block.rules);
        for found in hidden(&merged, &needs) {
            warnings.push(format!(
                "the build needs {} ({}), which godock's block in {path} keeps out of the build context as a secret (`{}`): the build fails until it is moved or renamed",
                found.path, found.need.what, found.rule.text
            ));
        }
        return Dockerignore {
            path,
            placement: Placement::Block,
            reincludes,
            secrets,
            block: true,
            record_block,
        };
    }
    for found in hidden(&user_rules, &needs) {
        warnings.push(format!(
            "{} (`{}`) keeps {} out of the build context, and the build needs {}: it fails; pass --dockerignore-block to add godock's block, which sends it again, or delete the line",
            found.rule.location, found.rule.text, found.path, found.need.what
        ));
    }
    for secret in &existing.secrets {
        if !user_rules.excludes(&secret.path) {
            warnings.push(format!(
                "{path} lets {} into the build context ({}); pass --dockerignore-block to add godock's block, which keeps secrets out",
                secret.path,
                secrets::holds(&secret.pattern)
            ));
        }
    }
    Dockerignore {
        path,
        placement: Placement::LeftAlone,
        reincludes: Vec::new(),
        secrets: Vec::new(),
        block: false,
        record_block,
    }
}

/// Warns of what godock's own ignore file at `path` keeps out as a secret
/// though the build asks for it: a need the secret patterns hide (an embed
/// naming `server.key`: the build fails), or a secret file inside a
/// directory the build keeps (`//go:embed certs` holding `certs/tls.key`:
/// the binary no longer holds it).
fn secrets_kept_out(
    facts: &Facts,
    needs: &[crate::scan::context_needs::ContextNeed],
    secrets: &[String],
    path: &str,
    warnings: &mut Vec<String>,
) {
    let excluded = DockerIgnore::parse(&secrets.join("\n"), std::path::Path::new(path));
    for found in hidden(&excluded, needs) {
        warnings.push(format!(
            "the build needs {} ({}), which {path} keeps out of the build context as a secret (`{}`): the build fails until it is moved or renamed",
            found.path, found.need.what, found.rule.text
        ));
    }
    for secret in &facts.context_files.secrets {
        // Docker's semantics: `static/*` and `docs` both take in what lies
        // below them.
        let kept = needs.iter().find(|need| {
            DockerIgnore::parse(&need.reinclude, std::path::Path::new(path))
                .verdict(&secret.path)
                .excluded
        });
        if let Some(need) = kept {
            warnings.push(format!(
                "{} is kept out of the build context as a secret ({}), though the build keeps {} ({})",
                secret.path,
                secrets::holds(&secret.pattern),
                need.reinclude,
                need.what
            ));
        }
    }
}
