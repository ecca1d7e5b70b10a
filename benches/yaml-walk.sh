#!/usr/bin/env bash
# Discovery cost of the YAML carriers (issue 11): walking a tree of 10,000 YAML files
# that no carrier takes (GitHub workflows, Kubernetes Deployments, OpenAPI documents)
# costs no more than 1.5x `find TREE -type f -exec cat {} +` on them. kafkalint reads
# only the first 8 KB of a YAML file whose name no carrier claims, to look for a
# Strimzi signature; it lints none of these files.
# Exits 1 if the bound is exceeded, 2 if the benchmark itself cannot run.
#
# Environment: RUNS (default 20), WARMUP (default 3), FILES (default 10000), KEEP=1
# keeps the tree, KAFKALINT=path measures that binary instead of building one.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
runs=${RUNS:-20}
warmup=${WARMUP:-3}
files=${FILES:-10000}
bound=1.5

die() {
    echo "benches/yaml-walk.sh: $*" >&2
    exit 2
}

command -v hyperfine >/dev/null || die "hyperfine is needed (apt-get install hyperfine)"
if [[ -n ${KAFKALINT:-} ]]; then
    bin=$KAFKALINT
else
    cargo build --release --quiet --manifest-path "$root/Cargo.toml" || die "cargo build --release failed"
    bin=$root/target/release/kafkalint
fi
[[ -x $bin ]] || die "no kafkalint binary at $bin"

work=$(mktemp -d "${TMPDIR:-/tmp}/kafkalint-yaml-walk.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
    echo "tree kept in $work" >&2
else
    trap 'rm -rf "$work"' EXIT
fi
tree=$work/tree

# Three kinds of unrelated YAML, 100 files a directory, a few KB each.
awk -v files="$files" -v tree="$tree" '
function workflow(f, i) {
    print "name: build " i > f
    print "on:\n  push:\n    branches: [main]\n  pull_request:" > f
    print "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:" > f
    for (s = 0; s < 20; s++) print "      - name: step " s "\n        run: make target-" s " # kafka.bootstrap=no" > f
}
function deployment(f, i) {
    print "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-" i "\nspec:\n  replicas: 3" > f
    print "  template:\n    spec:\n      containers:\n        - name: app\n          image: example/app:" i > f
    print "          env:" > f
    for (s = 0; s < 30; s++) print "            - name: KAFKA_VAR_" s "\n              value: \"" s "\"" > f
}
function openapi(f, i) {
    print "openapi: 3.0.0\ninfo:\n  title: api " i "\n  version: 1.0.0\npaths:" > f
    for (s = 0; s < 25; s++) print "  /items/" s ":\n    get:\n      responses:\n        \"200\":\n          description: ok" > f
}
BEGIN {
    for (i = 0; i < files; i++) {
        dir = tree "/d" int(i / 100)
        if (i % 100 == 0) system("mkdir -p " dir)
        kind = i % 3
        if (kind == 0) { f = dir "/workflow-" i ".yml"; workflow(f, i) }
        else if (kind == 1) { f = dir "/deploy-" i ".yaml"; deployment(f, i) }
        else { f = dir "/openapi-" i ".yaml"; openapi(f, i) }
        close(f)
    }
}' || die "cannot generate the tree"

out=$work/result.json
hyperfine --shell=none --ignore-failure --style none --warmup "$warmup" --runs "$runs" \
    --export-json "$out" \
    "$bin check --no-config --format concise $tree" \
    "find $tree -type f -exec cat {} +" >/dev/null || die "hyperfine failed"

mean() { sed -n "s/.*\"mean\": *\([0-9.e-]*\).*/\1/p" "$out" | sed -n "$1p"; }
lint=$(mean 1)
cat_=$(mean 2)
ratio=$(awk -v a="$lint" -v b="$cat_" 'BEGIN { printf "%.2f", a / b }')
printf 'kafkalint check: %.1f ms   find -exec cat: %.1f ms   ratio %s (bound %s) over %d YAML files\n' \
    "$(awk -v a="$lint" 'BEGIN { print a * 1000 }')" "$(awk -v a="$cat_" 'BEGIN { print a * 1000 }')" \
    "$ratio" "$bound" "$files"
# kafkalint finds nothing in these files, and says nothing.
printed=$("$bin" check --no-config --format concise "$tree" 2>&1 || true)
[[ -z $printed ]] || { echo "kafkalint printed on unrelated YAML: $printed" >&2; exit 1; }
awk -v r="$ratio" -v b="$bound" 'BEGIN { exit !(r <= b) }' || { echo "bound exceeded" >&2; exit 1; }
