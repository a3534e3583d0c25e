use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::evidence::value::{BuildInput, Value};

/// Thirty targets, shaped like the Makefiles of well-known Go services: an
/// `include` of version variables, target-specific variables, a pattern
/// rule, conditionals, a `define`, a `docker-build` of their own and
/// cross-compilation with `$@`.
const MAKEFILE: &str = r#"# Service Makefile
include build/version.mk
-include .env.mk

SHELL := /bin/bash
GO ?= go
GOBIN = $(shell $(GO) env GOPATH)/bin
PKG := github.com/acme/widget
BINARY = widget
CMDS := widget widgetctl
IMAGE ?= acme/widget
LDFLAGS := -s -w \
	-X $(PKG)/internal/version.Version=$(VERSION) \
	-X $(PKG)/internal/version.Commit=$(GIT_COMMIT) \
	-X '$(PKG)/internal/version.BuildDate=$(BUILD_DATE)'
GOFLAGS_BUILD = -trimpath -ldflags "$(LDFLAGS)"
export CGO_ENABLED ?= 0

ifeq ($(shell uname -s),Darwin)
  SED := gsed
else
  SED := sed
endif

define HELP_TEXT
Usage: make <target>
  build   # compiles
endef

.PHONY: all build build-ctl install clean test test-race lint fmt vet generate \
        docker-build docker-push release cross tidy vendor help

all: build

build: generate
	$(GO) build $(GOFLAGS_BUILD) -o bin/$(BINARY) ./cmd/$(BINARY)

build-ctl:
	@CGO_ENABLED=1 $(GO) build -tags 'netgo osusergo' -o bin/widgetctl ./cmd/widgetctl

install:
	$(GO) install -ldflags "$(LDFLAGS)" ./cmd/...

bin/%: cmd/%/main.go
	$(GO) build -o $@ ./cmd/$*

release: GOFLAGS_BUILD += -buildvcs=false
release: build

cross: linux-amd64 linux-arm64 darwin-arm64
linux-amd64 linux-arm64 darwin-arm64:
	GOOS=$(word 1,$(subst -, ,$@)) GOARCH=$(word 2,$(subst -, ,$@)) \
	  $(GO) build -o dist/$@/$(BINARY) ./cmd/$(BINARY)

clean:
	rm -rf bin dist

test:
	$(GO) test ./...

test-race:
	$(GO) test -race ./...

lint: fmt vet
	golangci-lint run

fmt:
	$(GO) fmt ./...

vet:
	$(GO) vet ./...

generate:
	$(GO) generate ./...

tidy:
	$(GO) mod tidy

vendor:
	$(GO) mod vendor

docker-build:
	docker build --build-arg VERSION=$(VERSION) -t $(IMAGE):$(VERSION) .

docker-push: docker-build
	docker push $(IMAGE):$(VERSION)

help:
	@echo "$$HELP_TEXT"

coverage:: test
	$(GO) tool cover -html=coverage.out
coverage::
	@echo done

tools: | bin
	cd tools && $(GO) build -o ../bin/mockgen github.com/golang/mock/mockgen

bin:
	mkdir -p bin

deps check-deps update-deps: ; @echo deps

