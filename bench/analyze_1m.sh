#!/usr/bin/env bash
# Benchmark: mirage analyze on 1,000,000 synthetic series of 8 points each (8M rows of long CSV), end to end
# (JVM start, read, analyse, verdicts, backtests, write series.csv / emergence.csv / by_metric.csv / verdicts.csv /
# backtest.csv / provenance.json; the report is not written above --report-max-series), with default options.
#
# Usage: bench/analyze_1m.sh [SERIES] [THREADS]
#   env: BENCH_DIR   where the input is generated once and kept (default /tmp/mirage-bench)
#        HEAP        maximum heap (default 512m: memory does not grow with the input, see docs/PERFORMANCE.md)
#        REPEAT      runs (default 1); the best wall time is reported
#        KEEP_OUT    keep the last run's output directory (default: removed)
#
# Prints for every run the 1-minute/5-minute/15-minute load average before and after it (the machine may be
# shared: timings are noisy, compare runs at similar load), mirage's own phase timings, and
#   wall S s, user S s, sys S s, max RSS KB
# then the best wall time. The input is generated once (seeded, bench/GenerateLongCsv.java) and reused.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERIES="${1:-1000000}"
THREADS="${2:-2}"
DIR="${BENCH_DIR:-/tmp/mirage-bench}"
HEAP="${HEAP:-512m}"
REPEAT="${REPEAT:-1}"
mkdir -p "$DIR"
IN="$DIR/long-${SERIES}x8.csv"
if [ ! -f "$IN" ]; then
  tmp="$IN.tmp.$$"
  java "$ROOT/bench/GenerateLongCsv.java" "$tmp" "$SERIES" 8 1 && mv "$tmp" "$IN"
fi
"$ROOT/mirage" --version >/dev/null   # builds mirage when needed, outside the timing
JAR="$ROOT/mirage-cli/target/mirage-cli.jar"
OUT="$(mktemp -d "$DIR/out.XXXXXX")"
TIMES="$(mktemp "$DIR/time.XXXXXX")"
trap 'rm -f "$TIMES"; [ -n "${KEEP_OUT:-}" ] || rm -rf "$OUT"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "input: $IN ($(du -h "$IN" | cut -f1)); threads $THREADS; heap $HEAP; $(nproc) processors; $(java -version 2>&1 | head -1)"
best=""
for run in $(seq 1 "$REPEAT"); do
  rm -rf "$OUT"/*
  before="$(load)"
  /usr/bin/time -o "$TIMES" -f "wall %e s, user %U s, sys %S s, max RSS %M KB" \
    java -Xmx"$HEAP" -XX:ActiveProcessorCount="$THREADS" -jar "$JAR" analyze "$IN" --threads "$THREADS" --out "$OUT" \
    >"$OUT.stdout" 2>"$OUT.stderr" || { cat "$OUT.stderr" >&2; rm -f "$OUT.stdout" "$OUT.stderr"; exit 1; }
  after="$(load)"
  wall="$(sed -n 's/^wall \([0-9.]*\) s.*/\1/p' "$TIMES")"
  echo "run $run: $(cat "$TIMES"); load average before: $before, after: $after"
  echo "  mirage: $(grep '^time:' "$OUT.stderr" | sed 's/^time: //')"
  rm -f "$OUT.stdout" "$OUT.stderr"
  if [ -z "$best" ] || awk "BEGIN {exit !($wall < $best)}"; then best="$wall"; fi
done
echo "best wall time: $best s over $REPEAT run(s) ($SERIES series, $THREADS threads, heap $HEAP)"
[ -z "${KEEP_OUT:-}" ] || { ls -la "$OUT"; echo "output kept in $OUT"; }
