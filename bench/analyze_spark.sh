#!/usr/bin/env bash
# Benchmark of the engines of mirage analyze on one per-sample JSONL file (docs/PERFORMANCE.md, "Spark engine"):
# --engine local, then --engine spark --master local[1] and local[2], end to end (JVM start, Spark session, read,
# score, analyse, write; no report), each under /usr/bin/time (wall, user, sys, max RSS), with the load average
# before and after; then each Spark run's outputs are compared with the local run's (bench/CompareOutputs.java).
#
# Usage: bench/analyze_spark.sh [RECORDS]      (default 10000000: 10^7 records, about 2.4 GB)
#   env: BENCH_DIR  where the input is generated once and kept (default /tmp/mirage-bench)
#        HEAP       maximum heap of every run (default 4g)
#        RUNS       which runs, in order (default "local spark1 spark2"; a run may repeat: "spark1 spark2 spark1 spark2")
#        SPLIT      split size of the Spark engine in bytes (default: the engine's, 128 MiB)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RECORDS="${1:-10000000}"
DIR="${BENCH_DIR:-/tmp/mirage-bench}"
HEAP="${HEAP:-4g}"
RUNS="${RUNS:-local spark1 spark2}"
mkdir -p "$DIR"
IN="$DIR/samples-$RECORDS.jsonl"
if [ ! -f "$IN" ]; then
  tmp="$IN.tmp.$$"
  java "$ROOT/bench/GenerateSamples.java" "$tmp" "$RECORDS" 1 && mv "$tmp" "$IN"
fi
"$ROOT/mirage" --version >/dev/null                                   # builds, outside the timing
"$ROOT/mirage" analyze --engine spark --help >/dev/null 2>&1 || true  # builds the Spark engine, outside the timing
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "input: $IN ($(du -h "$IN" | cut -f1), $RECORDS records); heap $HEAP; $(nproc) processors; $(java -version 2>&1 | head -1)"
for run in $RUNS; do
  out="$DIR/out-$run-$RECORDS"
  rm -rf "$out"
  args=(analyze "$IN" --no-report --threads 2 --out "$out")
  case "$run" in
    local) ;;
    spark1) args+=(--engine spark --master 'local[1]') ;;
    spark2) args+=(--engine spark --master 'local[2]') ;;
    *) echo "unknown run $run" >&2; exit 2 ;;
  esac
  [ -n "${SPLIT:-}" ] && [ "$run" != local ] && args+=(--engine-conf "mirage.split.bytes=$SPLIT")
  before="$(load)"
  MIRAGE_JAVA_OPTS="-Xmx$HEAP" /usr/bin/time -o "$DIR/time-$run" -f "wall %e s, user %U s, sys %S s, max RSS %M KB" \
    "$ROOT/mirage" "${args[@]}" > "$DIR/stdout-$run" 2> "$DIR/stderr-$run"
  echo "$run: $(cat "$DIR/time-$run"); load before $before, after $(load)"
  grep '^time:' "$DIR/stderr-$run" | sed 's/^/  mirage: /'
  if [ "$run" != local ]; then
    echo "  spark: $(grep -oE '"(session_seconds|pass1_seconds|score_task_seconds|digest_task_seconds|executor_cpu_seconds|shuffle_write_bytes|task_result_bytes)" : [0-9.E]+' "$out/provenance.json" | tr -d '"' | tr '\n' ' ')"
  fi
done
for run in $RUNS; do
  [ "$run" = local ] && continue
  echo "outputs of $run against local:"
  java "$ROOT/bench/CompareOutputs.java" "$DIR/out-local-$RECORDS" "$DIR/out-$run-$RECORDS" | sed 's/^/  /' || true
done
