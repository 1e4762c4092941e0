"""Checks of the benchmark scripts that need no GPU (and, except the tokenizer, no PyTorch).
python/run-tests.sh runs them (unittest discover -s bench puts bench/ on the path, so the
scripts import by their names)."""
import importlib.util
import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout
from unittest import mock

import compare


def jmh_record(method, shape, math, algo, score, error, raw):
    return {"benchmark": "org.rnn4j.bench.TrainStepBenchmark." + method, "jdkVersion": "17",
            "params": {"backend": "cudnn", "shape": shape, "math": math, "algo": algo,
                       "cpuThreads": "0"},
            "primaryMetric": {"score": score, "scoreError": error, "rawData": [raw]}}


def torch_record(shape, tf32, ms, median, delta, alloc):
    return {"impl": "pytorch", "shape": shape, "mode": "train", "tf32": tf32, "ms_mean": ms,
            "ms_median": median, "device_delta_mib": delta, "peak_alloc_mib": alloc,
            "gpu": "Test GPU", "torch": "2.x", "cudnn": 91000, "threads": 1}


class CompareTableTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w", encoding="utf-8") as f:
            f.write(text)

    def test_auto_algorithm_follows_pytorchs_rule(self):
        args = compare.parse_args(["--shapes", "tutorial,h256,b256t200", "--out", self.dir])
        self.assertEqual(["PERSIST_STATIC_SMALL_H"], compare.algos_for(args, "tutorial", True))
        self.assertEqual(["STANDARD"], compare.algos_for(args, "h256", True))
        self.assertEqual(["STANDARD"], compare.algos_for(args, "tutorial", False))
        both = compare.parse_args(["--algo", "STANDARD,auto", "--out", self.dir])
        self.assertEqual(["STANDARD", "PERSIST_STATIC_SMALL_H"],
                         compare.algos_for(both, "tutorial", True))

    def test_graphs_double_the_variants_and_show_when_they_were_switched_off(self):
        args = compare.parse_args(["--shapes", "tutorial", "--graphs", "both", "--out", self.dir])
        small = "PERSIST_STATIC_SMALL_H"
        self.assertEqual([small, small + "+graphs"], compare.algos_for(args, "tutorial", True))
        self.assertEqual(["STANDARD"], compare.algos_for(args, "tutorial", False))
        graphed = jmh_record("trainStep", "tutorial", "FP32", small, 10.0, 1.0, [10.0])
        graphed["params"]["graphs"] = "true"
        self.write("ours-%s-graphs.json" % small, json.dumps([graphed]))
        self.write("ours-%s.json" % small, json.dumps([
            jmh_record("trainStep", "tutorial", "FP32", small, 30.0, 1.0, [30.0])]))
        self.write("ours-memory.jsonl", json.dumps(
            {"benchmark": "trainStep", "shape": "tutorial", "math": "FP32",
             "algo_requested": small + "+graphs", "algo": small, "device_delta_mib": 5.0}) + "\n")
        rows, times, torch_results = compare.build_rows(args, True)
        fp32 = [r for r in rows if r["ours_math"] == "FP32"]
        self.assertEqual([30.0, 10.0], [r["ours_ms"] for r in fp32])
        table = compare.render(args, True, rows, times, torch_results)
        self.assertIn("small-h+graphs (fell back to small-h)", table)

    def test_gpu_rows_pair_like_with_like_and_show_fallbacks(self):
        small = "PERSIST_STATIC_SMALL_H"
        self.write("ours-%s.json" % small, json.dumps([
            jmh_record("trainStep", "tutorial", "FP32", small, 30.0, 1.0, [29.0, 30.0, 31.0]),
            jmh_record("trainStep", "tutorial", "TF32", small, 20.0, 0.5, [20.0, 20.0, 20.0])]))
        self.write("ours-memory.jsonl", "\n".join(json.dumps(r) for r in [
            {"benchmark": "trainStep", "shape": "tutorial", "math": "FP32",
             "algo_requested": small, "algo": "STANDARD", "device_delta_mib": 500.0},
            {"benchmark": "trainStep", "shape": "tutorial", "math": "TF32",
             "algo_requested": small, "algo": small, "device_delta_mib": 400.0}]) + "\n")
        self.write("torch.jsonl", "\n".join(json.dumps(r) for r in [
            torch_record("tutorial", "off", 60.0, 59.0, 700.0, 300.0),
            torch_record("tutorial", "on", 25.0, 24.0, 650.0, 290.0)]) + "\n")
        args = compare.parse_args(["--shapes", "tutorial", "--out", self.dir])
        rows, times, torch_results = compare.build_rows(args, True)
        self.assertEqual(2, len(rows))
        exact, tf32 = rows
        self.assertEqual(("FP32", "off", 0.5, 500.0, 700.0),
                         (exact["ours_math"], exact["torch_tf32"], exact["ratio"],
                          exact["ours_mib"], exact["torch_mib"]))
        self.assertEqual(("TF32", "on", 0.8), (tf32["ours_math"], tf32["torch_tf32"],
                                                tf32["ratio"]))
        table = compare.render(args, True, rows, times, torch_results)
        self.assertIn("small-h (fell back to standard)", table)
        self.assertIn("| 30.0 ± 1.0 | 30.0 | 60.0 | 59.0 | 0.50 | 500 | 700 | 300 |", table)

    def test_nothing_starts_after_the_deadline(self):
        import time
        marker = os.path.join(self.dir, "ran")
        log = os.path.join(self.dir, "ours.log")
        with redirect_stdout(io.StringIO()):
            rc = compare.run_logged([sys.executable, "-c", "open(%r, 'w')" % marker], log, None,
                                    deadline=time.time() + 1)
            ran = compare.run_logged([sys.executable, "-c", "open(%r, 'w')" % marker], log, 60,
                                     deadline=time.time() + 100)
        self.assertEqual((124, 0), (rc, ran))
        self.assertTrue(os.path.exists(marker), "the run with time left ran")
        self.assertEqual(["not run: too little time left before the --deadline"],
                         compare.missing_reasons(self.dir))

    def test_the_runs_import_the_package_whatever_the_callers_path(self):
        log = os.path.join(self.dir, "torch.log")
        with mock.patch.dict(os.environ, {"PYTHONPATH": ""}), redirect_stdout(io.StringIO()):
            rc = compare.run_logged([sys.executable, "-c", "import rnn4j_torch.shapes"], log, 60)
        self.assertEqual(0, rc)

    def test_missing_results_make_the_exit_status_one(self):
        self.write("torch.jsonl", json.dumps(torch_record("tutorial", "on", 25.0, 24.0, 1, 1)))
        with redirect_stdout(io.StringIO()) as out:
            rc = compare.main(["--shapes", "tutorial", "--out", self.dir, "--table-only"])
        self.assertEqual(1, rc)
        self.assertIn("missing", out.getvalue())


@unittest.skipIf(importlib.util.find_spec("torch") is None, "PyTorch is not installed")
class TutorialTokenizerTest(unittest.TestCase):
    def test_the_tutorials_rules(self):
        import torch_tutorial_imdb as t
        self.assertEqual(["well", "made", "isn't", "it", "great"],
                         t.tokenize("<br />Well-made, isn't it?<i>GREAT</i>"))
        self.assertEqual(["a", "b"], t.tokenize("a<b"))  # no closing '>': punctuation, not a tag
        self.assertEqual(["x", "y"], t.tokenize("x\x97y\u201c"))
        self.assertEqual([], t.tokenize("<>"))

    def test_vocabulary_order_and_reserved_ids(self):
        import torch_tutorial_imdb as t
        itos, stoi = t.build_vocab([["b", "a", "b"], ["a", "c", "b"]], 2)
        self.assertEqual(["<pad>", "<unk>", "b", "a"], itos)
        ids = t.encode([["a", "zzz"]], stoi, 4)
        self.assertEqual([[3, 1, 0, 0]], ids.tolist())


if __name__ == "__main__":
    unittest.main()
