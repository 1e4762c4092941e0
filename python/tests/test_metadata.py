"""rnn4j_torch.metadata reads and writes the model metadata as org.rnn4j.train.ModelFile does."""
import json
import os
import re
import tempfile
import unittest

from rnn4j_torch import ROOT, metadata

FIXTURE = os.path.join(ROOT, "java", "src", "test", "resources", "org", "rnn4j", "store",
                       "torch-birnn.safetensors")
JAVA = os.path.join(ROOT, "java", "src", "main", "java", "org", "rnn4j")


def java_source(*parts):
    path = os.path.join(JAVA, *parts)
    if not os.path.exists(path):
        raise unittest.SkipTest("no Java sources at %s" % path)
    with open(path, encoding="utf-8") as f:
        return f.read()


class MetadataTest(unittest.TestCase):
    def test_the_committed_fixture_reads_without_torch(self):
        self.assertEqual(metadata.model_config(7, 3, 2, 2), metadata.read_file_config(FIXTURE))
        self.assertEqual("pt", metadata.read_metadata(FIXTURE)["format"])

    def test_written_metadata_reads_back_in_model_config_order(self):
        config = metadata.model_config(17, 6, 4, 1, dropout=0.3, bidirectional=False)
        meta = metadata.config_metadata(config)
        self.assertEqual({"format", "model_config", "backend"}, set(meta))
        self.assertTrue(all(isinstance(v, str) for v in meta.values()))
        self.assertEqual(config, metadata.read_config(meta))
        self.assertEqual([name for name, _ in metadata.CONFIG_FIELDS],
                         list(json.loads(meta["model_config"])))

    def test_no_config_names_the_keys_found(self):
        with self.assertRaises(ValueError) as e:
            metadata.read_config({"config": "{}", "format": "pt"}, "x.safetensors")
        self.assertIn("x.safetensors has no 'model_config'", str(e.exception))
        self.assertIn("['config', 'format']", str(e.exception))

    def test_the_config_is_read_strictly_as_the_java_reader_does(self):
        good = metadata.model_config(7, 3, 2, 2)
        for broken, message in (({k: v for k, v in good.items() if k != "classes"}, "classes"),
                                (dict(good, layers="2"), "layers"),
                                (dict(good, layers=2.5), "layers"),
                                (dict(good, bidirectional=1), "bidirectional"),
                                (dict(good, extra=1), "unknown ModelConfig field(s) ['extra']")):
            with self.assertRaises(ValueError) as e:
                metadata.read_config({"model_config": json.dumps(broken)})
            self.assertIn(message, str(e.exception))
        with self.assertRaises(ValueError):
            metadata.read_config({"model_config": "{not json"})
        # Any integral JSON number is an int, as for Gson's intValueExact.
        self.assertEqual(2, metadata.read_config({"model_config": json.dumps(
            dict(good, layers=2.0))})["layers"])

    def test_a_file_that_is_not_safetensors_is_refused(self):
        with tempfile.NamedTemporaryFile(suffix=".safetensors") as f:
            f.write(b"\x05")
            f.flush()
            with self.assertRaises(ValueError):
                metadata.read_metadata(f.name)

    def test_the_fields_and_key_are_the_java_sides(self):
        record = java_source("model", "ModelConfig.java")
        body = re.search(r"public record ModelConfig\(([^)]*)\)", record).group(1)
        java_fields = re.findall(r"(int|boolean|double|Pooling|Cell)\s+(\w+)", body)
        kinds = {"int": int, "boolean": bool, "double": float, "Pooling": str, "Cell": str}
        self.assertEqual(list(metadata.CONFIG_FIELDS),
                         [(name, kinds[kind]) for kind, name in java_fields])
        model_file = java_source("store", "ModelFile.java")
        self.assertIn('MODEL_CONFIG = "%s"' % metadata.MODEL_CONFIG, model_file)
        pooling = java_source("model", "Pooling.java")
        self.assertEqual([p.upper() for p in metadata.POOLINGS],
                         re.findall(r"^  (\w+)\(\d\)[,;]", pooling, re.M))
        cell = java_source("model", "Cell.java")
        self.assertEqual([c.upper() for c in metadata.CELLS],
                         re.findall(r"^  (\w+)\(\d\)[,;]", cell, re.M))

    def test_files_without_the_added_fields_read_as_the_tutorials_head(self):
        old = {k: v for k, v in metadata.model_config(7, 3, 2, 2).items()
               if k not in metadata.ADDED_FIELDS}
        config = metadata.read_config({"model_config": json.dumps(old)})
        self.assertEqual("first_last", config["pooling"])
        self.assertEqual(0.0, config["embedDropout"])
        self.assertEqual("lstm", config["cell"])
        with self.assertRaises(ValueError):
            metadata.read_config({"model_config": json.dumps(dict(old, pooling="sum"))})
        with self.assertRaises(ValueError):
            metadata.read_config({"model_config": json.dumps(dict(old, cell="lru"))})


if __name__ == "__main__":
    unittest.main()
