"""The tutorial's PyTorch model and helpers shared by rnn4j's comparison scripts.

BiRNN has exactly the attributes of the tutorial's module (embedding, encoder, decoder), so its
state_dict names are the ones rnn4j writes to safetensors. forward() is the tutorial's: it takes
token ids [B, T], runs the LSTM sequence-major and pools concat(out[0], out[-1]). forward_packed()
is the padding-correct variant rnn4j computes: each review's last step is its own last token.
"""
import json

import torch
from torch import nn


class BiRNN(nn.Module):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, bidirectional=True,
                 dropout=0.0, classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.encoder = nn.LSTM(embed_size, num_hiddens, num_layers=num_layers,
                               bidirectional=bidirectional, dropout=dropout)
        directions = 2 if bidirectional else 1
        self.decoder = nn.Linear(2 * directions * num_hiddens, classes)

    def forward(self, inputs):
        """The tutorial's forward: inputs [B, T], every review padded or truncated to T."""
        embeddings = self.embedding(inputs.T)
        self.encoder.flatten_parameters()
        outputs, _ = self.encoder(embeddings)
        encoding = torch.cat((outputs[0], outputs[-1]), dim=1)
        return self.decoder(encoding)

    def forward_packed(self, inputs, lengths):
        """rnn4j's function: pooling reads each review's own last token, never padding."""
        embeddings = self.embedding(inputs.T)
        packed = nn.utils.rnn.pack_padded_sequence(embeddings, lengths.cpu(), enforce_sorted=False)
        self.encoder.flatten_parameters()
        outputs, _ = self.encoder(packed)
        outputs, _ = nn.utils.rnn.pad_packed_sequence(outputs)
        batch = torch.arange(inputs.shape[0], device=inputs.device)
        last = outputs[lengths.to(inputs.device) - 1, batch]
        return self.decoder(torch.cat((outputs[0], last), dim=1))


def config_from_metadata(metadata):
    """rnn4j's model config (a JSON string in the safetensors header) as a dict."""
    for key in ("rnn4j.config", "config", "model_config"):
        if metadata and key in metadata:
            return json.loads(metadata[key])
    raise KeyError("no rnn4j model config in the safetensors metadata: %s" % sorted(metadata or {}))


def build(config, device):
    """A BiRNN shaped by an rnn4j config dict (record field names of ModelConfig)."""
    model = BiRNN(config["vocabSize"], config["embedSize"], config["hiddenSize"], config["layers"],
                  config.get("bidirectional", True), config.get("dropout", 0.0),
                  config.get("classes", 2))
    model.embedding.weight.requires_grad_(bool(config.get("trainEmbedding", False)))
    return model.to(device)


def set_exact_fp32(exact):
    """exact=True turns TF32 off in cuDNN and cuBLAS (PyTorch's default allows it for cuDNN)."""
    torch.backends.cudnn.allow_tf32 = not exact
    torch.backends.cuda.matmul.allow_tf32 = not exact
