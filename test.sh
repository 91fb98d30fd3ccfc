#!/usr/bin/env bash
# Runs every test of mirage on a fresh machine: first installs what the tests need and is missing
# (scripts/setup.sh), then the Maven build with all tests (unit, integration, browser).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
# Where setup.sh can install chromium (root) or in CI, the browser tests must run: a missing browser fails them.
if [ -z "${MIRAGE_REQUIRE_BROWSER:-}" ] && { [ "$(id -u)" = 0 ] || [ -n "${CI:-}" ]; }; then
  export MIRAGE_REQUIRE_BROWSER=1
fi
mvn -B -ntp verify
# Benchmarks are not tests: this only checks that the comparison runs on tiny inputs (no speed asserts).
# It exits 0 when Python peers cannot be set up (it names the skipped ones), non-zero when mirage's side fails.
bench/compare.sh --tiny
