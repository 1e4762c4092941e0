"""The benchmark shapes table, as the Python side reads it."""
import unittest

from rnn4j_torch import shapes


class ShapesTest(unittest.TestCase):
    def test_the_table_has_the_issue_shapes(self):
        table = shapes.all_shapes()
        self.assertEqual((64, 500, 100, 100, 50000), tuple(table["tutorial"][k] for k in (
            "batch", "len", "embed", "hidden", "vocab")))
        self.assertEqual(256, table["h256"]["hidden"])
        self.assertEqual((256, 200), (table["b256t200"]["batch"], table["b256t200"]["len"]))
        self.assertFalse(table["tutorial"]["trainEmbedding"])

    def test_unknown_names_are_refused_with_the_known_ones(self):
        with self.assertRaises(ValueError) as e:
            shapes.named("tutorial,nope")
        self.assertIn("tutorial", str(e.exception))


if __name__ == "__main__":
    unittest.main()
