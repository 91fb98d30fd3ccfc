#!/usr/bin/env bash
# Makes the screenshots of the report shown in the README (docs/screenshots/*.png): runs the demo into a
# temporary folder, then drives headless Chromium over the DevTools protocol (mirage-report's
# Screenshots test class) on the demo's report and on the report of the arithmetic-like test fixture.
# Needs chromium (scripts/setup.sh installs it as root). Usage: scripts/screenshots.sh [DEMO_DIR]
# (an existing demo folder, e.g. ./mirage-demo, instead of running the demo again).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
demo="${1:-}"
if [ -z "$demo" ]; then
  demo="$tmp/demo"
  ./mirage demo --out "$demo"
fi
demo="$(cd "$demo" && pwd)"
mvn -q -B -pl mirage-report -am test -Dtest=Screenshots -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmirage.screenshots="$PWD/docs/screenshots" -Dmirage.screenshots.demo="$demo"
ls -l docs/screenshots
