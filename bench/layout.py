#!/usr/bin/env python3
"""The shape of godock's source, in figures: the largest files, the files
holding more than 500 lines of production code (the lines before the first
`#[cfg(test)]`; a `tests.rs` file holds none), and the import cycles between modules.

    python3 bench/layout.py [SRC]      (default: src/ beside this script)

A module is a source file (`src/scan/walk.rs` is `scan::walk`, `mod.rs` is
its directory's module). Module A imports B when A's production code names a
path that resolves to B: `crate::b::…`, `super::b::…`, or a `use` of either
(a path resolves to the longest module it starts with). A module naming its
own ancestor (`super::Facts` from `scan::walk`) is a child using its parent's
types, which Rust's module tree makes normal, and does not count; every other
import is an edge. A cycle is a strongly connected component of two or more
modules; each is printed with the edges that close it. An import from a
later stage of the pipeline (see STAGES) is printed too.
"""
import os
import re
import sys

LIMIT = 500

# The stages data flows through, in order; a module may import from its own
# stage or an earlier one. (`error` and `stage` are leaves everyone uses;
# the command line and the commands sit on top.)
STAGES = [
    ["error", "stage"],
    ["go"],
    ["knowledge"],
    ["registry"],
    ["scan"],
    ["preset", "settings"],
    ["plan"],
    ["render"],
    ["write"],
    ["prompt", "printer"],
    ["commands", "cli"],
    ["(crate)", "main", "fixtures"],
]


def modules(src):
    """{module path: file} for every .rs file below src."""
    found = {}
    for directory, _, files in os.walk(src):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(directory, name)
            parts = os.path.relpath(path, src)[:-3].split(os.sep)
            if parts[-1] == "mod":
                parts = parts[:-1]
            if parts in (["lib"], ["main"]):
                parts = [] if parts == ["lib"] else ["main"]
            found["::".join(parts)] = path
    return found


def production(text):
    """The lines before the first `#[cfg(test)]` at the start of a line."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("#[cfg(test)]"):
            return lines[:index]
    return lines


PATH = re.compile(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
USE_GROUP = re.compile(r"\buse\s+(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^;]*)\};", re.S)


def resolve(module, anchor, rest, known):
    """The longest known module a path starting at `anchor` names."""
    # `super` in `scan/walk.rs` (scan::walk) is `scan`; in `scan/mod.rs`, the crate.
    base = [] if anchor == "crate" else module.split("::")[:-1]
    parts = base + [part for part in rest.split("::") if part]
    while parts and parts[0] == "super":
        parts = parts[1:]
    for length in range(len(parts), 0, -1):
        candidate = "::".join(parts[:length])
        if candidate in known:
            return candidate
    return ""


def imports(module, text, known):
    code = "\n".join(production(text))
    code = re.sub(r"//[^\n]*", "", code)
    targets = set()
    for match in USE_GROUP.finditer(code):
        anchor, prefix, group = match.groups()
        for item in re.split(r"[,\s]+", group):
            item = item.split("::")[0].strip("{} ")
            if item and item != "self":
                targets.add(resolve(module, anchor, f"{prefix}::{item}", known))
            elif item == "self":
                targets.add(resolve(module, anchor, prefix, known))
    for match in PATH.finditer(code):
        targets.add(resolve(module, *match.groups(), known))
    ancestors = {"::".join(module.split("::")[:n]) for n in range(len(module.split("::")))}
    return {target for target in targets if target != module and target not in ancestors}


def strongly_connected(graph):
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for next_node in sorted(graph[node]):
            if next_node not in index:
                visit(next_node)
                low[node] = min(low[node], low[next_node])
            elif next_node in on_stack:
                low[node] = min(low[node], index[next_node])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [component for component in components if len(component) > 1]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "src")
    known = modules(src)
    sizes, graph = [], {}
    for module, path in known.items():
        with open(path, encoding="utf-8") as file:
            text = file.read()
        total = text.count("\n")
        # A `tests` module (`#[cfg(test)] mod tests;` in its own file) is all tests.
        code = 0 if module.split("::")[-1] == "tests" else len(production(text)) - 1
        sizes.append((code, total, os.path.relpath(path, os.path.dirname(src))))
        # Test code (a `tests.rs`) may reach anywhere; it is not counted.
        graph[module or "(crate)"] = {
            target or "(crate)" for target in imports(module, text, set(known))
        } if code else set()
    sizes.sort(reverse=True)
    largest = max(sizes, key=lambda size: size[1])
    print(f"files: {len(sizes)}, lines: {sum(size[1] for size in sizes)}")
    print(f"largest file: {largest[2]} ({largest[1]} lines, {largest[0]} of production code)")
    over = [size for size in sizes if size[0] > LIMIT]
    print(f"files with more than {LIMIT} lines of production code: {len(over)}")
    for production_lines, total, path in over:
        print(f"  {path}: {production_lines} (of {total})")
    stage = {name: index for index, names in enumerate(STAGES) for name in names}
    backward = sorted(
        f"{source} -> {target}"
        for source, targets in graph.items()
        for target in targets
        if stage.get(target.split("::")[0], 0) > stage.get(source.split("::")[0], 0)
    )
    print(f"imports from a later stage: {len(backward)}")
    for edge in backward:
        print(f"  {edge}")
    cycles = strongly_connected(graph)
    print(f"import cycles between modules: {len(cycles)}")
    for component in cycles:
        members = set(component)
        edges = sorted(
            f"{source} -> {target}"
            for source in component
            for target in graph[source]
            if target in members
        )
        print(f"  {{{', '.join(component)}}}: {'; '.join(edges)}")


if __name__ == "__main__":
    main()
