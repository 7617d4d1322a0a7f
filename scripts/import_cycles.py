#!/usr/bin/env python3
"""Import cycles between the modules of src/ (the library crate rooted at src/lib.rs).

A module depends on another when it names it through `crate::`, `super::` or `self::` (in a
`use` or inline in code), or through a child module's name in a `use`. A path is followed
to the module that defines the item: through child modules, and through `pub use`
re-exports, so `crate::matching::Ctx` counts as a use of the module `Ctx` is defined in,
not of `matching`. A module re-exporting its own descendants (the `pub use` facade of a
`mod.rs`) does not depend on them by doing so; any other `use` is a dependency.

Test code (`#[cfg(test)]` items and modules) is left out unless `--tests` is given.
Prints each cycle with the lines that make it and exits 1 when there is one, else prints
"no import cycles" and exits 0.

Usage: scripts/import_cycles.py [--tests] [SRC_DIR]
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
CFG_TEST = re.compile(r"^#!?\[cfg\(test\)\]$")


# ---------------------------------------------------------------------------------------
# Lexing: identifiers and punctuation, with comments, strings and chars removed.


@dataclass
class Tok:
    text: str
    line: int


def lex(src: str) -> list[Tok]:
    toks: list[Tok] = []
    i, n, line = 0, len(src), 1
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if src.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif src.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    line += src[i] == "\n"
                    i += 1
        elif (m := re.compile(r'b?r(#*)"').match(src, i)) and (
            i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")
        ):
            end = '"' + m.group(1)
            j = src.find(end, m.end())
            j = n if j < 0 else j + len(end)
            line += src.count("\n", i, j)
            toks.append(Tok('""', line))
            i = j
        elif c == '"' or (c == "b" and src.startswith('b"', i)):
            i += 2 if c == "b" else 1
            while i < n and src[i] != '"':
                if src[i] == "\\":
                    i += 1
                line += src[i] == "\n"
                i += 1
            toks.append(Tok('""', line))
            i += 1
        elif c == "'":
            # A char literal ('x', '\n', '\u{..}') or a lifetime / label ('a).
            if i + 1 < n and src[i + 1] == "\\":
                j = src.find("'", i + 2)
                i = n if j < 0 else j + 1
            elif i + 2 < n and src[i + 2] == "'":
                i += 3
            else:
                i += 1
                while i < n and (src[i].isalnum() or src[i] == "_"):
                    i += 1
        elif c.isalpha() or c == "_":
            m = IDENT.match(src, i)
            assert m
            toks.append(Tok(m.group(0), line))
            i = m.end()
        elif c.isdigit():
            m = re.compile(r"[0-9][0-9A-Za-z_.]*").match(src, i)
            assert m
            i = m.end()
        elif src.startswith("::", i):
            toks.append(Tok("::", line))
            i += 2
        else:
            toks.append(Tok(c, line))
            i += 1
    return toks


# ---------------------------------------------------------------------------------------
# Parsing: module declarations, use trees, inline paths.


@dataclass
class Use:
    """One leaf of a use tree: `path` (segments), relative to `module`."""

    module: str
    path: list[str]
    public: bool
    file: Path
    line: int


@dataclass
class Module:
    name: str  # crate::a::b
    file: Path
    children: set[str] = field(default_factory=set)
    uses: list[Use] = field(default_factory=list)  # `use` statements
    paths: list[Use] = field(default_factory=list)  # inline crate::/super::/self:: paths
    macros: set[str] = field(default_factory=set)  # #[macro_export] macro_rules! names


def parse_use_tree(toks: list[Tok], i: int, prefix: list[str], out: list[tuple[list[str], int]]) -> int:
    """Parses a use tree at toks[i]; appends (path, line) leaves; returns the index after it."""
    path = list(prefix)
    while i < len(toks):
        t = toks[i].text
        if t == "{":
            i += 1
            while toks[i].text != "}":
                i = parse_use_tree(toks, i, path, out)
                if toks[i].text == ",":
                    i += 1
            return i + 1
        if t == "*":
            out.append((path + ["*"], toks[i].line))
            return i + 1
        if IDENT.fullmatch(t):
            path.append(t)
            i += 1
            if i < len(toks) and toks[i].text == "as":
                i += 2
            if i < len(toks) and toks[i].text == "::":
                i += 1
                continue
            out.append((path, toks[i - 1].line))
            return i
        return i + 1
    return i


def skip_item(toks: list[Tok], i: int) -> int:
    """Skips a bracketed group at toks[i], or one item: through its `;` or its braces."""
    group = toks[i].text in "(["
    depth = 0
    while i < len(toks):
        t = toks[i].text
        if t in "([{":
            depth += 1
        elif t in ")]}":
            depth -= 1
            if depth == 0 and (group or t == "}"):
                return i + 1
        elif t == ";" and depth == 0:
            return i + 1
        i += 1
    return i


def parse_file(path: Path, name: str, modules: dict[str, Module], tests: bool) -> list[tuple[str, str, bool]]:
    """Parses one file as module `name` (and its inline modules); returns the file modules it
    declares: (parent module, child name, test-only)."""
    toks = lex(path.read_text(encoding="utf-8"))
    declared: list[tuple[str, str, bool]] = []
    modules.setdefault(name, Module(name, path))
    # Inline module scopes: (module name, brace depth at which it closes).
    scopes: list[tuple[str, int]] = [(name, -1)]
    depth = 0
    pending_test = False
    public = False  # a visibility was just read
    i = 0
    while i < len(toks):
        t = toks[i].text
        cur = scopes[-1][0]
        if t == "#":
            j = i + 1 + (toks[i + 1].text == "!")
            k = skip_item(toks, j)  # the [...] group
            attr = "#" + "".join(x.text for x in toks[i + 1 : k])
            pending_test |= bool(CFG_TEST.match(attr))
            if attr.startswith("#[macro_export]"):
                m = k
                if toks[m].text == "macro_rules" and toks[m + 1].text == "!":
                    modules[cur].macros.add(toks[m + 2].text)
            i = k
            continue
        if t == "pub":
            # `pub`, `pub(crate)`, `pub(super)`, `pub(in path)`: public to some degree.
            public = True
            i = skip_item(toks, i + 1) if toks[i + 1].text == "(" else i + 1
            continue
        if pending_test and not tests:
            pending_test = public = False
            i = skip_item(toks, i)
            continue
        if t == "mod" and i + 2 < len(toks) and IDENT.fullmatch(toks[i + 1].text):
            child = toks[i + 1].text
            full = f"{cur}::{child}"
            modules[cur].children.add(child)
            if toks[i + 2].text == ";":
                declared.append((cur, child, pending_test))
                i += 3
            else:
                modules.setdefault(full, Module(full, path))
                depth += 1
                scopes.append((full, depth))
                i += 3
            pending_test = False
            continue
        if t == "use":
            leaves: list[tuple[list[str], int]] = []
            j = parse_use_tree(toks, i + 1, [], leaves)
            for p, line in leaves:
                modules[cur].uses.append(Use(cur, p, public, path, line))
            public = False
            while j < len(toks) and toks[j].text != ";":
                j += 1
            i = j + 1
            pending_test = False
            continue
        if (
            t in ("crate", "super", "self")
            and toks[i + 1].text == "::"
            and toks[i - 1].text != "$"  # `$crate::` in a macro: a path of its callers
        ):
            seg = [t]
            j = i + 1
            while j + 1 < len(toks) and toks[j].text == "::" and IDENT.fullmatch(toks[j + 1].text):
                seg.append(toks[j + 1].text)
                j += 2
            modules[cur].paths.append(Use(cur, seg, False, path, toks[i].line))
            i = j
            continue
        if t == "{":
            depth += 1
        elif t == "}":
            if scopes[-1][1] == depth:
                scopes.pop()
            depth -= 1
        elif t == ";":
            pending_test = False
        public = False
        i += 1
    return declared


def load(src: Path, tests: bool) -> dict[str, Module]:
    modules: dict[str, Module] = {}
    todo = [(src / "lib.rs", "crate")]
    while todo:
        file, name = todo.pop()
        for parent, child, test_only in parse_file(file, name, modules, tests):
            if test_only and not tests:
                continue
            base = modules[parent].file
            # Children of `a/mod.rs` and `lib.rs` sit beside them; of `a.rs`, in `a/`.
            folder = base.parent if base.name in ("mod.rs", "lib.rs") else base.with_suffix("")
            for cand in (folder / f"{child}.rs", folder / child / "mod.rs"):
                if cand.exists():
                    todo.append((cand, f"{parent}::{child}"))
                    break
    return modules


# ---------------------------------------------------------------------------------------
# Resolution: which module defines what a path names.


class Resolver:
    def __init__(self, modules: dict[str, Module]):
        self.modules = modules
        self.macro_home = {m: mod.name for mod in modules.values() for m in mod.macros}

    def reexport(self, module: str, name: str) -> Use | None:
        for u in self.modules[module].uses:
            if u.public and u.path[-1] == name and u.path[-1] != "*":
                return u
            if u.public and len(u.path) >= 2 and u.path[-1] == "self" and u.path[-2] == name:
                return u
        return None

    def start(self, module: str, path: list[str], in_use: bool) -> tuple[str, list[str]] | None:
        """The module a path starts from, and the rest of it; None for other crates."""
        head, rest = path[0], path[1:]
        if head == "crate":
            return "crate", rest
        if head == "self":
            return module, rest
        if head == "super":
            cur = module
            while path and path[0] == "super":
                cur = cur.rsplit("::", 1)[0]
                path = path[1:]
            return cur, path
        if in_use and head in self.modules[module].children:
            return module, path
        return None

    def resolve(self, module: str, path: list[str], in_use: bool, seen: int = 0) -> str | None:
        s = self.start(module, path, in_use)
        if s is None:
            return None
        cur, rest = s
        while rest:
            seg = rest[0]
            if seg in ("*", "self"):
                break
            if seg in self.modules[cur].children:
                cur = f"{cur}::{seg}"
                rest = rest[1:]
                continue
            if cur == "crate" and seg in self.macro_home:
                return self.macro_home[seg]
            u = self.reexport(cur, seg)
            if u is not None and seen < 20:
                target = u.path[:-1] if u.path[-1] == "self" else u.path
                return self.resolve(cur, target + rest[1:], True, seen + 1)
            break
        return cur


def is_within(child: str, ancestor: str) -> bool:
    return child == ancestor or child.startswith(ancestor + "::")


def edges(modules: dict[str, Module]) -> dict[str, dict[str, tuple[Path, int]]]:
    r = Resolver(modules)
    out: dict[str, dict[str, tuple[Path, int]]] = {m: {} for m in modules}
    for mod in modules.values():
        for u, in_use in [(u, True) for u in mod.uses] + [(p, False) for p in mod.paths]:
            target = r.resolve(mod.name, u.path, in_use)
            if target is None or target == mod.name:
                continue
            # Re-exporting a descendant is the facade of a module, not a dependency of it.
            if in_use and u.public and is_within(target, mod.name):
                continue
            out[mod.name].setdefault(target, (u.file, u.line))
    return out


def cycles(graph: dict[str, dict[str, tuple[Path, int]]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def main(argv: list[str]) -> int:
    tests = "--tests" in argv
    args = [a for a in argv if not a.startswith("--")]
    src = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "src"
    modules = load(src, tests)
    graph = edges(modules)
    found = cycles(graph)
    root = src.parent
    for comp in found:
        print("cycle: " + " <-> ".join(c.removeprefix("crate::") for c in comp))
        members = set(comp)
        for a in comp:
            for b, (file, line) in sorted(graph[a].items()):
                if b in members:
                    rel = file.relative_to(root) if file.is_relative_to(root) else file
                    print(f"    {a.removeprefix('crate::')} -> {b.removeprefix('crate::')}  ({rel}:{line})")
    if found:
        print(f"{len(found)} import cycle(s) among {len(modules)} modules")
        return 1
    print(f"no import cycles among {len(modules)} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
