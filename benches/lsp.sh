#!/usr/bin/env bash
# The language server's bounds (issue 10; see benches/README.md): diagnostics within
# 50 ms (p95) of a change to a 1,000-line file, and resident memory flat over 10,000
# edits. Builds --release unless KAFKALINT names a binary; EDITS sets the edit count.
# Exits 0 when met, 1 when a bound is exceeded, 2 when it cannot run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
if [[ -n ${KAFKALINT:-} ]]; then
    bin=$KAFKALINT
else
    echo "building: cargo build --release" >&2
    cargo build --release --quiet --manifest-path "$root/Cargo.toml" || exit 2
    bin=$root/target/release/kafkalint
fi
[[ -x $bin ]] || { echo "benches/lsp.sh: no kafkalint binary at $bin" >&2; exit 2; }
exec python3 "$here/lsp_bench.py" "$bin"
