"""The one BiRNN: rnn4j's state_dict names, batch-major inputs, strict loading of rnn4j files."""
import importlib.util
import os
import unittest
import warnings

from rnn4j_torch import ROOT, metadata

HAVE_TORCH = importlib.util.find_spec("torch") is not None
HAVE_SAFETENSORS = importlib.util.find_spec("safetensors") is not None
FIXTURE = os.path.join(ROOT, "java", "src", "test", "resources", "org", "rnn4j", "store",
                       "torch-birnn.safetensors")


def rnn4j_names(layers, bidirectional):
    """org.rnn4j.model.ParameterLayout's names, in its order."""
    names = ["embedding.weight"]
    for layer in range(layers):
        for suffix in [""] + (["_reverse"] if bidirectional else []):
            names += ["encoder.%s_l%d%s" % (p, layer, suffix)
                      for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    return names + ["decoder.weight", "decoder.bias"]


@unittest.skipUnless(HAVE_TORCH, "PyTorch is not installed")
class BiRNNTest(unittest.TestCase):
    def setUp(self):
        import torch
        from rnn4j_torch.model import BiRNN
        self.torch, self.BiRNN = torch, BiRNN
        torch.manual_seed(0)

    def test_state_dict_names_and_shapes_are_rnn4js(self):
        for layers, bi in ((2, True), (1, False)):
            model = self.BiRNN(11, 5, 3, layers, bidirectional=bi)
            state = model.state_dict()
            self.assertEqual(rnn4j_names(layers, bi), list(state))
            d = 2 if bi else 1
            self.assertEqual((12, 5), tuple(state["encoder.weight_ih_l0"].shape))
            self.assertEqual((2, 2 * d * 3), tuple(state["decoder.weight"].shape))

    def test_every_cell_has_rnn4js_names_and_gate_shapes(self):
        for cell, gates in (("lstm", 4), ("gru", 3), ("rnn_tanh", 1), ("rnn_relu", 1)):
            model = self.BiRNN(11, 5, 3, 2, cell=cell)
            state = model.state_dict()
            self.assertEqual(rnn4j_names(2, True), list(state), cell)
            self.assertEqual((gates * 3, 5), tuple(state["encoder.weight_ih_l0"].shape), cell)
            self.assertEqual((gates * 3, 3), tuple(state["encoder.weight_hh_l1_reverse"].shape), cell)
        self.assertEqual("relu", self.BiRNN(11, 5, 3, 1, cell="rnn_relu").encoder.nonlinearity)
        with self.assertRaises(ValueError):
            self.BiRNN(11, 5, 3, 1, cell="lru")

    def test_inputs_are_batch_major_and_packing_full_reviews_changes_nothing(self):
        torch = self.torch
        model = self.BiRNN(11, 5, 3, 2).eval()
        x = torch.randint(2, 11, (3, 7))  # B=3 reviews of T=7 tokens
        with torch.no_grad():
            logits = model(x)
            self.assertEqual((3, 2), tuple(logits.shape))
            self.assertTrue(torch.allclose(logits[1:2], model(x[1:2]), atol=1e-6))
            packed = model.forward_packed(x, torch.full((3,), 7))
        self.assertTrue(torch.allclose(logits, packed, atol=1e-6))

    def test_packed_pooling_reads_each_reviews_own_last_token(self):
        torch = self.torch
        model = self.BiRNN(11, 5, 3, 2).eval()
        x = torch.randint(2, 11, (2, 6))
        x[0, 4:] = 0
        with torch.no_grad():
            packed = model.forward_packed(x, torch.tensor([4, 6]))
            self.assertTrue(torch.allclose(packed[0], model(x[0:1, :4])[0], atol=1e-6))

    def test_from_config_follows_the_config(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # one layer with dropout: no nn.LSTM warning
            model = self.BiRNN.from_config(metadata.model_config(9, 4, 3, 1, dropout=0.3))
        self.assertFalse(model.embedding.weight.requires_grad)
        self.assertTrue(model.encoder.weight_ih_l0.requires_grad)
        trained = self.BiRNN.from_config(metadata.model_config(9, 4, 3, 2, train_embedding=True,
                                                               classes=3))
        self.assertTrue(trained.embedding.weight.requires_grad)
        self.assertEqual(3, trained.decoder.out_features)

    @unittest.skipUnless(HAVE_SAFETENSORS, "safetensors is not installed")
    def test_a_file_in_rnn4js_format_loads_strictly(self):
        from safetensors.torch import load_file
        model = self.BiRNN.from_config(metadata.read_file_config(FIXTURE))
        model.load_state_dict(load_file(FIXTURE), strict=True)
        self.assertEqual(0.375, float(model.embedding.weight[1, 0]))  # 3 / 8


if __name__ == "__main__":
    unittest.main()
