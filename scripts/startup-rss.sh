#!/usr/bin/env bash
# What an empty page's resident memory is made of: runs `minimedia run` on an empty page with a
# tiny preloaded library that copies /proc/self/smaps at exit, then sums Rss by component
# (JavaScriptCore and its own libraries, the Swift runtime and Foundation, the binary, ...).
# Usage: scripts/startup-rss.sh [BINARY]   (default .build/release/minimedia)
set -euo pipefail
bin=$(realpath "${1:-$(dirname "$0")/../.build/release/minimedia}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/dump.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
__attribute__((destructor)) static void dump(void) {
    const char *out = getenv("MM_SMAPS_OUT");
    FILE *in = fopen("/proc/self/smaps", "r"), *o = out ? fopen(out, "w") : NULL;
    char buf[65536];
    size_t n;
    if (in && o) while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, o);
    if (in) fclose(in);
    if (o) fclose(o);
}
C
cc -shared -fPIC -O2 "$work/dump.c" -o "$work/dump.so"
printf 'Page({})\n' >"$work/empty.js"
# JavaScriptCore's own libraries: what a JavaScriptCore-only program maps.
jsc=$(ldd "$(pkg-config --variable=libdir javascriptcoregtk-4.1)/libjavascriptcoregtk-4.1.so.0" | awk '{print $1}')
"$bin" run "$work/empty.js" --data-dir "$work/data" --consent deny >/dev/null 2>&1  # first run creates the app's folders
MM_SMAPS_OUT="$work/smaps" LD_PRELOAD="$work/dump.so" "$bin" run "$work/empty.js" --data-dir "$work/data" --consent deny >/dev/null
JSC_LIBS="$jsc" BIN_NAME="$(basename "$bin")" python3 - "$work/smaps" <<'PY'
import collections, os, re, sys
jsc = set(os.environ["JSC_LIBS"].split())
binary = os.environ["BIN_NAME"]
system = ("libc.so", "libm.so", "ld-linux", "libgcc_s", "libstdc++", "libdl.so", "libpthread", "libatomic")
def component(path):
    name = path.rsplit("/", 1)[-1]
    if not path.startswith("/"): return "anonymous (heaps, stacks, JIT)" if path in ("[anon]", "[heap]", "[stack]") else path
    if name == binary: return f"{binary} (the binary)"
    if name.startswith("libjavascriptcoregtk"): return "libjavascriptcoregtk"
    if name.startswith(system): return "libc, libm, libstdc++, ld.so"
    if "/swift/" in path: return "Swift runtime + Foundation (shared)"
    if name.startswith("libsqlite3"): return "libsqlite3"
    if name.startswith("libcrypto"): return "libcrypto"
    if any(name.startswith(lib.split(".so")[0] + ".so") for lib in jsc): return "JavaScriptCore's libraries (GLib, ICU, ...)"
    return "other libraries (" + name + ")"
rss = collections.Counter(); count = collections.Counter(); seen = set()
path = None
for line in open(sys.argv[1]):
    if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
        parts = line.split()
        path = parts[5] if len(parts) > 5 else "[anon]"
        if path.endswith("/dump.so"): path = "[this script's own]"
        if path.startswith("/") and path not in seen:
            seen.add(path); count[component(path)] += 1
    elif line.startswith("Rss:"):
        rss[component(path)] += int(line.split()[1])
total = sum(rss.values())
others = [k for k in rss if k.startswith("other libraries")]
folded = sum(rss[k] for k in others)
rows = [(k, v) for k, v in rss.items() if k not in others] + ([("other libraries", folded)] if others else [])
print(f"| component | files | MiB resident at exit |")
print(f"|---|---|---|")
for k, v in sorted(rows, key=lambda kv: -kv[1]):
    if v < 8: continue  # [vdso], [vvar]
    files = sum(count[o] for o in others) if k == "other libraries" else count[k]
    print(f"| {k} | {files or '—'} | {v / 1024:.1f} |")
print(f"| total | {len(seen)} | {total / 1024:.1f} |")
if others:
    print("\nother libraries: " + ", ".join(f"{k[17:-1]} {rss[k] / 1024:.2f}" for k in sorted(others, key=lambda k: -rss[k])[:12]))
PY
