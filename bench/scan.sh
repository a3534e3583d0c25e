#!/usr/bin/env bash
# bench/scan.sh — how fast `godock scan --json` reads a large Go tree.
#
# What it measures: the wall-clock time of `godock scan --json` (release build)
# on a generated module of ~22,000 .go files in ~2,200 packages (2,000 own
# packages with 10 files each, 8 of them non-test; 200 vendored packages with a
# vendor/modules.txt; 20 main packages; some cgo packages; some embed packages;
# files of 1-24 KiB with a licence header, a package clause, imports and
# bodies), against
#   - `rg` searching every .go file of the same tree for `package main`,
#     `import "C"` and `//go:embed` (one rg run, all three patterns), and
#   - `go list -e -find -json ./...` (GOFLAGS=-mod=vendor, GOPROXY=off,
#     GOTOOLCHAIN=local: no network), when Go is installed.
# Each command runs once to warm the page cache (all figures are warm-cache),
# then RUNS times; the script prints the median, min and max wall-clock time in
# milliseconds, the median CPU time (user + system) and the peak memory (both
# from /usr/bin/time, when installed), and the ratios of the wall-clock medians.
# On a shared machine the wall-clock times vary a lot; the CPU times less.
# Targets: godock faster than rg, and at least 5x faster than go list.
#
# How to run:  bench/scan.sh            (from anywhere; builds godock --release)
#   RUNS=10 PACKAGES=2000 bench/scan.sh    defaults shown
#   GODOCK=/path/to/godock bench/scan.sh   use that binary, build nothing
#   KEEP=1 bench/scan.sh                   keep the generated tree (path printed)
#   GO=/usr/lib/go-1.23/bin/go             the go binary (default: that, or PATH)
#
# What it needs: bash, python3 (generates the tree), cargo (unless GODOCK is
# set), rg (Debian: apt-get install ripgrep), optionally go and /usr/bin/time.
# The tree takes ~150 MB in $TMPDIR. Nothing touches the network.
set -euo pipefail

RUNS=${RUNS:-10}
PACKAGES=${PACKAGES:-2000}
repository=$(cd "$(dirname "$0")/.." && pwd)

if [ -z "${GODOCK:-}" ]; then
    (cd "$repository" && cargo build --release --quiet)
    GODOCK="$repository/target/release/godock"
fi
command -v rg >/dev/null || { echo "bench/scan.sh: rg not found (apt-get install ripgrep)" >&2; exit 2; }
if [ -z "${GO:-}" ]; then
    if [ -x /usr/lib/go-1.23/bin/go ]; then GO=/usr/lib/go-1.23/bin/go; else GO=$(command -v go || true); fi
fi

tree=$(mktemp -d "${TMPDIR:-/tmp}/godock-bench.XXXXXX")
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$tree" "${report:-}"' EXIT; else trap 'rm -f "${report:-}"' EXIT; fi

python3 - "$tree" "$PACKAGES" <<'PYTHON'
import os, random, sys

root, packages = sys.argv[1], int(sys.argv[2])
rng = random.Random(4)
LICENCE = "".join(
    f"// {line}\n"
    for line in [
        "Copyright 2024 The Bench Authors.",
        "",
        'Licensed under the Apache License, Version 2.0 (the "License");',
        "you may not use this file except in compliance with the License.",
        "You may obtain a copy of the License at",
        "",
        "    http://www.apache.org/licenses/LICENSE-2.0",
        "",
        "Unless required by applicable law or agreed to in writing, software",
        'distributed under the License is distributed on an "AS IS" BASIS,',
        "WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.",
        "See the License for the specific language governing permissions and",
        "limitations under the License.",
    ]
)
STD = ["context", "errors", "fmt", "io", "net/http", "os", "sort", "strconv",
       "strings", "sync", "time", "encoding/json", "bytes", "log/slog"]
DEPS = 20  # vendored modules, 10 packages each

def write(path, text):
    path = os.path.join(root, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)

def body(size, uses):
    out, i = [], 0
    total = 0
    while total < size:
        fn = (f"// F{i} does step {i} of the pipeline.\n"
              f"func F{i}(ctx context.Context, in []string) (map[string]int, error) {{\n"
              f"\tout := make(map[string]int, len(in))\n"
              f"\tfor n, s := range in {{\n"
              f"\t\tif strings.HasPrefix(s, \"k{i}\") {{\n"
              f"\t\t\treturn nil, fmt.Errorf(\"step {i}: %q at %d\", s, n)\n"
              f"\t\t}}\n\t\tout[s] += n\n\t}}\n\treturn out, ctx.Err()\n}}\n\n")
        out.append(fn); total += len(fn); i += 1
    out.append("var _ = []any{" + ", ".join(f"{u}" for u in uses) + "}\n")
    return "".join(out)

