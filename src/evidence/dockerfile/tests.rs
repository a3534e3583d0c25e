use std::path::Path;

use super::*;
use crate::evidence::value::BuildInput;

fn parse_text(text: &str) -> Dockerfile {
    parse(text, Path::new("Dockerfile"))
}

fn instructions(dockerfile: &Dockerfile) -> Vec<&Instruction> {
    dockerfile
        .stages
        .iter()
        .flat_map(|stage| &stage.instructions)
        .collect()
}

/// A multi-stage Dockerfile shaped like those of well-known Go services:
/// directives, global ARGs in FROM, cache mounts, continuations with
/// comments inside, a heredoc script, and a distroless runtime.
const SERVICE: &str = r#"# syntax=docker/dockerfile:1.7
# check=skip=JSONArgsRecommended

ARG GO_VERSION=1.23
ARG DISTROLESS=gcr.io/distroless/static-debian12:nonroot
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
ARG TARGETOS TARGETARCH
ARG VERSION=dev
ENV CGO_ENABLED=0 \
    GOFLAGS=-mod=readonly
WORKDIR /src
COPY --link go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
# godock:ignore DG101, DG102
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    GOOS=$TARGETOS GOARCH=$TARGETARCH \
    # the version comes from the build argument
    go build -trimpath \

      -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/server ./cmd/server
RUN <<EOF
set -eu
go build -o /out/migrate ./cmd/migrate
EOF

FROM ${DISTROLESS} AS runtime
COPY --from=build --chmod=0755 /out/server /usr/local/bin/server
USER 65532:65532
EXPOSE 8080 9090/tcp 53/udp
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["/usr/local/bin/server", "-healthcheck"]
ENTRYPOINT ["/usr/local/bin/server"]
CMD server --config /etc/server.yaml
"#;

#[test]
fn a_service_dockerfile_reads_into_stages_with_expanded_bases() {
    let dockerfile = parse_text(SERVICE);
    assert_eq!(
        dockerfile.directive("syntax").map(|d| d.value.as_str()),
        Some("docker/dockerfile:1.7")
    );
    assert_eq!(dockerfile.directive("check").map(|d| d.line), Some(2));
    let names: Vec<_> = dockerfile
        .global_args
        .iter()
        .map(|arg| arg.name.as_str())
        .collect();
    assert_eq!(names, ["GO_VERSION", "DISTROLESS"]);
    assert_eq!(dockerfile.stages.len(), 2);
    let build = &dockerfile.stages[0];
    assert_eq!(build.name(), Some("build"));
    assert_eq!(build.from.location.line, 6);
    assert_eq!(build.from.image.text, "golang:1.23-bookworm");
    assert_eq!(
        build.from.base,
        Base::Image(ImageReference {
            name: "golang".to_string(),
            tag: Some("1.23-bookworm".to_string()),
            digest: None
        })
    );
    let platform = build.from.platform.as_ref().expect("platform");
    assert_eq!(platform.unresolved, ["BUILDPLATFORM"]);
    let runtime = dockerfile.final_stage().expect("runtime");
    assert_eq!(
        runtime.from.image.text,
        "gcr.io/distroless/static-debian12:nonroot"
    );
    match &runtime.from.base {
        Base::Image(image) => {
            assert_eq!(image.name, "gcr.io/distroless/static-debian12");
            assert_eq!(image.tag.as_deref(), Some("nonroot"));
        }
        other => panic!("{other:?}"),
    }
    assert!(dockerfile.stage_named("BUILD").is_some());
}

#[test]
fn continuations_skip_comment_and_empty_lines_and_keep_each_command_line() {
    let dockerfile = parse_text(SERVICE);
    let runs: Vec<&Instruction> = instructions(&dockerfile)
        .into_iter()
        .filter(|instruction| instruction.keyword == "RUN")
        .collect();
    assert_eq!(runs.len(), 3);
    let build = runs[1];
    assert_eq!((build.location.line, build.end_line), (17, 24));
    assert_eq!(build.ignores, ["DG101", "DG102"]);
    let Kind::Run(run) = &build.kind else {
        panic!("{:?}", build.kind)
    };
    assert_eq!(run.mounts.len(), 2);
    assert_eq!(run.mounts[1].kind, MountKind::Cache);
    assert_eq!(
        run.mounts[1].target.as_deref(),
        Some("/root/.cache/go-build")
    );
    assert_eq!(run.commands.len(), 1);
    assert_eq!(
        run.commands[0].line, 19,
        "the command starts on its assignments' line"
    );
    assert_eq!(run.commands[0].command.words[..2], ["go", "build"]);
    let warnings: Vec<String> = dockerfile
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        ["Dockerfile:17: empty continuation line inside this instruction (BuildKit warns; a future release will reject it)"]
    );
}

