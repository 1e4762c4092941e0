#!/usr/bin/env python3
"""Reads the JUnit XML reports of one gpu-check step and says whether it measured anything:
exit 1 when a test failed or when no test passed (every test skipped is a failure).

Usage: junit_summary.py REPORTS_DIR [--order CLASSES] [--json FILE]
(rnn4j_torch.junit, which ci/gpu_table.py shares, has the details.)
"""
import sys

from rnn4j_torch.junit import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
