//! The audit's rules about the image at run time: who the program runs as,
//! CA certificates on scratch, time zone data, a HEALTHCHECK that needs a
//! shell, base images that float.
use crate::evidence::dockerfile::{Base, Command, Dockerfile, Healthcheck, Kind, Stage};

use super::rules::{finding, image_of, is_scratch, short_name, Found};
use super::{Input, Rule};

pub(super) fn runs_as_root(input: &Input) -> Vec<Found> {
    let dockerfile = input.dockerfile;
    let Some(last) = dockerfile.final_stage() else {
        return Vec::new();
    };
    let user = last
        .instructions
        .iter()
        .rev()
        .find_map(|instruction| match &instruction.kind {
            Kind::User(user) => Some((instruction, user)),
            _ => None,
        });
    let nonroot_base = image_of(dockerfile, last).is_some_and(|image| {
        image
            .tag
            .as_deref()
            .is_some_and(|tag| tag.contains("nonroot"))
    });
    let mut found = Vec::new();
    match user {
        Some((instruction, user)) if user.is_root() => found.push((
            finding(
                Rule::RunsAsRoot,
                &instruction.location.file,
                instruction.location.line,
                format!("the program runs as {}", user.text.text),
                "a Go server needs no root: it binds ports above 1024 and writes nothing of the system's".to_string(),
                "`USER 65532:65532` (or a distroless `:nonroot` base)".to_string(),
            ),
            instruction.ignores.clone(),
        )),
        Some((instruction, user)) if user.uid().is_none() && !user.user.starts_with('$') => {
            found.push((
                finding(
                    Rule::UserName,
                    &instruction.location.file,
                    instruction.location.line,
                    format!("`USER {}` is a name: Kubernetes' runAsNonRoot cannot check it, and the image needs an /etc/passwd that has it", user.text.text),
                    "a numeric UID is checked without reading the image".to_string(),
                    "use the numeric UID (`USER 65532:65532`)".to_string(),
                ),
                instruction.ignores.clone(),
            ));
        }
        Some(_) => {}
        None if !nonroot_base => found.push((
            finding(
                Rule::RunsAsRoot,
                &last.from.location.file,
                last.from.location.line,
                "the final stage sets no USER: the program runs as root".to_string(),
                "a Go server needs no root: it binds ports above 1024 and writes nothing of the system's".to_string(),
                "add `USER 65532:65532` to the final stage (or use a distroless `:nonroot` base)".to_string(),
            ),
            last.from.ignores.clone(),
        )),
        None => {}
    }
    found
}

pub(super) fn ca_certificates(input: &Input) -> Vec<Found> {
    let dockerfile = input.dockerfile;
    let needs = &input.facts.runtime_needs.ca_certificates;
    let Some(last) = dockerfile.final_stage() else {
        return Vec::new();
    };
    if needs.is_empty() || !is_scratch(dockerfile, last) {
        return Vec::new();
    }
    let copies_certificates = last
        .instructions
        .iter()
        .any(|instruction| match &instruction.kind {
            Kind::Copy(copy) | Kind::Add(copy) => {
                copy.destination.contains("/etc/ssl")
                    || copy.sources.iter().any(|source| {
                        source.contains("ca-certificates") || source.contains("/etc/ssl")
                    })
            }
            _ => false,
        });
    if copies_certificates {
        return Vec::new();
    }
    let need = &needs[0];
    vec![(
        finding(
            Rule::CaCertificates,
            &last.from.location.file,
            last.from.location.line,
            "the final stage is scratch with no CA certificates: every TLS connection fails with `x509: certificate signed by unknown authority`".to_string(),
            format!("godock's scan: {} {}", need.main, need.why),
            "`COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/` (or a distroless base, which has them)".to_string(),
        ),
        last.from.ignores.clone(),
    )]
}

pub(super) fn base_unpinned(input: &Input) -> Vec<Found> {
    let dockerfile = input.dockerfile;
    let mut found = Vec::new();
    for stage in &dockerfile.stages {
        let Base::Image(image) = &stage.from.base else {
            continue;
        };
        // golang images have their own rule, which reads the Go version.
        if short_name(image) == "golang" || image.digest.is_some() {
            continue;
        }
        let tag = image.tag.as_deref();
        if tag.is_none() || tag == Some("latest") {
            let from = &stage.from;
            found.push((
                finding(
                    Rule::BaseUnpinned,
                    &from.location.file,
                    from.location.line,
                    format!(
                        "`{}` is {}: the image changes under the build without a change to the Dockerfile",
                        from.image.text,
                        if tag.is_none() { "untagged (latest)" } else { "`latest`" }
                    ),
                    "a rebuild of the same commit should give the same image".to_string(),
                    "name a release tag (and pin its digest with `@sha256:…`)".to_string(),
                ),
                from.ignores.clone(),
            ));
        }
    }
    found
}

