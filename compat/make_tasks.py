"""Writes lm-evaluation-harness task definitions over mirage's held-out arithmetic items.

Usage: make_tasks.py SAMPLES_JSONL OUT_DIR ITEMS_PER_LENGTH

Reads the per-sample records `mirage train arithmetic` wrote (its held-out test items: prompt such as `12+34=`,
target `46`, label target_length), keeps the first ITEMS_PER_LENGTH items of each target length (of the first
model: every model answered the same items), and writes OUT_DIR/items.jsonl plus three tasks in the models' own
alphabet (character tokens, no spaces, so the target delimiter is empty and there are no shots):
  mirage_add_ll   loglikelihood:   log p(target | prompt)           -> acc (greedy), perplexity
  mirage_add_mc   multiple_choice: the target among 4 answers        -> acc, acc_norm
  mirage_add_gen  generate_until:  greedy answer, stops at the end mark -> exact_match
"""
import json
import os
import sys

samples, out, per_length = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(out, exist_ok=True)
first_model = None
by_length = {}
with open(samples, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if first_model is None:
            first_model = r["model"]
        if r["model"] != first_model:
            continue
        L = r["labels"]["target_length"]
        if len(by_length.setdefault(L, [])) < per_length:
            by_length[L].append(r)
items = []
for L in sorted(by_length):
    for r in by_length[L]:
        t = int(r["target"])
        # three wrong answers near the right one (distinct, non-negative), in a fixed order
        wrong = [str(x) for x in (t + 1, t + 10, abs(t - 1) if t != 1 else t + 2)]
        choices = [r["target"]] + wrong
        rot = sum(map(ord, r["item_id"])) % 4  # the right answer's place, fixed by the item
        choices = choices[-rot:] + choices[:-rot] if rot else choices
        items.append({"item_id": r["item_id"], "prompt": r["prompt"], "target": r["target"],
                      "target_length": L, "choices": choices, "gold": choices.index(r["target"])})
data = os.path.abspath(os.path.join(out, "items.jsonl"))
with open(data, "w", encoding="utf-8") as f:
    for it in items:
        f.write(json.dumps(it) + "\n")

common = f"""dataset_path: json
dataset_kwargs:
  data_files:
    test: {data}
test_split: test
doc_to_text: "{{{{prompt}}}}"
target_delimiter: ""
metadata:
  version: 1.0
"""
tasks = {
    "mirage_add_ll": """output_type: loglikelihood
doc_to_target: "{{target}}"
metric_list:
  - metric: acc
  - metric: perplexity
""",
    "mirage_add_mc": """output_type: multiple_choice
doc_to_choice: "{{choices}}"
doc_to_target: "{{gold}}"
metric_list:
  - metric: acc
  - metric: acc_norm
""",
    "mirage_add_gen": """output_type: generate_until
doc_to_target: "{{target}}"
generation_kwargs:
  until: ["$"]
  max_gen_toks: 6
  do_sample: false
  temperature: 0
metric_list:
  - metric: exact_match
""",
}
for name, body in tasks.items():
    with open(os.path.join(out, name + ".yaml"), "w", encoding="utf-8") as f:
        f.write(f"task: {name}\n" + common + body)
print(f"{len(items)} items ({per_length} per target length 1..{max(by_length)}) of model {first_model}'s test set -> {out}")
