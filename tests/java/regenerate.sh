#!/usr/bin/env bash
# Regenerates the differential-test cases and the Java goldens.
#
#   tests/java/regenerate.sh
#
# Needs a JDK 17 or later (`java` on PATH); the Rust test itself does not need
# Java, because the cases and goldens are committed. The output is
# deterministic: running this twice gives identical files.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

java -version 2>&1 | head -n 1 >&2
java GenerateCases.java cases
java PropertiesOracle.java cases golden