#[test]
fn go_builds_carry_stage_environment_workdir_and_version_stamps() {
    let dockerfile = parse_text(SERVICE);
    let builds = dockerfile.go_builds();
    assert_eq!(builds.len(), 2);
    let server = &builds[0];
    assert_eq!(server.location.to_string(), "Dockerfile:19");
    assert_eq!(server.within.as_deref(), Some("build"));
    assert_eq!(server.directory.as_deref(), Some("/src"));
    assert_eq!(server.cgo_enabled(), Some(false));
    assert!(server.trimpath);
    let ldflags = server.ldflags.as_ref().expect("ldflags");
    assert_eq!(ldflags.assignments[0].symbol, "main.version");
    assert_eq!(ldflags.assignments[0].value.inputs(), [BuildInput::Version]);
    let migrate = &builds[1];
    assert_eq!(migrate.location.line, 27, "the heredoc's second line");
    assert_eq!(migrate.packages[0].as_literal(), Some("./cmd/migrate"));
}

#[test]
fn runtime_instructions_read_into_typed_values() {
    let dockerfile = parse_text(SERVICE);
    let runtime = dockerfile.final_stage().expect("runtime");
    let kinds: Vec<&Kind> = runtime.instructions.iter().map(|i| &i.kind).collect();
    let Kind::Copy(copy) = kinds[0] else { panic!() };
    assert_eq!(copy.from.as_deref(), Some("build"));
    assert_eq!(copy.chmod.as_deref(), Some("0755"));
    assert_eq!(copy.sources, ["/out/server"]);
    assert_eq!(copy.destination, "/usr/local/bin/server");
    let Kind::User(user) = kinds[1] else { panic!() };
    assert_eq!(
        (user.uid(), user.group.as_deref(), user.is_root()),
        (Some(65532), Some("65532"), false)
    );
    let Kind::Expose { ports } = kinds[2] else {
        panic!()
    };
    let ports: Vec<_> = ports
        .iter()
        .map(|p| (p.first, p.protocol.as_str()))
        .collect();
    assert_eq!(
        ports,
        [(Some(8080), "tcp"), (Some(9090), "tcp"), (Some(53), "udp")]
    );
    let Kind::Healthcheck {
        check:
            Healthcheck::Check {
                command,
                interval,
                retries,
                ..
            },
    } = kinds[3]
    else {
        panic!()
    };
    assert_eq!(
        command,
        &Command::Exec(vec!["/usr/local/bin/server".into(), "-healthcheck".into()])
    );
    assert_eq!(
        (interval.as_deref(), retries.as_deref()),
        (Some("30s"), Some("3"))
    );
    assert_eq!(
        kinds[4],
        &Kind::Entrypoint {
            command: Command::Exec(vec!["/usr/local/bin/server".into()])
        }
    );
    assert_eq!(
        kinds[5],
        &Kind::Cmd {
            command: Command::Shell("server --config /etc/server.yaml".into())
        }
    );
    let link = instructions(&dockerfile)
        .into_iter()
        .find(|i| i.keyword == "COPY")
        .and_then(|i| match &i.kind {
            Kind::Copy(copy) => Some(copy.link),
            _ => None,
        });
    assert_eq!(link, Some(true));
}

