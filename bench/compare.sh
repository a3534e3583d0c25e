#!/usr/bin/env bash
# bench/compare.sh — godock's Dockerfile side by side with two others, on the
# same examples, in one run:
#
#   godock     `godock init --yes --no-syntax` for the example
#   seed-004   the production Dockerfile of shared/seeds/004, as printed there
#              (bench/fixtures/seed-004-production.Dockerfile: its header says
#              what had to change to build here)
#   docker-init  docker init's Go template (bench/fixtures/docker-init-go.Dockerfile;
#              its final stage on debian:bookworm-slim, as no Alpine image
#              exists offline: its image size is Debian's, not Alpine's)
#
# For each example and Dockerfile it prints one row:
#
#   image      the image's size (docker image inspect .Size, uncompressed)
#   base       the size of the image its final stage starts from: image - base
#              is what the Dockerfile adds (docker-init's base is the offline
#              debian:bookworm-slim stand-in, a minbase Debian with build tools,
#              far larger than the alpine:latest docker init names)
#   cold       `docker build --no-cache` with cache mounts no build has used:
#              every module downloads and every package compiles
#   warm       `docker build` after one line is appended to the .go file that
#              holds the primary's func main
#   no-op      `docker build` again with nothing changed
#
# and checks that each image passes the example's `selftest`.
#
# All three build on the same builder: golang:<go.mod's go release, major.minor>
# plus a layer of this run's own (`go 1.26.0` → golang:1.26-bookworm; godock's
# own choice, golang:1.26.0-bookworm, has no stand-in until issue 13). The
# layer keeps other builds on the engine from sharing a step with these (a
# shared step held by a concurrent build makes BuildKit miss the cache above
# it, moby/buildkit#4674), and its SHELL prefixes every RUN with
# GODOCK_BENCH=<nonce>, so that the build cache records this run made are
# found by name and pruned at the end, and nobody else's.
#
#   bash bench/compare.sh [EXAMPLE...]     (default: chiservice grpcserver)
#   KINDS="godock docker-init" bash bench/compare.sh   (only those Dockerfiles)
#
# Needs a Docker engine with the stand-in images (shared/tools/offline-docker.sh
# up), Debian's package archive (docker init's final stage runs apt-get), and
# godock (GODOCK, default target/release/godock, else target/debug/godock, else
# `cargo build`). Examples must have a go.sum (both other Dockerfiles need one).
# Timings are wall-clock seconds on whatever else the machine is doing; the
# load average is printed with them.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCKER=${DOCKER:-/usr/bin/docker}
[ -x "$DOCKER" ] || DOCKER=docker
export DOCKER_BUILDKIT=1
"$DOCKER" info >/dev/null 2>&1 || { echo "bench/compare.sh: no Docker engine answers ($DOCKER info)" >&2; exit 1; }

if [ -z "${GODOCK:-}" ]; then
  if [ -x "$root/target/release/godock" ]; then
    GODOCK=$root/target/release/godock
  else
    [ -x "$root/target/debug/godock" ] || (cd "$root" && cargo build --quiet)
    GODOCK=$root/target/debug/godock
  fi
fi

examples=("$@")
[ ${#examples[@]} -gt 0 ] || examples=(chiservice grpcserver)
read -r -a kinds <<<"${KINDS:-godock seed-004 docker-init}"

# shellcheck source=bench/own-cache.sh
. "$(dirname "${BASH_SOURCE[0]}")/own-cache.sh" compare

seconds() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$EPOCHREALTIME"; }
megabytes() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1e6:.1f}')" "$1"; }

# docker init's final stage without Alpine: the same CA certificates, time
# zones and uid-10001 user, from Debian's packages, with apt's caches in cache
# mounts as the template keeps apk's (else apt's package lists, tens of MB,
# would land in the image).
offline_final() {
  cat <<'EOF'
FROM debian:bookworm-slim AS final
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean \
 && apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates tzdata
ARG UID=10001
RUN useradd --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --uid "${UID}" appuser
USER appuser
COPY --from=build /bin/server /bin/
EXPOSE 8080
ENTRYPOINT [ "/bin/server" ]
EOF
}

# dockerfile KIND DIR BASE MAIN: writes DIR/Dockerfile of that kind, on BASE.
dockerfile() {
  local kind=$1 dir=$2 base=$3 main=$4
  case "$kind" in
    godock)
      (cd "$dir" && "$GODOCK" init --yes --no-syntax >/dev/null 2>&1)
      ;;
    seed-004)
      sed "s#{{MAIN_PACKAGE}}#$main#" "$root/bench/fixtures/seed-004-production.Dockerfile" >"$dir/Dockerfile"
      ;;
    docker-init)
      sed -e "s#{{MAIN_PACKAGE}}#$main#" -e 's#{{PORT}}#8080#' -e '/^# syntax=/d' -e '/^FROM alpine:latest AS final/,$d' \
        "$root/bench/fixtures/docker-init-go.Dockerfile" >"$dir/Dockerfile"
      offline_final >>"$dir/Dockerfile"
      ;;
  esac
  # The run's own builder, and cache mounts no build has used.
  sed -i -E \
    -e "s#golang:\\$\\{GO_VERSION\\}(-bookworm)?( |\$)#$base\\2#" \
    -e "s#--mount=type=cache,target=(/[^ ]*)#--mount=type=cache,id=godock-bench-$nonce-$kind\\1,target=\\1#g" \
    "$dir/Dockerfile"
}

