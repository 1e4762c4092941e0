"""Tests of rnn4j_torch.junit (ci/junit_summary.py): a JUnit step counts only when tests passed
and none failed."""
import io
import os
import tempfile
import unittest
from contextlib import redirect_stdout

from rnn4j_torch import junit

REPORT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="JUnit Jupiter" tests="{n}">{cases}</testsuite>
"""
SKIPPED = ('<testcase name="t{i}()" classname="org.rnn4j.cuda.KernelPiecesTest">'
           '<skipped message="No usable GPU: no CUDA driver"/></testcase>')
PASSED = '<testcase name="p{i}()" classname="org.rnn4j.cuda.EncoderPieceTest"/>'
FAILED = ('<testcase name="f{i}()" classname="org.rnn4j.cuda.KernelPiecesTest">'
          '<failure message="pool_forward (SEQ_MAJOR): feat[3] expected 1.0 but was 0.0&#10;more">'
          'trace</failure></testcase>')


def main(*args):
    with redirect_stdout(io.StringIO()):
        return junit.main(list(args))


def write(d, *cases):
    with open(os.path.join(d, "TEST-junit-jupiter.xml"), "w") as f:
        f.write(REPORT.format(n=len(cases), cases="".join(c.format(i=i) for i, c in enumerate(cases))))


class JunitSummaryTest(unittest.TestCase):
    def test_every_test_skipped_is_a_failure_naming_the_reason(self):
        with tempfile.TemporaryDirectory() as d:
            write(d, *[SKIPPED] * 30)
            s = junit.summarize(d)
            self.assertFalse(s["ok"])
            self.assertEqual((0, 0, 30), (s["passed"], s["failed"], s["skipped"]))
            self.assertIn("no CUDA driver", junit.describe(s))
            self.assertEqual(1, main(d))

    def test_no_reports_at_all_is_a_failure(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertFalse(junit.summarize(d)["ok"])

    def test_passes_with_skips_are_ok(self):
        with tempfile.TemporaryDirectory() as d:
            write(d, PASSED, SKIPPED)
            self.assertTrue(junit.summarize(d)["ok"])
            self.assertEqual(0, main(d))

    def test_the_first_failure_is_named_with_its_message_first_line(self):
        with tempfile.TemporaryDirectory() as d:
            write(d, PASSED, FAILED, FAILED)
            s = junit.summarize(d)
            self.assertFalse(s["ok"])
            self.assertEqual("org.rnn4j.cuda.KernelPiecesTest.f1()", s["first_failure"]["test"])
            self.assertEqual("pool_forward (SEQ_MAJOR): feat[3] expected 1.0 but was 0.0",
                             s["first_failure"]["message"])

    def test_the_first_failure_follows_the_given_class_order(self):
        with tempfile.TemporaryDirectory() as d:
            write(d, FAILED, FAILED.replace("KernelPiecesTest", "WeightLayoutRoundTripTest"))
            s = junit.summarize(d, ["org.rnn4j.cuda.WeightLayoutRoundTripTest",
                                            "org.rnn4j.cuda.KernelPiecesTest"])
            self.assertEqual("org.rnn4j.cuda.WeightLayoutRoundTripTest.f1()",
                             s["first_failure"]["test"])


if __name__ == "__main__":
    unittest.main()