#[test]
fn heredocs_in_every_documented_shape() {
    let text = "FROM alpine\n\
RUN <<-EOT bash\n\
\tset -e\n\
\tgo build ./x\n\
\tEOT\n\
RUN <<'EOF' cat > /a; cat <<\"END\" > /b\n\
$HOME stays\n\
EOF\n\
second\n\
END\n\
COPY <<EOF /etc/app.conf\n\
port=8080\n\
EOF\n\
RUN python3 <<EOF\n\
print('go build is not run here')\n\
EOF\n\
RUN [\"sh\", \"-c\", \"go build -o /app . && echo <<EOF\"]\n";
    let dockerfile = parse_text(text);
    assert_eq!(dockerfile.warnings, []);
    let all = instructions(&dockerfile);
    let Kind::Run(chomped) = &all[0].kind else {
        panic!()
    };
    assert_eq!(chomped.heredocs[0].content, "set -e\ngo build ./x\n");
    assert!(chomped.heredocs[0].chomp && chomped.heredocs[0].expand);
    assert_eq!(all[0].end_line, 5);
    let go: Vec<_> = chomped
        .commands
        .iter()
        .filter(|c| c.command.program() == Some("go"))
        .collect();
    assert_eq!(go[0].line, 4, "bash runs the heredoc as its script");
    let Kind::Run(two) = &all[1].kind else {
        panic!()
    };
    assert_eq!(two.heredocs.len(), 2);
    assert_eq!(
        (two.heredocs[0].name.as_str(), two.heredocs[0].expand),
        ("EOF", false)
    );
    assert_eq!(two.heredocs[0].content, "$HOME stays\n");
    assert_eq!(
        (
            two.heredocs[1].name.as_str(),
            two.heredocs[1].content.as_str()
        ),
        ("END", "second\n")
    );
    let Kind::Copy(copy) = &all[2].kind else {
        panic!()
    };
    assert_eq!(copy.heredocs[0].content, "port=8080\n");
    assert_eq!(copy.destination, "/etc/app.conf");
    let Kind::Run(python) = &all[3].kind else {
        panic!()
    };
    assert!(python
        .commands
        .iter()
        .all(|c| c.command.program() == Some("python3")));
    let Kind::Run(exec) = &all[4].kind else {
        panic!()
    };
    assert!(exec.heredocs.is_empty(), "no heredocs in exec form");
    assert_eq!(
        exec.commands[0].command.words,
        ["go", "build", "-o", "/app", "."]
    );
    assert_eq!(dockerfile.go_builds().len(), 2);
}

#[test]
fn env_arg_and_label_forms() {
    let text = r#"ARG BASE=debian
FROM $BASE:bookworm-slim
ARG BASE
ARG USER_ID=1000 NAME="my app"
ENV PATH=/usr/local/go/bin:$PATH HOME="/home/${NAME}" EMPTY=
ENV LEGACY value with spaces
LABEL org.opencontainers.image.title="$NAME" version=1
USER ${USER_ID}
WORKDIR /srv
WORKDIR data
EXPOSE ${PORT:-8080}
"#;
    let dockerfile = parse_text(text);
    assert_eq!(dockerfile.warnings, []);
    let stage = &dockerfile.stages[0];
    assert_eq!(stage.from.image.text, "debian:bookworm-slim");
    let kinds: Vec<&Kind> = stage.instructions.iter().map(|i| &i.kind).collect();
    let Kind::Arg { arguments } = kinds[1] else {
        panic!()
    };
    assert_eq!(arguments[1].default.as_deref(), Some("my app"));
    let Kind::Env { variables } = kinds[2] else {
        panic!()
    };
    assert_eq!(
        variables[0].value, "/usr/local/go/bin:$PATH",
        "an image's own PATH is not known"
    );
    assert_eq!(variables[1].value, "/home/my app");
    assert_eq!(variables[2].value, "");
    let Kind::Env { variables } = kinds[3] else {
        panic!()
    };
    assert_eq!(
        (variables[0].key.as_str(), variables[0].value.as_str()),
        ("LEGACY", "value with spaces")
    );
    let Kind::Label { labels } = kinds[4] else {
        panic!()
    };
    assert_eq!(labels[0].value, "my app");
    let Kind::User(user) = kinds[5] else { panic!() };
    assert_eq!(user.uid(), Some(1000));
    let Kind::Expose { ports } = kinds[8] else {
        panic!()
    };
    assert_eq!(
        ports[0].first, None,
        "PORT is not declared, so it is not guessed"
    );
}

