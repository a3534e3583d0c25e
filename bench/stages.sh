#!/usr/bin/env bash
# bench/stages.sh — one build stage per binary against one step compiling
# every binary, on godock's own Dockerfile for a multi-binary project.
#
# The Dockerfile has both: without build arguments each image takes its
# binary from its own stage (compile-NAME), with --build-arg BINARIES=all
# from compile-all, the single RUN that compiles every binary (what every
# image compiled before issue 18, and what `make docker-build` uses). Rows:
#
#   plain cold     `docker build .` (the primary), cache mounts no build used
#   plain warm     `docker build .` after one line is appended to the
#                  primary's main file
#   target warm    `docker build --target T .` after one line is appended to
#                  T's main file (T: the first non-primary binary)
#   all warm       every binary's `--target` in turn, after one line is
#                  appended to each main file; median of RUNS runs
#   host go build  the host's incremental `go build` of the primary after the
#                  same one-line change, for the ratio warm / host
#
#   bash bench/stages.sh [multi|gen]       (default: multi and gen)
#   PACKAGES=150 RUNS=5 bash bench/stages.sh gen
#
# `gen` is a generated module of PACKAGES packages (a chain of imports, each
# package a few functions) and three mains, the one on top importing them all.
# Same builder isolation as bench/compare.sh: a base of this run's own whose
# SHELL marks every record, pruned at the end.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCKER=${DOCKER:-/usr/bin/docker}
[ -x "$DOCKER" ] || DOCKER=docker
export DOCKER_BUILDKIT=1
"$DOCKER" info >/dev/null 2>&1 || { echo "bench/stages.sh: no Docker engine answers ($DOCKER info)" >&2; exit 1; }
GODOCK=${GODOCK:-$root/target/debug/godock}
[ -x "$GODOCK" ] || (cd "$root" && cargo build --quiet)
PACKAGES=${PACKAGES:-150}
RUNS=${RUNS:-3}

