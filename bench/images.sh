#!/usr/bin/env bash
# bench/images.sh — what godock's images cost, in bytes and in build time.
#
# For each project in examples/ (or the ones named), built with the preset
# godock picks for it, prints one row:
#
#   binary     the primary binary as the image carries it (stripped by the
#              Dockerfile's -ldflags "-s -w"), copied out of a created container
#   image      the image's size (docker image inspect .Size: all layers, uncompressed)
#   overhead   image - binary: what the base image and godock add
#   cold       `docker build` with nothing cached for the download and compile
#              steps (see "Cold builds" below)
#   warm       `docker build` again after a one-line change to the .go file
#              holding the primary's func main (median of 3 edits)
#   step       of which the RUN that compiles, as BuildKit times it (median)
#   noop       `docker build` with nothing changed, every step cached: the
#              engine's floor for any build (median of 3)
#   host       the same incremental rebuild with `go build` on the host, same
#              commands and flags as the Dockerfile's build RUN (-trimpath
#              -buildvcs=false -ldflags "-s -w ...", CGO_ENABLED, -mod=vendor,
#              -tags from `godock plan --json`), Go from $GO (median of 3 edits)
#   warm/host  the ratio; godock's target is 1.5 or less
#
# Cold builds: by default the cache is BUSTED, not pruned. The copy's
# Dockerfile gives its two cache mounts (/go/pkg/mod and /root/.cache/go-build)
# ids unique to this run and example, so `go mod download` and every compile, the standard
# library's included, start from nothing, while other users of the engine keep
# their cache. The base images' layers stay cached (there is no registry to
# pull them from here). BENCH_COLD=prune instead runs
# `docker builder prune --all --force` before each cold build: that empties the
# engine's whole BuildKit cache, other users' too, so use it only on a machine
# of your own.
#
# Run (from anywhere in the repository):
#
#   bash bench/images.sh [EXAMPLE...]
#
# Needs a Docker engine with BuildKit and the base images (on this offline
# setup: shared/tools/offline-docker.sh up), Go 1.23 (GO, default
# /usr/lib/go-1.23/bin/go), python3, and godock (GODOCK, default the repo's
# target/release/godock, else target/debug/godock, else `cargo build`).
# It works on copies in a temporary directory, so examples/ is never modified,
# and removes its images (godock-bench-*) and its cache mounts when done (the
# mounts at those two paths that appeared while it ran: one another build made
# meanwhile goes too, losing nothing but cached work).
# Timings are wall-clock seconds on whatever else the machine is doing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCKER=${DOCKER:-/usr/bin/docker}
[ -x "$DOCKER" ] || DOCKER=docker
GO=${GO:-/usr/lib/go-1.23/bin/go}
BENCH_COLD=${BENCH_COLD:-bust}
EDITS=3
export DOCKER_BUILDKIT=1

case "$BENCH_COLD" in
  bust | prune) ;;
  *) echo "bench/images.sh: BENCH_COLD must be bust or prune, not $BENCH_COLD" >&2; exit 2 ;;
esac
"$DOCKER" info >/dev/null 2>&1 || { echo "bench/images.sh: no Docker engine answers ($DOCKER info)" >&2; exit 1; }
[ -x "$GO" ] || { echo "bench/images.sh: no Go at $GO (set GO=)" >&2; exit 1; }

if [ -z "${GODOCK:-}" ]; then
  if [ -x "$root/target/release/godock" ]; then
    GODOCK=$root/target/release/godock
  else
    [ -x "$root/target/debug/godock" ] || (cd "$root" && cargo build --quiet)
    GODOCK=$root/target/debug/godock
  fi
fi

