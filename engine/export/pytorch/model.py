"""The Gradient Lab model as a PyTorch nn.Module, built from model.json.

The module takes the encoded features (see preprocessing.json and data.py) and returns logits;
`probabilities` and `predict` apply the output the way Gradient Lab does. The fitted feature
transforms (standardization, crosses, polynomial terms, PCA, random Fourier features) are part of
the module as fixed buffers. Images are stored channels-last (as Gradient Lab stores them) and
turned to PyTorch's channels-first order around the convolution stack.
"""
import json
import math
import os
from collections import OrderedDict

import torch
import torch.nn.functional as F
from torch import nn


class FeatureTransforms(nn.Module):
    """The transforms Gradient Lab fitted on the training rows, applied in order (no learning)."""

    def __init__(self, transforms, inputs):
        super().__init__()
        self.steps = []
        n = inputs
        for i, t in enumerate(transforms):
            kind = t["type"]
            if kind == "standardize":
                self._buffer(f"mean{i}", t["mean"])
                self._buffer(f"std{i}", t["std"])
            elif kind == "crosses":
                n_out = n + len(t["crosses"])
            elif kind == "polynomial":
                self.register_buffer(f"exponents{i}", torch.tensor(t["terms"], dtype=torch.float32))
            elif kind == "pca":
                self._buffer(f"pca_mean{i}", t["mean"])
                self._buffer(f"components{i}", t["components"], (t["k"], n))
            elif kind == "random-fourier":
                self._buffer(f"w{i}", t["w"], (t["outputs"], n))
                self._buffer(f"b{i}", t["b"])
            self.steps.append((i, kind, t.get("crosses")))
            n = {"standardize": n, "crosses": n + len(t.get("crosses", [])), "polynomial": len(t.get("terms", [])),
                 "pca": t.get("k"), "random-fourier": t.get("outputs")}[kind]
        self.outputs = n

    def _buffer(self, name, values, shape=None):
        v = torch.tensor(values, dtype=torch.float64).to(torch.float32)
        self.register_buffer(name, v.reshape(shape) if shape else v)

    def forward(self, x):
        for i, kind, crosses in self.steps:
            if kind == "standardize":
                x = (x - getattr(self, f"mean{i}")) / getattr(self, f"std{i}")
            elif kind == "crosses":
                extra = []
                for c in crosses:
                    a = x[:, c["a"]]
                    extra.append(torch.sin(a) if c["kind"] == "sin" else a * (a if c["kind"] == "square" else x[:, c["b"]]))
                x = torch.cat([x, torch.stack(extra, dim=1)], dim=1)
            elif kind == "polynomial":
                e = getattr(self, f"exponents{i}")
                x = torch.stack([torch.prod(x ** row, dim=1) for row in e], dim=1)
            elif kind == "pca":
                x = (x - getattr(self, f"pca_mean{i}")) @ getattr(self, f"components{i}").T
            elif kind == "random-fourier":
                w = getattr(self, f"w{i}")
                x = math.sqrt(2 / w.shape[0]) * torch.cos(x @ w.T + getattr(self, f"b{i}"))
        return x


class Activation(nn.Module):
    """One of Gradient Lab's activations by its name."""

    def __init__(self, name):
        super().__init__()
        self.name = name

    def forward(self, x):
        n = self.name
        if n == "relu":
            return torch.relu(x)
        if n == "leaky-relu":
            return F.leaky_relu(x, 0.01)
        if n == "tanh":
            return torch.tanh(x)
        if n == "sigmoid":
            return torch.sigmoid(x)
        if n == "sin":
            return torch.sin(x)
        if n == "gelu":
            return F.gelu(x, approximate="tanh")  # the tanh form, as Gradient Lab computes it
        if n == "softplus":
            return F.softplus(x)
        return x  # linear

    def extra_repr(self):
        return self.name


class ToImage(nn.Module):
    """[N, H·W·C] channels-last rows → [N, C, H, W] for PyTorch's convolutions."""

    def __init__(self, shape):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x):
        h, w, c = self.shape
        return x.reshape(-1, h, w, c).permute(0, 3, 1, 2)


class FlattenChannelsLast(nn.Module):
    """[N, C, H, W] → [N, H·W·C] in Gradient Lab's channels-last order, which the dense weights expect."""

    def forward(self, x):
        return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)