def go_file(pkg, imports, extra_header="", decls="", size=4096, constraint=""):
    head = LICENCE + "\n"
    if constraint:
        head += f"//go:build {constraint}\n\n"
    head += f"// Package {pkg} is generated for the benchmark.\npackage {pkg}\n\n"
    imports = ["context", "fmt", "strings"] + [p for p in imports if p not in ("context", "fmt", "strings")]
    head += extra_header
    head += "import (\n" + "".join(f'\t"{p}"\n' for p in imports) + ")\n\n"
    uses = []
    for p in imports[3:]:
        if p in ("embed", "C"):
            continue
        name = p.rsplit("/", 1)[-1]
        uses.append({"http": "http.MethodGet", "json": "json.Valid", "slog": "slog.LevelInfo",
                     "sync": "sync.NewCond", "time": "time.Now", "errors": "errors.New",
                     "io": "io.EOF", "os": "os.Getenv", "sort": "sort.Strings",
                     "strconv": "strconv.Itoa", "bytes": "bytes.NewReader"}.get(name, f"{name}.F0"))
    return head + decls + body(size, uses)

def size():
    # Mostly 2-8 KiB, a tail up to 24 KiB, a few of 1 KiB.
    return int(min(24576, max(1024, rng.lognormvariate(8.5, 0.6))))

module = "example.com/bench"
requires, modules_txt = [], []
for d in range(DEPS):
    mod = f"example.com/dep{d}"
    requires.append(f"\t{mod} v1.{d}.0\n")
    modules_txt.append(f"# {mod} v1.{d}.0\n## explicit; go 1.21\n")
    for p in range(10):
        path = mod if p == 0 else f"{mod}/sub{p}"
        modules_txt.append(path + "\n")
        name = path.rsplit("/", 1)[-1].replace(".", "")
        cgo = (d * 10 + p) % 37 == 5
        for f in range(10):
            if cgo and f == 0:
                text = go_file(name, ["C"], extra_header="/*\n#cgo LDFLAGS: -lz\n#include <zlib.h>\n*/\nimport \"C\"\n\n", size=size())
            else:
                text = go_file(name, rng.sample(STD, 3), size=size())
            write(f"vendor/{path}/f{f}.go", text)
write("go.mod", f"module {module}\n\ngo 1.23\n\nrequire (\n" + "".join(requires) + ")\n")
write("vendor/modules.txt", "".join(modules_txt))

mains = cgo = embeds = 0
for n in range(packages):
    area = ["internal", "pkg", "service", "api", "store"][n % 5]
    directory = f"{area}/group{n // 50}/pkg{n}"
    is_main = n % 100 == 7
    if is_main:
        directory = f"cmd/tool{n}"
    pkg = "main" if is_main else f"pkg{n}"
    own = [f"{module}/{['internal', 'pkg', 'service', 'api', 'store'][m % 5]}/group{m // 50}/pkg{m}"
           for m in rng.sample(range(packages), 2) if m % 100 != 7 and m != n]
    dep = [f"example.com/dep{rng.randrange(DEPS)}"]
    for f in range(10):
        name = f"file{f}.go"
        imports = rng.sample(STD, rng.randrange(2, 6))
        extra, decls, constraint = "", "", ""
        if f == 0:
            imports += own + dep
        if f == 1 and n % 50 == 3:
            cgo += 1
            extra = "/*\n#cgo pkg-config: sqlite3\n#include <sqlite3.h>\n*/\nimport \"C\"\n\n"
        if f == 2 and n % 40 == 9:
            imports.append("embed"); embeds += 1
            write(f"{directory}/static/index.html", "<html></html>\n")
            write(f"{directory}/templates/page.tmpl", "{{.}}\n")
            decls = '//go:embed static/*.html templates\nvar files embed.FS\n\n'
        if f == 3:
            constraint = rng.choice(["linux", "!windows", "linux && (amd64 || arm64)", "unix"])
        if f == 4:
            name = "file4_windows.go"
        if is_main and f == 0:
            decls += 'var (\n\tversion = "dev"\n\tcommit  string\n)\n\nfunc main() {}\n\n'
        if f >= 8:
            name = f"file{f}_test.go"
        write(f"{directory}/{name}", go_file(pkg, imports, extra, decls, size(), constraint))
    mains += is_main
