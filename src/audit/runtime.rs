//! The audit's rules about the image at run time: who the program runs as,
//! CA certificates on scratch, base images that float.
use crate::evidence::dockerfile::{Base, Kind};

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