/// Why the final stage's base has no time zone data, if it has none:
/// scratch, or alpine without the tzdata package. distroless carries
/// /usr/share/zoneinfo, and so does Debian 12 (tzdata is a required
/// package there).
fn without_zoneinfo(dockerfile: &Dockerfile, stage: &Stage) -> Option<String> {
    if is_scratch(dockerfile, stage) {
        return Some("scratch has no /usr/share/zoneinfo".to_string());
    }
    let image = image_of(dockerfile, stage)?;
    let alpine = short_name(image) == "alpine"
        || image
            .tag
            .as_deref()
            .is_some_and(|tag| tag.contains("alpine"));
    let installs_tzdata = stage
        .instructions
        .iter()
        .any(|instruction| match &instruction.kind {
            Kind::Run(run) => run.commands.iter().any(|command| {
                command.command.program() == Some("apk")
                    && command.command.words.iter().any(|word| word == "tzdata")
            }),
            _ => false,
        });
    (alpine && !installs_tzdata).then(|| format!("{} has no tzdata package", image.name))
}

pub(super) fn tzdata(input: &Input) -> Vec<Found> {
    let dockerfile = input.dockerfile;
    let needs = &input.facts.runtime_needs.tzdata;
    let Some(last) = dockerfile.final_stage() else {
        return Vec::new();
    };
    let Some(reason) = needs.first().and(without_zoneinfo(dockerfile, last)) else {
        return Vec::new();
    };
    let embedded = dockerfile
        .go_builds()
        .iter()
        .any(|build| build.tags.iter().any(|tag| tag == "timetzdata"));
    let brought = last
        .instructions
        .iter()
        .any(|instruction| match &instruction.kind {
            Kind::Copy(copy) | Kind::Add(copy) => {
                copy.destination.contains("zoneinfo")
                    || copy
                        .sources
                        .iter()
                        .any(|source| source.contains("zoneinfo"))
            }
            Kind::Env { variables } => variables.iter().any(|variable| variable.key == "ZONEINFO"),
            _ => false,
        });
    if embedded || brought {
        return Vec::new();
    }
    let need = &needs[0];
    vec![(
        finding(
            Rule::Tzdata,
            &last.from.location.file,
            last.from.location.line,
            format!("{reason}: time.LoadLocation fails with `unknown time zone` for every zone but UTC and Local"),
            format!("godock's scan: {} {}, and imports no time/tzdata", need.main, need.why),
            "build with `-tags timetzdata` (or import time/tzdata in main; about 450 kB), or copy /usr/share/zoneinfo from the build stage".to_string(),
        ),
        last.from.ignores.clone(),
    )]
}

/// Why the final stage's base has no /bin/sh, if it has none: scratch, or
/// distroless other than a `:debug` tag (which has busybox).
fn without_shell(dockerfile: &Dockerfile, stage: &Stage) -> Option<String> {
    if is_scratch(dockerfile, stage) {
        return Some("scratch has no shell".to_string());
    }
    let image = image_of(dockerfile, stage)?;
    let debug = image
        .tag
        .as_deref()
        .is_some_and(|tag| tag.contains("debug"));
    (image.name.contains("distroless/") && !debug).then(|| {
        format!(
            "{} has no shell (only its :debug tags have busybox)",
            image.name
        )
    })
}

pub(super) fn healthcheck_shell(input: &Input) -> Vec<Found> {
    let dockerfile = input.dockerfile;
    let Some(last) = dockerfile.final_stage() else {
        return Vec::new();
    };
    let Some(reason) = without_shell(dockerfile, last) else {
        return Vec::new();
    };
    let check = last
        .instructions
        .iter()
        .rev()
        .find_map(|instruction| match &instruction.kind {
            Kind::Healthcheck { check } => Some((instruction, check)),
            _ => None,
        });
    let Some((instruction, Healthcheck::Check { command, .. })) = check else {
        return Vec::new();
    };
    let shell = match command {
        Command::Shell(text) => Some(format!(
            "the shell form `HEALTHCHECK CMD {text}` runs /bin/sh -c"
        )),
        Command::Exec(words) => words
            .first()
            .filter(|program| matches!(program.rsplit('/').next(), Some("sh" | "bash" | "ash")))
            .map(|program| format!("the check runs {program}")),
    };
    let Some(shell) = shell else {
        return Vec::new();
    };
    vec![(
        finding(
            Rule::HealthcheckShell,
            &instruction.location.file,
            instruction.location.line,
            format!("{shell}, but {reason}: every check fails and the container is reported unhealthy"),
            "a HEALTHCHECK runs inside the image, with what the final stage has".to_string(),
            "use the exec form with a program the image has: the Go binary itself, with a health subcommand or flag (`HEALTHCHECK CMD [\"/app\", \"healthcheck\"]`)".to_string(),
        ),
        instruction.ignores.clone(),
    )]
}
