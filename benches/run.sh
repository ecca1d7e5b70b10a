#!/usr/bin/env bash
# Performance targets of kafkalint (issue 12; see benches/README.md). Wall-time ratios are of
# medians over interleaved runs; peak memory is GNU time's maximum resident set size.
#   (a) one small file:          kafkalint check  <= 2x  cat FILE
#   (b) a tree of 5,000 files:   kafkalint check  <= 2x  find TREE -type f -exec cat {} +  (aim 1.5x)
#   (c) peak RSS, the tree, in concise, json and sarif: <= 32 MB each
#   (d) RSS growth with the file count: 20,000 files against 5,000, flat (<= 4 MB more)
#   (e) a 400,000-line file: <= 0.5 s, <= 64 MB
#   (f) 400,000 findings as json and as sarif: <= 200 MB each
#   (g) explain KEY:              kafkalint explain acks  <= 2x  cat FILE
# Regression guards kept from earlier hunts: a 5 MB single-line file < 64 MB; 400,000 unknown
# broker keys < 10 s and < 640 MB; hostile shapes that were once quadratic < 10 s each.
# Exits 1 if a bound is exceeded, 2 if the benchmark itself cannot run.
#
# Environment: RUNS (timed runs per command, default 30), ROUNDS (the runs are split into
# this many alternating rounds of baseline and kafkalint, default 5), WARMUP (default 3),
# FILES (tree size, default 5000), MANY_FILES (default 20000), KEEP=1 keeps the generated
# inputs, KAFKALINT=path skips the build and measures that binary, DYNAMIC=1 measures the
# plain (dynamically linked) release build on Linux x86_64, BENCH_TIMER=loop and
# BENCH_RSS=proc force the fallbacks used when hyperfine or GNU time is missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
runs=${RUNS:-30}
rounds=${ROUNDS:-5}
warmup=${WARMUP:-3}
files=${FILES:-5000}
many_files=${MANY_FILES:-20000}
time_bound=2
tree_aim=1.5
rss_bound_mb=32
growth_bound_mb=4
lines_bound_s=0.5
lines_rss_bound_mb=64
findings_rss_bound_mb=200
long_rss_bound_mb=64
unknown_bound_s=10
hostile_bound_s=10
rss_unknown_bound_mb=640

die() {
    echo "benches/run.sh: $*" >&2
    exit 2
}

# --- build -------------------------------------------------------------------------
# The release binary: on Linux x86_64 the static one (`cargo static-release`,
# .cargo/config.toml), elsewhere the plain release build. DYNAMIC=1 measures
# the plain build on Linux x86_64 too.
if [[ -n ${KAFKALINT:-} ]]; then
    bin=$KAFKALINT
else
    target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" |
        sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
    target_dir=${target_dir:-$root/target}
    host=$(rustc -vV | sed -n 's/^host: //p')
    if [[ $host == x86_64-unknown-linux-gnu && ${DYNAMIC:-0} != 1 ]]; then
        echo "building: cargo static-release" >&2
        (cd "$root" && cargo static-release --quiet) || die "cargo static-release failed"
        bin=$target_dir/$host/release/kafkalint
    else
        echo "building: cargo build --release" >&2
        cargo build --release --quiet --manifest-path "$root/Cargo.toml" || die "cargo build --release failed"
        bin=$target_dir/release/kafkalint
    fi
fi
echo "measuring $bin" >&2
[[ -x $bin ]] || die "no kafkalint binary at $bin"

# --- inputs ------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/kafkalint-bench.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
    echo "inputs kept in $work" >&2
else
    trap 'rm -rf "$work"' EXIT
fi
tree=$work/tree
small=$work/producer.properties
many=$work/many-lines.properties
long=$work/long-line.properties

echo "generating $files files in $tree and $many_files in $work/many-files" >&2
awk -v root="$tree" -v files="$files" -f "$here/gen-tree.awk" || die "gen-tree.awk failed"
awk -v root="$work/many-files" -v files="$many_files" -f "$here/gen-tree.awk" || die "gen-tree.awk failed"

# A realistic small producer file with three mistakes (about 1 KB).
cat >"$small" <<'EOF'
# orders-api producer (orders, prod): durable, ordered, idempotent.
bootstrap.servers=kafka-1.prod.example.com:9092,kafka-2.prod.example.com:9092,kafka-3.prod.example.com:9092
client.id=orders-api-producer

key.serializer=org.apache.kafka.common.serialization.StringSerializer
value.serializer=io.confluent.kafka.serializers.KafkaAvroSerializer
schema.registry.url=https://schema-registry.prod.example.com

