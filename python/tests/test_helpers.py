"""The package's small helpers: result files that may be cut short, a subprocess's PYTHONPATH."""
import io
import os
import tempfile
import unittest
from contextlib import redirect_stdout

import rnn4j_torch
from rnn4j_torch import files


class FilesTest(unittest.TestCase):
    def test_missing_and_cut_short_files_give_the_default(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.json")
            self.assertEqual([], files.read_json(path, []))
            with open(path, "w") as f:
                f.write('{"a": [1, 2')
            with redirect_stdout(io.StringIO()) as out:
                self.assertIsNone(files.read_json(path))
            self.assertIn("not complete JSON", out.getvalue())

    def test_a_cut_short_line_is_skipped(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.jsonl")
            self.assertEqual([], files.read_json_lines(path))
            with open(path, "w") as f:
                f.write('{"a": 1}\n{"b": 2}\n{"c"')
            with redirect_stdout(io.StringIO()):
                self.assertEqual([{"a": 1}, {"b": 2}], files.read_json_lines(path))


class ChildEnvTest(unittest.TestCase):
    def test_the_package_folder_comes_first_once(self):
        here = rnn4j_torch.PYTHON_DIR
        env = rnn4j_torch.child_env({"PYTHONPATH": os.pathsep.join(["/x", here]), "A": "1"})
        self.assertEqual(os.pathsep.join([here, "/x"]), env["PYTHONPATH"])
        self.assertEqual("1", env["A"])
        self.assertEqual(here, rnn4j_torch.child_env({})["PYTHONPATH"])
        self.assertTrue(os.path.isfile(os.path.join(here, "rnn4j_torch", "__init__.py")))


if __name__ == "__main__":
    unittest.main()
