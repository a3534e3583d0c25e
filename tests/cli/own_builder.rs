//! A builder base image of the caching test's own, so that no other build on
//! the engine shares a step with the caching test's builds, and the build
//! cache records those builds make can be told apart from everyone else's.
//!
//! Why the caching test needs it: BuildKit merges identical steps of
//! concurrent builds into one vertex. When another build has *executed* such
//! a step and is still running, a build that reaches the same step joins that
//! vertex, and the steps above it miss their cache and run again, although
//! their records are there (moby/buildkit#4674; #6955 fixes part of it, in
//! BuildKit releases newer than Docker 26.1's 0.13 and 20.10's 0.8). From an
//! empty build cache, the Docker tier's other builds execute
//! `FROM golang:…` + `WORKDIR /src` themselves and hold them through a cold
//! compile of a minute or two, so the caching test's rebuild, on the same
//! base, ran its module download again; its log replayed the other build's
//! `WORKDIR /src … DONE`, which looked like WORKDIR running again. With a warm
//! cache the other builds load those steps from the cache instead of
//! executing them, and alone the test shares them with nobody: both passed.
//!
//! The base is the Dockerfile's golang image plus one layer holding a nonce
//! (a layer, not a label: BuildKit keys an image by its layers), so every
//! step of the builder stage has cache keys no other build has. Its `SHELL`
//! runs each `RUN` through `/usr/bin/env GODOCK_CACHE_TEST=<nonce> /bin/sh -c`
//! (the Dockerfile inherits the base's shell): the same command with one more
//! variable, and BuildKit names each record after its command, so the
//! records of the test's builds, its cache mounts among them, carry the nonce
//! and are pruned when the base is dropped, and no one else's are.
//!
//! The Dockerfile under test keeps every line but its `FROM golang:…` lines,
//! which name the base instead.
use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::docker::{build, docker, Images};

/// The caching test's own builder base; its build cache records are pruned
/// when it is dropped (its image goes with the test's `Images`).
pub struct OwnBuilder {
    /// The image tag the rewritten Dockerfile builds on.
    pub image: String,
    /// What every `RUN` of the builder stage carries in its command, hence in
    /// the description of every build cache record it makes.
    marker: String,
}

impl OwnBuilder {
    /// Builds `image`: the golang image `dockerfile`'s `FROM` lines name,
    /// plus the nonce. Returns the base and the Dockerfile rewritten to build
    /// on it. `images` removes the base when the test ends.
    pub fn derive(
        dockerfile: &str,
        image: &str,
        nonce: &str,
        images: &Images,
    ) -> Result<(OwnBuilder, String), String> {
        let (golang, rewritten) = rebase(dockerfile, image)?;
        let marker = format!("GODOCK_CACHE_TEST={nonce}");
        let context =
            tempfile::tempdir().map_err(|error| format!("a temporary directory: {error}"))?;
        let write = |name: &str, content: &str| {
            std::fs::write(context.path().join(name), content)
                .map_err(|error| format!("writing {name} of the caching test's base: {error}"))
        };
        write("nonce", &format!("{nonce}\n"))?;
        write(
            "Dockerfile",
            &format!(
                "FROM {golang}\nCOPY nonce /etc/godock-cache-test\n\
                 SHELL [\"/usr/bin/env\", \"{marker}\", \"/bin/sh\", \"-c\"]\n"
            ),
        )?;
        images.add(image);
        build(&["-t", image], context.path())
            .map_err(|log| format!("building the caching test's base on {golang} failed\n{log}"))?;
        Ok((
            OwnBuilder {
                image: image.to_string(),
                marker,
            },
            rewritten,
        ))
    }

    /// The ids and descriptions of the build cache records the builder
    /// stage's steps made.
    pub fn records(&self) -> Vec<(String, String)> {
        let (status, stdout, _) = docker(
            &[
                "system",
                "df",
                "--verbose",
                "--format",
                "{{json .BuildCache}}",
            ],
            Path::new("."),
        );
        if !status.success() {
            return Vec::new();
        }
        let records: Value = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
        records
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|record| {
                Some((
                    record["ID"].as_str()?.to_string(),
                    record["Description"].as_str()?.to_string(),
                ))
            })
            .filter(|(_, description)| description.contains(&self.marker))
            .collect()
    }
}

