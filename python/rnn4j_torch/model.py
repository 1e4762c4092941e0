"""The tutorial's BiRNN in PyTorch, the one definition every script uses.

BiRNN has exactly the attributes of the tutorial's module (embedding, encoder, decoder), so its
state_dict names are the ones rnn4j writes to safetensors (embedding.weight,
encoder.weight_ih_l0, ..., encoder.bias_hh_l1_reverse, decoder.weight, decoder.bias) and an rnn4j
file loads with load_state_dict(strict=True). Inputs are token ids [B, T] (batch-major, as the
tutorial's DataLoader gives them); the LSTM runs sequence-major inside. forward() is the
tutorial's: it pools concat(out[0], out[-1]) over every review padded or truncated to T.
forward_packed() is the padding-correct variant rnn4j computes: each review's last step is its
own last token.
"""
import torch
from torch import nn


class BiRNN(nn.Module):
    def __init__(self, vocab_size, embed_size, hidden_size, layers, *, bidirectional=True,
                 dropout=0.0, classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        # Dropout acts between layers only; nn.LSTM warns about it with one layer.
        self.encoder = nn.LSTM(embed_size, hidden_size, num_layers=layers,
                               bidirectional=bidirectional, dropout=dropout if layers > 1 else 0.0)
        directions = 2 if bidirectional else 1
        self.decoder = nn.Linear(2 * directions * hidden_size, classes)

    @classmethod
    def from_config(cls, config):
        """A BiRNN shaped by an rnn4j model config (a dict keyed by the field names of
        org.rnn4j.model.ModelConfig, see metadata.read_config); the embedding is trainable only
        where the config says so (trainEmbedding)."""
        model = cls(config["vocabSize"], config["embedSize"], config["hiddenSize"],
                    config["layers"], bidirectional=config["bidirectional"],
                    dropout=config["dropout"], classes=config["classes"])
        model.embedding.weight.requires_grad_(bool(config["trainEmbedding"]))
        return model

    def forward(self, inputs):
        """The tutorial's forward: inputs [B, T], every review padded or truncated to T."""
        embeddings = self.embedding(inputs.T)                  # [T, B, E]
        self.encoder.flatten_parameters()
        outputs, _ = self.encoder(embeddings)                  # [T, B, D*H]
        encoding = torch.cat((outputs[0], outputs[-1]), dim=1)  # [B, 2*D*H]
        return self.decoder(encoding)                          # [B, C]

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