class Conv2d(nn.Module):
    """A convolution with Gradient Lab's padding: [top, left, bottom, right] zeros ('same' puts the odd one bottom/right)."""

    def __init__(self, channels, filters, kernel, stride, pads):
        super().__init__()
        self.pads = tuple(pads)
        self.conv = nn.Conv2d(channels, filters, kernel, stride=stride)

    def forward(self, x):
        top, left, bottom, right = self.pads
        if any(self.pads):
            x = F.pad(x, (left, right, top, bottom))
        return self.conv(x)


class GradientLabModel(nn.Module):
    def __init__(self, bundle):
        super().__init__()
        self.bundle = bundle
        self.transforms = FeatureTransforms(bundle["transforms"], len(bundle["encodedFeatures"]))
        layers = OrderedDict()
        channels_first = False
        for i, l in enumerate(bundle["layers"]):
            kind = l["type"]
            if kind in ("conv2d", "maxpool2d", "avgpool2d") and not channels_first:
                layers[f"to_image{i}"] = ToImage(l["inputShape"])
                channels_first = True
            if kind == "dense":
                layers[l["name"]] = nn.Linear(l["inputs"], l["units"])
            elif kind == "activation":
                layers[f"{l['activation'].replace('-', '_')}{i}"] = Activation(l["activation"])
            elif kind == "conv2d":
                layers[l["name"]] = Conv2d(l["inputShape"][2], l["filters"], l["kernel"], l["stride"], l["pads"])
            elif kind == "maxpool2d":
                layers[f"maxpool{i}"] = nn.MaxPool2d(l["size"], l["stride"])
            elif kind == "avgpool2d":
                layers[f"avgpool{i}"] = nn.AvgPool2d(l["size"], l["stride"])
            elif kind == "flatten":
                layers[f"flatten{i}"] = FlattenChannelsLast()
                channels_first = False
        self.layers = nn.Sequential(layers)

    def forward(self, features):
        """Logits for encoded features [N, F]."""
        return self.layers(self.transforms(features))

    def outputs(self, features):
        """Class probabilities [N, C] (classification) or values [N, 1] (regression), as Gradient Lab gives them."""
        z = self.forward(features)
        out = self.bundle["output"]
        if out["transform"] == "softmax":
            return torch.softmax(z, dim=1)
        if out["transform"] == "sigmoid":
            p = torch.sigmoid(z)
            return torch.cat([1 - p, p], dim=1)
        s = out.get("labelScaling") or {"mean": 0, "std": 1}
        return z * s["std"] + s["mean"]

    def load_gradient_lab_weights(self, path):
        """Loads weights.bin (float32, little-endian, laid out as model.json's weights index)."""
        raw = torch.frombuffer(bytearray(open(path, "rb").read()), dtype=torch.float32)
        params = {p["name"]: raw[p["offset"] : p["offset"] + p["length"]].reshape(p["shape"]) for p in self.bundle["weights"]["params"]}
        with torch.no_grad():
            for l in self.bundle["layers"]:
                if l["type"] == "dense":
                    m = getattr(self.layers, l["name"])
                    m.weight.copy_(params[l["weights"]].T)  # Gradient Lab stores [inputs × units]
                    m.bias.copy_(params[l["bias"]])
                elif l["type"] == "conv2d":
                    k, c, f = l["kernel"], l["inputShape"][2], l["filters"]
                    m = getattr(self.layers, l["name"]).conv
                    m.weight.copy_(params[l["weights"]].reshape(k, k, c, f).permute(3, 2, 0, 1))  # HWIO → OIHW
                    m.bias.copy_(params[l["bias"]])
        return self


def load_model(folder, weights=None):
    """The exported model with Gradient Lab's weights, or with a state dict saved by train.py (`weights`)."""
    with open(os.path.join(folder, "model.json"), encoding="utf-8") as f:
        model = GradientLabModel(json.load(f))
    if weights and not weights.endswith(".bin"):
        model.load_state_dict(torch.load(weights, map_location="cpu"))
    else:
        model.load_gradient_lab_weights(weights or os.path.join(folder, "weights.bin"))
    return model.eval()