impl Drop for OwnBuilder {
    /// Prunes the records, cache mounts (the Go build cache of a cold build,
    /// hundreds of MB) included, which would otherwise stay behind on every
    /// run. One id a call: the engine takes one value per filter. A record
    /// another record builds on goes only after that one, hence the rounds.
    fn drop(&mut self) {
        let mut left = self.records();
        while !left.is_empty() {
            for (id, _) in &left {
                let filter = format!("id={id}");
                let _ = docker(
                    &["builder", "prune", "--force", "--filter", &filter],
                    Path::new("."),
                );
            }
            let now = self.records();
            if now.len() >= left.len() {
                break;
            }
            left = now;
        }
    }
}

/// The golang image the Dockerfile's `FROM` lines name (the global `ARG`
/// defaults substituted), and the Dockerfile with `base` in its place.
fn rebase(dockerfile: &str, base: &str) -> Result<(String, String), String> {
    let mut defaults = BTreeMap::new();
    let mut in_stage = false;
    let mut golang: Option<String> = None;
    let mut rewritten = String::new();
    for line in dockerfile.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let instruction = words.first().map(|word| word.to_ascii_uppercase());
        match instruction.as_deref() {
            Some("ARG") if !in_stage => {
                for word in &words[1..] {
                    if let Some((name, value)) = word.split_once('=') {
                        defaults.insert(name.to_string(), value.trim_matches('"').to_string());
                    }
                }
            }
            Some("FROM") => {
                in_stage = true;
                let index = words
                    .iter()
                    .skip(1)
                    .position(|word| !word.starts_with("--"))
                    .map(|position| position + 1);
                if let Some(index) = index {
                    let image = substitute(words[index], &defaults);
                    if image.starts_with("golang:") {
                        if golang.as_ref().is_some_and(|seen| *seen != image) {
                            return Err(format!(
                                "the Dockerfile builds on two golang images, {} and {image}: \
                                 the caching test derives one base\n{dockerfile}",
                                golang.unwrap_or_default()
                            ));
                        }
                        golang = Some(image);
                        let mut words = words.clone();
                        words[index] = base;
                        rewritten.push_str(&words.join(" "));
                        rewritten.push('\n');
                        continue;
                    }
                }
            }
            _ => {}
        }
        rewritten.push_str(line);
        rewritten.push('\n');
    }
    let golang = golang
        .ok_or_else(|| format!("no `FROM golang:…` line in the Dockerfile:\n{dockerfile}"))?;
    Ok((golang, rewritten))
}

/// `${NAME}` and `$NAME` replaced by the global `ARG` defaults.
fn substitute(word: &str, defaults: &BTreeMap<String, String>) -> String {
    let mut word = word.to_string();
    // Longest names first, so that `$GO` never eats the start of `$GO_VERSION`.
    let mut names: Vec<&String> = defaults.keys().collect();
    names.sort_by_key(|name| std::cmp::Reverse(name.len()));
    for name in names {
        let value = &defaults[name];
        word = word
            .replace(&format!("${{{name}}}"), value)
            .replace(&format!("${name}"), value);
    }
    word
}

#[test]
fn rebase_names_the_base_in_every_golang_stage_and_nothing_else() {
    let dockerfile = "ARG GO_VERSION=1.23\nARG VERSION=dev COMMIT=unknown\n\
        FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build\n\
        WORKDIR /src\nRUN go build\n\
        FROM gcr.io/distroless/static-debian12:nonroot AS runtime\n\
        FROM golang:$GO_VERSION-bookworm AS tools\n";
    let (golang, rewritten) = rebase(dockerfile, "base-x").unwrap();
    assert_eq!(golang, "golang:1.23-bookworm");
    assert_eq!(
        rewritten,
        "ARG GO_VERSION=1.23\nARG VERSION=dev COMMIT=unknown\n\
         FROM --platform=$BUILDPLATFORM base-x AS build\n\
         WORKDIR /src\nRUN go build\n\
         FROM gcr.io/distroless/static-debian12:nonroot AS runtime\n\
         FROM base-x AS tools\n"
    );
    assert!(rebase("FROM scratch\n", "base-x").is_err());
    assert!(rebase(
        "FROM golang:1.23-bookworm AS a\nFROM golang:1.24-bookworm AS b\n",
        "base-x"
    )
    .is_err());
}
