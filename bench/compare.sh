#!/usr/bin/env bash
# Runs the same workloads in mirage and in the reference implementations a mirage user would otherwise
# use, on the same generated (seeded) inputs, in one run, and prints a table of throughputs and ratios
# ("mirage is Nx" = mirage's throughput / the peer's, at the same workload, size and thread count):
#   edit distance   mirage (token lists; also character strings) vs rapidfuzz process.cpdist (workers 1, 2)
#                   and python-Levenshtein, 1-8 / 32-64 / 300-600 tokens
#   bootstrap       mirage's paired bootstrap vs numpy (gather, bincount, multinomial), R x N items x 10 models
#   emergence score mirage (EmergenceScore.of, as analyze) vs numpy vectorised, S curves x 8 points
#   training step   mirage/DJL vs PyTorch for Python, the ~1M-parameter transformer, 1 and 2 threads
#   analysis        mirage analyze end to end on S series (bench/analyze_1m.sh), wall time
# The machine's 1-minute load average is recorded before each workload: on a shared machine timings
# are noisy, and the load says how noisy.
#
# Usage: bench/compare.sh [--tiny] [--out DIR] [--only edit,bootstrap,emergence,train,analyze] [--skip-analyze]
#   --tiny   small inputs, short timings, 1 thread, no analyze run: a check that everything runs (CI),
#            not a measurement
#   --out    where inputs, results.tsv, results.csv and load.txt go (default /tmp/mirage-compare[-tiny])
#   --only   run only these workloads (default: all)
# Env: MIRAGE_BENCH_PYTHON: a Python to use for the peers (skips the set-up below).
#
# Python set-up (says which was used): MIRAGE_BENCH_PYTHON; else bench/.venv when it imports the peers;
# else a new bench/.venv made with `python3 -m venv` and `pip install numpy rapidfuzz levenshtein torch`
# (this machine's pip installs from its local wheel store); else Debian's interpreter /usr/bin/python3
# with python3-numpy / python3-levenshtein / python3-torch (torch 1.13 there, much slower: the table
# says which torch), installed with apt-get when root. Peers that still cannot be imported are skipped
# and named; the mirage side runs regardless and the script exits 0. It exits non-zero only when the
# mirage side fails.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TINY=0
OUT=""
ANALYZE=1
ONLY="edit,bootstrap,emergence,train,analyze"
while [ $# -gt 0 ]; do
  case "$1" in
    --tiny) TINY=1 ;;
    --out) OUT="$2"; shift ;;
    --skip-analyze) ANALYZE=0 ;;
    --only) ONLY="$2"; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "compare: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$OUT" ]; then
  OUT=/tmp/mirage-compare; [ "$TINY" = 1 ] && OUT=/tmp/mirage-compare-tiny
fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
IN="$OUT/inputs"; RES="$OUT/results.tsv"; LOAD="$OUT/load.txt"
rm -f "$RES" "$LOAD"
SIZE_FLAG=""; [ "$TINY" = 1 ] && SIZE_FLAG="--tiny"
THREADS=1,2; [ "$TINY" = 1 ] && THREADS=1   # tiny: one thread (a check that it runs, not a measurement)
say() { echo "compare: $*"; }
T_START=$(date +%s)

# ---------------------------------------------------------------- mirage side (build when needed)
JAR="$ROOT/mirage-bench/target/mirage-bench.jar"
stale() {
  [ -f "$JAR" ] && [ -d "$ROOT/mirage-bench/target/lib" ] || return 0
  [ -n "$(find "$ROOT"/pom.xml "$ROOT"/mirage-core "$ROOT"/mirage-io "$ROOT"/mirage-train "$ROOT"/mirage-bench \
      \( -path '*/src/main/*' -o -name pom.xml \) -newer "$JAR" -not -path '*/target/*' -print -quit 2>/dev/null)" ]
}
if stale; then
  say "building mirage-bench (mvn package -pl mirage-bench -am, tests skipped) ..."
  (cd "$ROOT" && { mvn -q -o -B -Dmaven.test.skip=true package -pl mirage-bench -am >/dev/null 2>&1 \
                   || mvn -q -B -Dmaven.test.skip=true package -pl mirage-bench -am; }) \
    || { echo "compare: building mirage-bench failed" >&2; exit 1; }
fi
JAVA=(java -Dai.djl.offline=true -Xmx3g -cp "$JAR")

# ---------------------------------------------------------------- Python peers
MODS=(numpy rapidfuzz Levenshtein torch)
missing_mods() {  # prints the modules the interpreter $1 cannot import
  local py="$1" m
  for m in "${MODS[@]}"; do "$py" -c "import $m" >/dev/null 2>&1 || printf '%s ' "$m"; done
}
PY=""; PY_HOW=""
if [ -n "${MIRAGE_BENCH_PYTHON:-}" ]; then
  PY="$MIRAGE_BENCH_PYTHON"; PY_HOW="MIRAGE_BENCH_PYTHON"