build() { # build DIR TAG [--no-cache]: seconds, or exits with the log
  local dir=$1 tag=$2 started
  shift 2
  started=$EPOCHREALTIME
  if ! "$DOCKER" build --network=host --progress=plain -t "$tag" "$@" "$dir" >"$dir.log" 2>&1; then
    echo "bench/compare.sh: docker build of $dir failed:" >&2
    tail -25 "$dir.log" >&2
    exit 1
  fi
  seconds "$started"
}

printf '%-12s %-12s %9s %8s %8s %8s %8s\n' example dockerfile "image MB" "base MB" "cold s" "warm s" "no-op s"
for example in "${examples[@]}"; do
  source_dir=$root/examples/$example
  [ -f "$source_dir/go.sum" ] || { echo "bench/compare.sh: examples/$example has no go.sum" >&2; exit 1; }
  plan=$(cd "$source_dir" && "$GODOCK" plan --json 2>/dev/null)
  read -r name package minor < <(python3 -c '
import json, sys
plan = json.load(sys.stdin)
main = next(b for b in plan["binaries"] if b["name"] == plan["primary"])
print(plan["primary"], main["package"], ".".join(plan["go"]["version"].split(".")[:2]))
' <<<"$plan")
  base="godock-bench-golang-$example-$nonce"
  mkdir -p "$work/base-$example"
  echo "$nonce" >"$work/base-$example/nonce"
  printf 'FROM golang:%s-bookworm\nCOPY nonce /etc/godock-bench\nSHELL ["/usr/bin/env", "%s", "/bin/sh", "-c"]\n' \
    "$minor" "$marker" >"$work/base-$example/Dockerfile"
  images+=("$base")
  "$DOCKER" build -q -t "$base" "$work/base-$example" >/dev/null

  for kind in "${kinds[@]}"; do
    dir=$work/$example-$kind
    cp -r "$source_dir" "$dir"
    dockerfile "$kind" "$dir" "$base" "$package"
    tag="godock-bench-$example-$kind-$nonce"
    images+=("$tag")
    cold=$(build "$dir" "$tag" --no-cache)
    size=$("$DOCKER" image inspect -f '{{.Size}}' "$tag")
    answer=$("$DOCKER" run --rm --read-only --network=none "$tag" selftest 2>&1 || true)
    if [ "$answer" != "$name ok" ]; then
      echo "bench/compare.sh: $example/$kind: selftest said: $answer" >&2
      exit 1
    fi
    main_file=$(grep -l '^func main()' "$dir/$package"/*.go | head -1)
    echo "var _ = \"bench edit $nonce\"" >>"$main_file"
    warm=$(build "$dir" "$tag")
    noop=$(build "$dir" "$tag")
    case "$kind" in
      godock) final_base=$(cd "$dir" && "$GODOCK" plan --json 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["runtime"]["image"])') ;;
      seed-004) final_base=gcr.io/distroless/static-debian12:nonroot ;;
      docker-init) final_base=debian:bookworm-slim ;;
    esac
    base_size=$("$DOCKER" image inspect -f '{{.Size}}' "$final_base")
    printf '%-12s %-12s %9s %8s %8s %8s %8s\n' "$example" "$kind" "$(megabytes "$size")" "$(megabytes "$base_size")" "$cold" "$warm" "$noop"
  done
done
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores)"