#[test]
fn the_escape_directive_changes_continuations() {
    let text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir c:\\ `\n    && echo done\nCOPY testfile.txt c:\\\n";
    let dockerfile = parse_text(text);
    assert_eq!(dockerfile.escape, '`');
    let all = instructions(&dockerfile);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].arguments, "dir c:\\     && echo done");
    let Kind::Copy(copy) = &all[1].kind else {
        panic!()
    };
    assert_eq!(copy.destination, "c:\\");
}

#[test]
fn directives_stop_at_the_first_other_line() {
    let dockerfile = parse_text("# about this file\n# syntax=docker/dockerfile:1\nFROM scratch\n");
    assert!(dockerfile.directives.is_empty());
    assert_eq!(dockerfile.stages[0].from.base, Base::Scratch);
    let dockerfile = parse_text("# unknowndirective=x\n# escape=`\nFROM scratch\n");
    assert_eq!(dockerfile.escape, '\\');
    let dockerfile =
        parse_text("\u{feff}#SYNTAX = docker/dockerfile:1\nfrom alpine as base\nfrom base\n");
    assert_eq!(
        dockerfile.directive("syntax").map(|d| d.value.as_str()),
        Some("docker/dockerfile:1")
    );
    assert_eq!(dockerfile.stages[1].from.base, Base::Stage(0));
}

#[test]
fn an_escaped_escape_does_not_continue_the_line() {
    let dockerfile = parse_text("FROM alpine\nRUN echo \\\\\nRUN echo next\n");
    assert_eq!(instructions(&dockerfile).len(), 2);
}

#[test]
fn what_buildkit_rejects_is_a_warning_with_its_line_and_the_rest_is_read() {
    let text =
        "# syntax=a\n# syntax=b\nRUN echo before\nFROM alpine\nRUN <<EOF\necho never closed\n";
    let dockerfile = parse_text(text);
    let lines: Vec<_> = dockerfile.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [Some(2), Some(3), Some(5)]);
    assert_eq!(
        dockerfile.directive("syntax").map(|d| d.value.as_str()),
        Some("a")
    );
    let text = "FROM alpine\nFOO bar\nCMD [\"a\", 1]\nCOPY onlyone\nHEALTHCHECK NONE\nHEALTHCHECK SOMETIMES x\nSHELL /bin/bash\n";
    let dockerfile = parse_text(text);
    let lines: Vec<_> = dockerfile.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [Some(2), Some(3), Some(4), Some(6), Some(7)]);
    assert!(matches!(
        dockerfile.stages[0].instructions[3].kind,
        Kind::Healthcheck {
            check: Healthcheck::Disabled
        }
    ));
    let empty = parse_text("");
    assert_eq!(empty.warnings.len(), 1);
    assert_eq!(empty.warnings[0].line, None);
}

#[test]
fn onbuild_and_image_references() {
    let dockerfile = parse_text("FROM golang:1.22@sha256:abc AS b\nONBUILD RUN go build ./...\n");
    let Kind::Onbuild { trigger } = &dockerfile.stages[0].instructions[0].kind else {
        panic!()
    };
    assert_eq!(trigger.keyword, "RUN");
    let reference = ImageReference::parse("localhost:5000/team/app:1.0@sha256:ff");
    assert_eq!(reference.name, "localhost:5000/team/app");
    assert_eq!(reference.tag.as_deref(), Some("1.0"));
    assert_eq!(reference.digest.as_deref(), Some("sha256:ff"));
    assert_eq!(ImageReference::parse("localhost:5000/app").tag, None);
}

#[test]
fn a_stage_built_from_another_starts_with_its_workdir_and_go_environment() {
    let dockerfile = parse_text(
        "FROM golang:1.26 AS build\nWORKDIR /src\nENV CGO_ENABLED=0\n\nFROM build AS compile\nENV GOOS=linux\nRUN go build -o /app .\n\nFROM golang:1.26\nRUN go build -o /other .\n",
    );
    let builds = dockerfile.go_builds();
    assert_eq!(builds[0].directory.as_deref(), Some("/src"));
    assert_eq!(builds[0].cgo_enabled(), Some(false));
    assert!(builds[0].env_value("GOOS").is_some());
    // A stage from an image starts afresh.
    assert_eq!(builds[1].directory, None);
    assert_eq!(builds[1].cgo_enabled(), None);
}
