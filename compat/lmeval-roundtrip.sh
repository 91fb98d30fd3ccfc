#!/usr/bin/env bash
# Real clients against `mirage serve`: lm-evaluation-harness 0.4.13 (`local-completions`, default settings: its
# remote tokenizer over /tokenize, token-id prompts, echo + max_tokens 1 for log-likelihoods) and the official
# `openai` package, on a small family trained here. docs/FORMATS.md ("lm-evaluation-harness against mirage serve")
# has the recipe and the figures this script printed.
#
# Usage: compat/lmeval-roundtrip.sh [--fixtures]
#   --fixtures   also copy the small real output (lm-eval results and samples of every model, the trained weights,
#                openai's answers) into the test fixtures: mirage-cli/src/test/resources/mirage/cli/lmeval-0.4.13/
# Environment: OUT (default compat/out), PORT (default: a free one), STEPS (default 1500), ITEMS (per target length,
# default 8), PYTHON (default python3, for the venv).
# Python: compat/.venv (git-ignored), made with `python3 -m venv`, then `pip install --no-deps lm-eval==0.4.13` and
# those of its dependencies the package index has (evaluate, pytablewriter, rouge-score, sqlitedict and word2number
# are not needed for these tasks and may be missing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-$ROOT/compat/out}"
STEPS="${STEPS:-1500}"
ITEMS="${ITEMS:-8}"
VENV="$ROOT/compat/.venv"
FIXTURES=""
[ "${1:-}" = "--fixtures" ] && FIXTURES="$ROOT/mirage-cli/src/test/resources/mirage/cli/lmeval-0.4.13"
say() { printf '%s\n' "lmeval-roundtrip: $*" >&2; }

if ! "$VENV/bin/python" -c "import lm_eval, openai" 2>/dev/null; then
  say "setting up $VENV (pip: lm-eval 0.4.13 without its dependencies, then the ones it needs here)"
  "${PYTHON:-python3}" -m venv "$VENV"
  "$VENV/bin/pip" install -q --no-deps lm-eval==0.4.13
  "$VENV/bin/pip" install -q datasets numpy jinja2 sacrebleu scikit-learn dill more-itertools typing-extensions tqdm \
    requests aiohttp tenacity openai pytz
fi
PY="$VENV/bin/python"
say "python: $("$PY" -c 'import sys, openai, datasets; from importlib.metadata import version; print("Python", sys.version.split()[0] + ", lm-eval", version("lm-eval") + ", openai", openai.__version__ + ", datasets", datasets.__version__)')"

mkdir -p "$OUT"
T0=$(date +%s)
# 1. a small family (three models), trained here; --resume reuses a finished run of the same settings
"$ROOT/mirage" train arithmetic --sizes 16x1,32x1,32x2 --steps "$STEPS" --test-items 40 --seed 7 --threads 1 \
  --out "$OUT/train" --resume --quiet
T1=$(date +%s)
# 2. the tasks: the family's own held-out items
"$PY" "$ROOT/compat/make_tasks.py" "$OUT/train/samples.jsonl" "$OUT/tasks" "$ITEMS"

# 3. serve the family on a free loopback port
PORT="${PORT:-$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
"$ROOT/mirage" serve --models "$OUT/train" --port "$PORT" --threads 2 > "$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$OUT/serve.log" >&2; say "mirage serve did not start"; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/health" >/dev/null || { say "mirage serve did not answer on port $PORT"; exit 1; }
MODELS=$(curl -sf "http://127.0.0.1:$PORT/v1/models" | "$PY" -c 'import json,sys; print(" ".join(m["id"] for m in json.load(sys.stdin)["data"]))')
say "serving $MODELS on port $PORT"

# 4. lm-eval, default settings of local-completions (tokenizer: auto -> the server's /tokenize), one run per model
rm -rf "$OUT/lmeval"
T2=$(date +%s)
for M in $MODELS; do
  HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false "$PY" "$ROOT/compat/run_lmeval.py" --model local-completions \
    --model_args "model=$M,base_url=http://127.0.0.1:$PORT/v1/completions,max_retries=1" \
    --tasks mirage_add_ll,mirage_add_mc,mirage_add_gen --include_path "$OUT/tasks" --num_fewshot 0 \
    --log_samples --output_path "$OUT/lmeval" --seed 0 > "$OUT/lmeval-${M//\//_}.log" 2>&1 \
    || { tail -30 "$OUT/lmeval-${M//\//_}.log" >&2; say "lm-eval failed on $M"; exit 1; }
  grep -E '^\|' "$OUT/lmeval-${M//\//_}.log" >&2 || true
done
T3=$(date +%s)

# 5. the openai package
"$PY" "$ROOT/compat/openai_check.py" "http://127.0.0.1:$PORT/v1" "${MODELS%% *}" "$OUT/openai.json"
T4=$(date +%s)

# 6. mirage reads what lm-eval wrote
"$ROOT/mirage" analyze "$OUT/lmeval" --scales "$OUT/train/models.csv" --out "$OUT/analysis" --no-report \
  > "$OUT/analyze.log" 2> "$OUT/analyze.err" || { cat "$OUT/analyze.err" >&2; say "mirage analyze failed"; exit 1; }
cat "$OUT/analyze.log" >&2
say "times: train $((T1 - T0)) s, lm-eval $((T3 - T2)) s for $(echo $MODELS | wc -w) models, openai $((T4 - T3)) s"

if [ -n "$FIXTURES" ]; then
  rm -rf "$FIXTURES"
  mkdir -p "$FIXTURES/lmeval" "$FIXTURES/train/work"
  # lm-eval writes OUTPUT/<model with / as __>/results_<time>.json and samples_<task>_<time>.jsonl
  cp -r "$OUT/lmeval/." "$FIXTURES/lmeval/"
  cp "$OUT/train/run.json" "$OUT/train/models.csv" "$FIXTURES/train/"
  cp "$OUT/train/work/"*.weights "$FIXTURES/train/work/"
  cp "$OUT/tasks/"*.yaml "$OUT/tasks/items.jsonl" "$FIXTURES/"
  cp "$OUT/openai.json" "$FIXTURES/"
  # absolute paths of this machine in lm-eval's config echo are replaced by a placeholder
  find "$FIXTURES" -type f \( -name '*.json' -o -name '*.jsonl' -o -name '*.yaml' \) -exec sed -i "s#$OUT/tasks#COMPAT_OUT/tasks#g; s#$OUT#COMPAT_OUT#g" {} +
  say "fixtures in $FIXTURES ($(du -sh "$FIXTURES" | cut -f1))"
fi
