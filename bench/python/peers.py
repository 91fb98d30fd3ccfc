#!/usr/bin/env python3
"""The Python side of bench/compare.sh: the reference implementations a mirage user would otherwise use,
measured on the inputs mirage.bench.CompareMain wrote (same files, same sizes, same timing rule).

Usage: peers.py WORKLOAD --dir DIR --out RESULTS.tsv [--threads 1,2]
  WORKLOAD: edit | bootstrap | emergence | train
Appends one tab-separated line per measurement (workload, implementation, threads, size, throughput,
unit, check) to RESULTS.tsv, the format of mirage.bench.ResultTable. A peer whose package is missing is
skipped with a line on stderr that says so ("skipped: ..."), and the script goes on.

Timing (as CompareMain): warm up by repeating the work for at least `warm` seconds (at least once), then
`reps` timed runs of the whole batch; throughput = items / median run time. `warm` and `reps` come from
DIR/plan.txt.

Peers:
  edit       rapidfuzz.process.cpdist(a, b, scorer=rapidfuzz.distance.Levenshtein.distance, workers=t)
             on the character strings (one character per token: the same distances as the token lists;
             the check is the sum of the distances); python-Levenshtein: Levenshtein.distance in a
             Python loop (1 thread).
  bootstrap  numpy, R resamples of the N x M uint8 matrix, paired (one index vector per resample for all
             models): gather (X[idx].mean(0)), bincount (items compressed to their M-bit pattern, counts
             of the drawn patterns), multinomial (pattern counts drawn by rng.multinomial, batches of 500).
             numpy runs these on one core.
  emergence  numpy, vectorised over the S x P matrix of curves sorted by scale: sign(argmax - argmin) *
             (max - min) / sqrt(median(diff^2)), 0 when flat, +-inf when the median step is 0; the check
             counts scores above 10.
  train      PyTorch: the model of train_step_torch.py (mirage.train.Gpt's architecture), AdamW, clipping,
             random batch of 64 x 13, torch.set_num_threads(t), interop threads 1.
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def plan(d):
    p = {}
    with open(os.path.join(d, "plan.txt")) as f:
        for line in f:
            if "=" in line:
                k, v = line.strip().split("=", 1)
                p[k] = float(v) if "." in v else int(v)
    return p


class Out:
    def __init__(self, path):
        self.path = path

    def emit(self, workload, impl, threads, size, thr, unit, check=""):
        print(f"{workload:16s} {impl:20s} threads={threads} size={size:10s} {thr:.4g} {unit} {check}", flush=True)
        if self.path:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write("\t".join([workload, impl, str(threads), size, repr(float(thr)), unit, check]) + "\n")


def timed(work, items, warm, reps):
    t0 = time.perf_counter()
    while True:
        work()
        if time.perf_counter() - t0 >= warm:
            break
    secs = []
    for _ in range(reps):
        a = time.perf_counter()
        work()
        secs.append(time.perf_counter() - a)
    secs.sort()
    n = len(secs)
    med = secs[n // 2] if n % 2 == 1 else (secs[n // 2 - 1] + secs[n // 2]) / 2
    return items / med


def skipped(what, err):
    print(f"skipped: {what} ({err})", file=sys.stderr, flush=True)


SIZES = [("short", "1-8"), ("medium", "32-64"), ("long", "300-600")]


def edit(args, p, out):
    try:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein as RfLev
        import rapidfuzz
        rf = rapidfuzz.__version__
    except ImportError as e:
        process = None
        skipped("rapidfuzz cpdist", e)
    try:
        import Levenshtein as PyLev
        pl = PyLev.__version__
    except ImportError as e:
        PyLev = None
        skipped("python-Levenshtein", e)
    for name, label in SIZES:
        with open(os.path.join(args.dir, f"edit-{name}.tsv"), encoding="utf-8") as f:
            pairs = [line.rstrip("\n").split("\t") for line in f]
        a = [x[0] for x in pairs]
        b = [x[1] for x in pairs]
        n = len(a)
        for t in args.threads:
            if process is not None:
                res = {}

                def run():
                    res["d"] = process.cpdist(a, b, scorer=RfLev.distance, workers=t)
                thr = timed(run, n, p["warm"], p["reps"])
                out.emit("edit-distance", "rapidfuzz-cpdist", t, label, thr, "pairs/s", f"sum={int(res['d'].sum())}")
        if PyLev is not None:
            res = {}
            dist = PyLev.distance

            def run():
                res["s"] = sum(dist(x, y) for x, y in zip(a, b))
            thr = timed(run, n, p["warm"], p["reps"])
            out.emit("edit-distance", "python-Levenshtein", 1, label, thr, "pairs/s", f"sum={res['s']}")
    if process is not None:
        print(f"versions: rapidfuzz {rf}", flush=True)
    if PyLev is not None:
        print(f"versions: Levenshtein {pl}", flush=True)


def bootstrap(args, p, out):
    try:
        import numpy as np
    except ImportError as e:
        skipped("numpy bootstrap", e)
        return
    R, N, M = p["resamples"], p["items"], p["models"]
    X = np.fromfile(os.path.join(args.dir, "scores.u8"), dtype=np.uint8).reshape(N, M)
    size = f"{R}x{N}x{M}"
    print(f"versions: numpy {np.__version__}", flush=True)
    rng = np.random.default_rng(1)
    reps = p["reps"]
    warm = p["warm"]
    # numpy's gather is ~50x slower than the others: time a tenth of the resamples (at least 2) and scale
    Rg = max(2, R // 10)

    def gather():
        o = np.empty((Rg, M))
        for i in range(Rg):
            o[i] = X[rng.integers(0, N, N)].mean(axis=0)
        return o
    out.emit("paired-bootstrap", "numpy-gather", 1, size, timed(gather, Rg, min(warm, 0.01), max(1, min(reps, 3))), "resamples/s")

    code = X.astype(np.int64) @ (1 << np.arange(M)).astype(np.int64)
    P = 1 << M
    bits = ((np.arange(P)[:, None] >> np.arange(M)[None, :]) & 1).astype(np.float64)

    def bincount():
        o = np.empty((R, M))
        for i in range(R):
            o[i] = np.bincount(code[rng.integers(0, N, N)], minlength=P) @ bits / N
        return o
    out.emit("paired-bootstrap", "numpy-bincount", 1, size, timed(bincount, R, min(warm, 0.01), max(1, min(reps, 3))), "resamples/s")

    freq = np.bincount(code, minlength=P)
    present = np.nonzero(freq)[0]
    pv = freq[present] / N
    pbits = bits[present]

    def multinomial():
        o = np.empty((R, M))
        for s in range(0, R, 500):
            e = min(R, s + 500)
            o[s:e] = rng.multinomial(N, pv, size=e - s) @ pbits / N
        return o
    out.emit("paired-bootstrap", "numpy-multinomial", 1, size, timed(multinomial, R, min(warm, 0.01), max(1, min(reps, 3))), "resamples/s")


def emergence(args, p, out):
    try:
        import numpy as np
    except ImportError as e:
        skipped("numpy emergence score", e)
        return
    S, P = p["series"], p["points"]
    Y = np.fromfile(os.path.join(args.dir, "curves.f64"), dtype="<f8").reshape(S, P)
    res = {}

    def run():
        amax = Y.argmax(axis=1)
        amin = Y.argmin(axis=1)
        rng = Y.max(axis=1) - Y.min(axis=1)
        med = np.median(np.diff(Y, axis=1) ** 2, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            es = np.sign(amax - amin) * rng / np.sqrt(med)
        es[rng == 0] = 0.0
        res["es"] = es
    thr = timed(run, S, p["warm"], p["reps"])
    out.emit("emergence-score", "numpy", 1, f"{S}x{P}", thr, "series/s", f"above10={int((res['es'] > 10).sum())}")


def train(args, p, out):
    try:
        import torch
        import torch.nn.functional as F
        sys.path.insert(0, HERE)
        from train_step_torch import Gpt
    except ImportError as e:
        skipped("PyTorch training step", e)
        return
    torch.set_num_interop_threads(1)
    vocab, seq, width, layers, heads, batch = 16, 13, 128, 5, 4, 64
    for t in args.threads:
        torch.set_num_threads(t)
        torch.manual_seed(1)
        model = Gpt(vocab, seq, width, layers, heads, False)
        params = sum(x.numel() for x in model.parameters())
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.01)
        g = torch.Generator().manual_seed(7)

        def step():
            tokens = torch.randint(vocab, (batch, seq), generator=g)
            targets = torch.randint(vocab, (batch, seq), generator=g)
            loss = F.cross_entropy(model(tokens).reshape(-1, vocab), targets.reshape(-1))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            loss.item()
        for _ in range(p["train_warmup"]):
            step()
        n = p["train_steps"]
        a = time.perf_counter()
        for _ in range(n):
            step()
        thr = n / (time.perf_counter() - a)
        out.emit("train-step", "pytorch", t, "gpt d128 L5 h4 b64 s13", thr, "steps/s", f"params={params}")
    print(f"versions: torch {torch.__version__}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workload", choices=["edit", "bootstrap", "emergence", "train"])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--out")
    ap.add_argument("--threads", default="1,2")
    args = ap.parse_args()
    args.threads = [int(x) for x in args.threads.split(",")]
    p = plan(args.dir)
    {"edit": edit, "bootstrap": bootstrap, "emergence": emergence, "train": train}[args.workload](args, p, Out(args.out))


if __name__ == "__main__":
    main()
