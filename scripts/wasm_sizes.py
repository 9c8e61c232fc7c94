#!/usr/bin/env python3
"""Code size of a WebAssembly file by crate, from its `name` section (no tool to install).

Usage: scripts/wasm_sizes.py FILE.wasm [TOP]
FILE is cargo's own output, before wasm-bindgen strips the names:
$CARGO_TARGET_DIR/front/wasm32-unknown-unknown/wasm-release/rotasim.wasm.
Prints each crate's share of the code section (function bodies), then the TOP largest functions.
"""
import re
import sys
from collections import Counter


def leb(b, i):
    result = shift = 0
    while True:
        byte = b[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def sections(b):
    assert b[:4] == b"\0asm", "not a wasm file"
    i = 8
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        yield sid, b[j : j + size]
        i = j + size


def imported_functions(body):
    count, i = leb(body, 0)
    funcs = 0
    for _ in range(count):
        for _ in range(2):  # module, field
            n, i = leb(body, i)
            i += n
        kind = body[i]
        i += 1
        if kind == 0:
            _, i = leb(body, i)
            funcs += 1
        elif kind == 1:  # table: reftype + limits
            i += 1
            flags = body[i]; i += 1
            _, i = leb(body, i)
            if flags & 1:
                _, i = leb(body, i)
        elif kind == 2:  # memory: limits
            flags = body[i]; i += 1
            _, i = leb(body, i)
            if flags & 1:
                _, i = leb(body, i)
        elif kind == 3:  # global
            i += 2
        elif kind == 4:  # tag
            i += 1
            _, i = leb(body, i)
    return funcs


def function_names(body):
    names = {}
    i = 0
    while i < len(body):
        sub = body[i]
        size, j = leb(body, i + 1)
        if sub == 1:
            count, k = leb(body, j)
            for _ in range(count):
                idx, k = leb(body, k)
                n, k = leb(body, k)
                names[idx] = body[k : k + n].decode("utf-8", "replace")
                k += n
        i = j + size
    return names


MANGLE = [("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"), ("$BP$", "*"),
          ("$C$", ","), ("$LP$", "("), ("$RP$", ")"), ("$u7b$", "{"), ("$u7d$", "}"),
          ("$u5b$", "["), ("$u5d$", "]"), ("..", "::")]


def first_crate(path):
    """The first path segment of a type or trait path that names a crate, else None."""
    path = re.sub(r"^(&|\*const |\*mut |mut |dyn |\[|\(|<)+", "", path.strip())
    if "::" not in path:
        return None  # a generic parameter, a primitive or a closure
    return path.split("::")[0]


def crate_of(name):
    """The crate a legacy-mangled Rust symbol belongs to: its first path segment; for
    `<Type as Trait>::f` the type's crate, or the trait's when the type is generic."""
    if not name.startswith("_ZN"):
        if "wbg" in name or "wasm_bindgen" in name or "externref" in name:
            return "(wasm-bindgen glue)"
        return "(runtime, libc)"
    m = re.match(r"_ZN(\d+)", name)
    first = name[m.end() : m.end() + int(m.group(1))]
    if first.startswith("_"):
        first = first[1:]
    for a, b in MANGLE:
        first = first.replace(a, b)
    if first.startswith("<") and " as " in first:
        ty, trait = first[1:].split(" as ", 1)
        return first_crate(ty) or first_crate(trait) or "?"
    if first.startswith("<"):
        return first_crate(first[1:]) or "?"
    return first


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    b = open(path, "rb").read()
    imported = 0
    bodies = []
    names = {}
    for sid, body in sections(b):
        if sid == 2:
            imported = imported_functions(body)
        elif sid == 10:
            count, i = leb(body, 0)
            for _ in range(count):
                size, j = leb(body, i)
                bodies.append(size + (j - i))
                i = j + size
        elif sid == 0:
            n, i = leb(body, 0)
            if body[i : i + n] == b"name":
                names = function_names(body[i + n :])
    total = sum(bodies)
    by_crate = Counter()
    funcs = []
    for k, size in enumerate(bodies):
        name = names.get(imported + k, f"func{imported + k}")
        by_crate[crate_of(name)] += size
        funcs.append((size, name))
    print(f"{path}: code section {total:,} bytes in {len(bodies):,} functions")
    print(f"{'crate':<32} {'bytes':>10} {'share':>7}")
    for crate, size in by_crate.most_common():
        if size * 1000 < total:
            continue
        print(f"{crate:<32} {size:>10,} {100 * size / total:>6.1f}%")
    print(f"\nlargest {top} functions")
    for size, name in sorted(funcs, reverse=True)[:top]:
        print(f"{size:>9,}  {name[:140]}")


if __name__ == "__main__":
    main()
