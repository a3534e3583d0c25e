//! `godock audit`: the repository's own Dockerfiles reviewed against the
//! facts of its Go project (see [`crate::audit`]), printed as text, JSON or
//! SARIF.
//! Exit 1 when a finding is at or above `--fail-on`, 0 when none is, 2 on
//! error.
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::ExitStatus;
use crate::audit::{audit as review, Finding, Input, Rule, Severity};
use crate::cli::AuditArgs;
use crate::error::{Error, Result};
use crate::evidence::dockerfile::Dockerfile;
use crate::evidence::dockerignore::DockerIgnore;
use crate::knowledge::date::Date;
use crate::printer::Printer;
use crate::scan::context_needs::context_needs;
use crate::scan::{BuildContext, Facts};

/// What `--format` (or `--json`) asks for.
enum Format {
    Text,
    Json,
    Sarif,
}

#[derive(Serialize)]
struct Report<'a> {
    /// The Dockerfiles reviewed, relative to the build context.
    dockerfiles: Vec<String>,
    findings: &'a [Finding],
}

pub fn audit(arguments: AuditArgs, printer: &Printer) -> Result<ExitStatus> {
    let ignored = arguments
        .ignore
        .iter()
        .map(|id| {
            Rule::named(id).ok_or_else(|| Error::UnknownRule {
                rule: id.clone(),
                known: Rule::ALL.iter().map(|rule| rule.id()).collect(),
            })
        })
        .collect::<Result<Vec<Rule>>>()?;
    let fail_on = Severity::named(&arguments.fail_on).ok_or_else(|| Error::UnknownSeverity {
        value: arguments.fail_on.clone(),
    })?;
    let format = match (arguments.json, arguments.format.as_str()) {
        (true, _) | (false, "json") => Format::Json,
        (false, "text") => Format::Text,
        (false, "sarif") => Format::Sarif,
        (false, other) => {
            return Err(Error::UnknownFormat {
                value: other.to_string(),
            })
        }
    };
    let path = super::pipeline::project_path(&arguments.path, printer)?;
    let location = crate::scan::locate(&path, None)?;
    let context = location.build_context()?;
    let directory = context.directory(&path);
    let facts = crate::scan::scan(&location)?;
    let dockerfiles: Vec<Dockerfile> = if arguments.file.is_empty() {
        theirs(&facts, &directory)
    } else {
        arguments
            .file
            .iter()
            .map(|file| read_dockerfile(&directory, file))
            .collect::<Result<_>>()?
    };
    if dockerfiles.is_empty() {
        return Err(Error::NoDockerfile { path: directory });
    }
    let today = super::pipeline::today()?;
    // godock skips its own files when it collects evidence: a Dockerfile of
    // godock's named with -f is reviewed with its own ignore file all the same.
    let own_ignores: Vec<DockerIgnore> = dockerfiles
        .iter()
        .filter_map(|dockerfile| generated_ignore(&directory, dockerfile))
        .collect();
    let findings = review_all(
        &facts,
        &context,
        &dockerfiles,
        &own_ignores,
        &ignored,
        today,
    );
    let names: Vec<String> = dockerfiles
        .iter()
        .map(|dockerfile| dockerfile.file.display().to_string())
        .collect();
    let serialize = |error: serde_json::Error| Error::Serialize {
        what: "the audit",
        message: error.to_string(),
    };
    match format {
        Format::Json => {
            let report = Report {
                dockerfiles: names,
                findings: &findings,
            };
            printer.data(&serde_json::to_string_pretty(&report).map_err(serialize)?);
        }
        Format::Sarif => printer.data(
            &serde_json::to_string_pretty(&crate::audit::sarif::log(&findings))
                .map_err(serialize)?,
        ),
        Format::Text => printer.data(&text(&names, &findings)),
    }
    let failing = findings.iter().any(|finding| finding.severity >= fail_on);
    Ok(if failing {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// The build context's Dockerfiles that godock did not write.
fn theirs(facts: &Facts, directory: &Path) -> Vec<Dockerfile> {
    facts
        .context_files
        .evidence
        .as_ref()
        .map(|evidence| evidence.dockerfiles.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|dockerfile| !is_godocks(directory, &dockerfile.file))
        .collect()
}

/// Every finding on `dockerfiles`, each reviewed with the ignore file its
/// build reads.
fn review_all(
    facts: &Facts,
    context: &BuildContext,
    dockerfiles: &[Dockerfile],
    own_ignores: &[DockerIgnore],
    ignored: &[Rule],
    today: Date,
) -> Vec<Finding> {
    let mut ignores: Vec<DockerIgnore> = own_ignores.to_vec();
    if let Some(evidence) = facts.context_files.evidence.as_ref() {
        ignores.extend(evidence.dockerignores.iter().cloned());
    }
    let needs = context_needs(facts, context);
    let mut findings = Vec::new();
    for dockerfile in dockerfiles {
        let ignore = ignore_file(Some(&ignores), dockerfile);
        let input = Input {
            facts,
            dockerfile,
            dockerignore: ignore,
            needs: &needs,
            context_files: &facts.context_files,
            today,
        };
        findings.extend(review(&input, ignored));
    }
    // A secret let in is one finding however many Dockerfiles share the file.
    findings.dedup();
    findings
}

/// What `godock audit` would say of the user's own Dockerfiles, in one line
/// for `init`: the counts and the command that shows them; `None` when the
/// context has no Dockerfile of theirs.
pub(super) fn summary(
    facts: &Facts,
    context: &BuildContext,
    directory: &Path,
    today: Date,
) -> Option<String> {
    let dockerfiles = theirs(facts, directory);
    if dockerfiles.is_empty() {
        return None;
    }
    let findings = review_all(facts, context, &dockerfiles, &[], &[], today);
    let names: Vec<String> = dockerfiles
        .iter()
        .map(|dockerfile| dockerfile.file.display().to_string())
        .collect();
    Some(if findings.is_empty() {
        format!(
            "godock: your {}: `godock audit` finds nothing to fix",
            names.join(", ")
        )
    } else {
        format!(
            "godock: your {}: `godock audit` finds {}; run it to see each with its line and fix",
            names.join(", "),
            counts(&findings)
        )
    })
}

/// `2 errors, 1 warning, 3 infos`, leaving out the severities with none.
fn counts(findings: &[Finding]) -> String {
    let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .filter_map(|severity| {
            let count = findings.iter().filter(|f| f.severity == severity).count();
            let name = severity.name();
            match count {
                0 => None,
                1 => Some(format!("1 {name}")),
                _ => Some(format!("{count} {name}s")),
            }
        })
        .collect();
    parts.join(", ")
}

/// A Dockerfile godock wrote is godock's to keep right, not audit's.
fn is_godocks(directory: &Path, file: &Path) -> bool {
    std::fs::read_to_string(directory.join(file))
        .is_ok_and(|text| crate::evidence::marker::is_generated(&text))
}

/// The ignore file of `dockerfile` (`Dockerfile.godock.dockerignore`) when
/// godock wrote it, which the evidence leaves out as godock's own.
fn generated_ignore(directory: &Path, dockerfile: &Dockerfile) -> Option<DockerIgnore> {
    let own = PathBuf::from(format!("{}.dockerignore", dockerfile.file.display()));
    let text = std::fs::read_to_string(directory.join(&own)).ok()?;
    crate::evidence::marker::is_generated(&text).then(|| DockerIgnore::parse(&text, &own))
}

/// `-f FILE`, relative to the build context (or absolute, inside it).
fn read_dockerfile(directory: &Path, file: &Path) -> Result<Dockerfile> {
    let path = if file.is_absolute() {
        file.to_path_buf()
    } else {
        directory.join(file)
    };
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let relative: PathBuf = path
        .strip_prefix(directory)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| file.to_path_buf());
    Ok(crate::evidence::dockerfile::parse(&text, &relative))
}

/// The ignore file a build with `dockerfile` reads: its own
/// (`Dockerfile.release.dockerignore`), else the context's .dockerignore.
fn ignore_file<'a>(
    ignores: Option<&'a [DockerIgnore]>,
    dockerfile: &Dockerfile,
) -> Option<&'a DockerIgnore> {
    let ignores = ignores?;
    let own = PathBuf::from(format!("{}.dockerignore", dockerfile.file.display()));
    ignores
        .iter()
        .find(|ignore| ignore.file == own)
        .or_else(|| {
            ignores
                .iter()
                .find(|ignore| ignore.file == Path::new(".dockerignore"))
        })
}

/// Findings as text: one block each, then a count.
fn text(dockerfiles: &[String], findings: &[Finding]) -> String {
    let mut out = format!("godock audit: {}\n", dockerfiles.join(", "));
    for finding in findings {
        let at = if finding.line == 0 {
            finding.file.clone()
        } else {
            format!("{}:{}", finding.file, finding.line)
        };
        out.push_str(&format!(
            "\n{at}: {}[{}] {}\n  evidence: {}\n  fix: {}\n",
            finding.severity.name(),
            finding.rule.id(),
            finding.message,
            finding.evidence,
            finding.fix
        ));
    }
    out.push_str(&if findings.is_empty() {
        "\nno findings\n".to_string()
    } else {
        format!("\n{}\n", counts(findings))
    });
    out
}
