"""lm-eval's own command line (`python -m lm_eval ...`), with one change when `pytablewriter` is missing (it is not
in this machine's package index, and lm-eval imports it only to print its summary table): the table is printed
as plain `|task|metric|value|stderr|` lines instead. Everything else, results and samples files included, is
lm-eval's."""
import importlib.util
import sys

import lm_eval.utils

if importlib.util.find_spec("pytablewriter") is None:
    def make_table(result_dict, column="results"):
        rows = []
        for task, metrics in sorted(result_dict.get(column, {}).items()):
            for key, value in metrics.items():
                if key in ("alias", "name", "sample_len") or "_stderr" in key:
                    continue
                metric, _, flt = key.partition(",")
                stderr = metrics.get(f"{metric}_stderr,{flt}" if flt else f"{metric}_stderr")
                rows.append(f"|{task}|{key}|{value}|{stderr}|")
        return "\n".join(rows)

    lm_eval.utils.make_table = make_table

from lm_eval.__main__ import cli_evaluate  # noqa: E402

sys.argv[0] = "lm_eval"
cli_evaluate()
