#!/usr/bin/env python3
"""What each crate and each of our modules costs in a wasm module: `cargo bloat` for wasm.

    python3 scripts/wasm-cost.py FILE.wasm [--depth N] [--top N]

Reads the module's code section (the size of every function body) and its `name` section (the
symbol of every function, as rustc and LLVM write it, e.g. `leptos_hosted_auth::core::srp::...`),
and prints the bytes per crate and, for this crate, per module (`--depth` path segments, default
3), largest first, with the data segments' total. Run it on a module that still has its names:
cargo's output (target/split/wasm32-unknown-unknown/release/*.wasm) or wasm-split-cli's before
wasm-opt strips them; `scripts/build.sh` keeps the split ones in target/split/modules/.
Function sizes before wasm-opt are larger than after (about 1.5x here), but the shares hold.
Standard library only.
"""

import argparse
import re
import sys
from collections import Counter


def leb(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def sections(data):
    if data[:4] != b"\0asm":
        raise ValueError("not a WebAssembly module")
    pos = 8
    while pos < len(data):
        sid = data[pos]
        size, body = leb(data, pos + 1)
        yield sid, data[body : body + size]
        pos = body + size


def parse(data):
    imported = 0
    bodies = []
    names = {}
    data_bytes = 0
    for sid, body in sections(data):
        if sid == 2:  # imports: functions among them take the first indices
            count, pos = leb(body, 0)
            for _ in range(count):
                for _ in range(2):
                    n, pos = leb(body, pos)
                    pos += n
                kind = body[pos]
                pos += 1
                if kind == 0:
                    imported += 1
                    _, pos = leb(body, pos)
                elif kind == 1:  # table: reftype, limits
                    pos += 1
                    flags = body[pos]
                    _, pos = leb(body, pos + 1)
                    if flags & 1:
                        _, pos = leb(body, pos)
                elif kind == 2:  # memory: limits
                    flags = body[pos]
                    _, pos = leb(body, pos + 1)
                    if flags & 1:
                        _, pos = leb(body, pos)
                elif kind == 3:  # global: valtype, mutability
                    pos += 2
                else:  # tag
                    pos += 1
                    _, pos = leb(body, pos)
        elif sid == 10:  # code
            count, pos = leb(body, 0)
            for _ in range(count):
                size, start = leb(body, pos)
                bodies.append(size + (start - pos))
                pos = start + size
        elif sid == 11:
            data_bytes += len(body)
        elif sid == 0:
            n, pos = leb(body, 0)
            if body[pos : pos + n] != b"name":
                continue
            pos += n
            while pos < len(body):
                sub = body[pos]
                size, start = leb(body, pos + 1)
                if sub == 1:
                    count, p = leb(body, start)
                    for _ in range(count):
                        index, p = leb(body, p)
                        ln, p = leb(body, p)
                        names[index] = body[p : p + ln].decode("utf-8", "replace")
                        p += ln
                pos = start + size
    return imported, bodies, names, data_bytes


GENERIC = re.compile(r"<[^<>]*>")
ESCAPES = {"$LT$": "<", "$GT$": ">", "$RF$": "&", "$BP$": "*", "$C$": ",", "$SP$": "@", "$u20$": " ",
           "$u27$": "'", "$u5b$": "[", "$u5d$": "]", "$u7b$": "{", "$u7d$": "}", "$u7e$": "~"}


def demangle(symbol):
    """rustc's legacy mangling (`_ZN6tachys4view5build17h0123...E`) to `tachys::view::build`;
    v0 symbols (`_R...`) to their crate name; anything else unchanged."""
    if symbol.startswith("_ZN"):
        parts, pos = [], 3
        while pos < len(symbol) and symbol[pos] != "E":
            m = re.match(r"\d+", symbol[pos:])
            if not m:
                break
            n = int(m.group())
            pos += len(m.group())
            ident = symbol[pos : pos + n]
            pos += n
            if ident.startswith("_$"):
                ident = ident[1:]
            for k, v in ESCAPES.items():
                ident = ident.replace(k, v)
            parts.append(ident.replace("..", "::"))
        return "::".join(parts)
    if symbol.startswith("_R"):
        m = re.search(r"Cs[0-9a-zA-Z]*_(\d+)", symbol)
        if m:
            start = m.end()
            return symbol[start : start + int(m.group(1))] + "::?"
    return symbol


def path_of(symbol):
    """The module path of a symbol: `a::b::c::h0123...` -> [a, b, c]; impls `<T as U>::f` -> T."""
    s = symbol
    split = re.match(r"__wasm_split_00(\w+?)00_export_", s)
    if split:  # the body of a split point (src/browser/split.rs), named by wasm_split
        return ["leptos_hosted_auth", f"split point {split.group(1)}"]
    if s.startswith("<"):
        # `<leptos::X as tachys::Render>::build` -> leptos::X
        depth = 0
        for i, ch in enumerate(s):
            depth += ch == "<"
            depth -= ch == ">"
            if depth == 0:
                inner = s[1:i]
                s = inner.split(" as ")[0]
                break
    while GENERIC.search(s):
        s = GENERIC.sub("", s)
    s = s.lstrip("&*").replace("dyn ", "").replace("mut ", "")
    parts = [p for p in s.split("::") if p and not re.fullmatch(r"h[0-9a-f]{16}", p)]
    return parts or ["?"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wasm")
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    with open(args.wasm, "rb") as f:
        imported, bodies, names, data_bytes = parse(f.read())
    if not names:
        print(f"{args.wasm}: no name section (run it on a module before wasm-opt)", file=sys.stderr)
        return 1
    crates, ours = Counter(), Counter()
    for i, size in enumerate(bodies):
        parts = path_of(demangle(names.get(imported + i, "?")))
        crate = parts[0]
        crates[crate] += size
        if crate == "leptos_hosted_auth":
            ours["::".join(parts[1 : args.depth])] += size
    code = sum(bodies)
    print(f"{args.wasm}: {len(bodies)} functions, code {code} B, data {data_bytes} B")
    print(f"{'crate':<40} {'bytes':>9} {'share':>6}")
    for crate, size in crates.most_common(args.top):
        print(f"{crate:<40} {size:>9} {100 * size / code:>5.1f}%")
    if ours:
        print(f"\n{'leptos_hosted_auth module':<40} {'bytes':>9} {'share':>6}")
        for module, size in ours.most_common(args.top):
            print(f"{module or '(root)':<40} {size:>9} {100 * size / code:>5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