print(f"generated: {packages} own packages ({mains} main, {cgo} cgo, {embeds} embed), "
      f"{DEPS * 10} vendored packages", file=sys.stderr)
PYTHON

files=$(find "$tree" -name '*.go' | wc -l)
bytes=$(du -sb "$tree" | cut -f1)
echo "tree: $tree — $files .go files, $((bytes / 1024 / 1024)) MB"

# Check that each tool works on the tree before timing it.
facts=$("$GODOCK" scan --json "$tree")
python3 - "$facts" <<'PYTHON'
import json, sys
facts = json.loads(sys.argv[1])
print(f"godock: {len(facts['packages'])} packages, {len(facts['main_packages'])} main, "
      f"{len(facts['cgo_packages'])} cgo, {len(facts['embed'])} embed, "
      f"{len(facts['warnings'])} warnings")
PYTHON
rg_matches=$(rg --no-heading -n -F -e 'package main' -e 'import "C"' -e '//go:embed' -g '*.go' "$tree" | wc -l)
echo "rg: $rg_matches matching lines"

go_env=(env -C "$tree" GOFLAGS=-mod=vendor GOPROXY=off GOTOOLCHAIN=local GOWORK=off
    GOCACHE="$tree/.gocache")
if [ -n "$GO" ]; then
    listed=$("${go_env[@]}" "$GO" list -e -find -f '{{.ImportPath}} {{if .Error}}ERROR {{.Error}}{{end}}' ./...)
    echo "go list: $(echo "$listed" | wc -l) packages, $(echo "$listed" | grep -c ' ERROR ' || true) with errors ($("$GO" version))"
else
    echo "go list: skipped (no go binary)"
fi

# run_once COMMAND...: one run; prints "wall_ms cpu_ms peak_kb" (cpu and
# peak from /usr/bin/time when it exists, else "?").
report=$(mktemp)
run_once() {
    local start end
    start=$(date +%s%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%U %S %M' -o "$report" "$@" >/dev/null 2>&1
    else
        "$@" >/dev/null 2>&1
    fi
    end=$(date +%s%N)
    if [ -x /usr/bin/time ]; then
        awk -v wall=$(((end - start) / 1000000)) 'END {printf "%d %d %d\n", wall, ($1 + $2) * 1000, $3}' "$report"
    else
        echo "$(((end - start) / 1000000)) ? ?"
    fi
}

# median NUMBERS...: the median (the mean of the middle two for an even count).
median_of() {
    printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'
}

# measure NAME COMMAND...: a warm-up run, then RUNS timed runs; one line.
declare -A median
measure() {
    local name=$1
    shift
    "$@" >/dev/null 2>&1 # warm the page cache
    local walls=() cpus=() peaks=() wall cpu peak
    for _ in $(seq "$RUNS"); do
        read -r wall cpu peak < <(run_once "$@")
        walls+=("$wall") cpus+=("$cpu") peaks+=("$peak")
    done
    median[$name]=$(median_of "${walls[@]}")
    local sorted
    mapfile -t sorted < <(printf '%s\n' "${walls[@]}" | sort -n)
    local cpu_median="?" peak_mb="?"
    if [ -x /usr/bin/time ]; then
        cpu_median=$(median_of "${cpus[@]}")
        peak_mb=$(($(printf '%s\n' "${peaks[@]}" | sort -n | tail -1) / 1024))
    fi
    printf '%-8s wall median %6d ms (min %5d, max %5d)   CPU median %6s ms   peak RSS %5s MB\n' \
        "$name" "${median[$name]}" "${sorted[0]}" "${sorted[$((RUNS - 1))]}" "$cpu_median" "$peak_mb"
}

echo
echo "warm page cache, $RUNS runs each, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg):"
measure godock "$GODOCK" scan --json "$tree"
measure rg rg --no-heading -n -F -e 'package main' -e 'import "C"' -e '//go:embed' -g '*.go' "$tree"
if [ -n "$GO" ]; then measure "go list" "${go_env[@]}" "$GO" list -e -find -json ./...; fi

# ratio NAME TARGET: how many times slower NAME is than godock, against TARGET.
ratio() {
    python3 -c "import sys; r = $2 / max($3, 1); print(f'{sys.argv[1]} / godock: {r:.1f}x (target: {sys.argv[2]}x): ' + ('met' if r $4 else 'MISSED'))" "$1" "$5"
}
echo
ratio rg "${median[rg]}" "${median[godock]}" "> 1" "more than 1"
if [ -n "$GO" ]; then ratio "go list" "${median[go list]}" "${median[godock]}" ">= 5" "at least 5"; fi