if [ $# -gt 0 ]; then
  examples=("$@")
else
  examples=()
  for directory in "$root"/examples/*/; do
    [ -f "$directory/go.mod" ] && examples+=("$(basename "$directory")")
  done
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/godock-bench.XXXXXX")
run_id="$$-$(date +%s)"
images=()
mounts_before=$(mktemp)

# BuildKit's cache-mount records: "ID DESCRIPTION" lines.
cache_mounts() {
  "$DOCKER" system df --verbose --format '{{json .BuildCache}}' 2>/dev/null | python3 -c '
import json, sys
for record in json.load(sys.stdin) or []:
    if record.get("CacheType") == "exec.cachemount":
        print(record["ID"], record["Description"])
' || true
}

cleanup() {
  if [ ${#images[@]} -gt 0 ]; then
    "$DOCKER" rmi -f "${images[@]}" >/dev/null 2>&1 || true
  fi
  # The mounts this run made: new since it began, at the two paths it busts.
  if [ "$BENCH_COLD" = bust ]; then
    cache_mounts | while read -r id description; do
      case "$description" in
        "cached mount /go/pkg/mod "* | "cached mount /root/.cache/go-build "*)
          grep -q "^$id " "$mounts_before" ||
            "$DOCKER" builder prune --force --filter "id=$id" >/dev/null 2>&1 || true ;;
      esac
    done
  fi
  rm -rf "$work" "$mounts_before"
}
trap cleanup EXIT
cache_mounts >"$mounts_before"

now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
megabytes() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1e6:.2f}')" "$1"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.1f}')" "$1" "$2"; }

# docker build in $1 (a project), tag $2, log to $3; prints the seconds it took.
docker_build() {
  local started; started=$(now)
  if ! (cd "$1" && "$DOCKER" build --network=host --progress=plain -t "$2" .) >"$3" 2>&1; then
    echo "bench/images.sh: docker build failed in $1:" >&2
    tail -30 "$3" >&2
    exit 1
  fi
  since "$started"
}

# The seconds BuildKit gives the step running "go build" in build log $1.
compile_step() {
  local step
  step=$(grep -m1 -E '^#[0-9]+ \[.*go build' "$1" | cut -d' ' -f1)
  grep -E "^$step DONE " "$1" | tail -1 | awk '{print $3}' | tr -d s
}

# One line more in $1, different each time.
edit() { printf '\nvar _ = "bench edit %s"\n' "$2" >>"$1"; }

format='%-10s %-15s %7s %7s %8s %7s %6s %6s %6s %6s %9s\n'
# shellcheck disable=SC2059 # the format is ours
printf "$format" example preset binary image overhead cold warm step noop host warm/host
# shellcheck disable=SC2059
printf "$format" "" "" MB MB MB s s s s s ""

for example in "${examples[@]}"; do
  [ -f "$root/examples/$example/go.mod" ] || { echo "bench/images.sh: no examples/$example/go.mod" >&2; exit 2; }
  project=$work/$example
  cp -r "$root/examples/$example" "$project"
  if ! (cd "$project" && "$GODOCK" init --yes --no-syntax) >"$work/$example-init.log" 2>&1; then
    echo "bench/images.sh: godock init failed in a copy of examples/$example:" >&2
    cat "$work/$example-init.log" >&2
    exit 1
  fi
  plan=$(cd "$project" && "$GODOCK" plan --json)
  # Everything the build RUN decides, from the plan, as shell words.
  eval "$(VERSION=dev COMMIT=unknown BUILD_DATE=unknown python3 -c '
import json, os, shlex, sys
plan = json.load(sys.stdin)
flags = ["-trimpath", "-buildvcs=false"]
if plan["vendor"]:
    flags.append("-mod=vendor")
if plan["tags"]:
    flags.append("-tags=" + ",".join(plan["tags"]))
primary = next(b for b in plan["binaries"] if b["primary"])
print("preset=" + shlex.quote(plan["preset"]["name"]))
print("cgo=" + ("1" if plan["cgo"] else "0"))
print("goflags=" + shlex.quote(" ".join(flags)))
print("primary_path=" + shlex.quote(primary["path"]))
print("primary_package=" + shlex.quote(primary["package"]))
print("builds=(" + " ".join(
    shlex.quote(b["name"] + "\t" + b["package"] + "\t" + os.path.expandvars(b["ldflags"]))
    for b in plan["binaries"]) + ")")
' <<<"$plan")"
  main_file=$(grep -l '^func main()' "$project/$primary_package"/*.go | head -1)

  if [ "$BENCH_COLD" = bust ]; then
    sed -i \
      -e "s|--mount=type=cache,target=/go/pkg/mod|--mount=type=cache,id=godock-bench-modules-$run_id-$example,target=/go/pkg/mod|g" \
      -e "s|--mount=type=cache,target=/root/.cache/go-build|--mount=type=cache,id=godock-bench-go-build-$run_id-$example,target=/root/.cache/go-build|g" \
      "$project/Dockerfile"
  else
    "$DOCKER" builder prune --all --force >/dev/null
  fi

  image=godock-bench-$example-$run_id
  images+=("$image")
  cold=$(docker_build "$project" "$image" "$work/$example-cold.log")
  image_size=$("$DOCKER" image inspect -f '{{.Size}}' "$image")
  container=$("$DOCKER" create "$image")
  "$DOCKER" cp "$container:$primary_path" "$work/$example-binary" >/dev/null
  "$DOCKER" rm "$container" >/dev/null
  binary_size=$(stat -c %s "$work/$example-binary")

  warm=() steps=() noop=()
  for i in $(seq "$EDITS"); do
    edit "$main_file" "docker $i"
    warm+=("$(docker_build "$project" "$image" "$work/$example-warm.log")")
    steps+=("$(compile_step "$work/$example-warm.log")")
    noop+=("$(docker_build "$project" "$image" "$work/$example-noop.log")")
  done

  # The host: the Dockerfile's build commands, once to fill the cache, then
  # timed after each edit.
  host_build() {
    local line name package ldflags
    for line in "${builds[@]}"; do
      IFS=$'\t' read -r name package ldflags <<<"$line"
      (cd "$project" && CGO_ENABLED=$cgo GOFLAGS=$goflags GOTOOLCHAIN=local GOPROXY=off \
        GOCACHE="$work/gocache" "$GO" build -ldflags="$ldflags" -o "$work/host-$example/$name" "$package")
    done
  }
  host_build
  host=()
  for i in $(seq "$EDITS"); do
    edit "$main_file" "host $i"
    started=$(now)
    host_build
    host+=("$(since "$started")")
  done

  warm_median=$(median "${warm[@]}")
  host_median=$(median "${host[@]}")
  # shellcheck disable=SC2059
  printf "$format" \
    "$example" "$preset" "$(megabytes "$binary_size")" "$(megabytes "$image_size")" \
    "$(megabytes $((image_size - binary_size)))" "$cold" "$warm_median" "$(median "${steps[@]}")" \
    "$(median "${noop[@]}")" "$host_median" "$(ratio "$warm_median" "$host_median")"
done
echo
echo "cold: cache $([ "$BENCH_COLD" = bust ] && echo "busted (cache mounts with ids of this run's own)" || echo "pruned (docker builder prune --all)"); warm, step, noop, host: median of $EDITS; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
