#!/usr/bin/env bash
# Fetches Kafka's own jars, with their runtime dependencies, for the Kafka
# oracle (tests/kafka_oracle.rs) and the ConfigDef dump (tests/kafka/dump-catalog.sh).
#
#   tests/kafka/fetch-jars.sh [--streams-connect] [VERSION...]
#
# With --streams-connect, Kafka Streams (kafka-streams) and the Connect worker
# (connect-runtime) with their runtime dependencies land beside, in
# <version>/streams-connect/ (marker `.complete` there): the ConfigDef dump of
# the streams and connect roles needs them, the oracle does not.
#
# Each version lands in $KAFKA_JARS_CACHE/<version>/ (default
# target/kafka-jars/<version>/) as plain jars; a version whose directory holds
# the marker file `.complete` is skipped, so the script is idempotent and a
# cache survives between runs. Maven resolves the artifacts by coordinates
# (through its own local repository, ~/.m2), so nothing but `mvn` is needed.
#
# Which versions: Maven Central serves every Kafka release the catalog covers
# (0.9.0.1 is the oldest line in the catalog; 0.8.x is served too but is older
# than the catalog) up to 4.4.0, the newest. The default set is the newest
# patch release of every release line from 0.9.0 to 4.4, one per catalog
# version, so that every line kafkalint knows is checked against the code it
# describes; patch releases of one line share their ConfigDefs except for bug
# fixes (4.0.0 and 4.1.0 dump the same as 4.0.2 and 4.1.2). A fresh fetch of
# the whole set is about 1 GB (some ten minutes on a busy 2-core machine);
# with Maven's own repository (~/.m2) warm it is a copy, and a cached set is
# checked in a second.
#
# Which artifacts: the broker's core module (kafka_<scala>), which brings
# kafka-clients (ProducerConfig, ConsumerConfig, AdminClientConfig), the
# broker's KafkaConfig, the topic's LogConfig (core up to 3.5, kafka-storage
# from 3.6) and their runtime dependencies (scala-library, zstd-jni, which
# the 3.8+ compression-level validators load, and the rest). The Scala build:
# 2.11 up to 0.10.1, 2.12 up to 2.3, 2.13 from 2.4 (the only one from 4.0);
# any build will do, the configuration code is the same.
set -euo pipefail

DEFAULT_VERSIONS=(
  0.9.0.1 0.10.0.1 0.10.1.1 0.10.2.2 0.11.0.3
  1.0.2 1.1.1
  2.0.1 2.1.1 2.2.2 2.3.1 2.4.1 2.5.1 2.6.3 2.7.2 2.8.2
  3.0.2 3.1.2 3.2.3 3.3.2 3.4.1 3.5.2 3.6.2 3.7.2 3.8.1 3.9.1
  4.0.2 4.1.2 4.2.2 4.3.1 4.4.0
)

root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${KAFKA_JARS_CACHE:-$root/target/kafka-jars}"

streams_connect=false
if [ "${1:-}" = "--streams-connect" ]; then
  streams_connect=true
  shift
fi

if [ "$#" -gt 0 ]; then
  versions=("$@")
else
  versions=("${DEFAULT_VERSIONS[@]}")
fi

scala_for() {
  case "$1" in
    0.9.* | 0.10.0.* | 0.10.1.*) echo 2.11 ;;
    0.* | 1.* | 2.[0-3].*) echo 2.12 ;;
    *) echo 2.13 ;;
  esac
}

mkdir -p "$cache"
for version in "${versions[@]}"; do
  dest="$cache/$version"
  scala="$(scala_for "$version")"
  artifacts=("kafka_$scala")
  if [ "$streams_connect" = true ]; then
    dest="$cache/$version/streams-connect"
    artifacts=(kafka-streams connect-runtime)
    case "$version" in
      0.9.*) artifacts=(connect-runtime) ;; # Kafka Streams arrived in 0.10.0
    esac
  fi
  if [ -f "$dest/.complete" ]; then
    continue
  fi
  dependencies=""
  for artifact in "${artifacts[@]}"; do
    # The worker's configuration does not need the bundled transformations,
    # and the repository lacks connect-transforms for some releases (0.10.2.2).
    exclusions=""
    if [ "$artifact" = connect-runtime ]; then
      exclusions="<exclusions><exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-transforms</artifactId></exclusion></exclusions>"
    fi
    dependencies+="    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>$artifact</artifactId>
      <version>$version</version>
      $exclusions
    </dependency>
"
  done
  work="$(mktemp -d)"
  cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kafkalint</groupId>
  <artifactId>kafka-oracle-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
$dependencies  </dependencies>
</project>
POM
  echo "fetch-jars: Kafka $version (${artifacts[*]} and their runtime dependencies)" >&2
  rm -rf "$dest.partial"
  mvn -B -q -Dstyle.color=never -f "$work/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$dest.partial"
  rm -rf "$work" "$dest"
  touch "$dest.partial/.complete"
  mv "$dest.partial" "$dest"
done
