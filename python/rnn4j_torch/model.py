"""The tutorial's BiRNN in PyTorch, the one definition every script uses.

BiRNN has exactly the attributes of the tutorial's module (embedding, encoder, decoder), so its
state_dict names are the ones rnn4j writes to safetensors (embedding.weight,
encoder.weight_ih_l0, ..., encoder.bias_hh_l1_reverse, decoder.weight, decoder.bias) and an rnn4j
file loads with load_state_dict(strict=True). Inputs are token ids [B, T] (batch-major, as the
tutorial's DataLoader gives them); the recurrent encoder (nn.LSTM by default, nn.GRU or nn.RNN
with the cell setting) runs sequence-major inside. forward() is the
tutorial's: it pools concat(out[0], out[-1]) over every review padded or truncated to T.
forward_packed() is the padding-correct variant rnn4j computes: each review's last step is its
own last token, and max and mean pooling read only its real steps.
"""
import torch
from torch import nn


# Pooled feature blocks of D*H per org.rnn4j.model.Pooling.
FEATURE_BLOCKS = {"first_last": 2, "max": 1, "mean": 1, "max_mean": 2}


def encoder(cell, embed_size, hidden_size, layers, bidirectional, dropout):
    """The PyTorch module of an org.rnn4j.model.Cell; its state_dict names are the same for all."""
    # Dropout acts between layers only; PyTorch warns about it with one layer.
    args = dict(num_layers=layers, bidirectional=bidirectional,
                dropout=dropout if layers > 1 else 0.0)
    if cell == "lstm":
        return nn.LSTM(embed_size, hidden_size, **args)
    if cell == "gru":
        return nn.GRU(embed_size, hidden_size, **args)
    if cell in ("rnn_tanh", "rnn_relu"):
        return nn.RNN(embed_size, hidden_size, nonlinearity=cell[4:], **args)
    raise ValueError("unknown cell %r" % (cell,))


class BiRNN(nn.Module):
    def __init__(self, vocab_size, embed_size, hidden_size, layers, *, bidirectional=True,
                 dropout=0.0, classes=2, pooling="first_last", embed_dropout=0.0, cell="lstm"):
        super().__init__()
        self.pooling = pooling
        self.embedding = nn.Embedding(vocab_size, embed_size)
        # No parameters: the state_dict keeps the tutorial's names.
        self.embedding_dropout = nn.Dropout(embed_dropout)
        self.encoder = encoder(cell, embed_size, hidden_size, layers, bidirectional, dropout)
        directions = 2 if bidirectional else 1
        self.decoder = nn.Linear(FEATURE_BLOCKS[pooling] * directions * hidden_size, classes)

    @classmethod
    def from_config(cls, config):
        """A BiRNN shaped by an rnn4j model config (a dict keyed by the field names of
        org.rnn4j.model.ModelConfig, see metadata.read_config); the embedding is trainable only
        where the config says so (trainEmbedding)."""
        model = cls(config["vocabSize"], config["embedSize"], config["hiddenSize"],
                    config["layers"], bidirectional=config["bidirectional"],
                    dropout=config["dropout"], classes=config["classes"],
                    pooling=config.get("pooling", "first_last"),
                    embed_dropout=config.get("embedDropout", 0.0),
                    cell=config.get("cell", "lstm"))
        model.embedding.weight.requires_grad_(bool(config["trainEmbedding"]))
        return model

    def forward(self, inputs):
        """The tutorial's forward: inputs [B, T], every review padded or truncated to T."""
        embeddings = self.embedding_dropout(self.embedding(inputs.T))  # [T, B, E]
        self.encoder.flatten_parameters()
        outputs, _ = self.encoder(embeddings)                          # [T, B, D*H]
        lengths = torch.full((inputs.shape[0],), inputs.shape[1], device=inputs.device)
        return self.decoder(self.pool(outputs, lengths))               # [B, C]

    def forward_packed(self, inputs, lengths):
        """rnn4j's function: pooling reads each review's own last token, never padding."""
        embeddings = self.embedding_dropout(self.embedding(inputs.T))
        packed = nn.utils.rnn.pack_padded_sequence(embeddings, lengths.cpu(), enforce_sorted=False)
        self.encoder.flatten_parameters()
        outputs, _ = self.encoder(packed)
        outputs, _ = nn.utils.rnn.pad_packed_sequence(outputs)
        return self.decoder(self.pool(outputs, lengths.to(inputs.device)))

    def pool(self, outputs, lengths):
        """The features [B, F] from outputs [T, B, D*H] over each review's first lengths[b] steps."""
        if self.pooling == "first_last":
            batch = torch.arange(outputs.shape[1], device=outputs.device)
            return torch.cat((outputs[0], outputs[lengths - 1, batch]), dim=1)
        real = (torch.arange(outputs.shape[0], device=outputs.device)[:, None]
                < lengths[None, :])[:, :, None]                        # [T, B, 1]
        blocks = []
        if self.pooling in ("max", "max_mean"):
            blocks.append(outputs.masked_fill(~real, float("-inf")).max(dim=0).values)
        if self.pooling in ("mean", "max_mean"):
            blocks.append(outputs.masked_fill(~real, 0.0).sum(dim=0)
                          / lengths[:, None].to(outputs.dtype))
        return torch.cat(blocks, dim=1)
