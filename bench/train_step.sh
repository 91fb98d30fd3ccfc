#!/usr/bin/env bash
# Training steps per second of the same ~1M-parameter transformer (width 128, 5 layers, 4 heads,
# batch 64, sequence 13, vocabulary 16) in mirage/DJL and in PyTorch for Python, on 1 and 2 threads,
# alternating the two sides ROUNDS times so that changes in machine load hit both alike.
# Usage: bench/train_step.sh [ROUNDS] [STEPS]      (default 3 rounds of 200 timed steps)
# Needs: a built mirage (./mirage builds it) and a Python with torch (PYTHON, default /work/venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
STEPS="${2:-200}"
PYTHON="${PYTHON:-/work/venv/bin/python}"
echo "# $(date -u +%FT%TZ)  $(nproc) processors  load: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$ROUNDS"); do
  echo "# round $r  load: $(cut -d' ' -f1-3 /proc/loadavg)"
  ./mirage train arithmetic --bench-step --bench-threads 1,2 --bench-steps "$STEPS" | grep -v '^engine'
  "$PYTHON" bench/python/train_step_torch.py --threads 1,2 --steps "$STEPS"
done