# Durability
acks=all
enable.idempotence=true
max.in.flight.requests.per.connection=5
retries=2147483647
delivery.timeout.ms=120000
request.timeout.ms=30000

# Throughput
lingr.ms=20
batch.size=65536
compression.type=zstd
buffer.memory=67108864

security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
ssl.truststore.location=/etc/kafka/ssl/prod.truststore.jks
config.providers=file
config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
sasl.jaas.config=${file:/etc/kafka/secrets/orders-api.properties:sasl.jaas.config}
acks=ALL
EOF

# 400,000 `key.N=value` lines, four of them setting a key again.
awk 'BEGIN { for (i = 0; i < 400000; i++) {
    n = (i == 100000 || i == 200000 || i == 300000) ? 7 : (i == 399999 ? 123 : i)
    print "key." n "=value" } }' >"$many"
# (f): shapes that defeated a pairwise algorithm once.
awk 'BEGIN { for (i = 0; i < 400000; i++) print "acks=ALL" }' >"$work/duplicates.properties"
awk 'BEGIN { for (i = 0; i < 200000; i++) { print "# kafkalint: disable=K101"; print "lingr.ms" i "=5" } }' \
    >"$work/suppressions.properties"
awk 'BEGIN { printf "listeners="; for (i = 0; i < 100000; i++) printf "L%d://:%d,", i, 9000 + i % 50000; print "" }' \
    >"$work/listeners.properties"
# `key=` and 5 MiB of `a` on one line.
awk 'BEGIN { s = "aaaaaaaaaaaaaaaa"; while (length(s) < 5242880) s = s s
    printf "key=%s\n", substr(s, 1, 5242880) }' >"$long"

count=$(find "$tree" -type f -name '*.properties' | wc -l)
[[ $count -eq $files ]] || die "expected $files generated files, found $count"

# --- timing ------------------------------------------------------------------------
# compare NAME BASELINE KAFKALINT: prints "base_median base_min kl_median kl_min" in ms, over
# RUNS runs of each command line, in ROUNDS alternating rounds (so that a change in the
# machine's load weighs on both sides), after WARMUP runs. Exit status 1 (findings) is the
# expected outcome of the check, so exit statuses are ignored.
per_round=$(((runs + rounds - 1) / rounds))
# stats FILE: "median min" in ms of the seconds listed one per line in FILE.
stats() {
    sort -g "$1" | awk '{ t[NR] = $1 } END {
        m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
        printf "%.3f %.3f", m * 1000, t[1] * 1000 }'
}
if [[ ${BENCH_TIMER:-} != loop ]] && command -v hyperfine >/dev/null; then
    timer="hyperfine"
    # Quoted for hyperfine's own word splitting (it runs commands without a shell).
    q() { printf "'%s'" "$1"; }
    compare() {
        local json=$work/$1.json r
        : >"$work/$1.base"
        : >"$work/$1.kl"
        for ((r = 0; r < rounds; r++)); do
            hyperfine --shell=none --ignore-failure --style none --warmup "$warmup" --runs "$per_round" \
                --export-json "$json" -n baseline "$2" -n kafkalint "$3" >"$work/$1.log" 2>&1 ||
                { cat "$work/$1.log" >&2; die "hyperfine failed"; }
            # The "times" array of each command, one number a line.
            awk -v base="$work/$1.base" -v kl="$work/$1.kl" '
                /"command": "baseline"/ { to = base } /"command": "kafkalint"/ { to = kl }
                /"times": \[/ { inside = 1; next } inside && /\]/ { inside = 0 }
                inside { gsub(/[ ,]/, ""); print >> to }' "$json"
        done
        echo "$(stats "$work/$1.base") $(stats "$work/$1.kl")"
    }