proto:
	protoc --go_out=. api/*.proto

migrate:
	$(GO) run ./cmd/migrate up

run: build
	./bin/$(BINARY)

bench:
	$(GO) test -bench=. ./...
"#;

const VERSION_MK: &str = "VERSION ?= $(shell git describe --tags --always --dirty)
GIT_COMMIT := $(shell git rev-parse HEAD)
BUILD_DATE := $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
";

fn evaluated() -> Makefile {
    let root = parse(MAKEFILE, Path::new("Makefile"));
    let mut sources = BTreeMap::new();
    sources.insert(
        PathBuf::from("build/version.mk"),
        parse(VERSION_MK, Path::new("build/version.mk")),
    );
    evaluate(&root, &sources)
}

#[test]
fn thirty_targets_with_their_include() {
    let makefile = evaluated();
    assert_eq!(makefile.warnings, []);
    let targets = makefile.targets();
    assert_eq!(targets.len(), 31, "{targets:?}");
    for name in [
        "docker-build",
        "docker-push",
        "build",
        "linux-arm64",
        "check-deps",
        "coverage",
    ] {
        assert!(targets.contains(name), "{name}");
    }
    assert!(!targets.contains(".PHONY") && !targets.contains("bin/%"));
    assert!(makefile.phony().contains("docker-build"));
    assert_eq!(makefile.phony().len(), 18);
    assert_eq!(
        makefile.files,
        [PathBuf::from("Makefile"), PathBuf::from("build/version.mk")]
    );
    let includes: Vec<_> = makefile
        .includes
        .iter()
        .map(|include| (include.written.as_str(), include.read, include.optional))
        .collect();
    assert_eq!(
        includes,
        [("build/version.mk", true, false), (".env.mk", false, true)]
    );
    let version = makefile.variable("VERSION").expect("VERSION");
    assert_eq!(version.location.to_string(), "build/version.mk:1");
    assert_eq!(version.operator, Operator::Conditional);
    let docker_build: Vec<_> = makefile.rules_for("docker-build").collect();
    assert_eq!(docker_build[0].recipe[0].line, 83);
    assert_eq!(makefile.rules_for("coverage").count(), 2);
    assert!(makefile.rules_for("coverage").all(|rule| rule.double_colon));
}

#[test]
fn variables_keep_their_operators_conditionals_and_defines() {
    let makefile = evaluated();
    let sed: Vec<_> = makefile
        .variables
        .iter()
        .filter(|v| v.name == "SED")
        .collect();
    assert_eq!(sed.len(), 2);
    assert!(sed.iter().all(|assignment| assignment.conditional));
    let help = makefile.variable("HELP_TEXT").expect("define");
    assert!(help.defined);
    assert_eq!(help.value, "Usage: make <target>\n  build   # compiles");
    let cgo = makefile.variable("CGO_ENABLED").expect("CGO_ENABLED");
    assert!(cgo.exported && cgo.operator == Operator::Conditional);
    let ldflags = makefile.variable("LDFLAGS").expect("LDFLAGS");
    assert_eq!(ldflags.location.line, 12);
    assert!(ldflags.value.ends_with("BuildDate=$(BUILD_DATE)'"));
    let release: Vec<_> = makefile
        .variables
        .iter()
        .filter(|v| v.targets == ["release"])
        .collect();
    assert_eq!(release[0].operator, Operator::Append);
    let deps = makefile
        .rules_for("update-deps")
        .next()
        .expect("inline recipe");
    assert_eq!(deps.recipe[0].text, "@echo deps");
    let tools = makefile.rules_for("tools").next().expect("tools");
    assert_eq!(tools.order_only, ["bin"]);
}

#[test]
fn recipe_lines_become_go_builds_with_stamps_mapped_to_inputs() {
    let makefile = evaluated();
    let builds: Vec<_> = makefile
        .go_builds
        .iter()
        .map(|build| (build.within.as_deref().unwrap_or(""), build.location.line))
        .collect();
    assert_eq!(
        builds,
        [
            ("build", 36),
            ("build-ctl", 39),
            ("install", 42),
            ("linux-amd64", 52),
            ("tools", 97),
        ]
    );
    let build = &makefile.go_builds[0];
    assert_eq!(
        build.output.as_ref().and_then(Value::as_literal),
        Some("bin/widget")
    );
    assert_eq!(build.packages[0].as_literal(), Some("./cmd/widget"));
    assert!(build.trimpath);
    assert_eq!(build.cgo_enabled(), Some(false), "export CGO_ENABLED ?= 0");
    let ldflags = build.ldflags.as_ref().expect("ldflags");
    assert!(ldflags.strip_symbols && ldflags.strip_dwarf);
    let stamps: Vec<_> = ldflags
        .assignments
        .iter()
        .map(|stamp| (stamp.symbol.as_str(), stamp.value.inputs()))
        .collect();
    assert_eq!(
        stamps,
        [
            (
                "github.com/acme/widget/internal/version.Version",
                vec![BuildInput::Version]
            ),
            (
                "github.com/acme/widget/internal/version.Commit",
                vec![BuildInput::Commit]
            ),
            (
                "github.com/acme/widget/internal/version.BuildDate",
                vec![BuildInput::BuildDate]
            ),
        ]
    );
    let ctl = &makefile.go_builds[1];
    assert_eq!(
        ctl.cgo_enabled(),
        Some(true),
        "the command's own assignment wins"
    );
    assert_eq!(ctl.tags, ["netgo", "osusergo"]);
    let cross = &makefile.go_builds[3];
    assert_eq!(
        cross.output.as_ref().map(|o| o.text.as_str()),
        Some("dist/linux-amd64/widget")
    );
    assert_eq!(
        cross.env_value("GOOS").and_then(Value::as_literal),
        Some("linux")
    );
    assert_eq!(
        cross.env_value("GOARCH").and_then(Value::as_literal),
        Some("amd64")
    );
    let tools = &makefile.go_builds[4];
    assert_eq!(tools.directory.as_deref(), Some("tools"));
}

#[test]
fn target_specific_variables_apply_to_their_target_only() {
    let text = "FLAGS = -v\nrelease: FLAGS += -trimpath\nrelease:\n\tgo build $(FLAGS) .\ndev:\n\tgo build $(FLAGS) .\n";
    let makefile = evaluate(&parse(text, Path::new("Makefile")), &BTreeMap::new());
    assert!(makefile.go_builds[0].trimpath);
    assert!(!makefile.go_builds[1].trimpath);
}

#[test]
fn expansion_is_bounded() {
    let text = "A = $(A) x\nB = $(C)$(C)\nC = $(D)$(D)\nD = $(E)$(E)$(E)$(E)$(E)$(E)$(E)$(E)\nE = $(F)$(F)$(F)$(F)$(F)$(F)$(F)$(F)\nF = 0123456789012345678901234567890123456789\nX = $X\nall:\n\tgo build -o $(A) $(B) $X\n";
    let makefile = evaluate(&parse(text, Path::new("Makefile")), &BTreeMap::new());
    assert_eq!(makefile.go_builds.len(), 1);
    assert!(makefile
        .warnings
        .iter()
        .any(|warning| warning.message.contains("too deep")));
}

#[test]
fn includes_resolve_relative_to_the_including_file_and_stay_inside() {
    assert_eq!(
        include_path(Path::new("Makefile"), "build/v.mk"),
        Some(PathBuf::from("build/v.mk"))
    );
    assert_eq!(
        include_path(Path::new("sub/Makefile"), "../common.mk"),
        Some(PathBuf::from("common.mk"))
    );
    assert_eq!(include_path(Path::new("Makefile"), "../outside.mk"), None);
    assert_eq!(include_path(Path::new("Makefile"), "/etc/passwd"), None);
    assert_eq!(include_path(Path::new("Makefile"), "*.mk"), None);
    assert_eq!(include_path(Path::new("Makefile"), "$(ROOT)/x.mk"), None);
    // A variable in the include line expands first.
    let root = parse("DIR := make\ninclude $(DIR)/go.mk\n", Path::new("Makefile"));
    let makefile = evaluate(&root, &BTreeMap::new());
    assert_eq!(makefile.includes[0].path, Some(PathBuf::from("make/go.mk")));
    assert!(!makefile.includes[0].read);
    // A file including itself is read once.
    let looping = parse("include Makefile\nall:\n", Path::new("Makefile"));
    let mut sources = BTreeMap::new();
    sources.insert(PathBuf::from("Makefile"), looping.clone());
    let makefile = evaluate(&looping, &sources);
    assert_eq!(makefile.files.len(), 1);
    assert_eq!(makefile.warnings.len(), 1);
}

#[test]
fn what_make_rejects_is_a_warning_and_the_rest_is_read() {
    let text = "\techo orphan\nnonsense words here\nifeq (a,b)\nall:\n\tgo build .\nelse\nendif\nendif\ndefine X\nnever closed\n";
    let source = parse(text, Path::new("Makefile"));
    let lines: Vec<_> = source.warnings.iter().map(|warning| warning.line).collect();
    assert_eq!(lines, [Some(1), Some(2), Some(8), Some(9)]);
    let makefile = evaluate(&source, &BTreeMap::new());
    assert_eq!(makefile.go_builds.len(), 1);
    assert!(makefile.rules[0].conditional);
}

#[test]
fn comments_escapes_and_continuations() {
    let text = "A = one \\\n    two # comment\nB = has \\# hash\nall: a b\\\n  c\n\tgo build \\\n\t  -o app .\n";
    let makefile = evaluate(&parse(text, Path::new("Makefile")), &BTreeMap::new());
    assert_eq!(
        makefile.variable("A").map(|v| v.value.as_str()),
        Some("one two ")
    );
    assert_eq!(
        makefile.variable("B").map(|v| v.value.as_str()),
        Some("has # hash")
    );
    assert_eq!(makefile.rules[0].prerequisites, ["a", "b", "c"]);
    assert_eq!(makefile.rules[0].recipe[0].text, "go build \\\n  -o app .");
    assert_eq!(
        makefile.go_builds[0]
            .output
            .as_ref()
            .map(|o| o.text.as_str()),
        Some("app")
    );
}

/// Found by the makefile fuzz target: a budget left with fewer bytes than
/// any replacement never reached zero, so mutually recursive variables were
/// expanded all the way down (2^24 references, minutes).
#[test]
fn a_budget_that_cannot_fit_a_replacement_is_spent() {
    let text = "B = $(C)$(C)\nC = $(B)$(B)\nall: ; go build -o $@ $(B)\n";
    let makefile = evaluate(&parse(text, Path::new("Makefile")), &BTreeMap::new());
    assert_eq!(makefile.go_builds.len(), 1);
    assert!(makefile
        .warnings
        .iter()
        .any(|warning| warning.message.contains("too deep")));
}