subjects=("$@")
[ ${#subjects[@]} -gt 0 ] || subjects=(multi gen)

# shellcheck source=bench/own-cache.sh
. "$(dirname "${BASH_SOURCE[0]}")/own-cache.sh" stages

now() { python3 -c 'import time; print(time.time())'; }
since() { python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.2f}')" "$1"; }
median() { tr ' ' '\n' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.1f}')" "$1" "$2"; }

# generate DIR: a module of $PACKAGES packages and three mains.
generate() {
  local dir=$1 i
  mkdir -p "$dir/cmd"
  printf 'module example.com/gen\n\ngo 1.23\n' >"$dir/go.mod"
  for ((i = 0; i < PACKAGES; i++)); do
    mkdir -p "$dir/p/p$i"
    {
      printf 'package p%d\n\n' "$i"
      if ((i > 0)); then printf 'import prev "example.com/gen/p/p%d"\n\n' $((i - 1)); fi
      printf 'func F%d(n int) int {\n\tfor j := 0; j < 10; j++ {\n\t\tn = n*31 + j\n\t}\n' "$i"
      if ((i > 0)); then printf '\treturn n + prev.F%d(n%%7)\n}\n' $((i - 1)); else printf '\treturn n\n}\n'; fi
      printf '\ntype T%d struct{ A, B int; S string }\n\nfunc (t T%d) Sum() int { return t.A + t.B + len(t.S) }\n' "$i" "$i"
    } >"$dir/p/p$i/p.go"
  done
  for name in gen tool migrate; do
    mkdir -p "$dir/cmd/$name"
    local top=$((PACKAGES - 1))
    [ "$name" = gen ] || top=$((PACKAGES / 3))
    printf 'package main\n\nimport (\n\t"fmt"\n\t"os"\n\n\tp "example.com/gen/p/p%d"\n)\n\nfunc main() {\n\tif len(os.Args) == 2 && os.Args[1] == "selftest" {\n\t\tfmt.Println("%s ok")\n\t\treturn\n\t}\n\tfmt.Println(p.F%d(1))\n}\n' \
      "$top" "$name" "$top" >"$dir/cmd/$name/main.go"
  done
}

touch_main() { echo "var _ = \"bench edit $nonce $RANDOM\"" >>"$(grep -l '^func main()' "$1"/*.go | head -1)"; }

build() { # build DIR [ARGS...]: seconds, or exits with the log
  local dir=$1 started
  shift
  started=$(now)
  if ! "$DOCKER" build --network=host --progress=plain "$@" "$dir" >"$dir.log" 2>&1; then
    echo "bench/stages.sh: docker build of $dir failed:" >&2
    tail -25 "$dir.log" >&2
    exit 1
  fi
  since "$started"
}

declare -A result
printf '%-8s %-14s %12s %12s\n' subject measure "per-binary s" "one step s"
for subject in "${subjects[@]}"; do
  source=$work/$subject-source
  case "$subject" in
    gen) generate "$source" ;;
    *) cp -r "$root/examples/$subject" "$source" ;;
  esac
  (cd "$source" && "$GODOCK" init --yes --no-syntax >/dev/null 2>&1)
  plan=$(cd "$source" && "$GODOCK" plan --json 2>/dev/null)
  read -r primary minor < <(python3 -c '
import json, sys
plan = json.load(sys.stdin)
print(plan["primary"], ".".join(plan["go"]["version"].split(".")[:2]))' <<<"$plan")
  mapfile -t targets < <(python3 -c '
import json, sys
for b in json.load(sys.stdin)["binaries"]: print(b["name"], b["package"])' <<<"$plan")
  read -r other other_package <<<"${targets[0]}"
  primary_package=$(python3 -c '
import json, sys
plan = json.load(sys.stdin)
print(next(b["package"] for b in plan["binaries"] if b["primary"]))' <<<"$plan")

  base="godock-bench-stages-golang-$subject-$nonce"
  mkdir -p "$work/base-$subject"
  echo "$nonce" >"$work/base-$subject/nonce"
  printf 'FROM golang:%s-bookworm\nCOPY nonce /etc/godock-bench\nSHELL ["/usr/bin/env", "%s", "/bin/sh", "-c"]\n' \
    "$minor" "$marker" >"$work/base-$subject/Dockerfile"
  images+=("$base")
  "$DOCKER" build -q -t "$base" "$work/base-$subject" >/dev/null

  result=()
  for mode in per-binary one-step; do
    dir=$work/$subject-$mode
    cp -r "$source" "$dir"
    sed -i -E \
      -e "s#golang:\\$\\{GO_VERSION\\}-bookworm#$base#" \
      -e "s#--mount=type=cache,target=(/[^ ]*)#--mount=type=cache,id=godock-bench-$nonce-$subject-$mode\\1,target=\\1#g" \
      "$dir/Dockerfile"
    args=()
    [ "$mode" = per-binary ] || args=(--build-arg BINARIES=all)
    tag="godock-bench-stages-$subject-$mode-$nonce"
    images+=("$tag")
    result[$mode,plain-cold]=$(build "$dir" "${args[@]}" -t "$tag" --no-cache)
    answer=$("$DOCKER" run --rm --read-only --network=none "$tag" selftest 2>&1 || true)
    [ "$answer" = "$primary ok" ] || { echo "bench/stages.sh: $subject/$mode: selftest said: $answer" >&2; exit 1; }
    touch_main "$dir/$primary_package"
    result[$mode,plain-warm]=$(build "$dir" "${args[@]}" -t "$tag")
    touch_main "$dir/$other_package"
    result[$mode,target-warm]=$(build "$dir" "${args[@]}" --target "$other" -t "$tag-$other")
    images+=("$tag-$other")
    runs=()
    for ((run = 0; run < RUNS; run++)); do
      for target in "${targets[@]}"; do touch_main "$dir/${target#* }"; done
      started=$(now)
      for target in "${targets[@]}"; do
        build "$dir" "${args[@]}" --target "${target%% *}" -t "$tag-${target%% *}" >/dev/null
        images+=("$tag-${target%% *}")
      done
      runs+=("$(since "$started")")
    done
    result[$mode,all-warm]=$(echo "${runs[*]}" | median)
  done
  for measure in plain-cold plain-warm target-warm all-warm; do
    printf '%-8s %-14s %12s %12s\n' "$subject" "$measure" "${result[per-binary,$measure]}" "${result[one-step,$measure]}"
  done
  # The host's incremental go build of the primary after a one-line change.
  host=$work/$subject-host
  cp -r "$source" "$host"
  (cd "$host" && GOFLAGS=-trimpath CGO_ENABLED=0 go build -o /dev/null "$primary_package" >/dev/null 2>&1)
  touch_main "$host/$primary_package"
  started=$(now)
  (cd "$host" && GOFLAGS=-trimpath CGO_ENABLED=0 go build -o /dev/null "$primary_package")
  host_seconds=$(since "$started")
  printf '%-8s %-14s %12s %12s   (warm plain / host: %s)\n' "$subject" "host go build" "$host_seconds" "" \
    "$(ratio "${result[per-binary,plain-warm]}" "$host_seconds")"
done
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; all warm: median of $RUNS)"