else
    q() { printf '%q' "$1"; }
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        timer="a bash loop over \$EPOCHREALTIME (hyperfine gives better statistics: apt-get install hyperfine)"
    else
        timer="a bash loop over date +%s%N, which adds a fork to each run (hyperfine is better: apt-get install hyperfine)"
    fi
    now_us() { if [[ -n ${EPOCHREALTIME:-} ]]; then echo "${EPOCHREALTIME/[.,]/}"; else echo $(($(date +%s%N) / 1000)); fi; }
    once() { # COMMAND TIMES_FILE: runs it once, appends its wall time in seconds
        local start end
        start=$(now_us)
        eval "$1" >/dev/null 2>&1 || true
        end=$(now_us)
        awk -v t="$((10#$end - 10#$start))" 'BEGIN { printf "%.6f\n", t / 1e6 }' >>"$2"
    }
    compare() {
        local i
        : >"$work/$1.base"
        : >"$work/$1.kl"
        for ((i = 0; i < warmup; i++)); do eval "$2" >/dev/null 2>&1 || true; eval "$3" >/dev/null 2>&1 || true; done
        # Alternating run by run.
        for ((i = 0; i < runs; i++)); do
            once "$2" "$work/$1.base"
            once "$3" "$work/$1.kl"
        done
        echo "$(stats "$work/$1.base") $(stats "$work/$1.kl")"
    }
fi

echo "timing with $timer, $runs runs each in $rounds rounds" >&2
compare small "cat $(q "$small")" "$(q "$bin") check --format concise $(q "$small")" >"$work/small.ms"
read -r small_cat_med small_cat_min small_kl_med small_kl_min <"$work/small.ms"
compare tree "find $(q "$tree") -type f -exec cat {} +" \
    "$(q "$bin") check --format concise $(q "$tree")" >"$work/tree.ms"
read -r tree_cat_med tree_cat_min tree_kl_med tree_kl_min <"$work/tree.ms"
compare explain "cat $(q "$small")" "$(q "$bin") explain acks" >"$work/explain.ms"
read -r explain_cat_med explain_cat_min explain_kl_med explain_kl_min <"$work/explain.ms"

