#!/usr/bin/env bash
# Dumps Kafka's own ConfigDefs (producer, consumer, admin, broker, topic,
# streams and the connect worker's DistributedConfig) from
# the jars into catalog files that tools/catalog-gen reads beside
# ../shared/kafka-catalog: the catalog lines newer than the documentation
# snapshot there come from the code itself.
#
#   tests/kafka/dump-catalog.sh [-o OUT_DIR] [LINE=JAR_VERSION...]
#
# Default: 4.0=4.0.2 4.1=4.1.2 4.2=4.2.2 4.3=4.3.1 4.4=4.4.0 into tools/catalog-gen/configdef/,
# each line from its newest patch release (the site's documentation of a line
# follows its patch releases too). Then regenerate the tables:
#
#   cargo run -p catalog-gen -- ../shared/kafka-catalog src/catalog/data tools/catalog-gen/configdef
#
# To compare the jars with the hand-transcribed 4.0 and 4.1 tables, dump those
# lines elsewhere and generate from that folder, e.g.
#   tests/kafka/dump-catalog.sh -o /tmp/dumped 4.0=4.0.0 4.1=4.1.0
# The same comparison for the hand-written 0.9.0 and 0.10.0 tables (the dump
# leaves out roles a release has no ConfigDef for, such as admin before 0.11)
# gave the topic keys in tools/catalog-gen/topic-keys-from-source.json:
#   tests/kafka/dump-catalog.sh -o /tmp/dumped 0.9.0=0.9.0.1 0.10.0=0.10.0.1
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${KAFKA_JARS_CACHE:-$root/target/kafka-jars}"
out="$root/tools/catalog-gen/configdef"
if [ "${1:-}" = "-o" ]; then
  out="$2"
  shift 2
fi
pairs=("$@")
if [ "${#pairs[@]}" -eq 0 ]; then
  pairs=(4.0=4.0.2 4.1=4.1.2 4.2=4.2.2 4.3=4.3.1 4.4=4.4.0)
fi

mkdir -p "$out"
for pair in "${pairs[@]}"; do
  line="${pair%%=*}"
  jars="${pair#*=}"
  "$here/fetch-jars.sh" "$jars"
  "$here/fetch-jars.sh" --streams-connect "$jars"
  java -cp "$cache/$jars/*:$cache/$jars/streams-connect/*" "$here/KafkaOracle.java" dump "$line" "$jars" "$out/$line.json"
  echo "dump-catalog: $out/$line.json (Kafka $jars)" >&2
done
