"""The official `openai` package against `mirage serve`: models.list, completions.create with echo + logprobs
(max_tokens 0 and 1, as harnesses score continuations), a greedy generation, and an unsupported parameter.

Usage: openai_check.py BASE_URL MODEL_ID OUT_JSON
Checks, for every item in ITEMS: the echoed tokens spell the prompt; with max_tokens 1 there is exactly one generated
position after the echoed prompt (the end mark `$` included); the continuation's log-likelihood is the same from
both requests. Writes what it saw to OUT_JSON and exits non-zero on a failed check.
"""
import json
import math
import sys

import openai

base, model, out = sys.argv[1], sys.argv[2], sys.argv[3]
client = openai.OpenAI(base_url=base, api_key="unused", max_retries=0)
ITEMS = [("12+34=", "46"), ("70+99=", "169"), ("3+4=", "7"), ("567+89=", "656"), ("1234+5678=", "6912")]
seen = {"openai_version": openai.__version__, "model": model, "models": [m.id for m in client.models.list().data], "items": []}
failures = []
for prompt, target in ITEMS:
    text = prompt + target
    zero = client.completions.create(model=model, prompt=text, max_tokens=0, echo=True, logprobs=1, temperature=0)
    one = client.completions.create(model=model, prompt=text, max_tokens=1, echo=True, logprobs=1, temperature=0, seed=1234)
    gen = client.completions.create(model=model, prompt=prompt, max_tokens=6, temperature=0, logprobs=1)
    lp0 = zero.choices[0].logprobs
    lp1 = one.choices[0].logprobs
    ll0 = sum(lp0.token_logprobs[len(prompt):])
    ll1 = sum(lp1.token_logprobs[len(prompt):-1])  # lm-eval's parse_logprobs: [ctxlen:-1]
    row = {"prompt": prompt, "target": target, "loglik_max_tokens_0": ll0, "loglik_max_tokens_1_harness": ll1,
           "next_token": lp1.tokens[-1], "greedy": gen.choices[0].text, "finish_reason": gen.choices[0].finish_reason}
    seen["items"].append(row)
    if "".join(lp0.tokens) != text:
        failures.append(f"{text}: echoed tokens {lp0.tokens} do not spell the prompt")
    if len(lp1.tokens) != len(text) + 1:
        failures.append(f"{text}: max_tokens 1 gave {len(lp1.tokens) - len(text)} generated positions")
    if not math.isclose(ll0, ll1, abs_tol=1e-9):
        failures.append(f"{text}: log-likelihood {ll0} with max_tokens 0 but {ll1} as lm-eval reads max_tokens 1")
try:
    client.completions.create(model=model, prompt="1+1=", max_tokens=1, top_p=0.5)
    failures.append("top_p=0.5 was accepted")
except openai.BadRequestError as e:
    seen["top_p_0.5"] = f"400: {e.body.get('message') if isinstance(e.body, dict) else e}"
seen["failures"] = failures
with open(out, "w", encoding="utf-8") as f:
    json.dump(seen, f, indent=1)
for r in seen["items"]:
    print(f"  {r['prompt']}{r['target']}: log-likelihood {r['loglik_max_tokens_0']:.4f} (echo, max_tokens 0) = "
          f"{r['loglik_max_tokens_1_harness']:.4f} (max_tokens 1, lm-eval's reading; next token '{r['next_token']}'); "
          f"greedy '{r['greedy']}'")
if failures:
    print("FAILED: " + "; ".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"openai {openai.__version__}: {len(ITEMS)} items, every check passed")