# --- peak memory -------------------------------------------------------------------
# peak_kb COMMAND...: the command's peak resident set size in KiB.
if [[ ${BENCH_RSS:-} != proc ]] && [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
    rss_tool="/usr/bin/time -v"
    peak_kb() {
        local report=$work/time.txt
        /usr/bin/time -o "$report" -v "$@" >/dev/null 2>&1 || true
        sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$report"
    }
else
    rss_tool="VmHWM from /proc polled every 2 ms, a lower bound (exact: apt-get install time)"
    peak_kb() {
        "$@" >/dev/null 2>&1 &
        local pid=$! hwm=0 v
        while kill -0 "$pid" 2>/dev/null; do
            v=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status" 2>/dev/null || true)
            [[ -n $v && $v -gt $hwm ]] && hwm=$v
            sleep 0.002
        done
        wait "$pid" || true
        echo "$hwm"
    }
fi
echo "peak memory with $rss_tool" >&2
rss_tree=$(peak_kb "$bin" check --format concise "$tree")
rss_tree_json=$(peak_kb "$bin" check --format json "$tree")
rss_tree_sarif=$(peak_kb "$bin" check --format sarif "$tree")
rss_many_files=$(peak_kb "$bin" check --format concise "$work/many-files")
rss_many=$(peak_kb "$bin" check --format concise "$many")
rss_long=$(peak_kb "$bin" check --format concise "$long")
rss_findings_json=$(peak_kb "$bin" check --format json --role producer "$work/duplicates.properties")
rss_findings_sarif=$(peak_kb "$bin" check --format sarif --role producer "$work/duplicates.properties")
rss_unknown=$(peak_kb "$bin" check --format concise --role broker "$many")
# The 400,000-line file: the median of a few runs (hyperfine's or the loop's), cat aside.
compare lines "cat $(q "$many")" "$(q "$bin") check --format concise $(q "$many")" >"$work/lines.ms"
read -r _ _ lines_kl_med _ <"$work/lines.ms"
lines_s=$(awk -v m="$lines_kl_med" 'BEGIN { printf "%.2f", m / 1000 }')
now_ns() { if [[ -n ${EPOCHREALTIME:-} ]]; then echo "${EPOCHREALTIME/[.,]/}000"; else date +%s%N; fi; }
start_ns=$(now_ns)
"$bin" check --format concise --role broker "$many" >/dev/null 2>&1 || true
unknown_s=$(awk -v a="$start_ns" -v b="$(now_ns)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
once_s() { # COMMAND...: one run's wall time in seconds
    local start
    start=$(now_ns)
    "$@" >/dev/null 2>&1 || true
    awk -v a="$start" -v b="$(now_ns)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'
}
hostile=(
    "400,000 duplicates of one key|--format concise --role producer $work/duplicates.properties"
    "200,000 suppression comments|--format concise --role producer $work/suppressions.properties"
    "100,000 listeners|--format concise --role broker $work/listeners.properties"
    "400,000 findings as SARIF|--format sarif --role producer $work/duplicates.properties"
)
hostile_s=()
for h in "${hostile[@]}"; do
    # shellcheck disable=SC2086 # the arguments are split on purpose
    hostile_s+=("$(once_s "$bin" check ${h#*|})")
done

# --- report ------------------------------------------------------------------------
within() { awk -v v="$1" -v b="$2" 'BEGIN { exit !(v <= b) }'; }
verdict() { if within "$1" "$2"; then echo ok; else echo OVER; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

small_ratio=$(ratio "$small_kl_med" "$small_cat_med")
tree_ratio=$(ratio "$tree_kl_med" "$tree_cat_med")
explain_ratio=$(ratio "$explain_kl_med" "$explain_cat_med")
growth_mb=$(awk -v a="$rss_many_files" -v b="$rss_tree" 'BEGIN { printf "%.1f", (a - b) / 1024 }')
verdicts=()
row_time() { # LABEL BASE_MEDIAN BASE_MIN KL_MEDIAN KL_MIN RATIO [NOTE]
    local v
    v=$(verdict "$6" "$time_bound")
    verdicts+=("$v")
    printf '%-38s %9.2f %9.2f %9.2f %9.2f %7sx %8s  %s%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "<= ${time_bound}x" "$v" "${7:-}"
}
row() { # LABEL VALUE UNIT BOUND
    local v
    v=$(verdict "$2" "$4")
    verdicts+=("$v")
    printf '%-38s %19s %9s %-2s %16s %9s  %s\n' "$1" "" "$2" "$3" "" "<= $4 $3" "$v"
}

echo
echo "$("$bin" --version) on $(nproc) CPU(s), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "tree: $files files, $(find "$tree" -type f -exec cat {} + | wc -c) bytes"
echo "timed with $timer, $runs runs in $rounds interleaved rounds; peak RSS with $rss_tool"
printf '%-38s %19s %19s %8s %8s\n' "wall time, ms" "baseline" "kafkalint" "ratio" "bound"
printf '%-38s %9s %9s %9s %9s %8s\n' "" "median" "min" "median" "min" "(medians)"
row_time "(a) small file vs cat" "$small_cat_med" "$small_cat_min" "$small_kl_med" "$small_kl_min" "$small_ratio"
aim=""
within "$tree_ratio" "$tree_aim" || aim=" (aim ${tree_aim}x not reached)"
row_time "(b) $files-file tree vs find|cat" "$tree_cat_med" "$tree_cat_min" "$tree_kl_med" "$tree_kl_min" "$tree_ratio" "$aim"
row_time "(g) explain acks vs cat" "$explain_cat_med" "$explain_cat_min" "$explain_kl_med" "$explain_kl_min" "$explain_ratio"
echo "peak RSS of kafkalint check"
row "(c) $files-file tree, concise" "$(mb "$rss_tree")" MB "$rss_bound_mb"
row "(c) $files-file tree, json" "$(mb "$rss_tree_json")" MB "$rss_bound_mb"
row "(c) $files-file tree, sarif" "$(mb "$rss_tree_sarif")" MB "$rss_bound_mb"
printf '%-38s %19s %9s MB for %s files\n' "(d) $many_files-file tree, concise" "" "$(mb "$rss_many_files")" "$many_files"
row "(d) growth from $files to $many_files files" "$growth_mb" MB "$growth_bound_mb"
row "(e) 400,000-line file, median wall" "$lines_s" s "$lines_bound_s"
row "(e) 400,000-line file, peak RSS" "$(mb "$rss_many")" MB "$lines_rss_bound_mb"
row "(f) 400,000 findings, json" "$(mb "$rss_findings_json")" MB "$findings_rss_bound_mb"
row "(f) 400,000 findings, sarif" "$(mb "$rss_findings_sarif")" MB "$findings_rss_bound_mb"
echo "regression guards"
row "5 MB single-line file, peak RSS" "$(mb "$rss_long")" MB "$long_rss_bound_mb"
row "400,000 unknown broker keys, RSS" "$(mb "$rss_unknown")" MB "$rss_unknown_bound_mb"
row "400,000 unknown broker keys, one run" "$unknown_s" s "$unknown_bound_s"
for i in "${!hostile[@]}"; do
    row "${hostile[$i]%%|*}" "${hostile_s[$i]}" s "$hostile_bound_s"
done

for v in "${verdicts[@]}"; do
    if [[ $v != ok ]]; then
        echo "FAIL: a bound is exceeded"
        exit 1
    fi
done
echo "all bounds met"