else
  VENV="$ROOT/bench/.venv"
  if [ -x "$VENV/bin/python" ] && [ -z "$(missing_mods "$VENV/bin/python")" ]; then
    PY="$VENV/bin/python"; PY_HOW="existing venv bench/.venv"
  elif command -v python3 >/dev/null; then
    say "setting up bench/.venv: python3 -m venv + pip install numpy rapidfuzz levenshtein torch (from pip's configured index / local wheel store) ..."
    if { [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" >/dev/null 2>&1; } \
       && timeout 600 "$VENV/bin/pip" install -q --retries 0 --disable-pip-version-check numpy rapidfuzz levenshtein torch >"$OUT/pip.log" 2>&1; then
      PY="$VENV/bin/python"; PY_HOW="new venv bench/.venv (pip)"
    else
      say "pip set-up failed (see $OUT/pip.log); trying Debian's packages"
    fi
  fi
  if [ -z "$PY" ] && [ -x /usr/bin/python3 ]; then
    DEB=(python3-numpy python3-levenshtein); [ "$TINY" = 0 ] && DEB+=(python3-torch)
    if [ -n "$(missing_mods /usr/bin/python3)" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing Debian's ${DEB[*]} (apt-get) for /usr/bin/python3 ..."
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${DEB[@]}" >"$OUT/apt.log" 2>&1 \
        || { apt-get update -q >>"$OUT/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${DEB[@]}" >>"$OUT/apt.log" 2>&1; } \
        || say "apt-get install failed (see $OUT/apt.log)"
    fi
    PY=/usr/bin/python3; PY_HOW="Debian's /usr/bin/python3 with python3-* packages"
  fi
fi
SKIPPED=""
if [ -n "$PY" ]; then
  SKIPPED="$(missing_mods "$PY")"
  say "python peers: $PY ($PY_HOW; $("$PY" --version 2>&1)); missing: ${SKIPPED:-none}"
else
  SKIPPED="${MODS[*]}"
  say "no Python found: every peer skipped"
fi
peer() {  # runs one peer workload when its module is importable; never fails the script
  local w="$1" need="$2"
  if [ -z "$PY" ] || [[ " $SKIPPED " == *" $need "* && "$w" != edit ]]; then
    say "skipped: $w peers ($need not importable)"; return 0
  fi
  "$PY" "$ROOT/bench/python/peers.py" "$w" --dir "$IN" --out "$RES" --threads "$THREADS" 2>&1 | sed 's/^/  peer: /' || say "peer $w failed (skipped)"
}
mirage() {
  "${JAVA[@]}" mirage.bench.CompareMain "$1" --dir "$IN" --out "$RES" --threads "$THREADS" $SIZE_FLAG 2>&1 | grep -v -e ' INFO ' -e 'CudaUtils' | sed 's/^/  mirage: /'
  [ "${PIPESTATUS[0]}" = 0 ] || { echo "compare: mirage side of '$1' failed" >&2; exit 1; }
}
load() {
  local l; l="$(uptime)"; echo "$1	$(date -u +%FT%TZ)	${l#*load average: }" >>"$LOAD"
  say "== $1   (uptime: $l)"
}

# ---------------------------------------------------------------- workloads, each side in turn
say "mode: $([ "$TINY" = 1 ] && echo tiny || echo full); $(nproc) processors; out: $OUT"
"${JAVA[@]}" mirage.bench.CompareMain prepare --dir "$IN" $SIZE_FLAG | sed 's/^/  /' || { echo "compare: preparing inputs failed" >&2; exit 1; }
want() { [[ ",$ONLY," == *",$1,"* ]]; }
want edit      && { load edit-distance;    mirage edit;      peer edit rapidfuzz; }
want bootstrap && { load paired-bootstrap; mirage bootstrap; peer bootstrap numpy; }
want emergence && { load emergence-score;  mirage emergence; peer emergence numpy; }
want train     && { load train-step;       mirage train;     peer train torch; }
want analyze   || ANALYZE=0

[ "$TINY" = 1 ] && ANALYZE=0 && say "analyze: skipped in --tiny mode (mirage analyze with its report takes ~30 s even on 10,000 series; mirage-cli's tests cover it)"
if [ "$ANALYZE" = 1 ]; then
  SERIES=1000000; [ "$TINY" = 1 ] && SERIES=10000
  load "analyze-$SERIES"
  ALOG="$OUT/analyze.log"
  if BENCH_DIR="$OUT/analyze" "$ROOT/bench/analyze_1m.sh" "$SERIES" 2 >"$ALOG" 2>&1; then
    WALL="$(grep -o 'wall [0-9.]*' "$ALOG" | tail -1 | cut -d' ' -f2)"
    grep -E '^(input|analysed|read |wall)' "$ALOG" | sed 's/^/  mirage: /'
    grep -o 'read [0-9.]* s, analyse.*' "$ALOG" | head -1 | sed 's/^/  mirage: /'
    if [ -n "$WALL" ]; then
      printf 'analyze (end to end)\tmirage-cli\t2\t%s series x 8\t%s\tseries/s\t\n' "$SERIES" \
        "$(awk -v s="$SERIES" -v w="$WALL" 'BEGIN { printf "%.1f", s / w }')" >>"$RES"
      say "analyze: $SERIES series in $WALL s wall (JVM start, read, analyse, write)"
    fi
  else
    echo "compare: bench/analyze_1m.sh failed; see $ALOG" >&2; tail -5 "$ALOG" >&2; exit 1
  fi
fi

# ---------------------------------------------------------------- the table
echo
"${JAVA[@]}" mirage.bench.ResultTable "$RES" "$OUT/results.csv" || { echo "compare: building the table failed" >&2; exit 1; }
echo
say "1-minute load average before each workload (workload, time, 1/5/15-minute load):"
sed 's/^/  /' "$LOAD"
say "peers: ${PY:-none} (${PY_HOW:-no Python}); skipped (not importable): ${SKIPPED:-none}"
say "machine-readable: $OUT/results.csv (raw lines: $RES); took $(( $(date +%s) - T_START )) s"
exit 0
