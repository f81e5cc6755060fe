#!/usr/bin/env python3
"""Reference values for @harmonization/core-loss, computed with PyTorch + NumPy (Debian's
python3-torch / python3-numpy) in float64, written out independently of the TypeScript code.

Conventions replicated from the original TensorFlow package (SPEC §7):
- TensorFlow "SAME" padding: total = max((ceil(n/s)-1)*s + k - n, 0), before = total//2, rest after.
- population standard deviation; ReLU after standardisation; epsilon 1e-5.
- Keras label smoothing y*(1-s) + s/K; BatchNormalization(epsilon=1e-3) in training mode.
- Tensors are stored NHWC / Keras layouts ([kh,kw,in,out] conv kernels, [in,out] dense kernels,
  [kh,kw,C,1] depthwise kernels), flattened in C order.

Run: /usr/bin/python3 tools/reference/core_loss_reference.py  (writes fixtures/core_loss.json)
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20221104)


def arr(x):
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    return [float(v) for v in np.asarray(x, dtype=np.float64).ravel()]


def same_pad(n, k, s):
    out = math.ceil(n / s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def conv_same_nchw(x, w, stride=1, groups=1):
    """x NCHW, w torch layout [out, in/groups, kh, kw]; TF SAME padding."""
    kh, kw = w.shape[2], w.shape[3]
    top, bottom = same_pad(x.shape[2], kh, stride)
    left, right = same_pad(x.shape[3], kw, stride)
    return F.conv2d(F.pad(x, (left, right, top, bottom)), w, stride=stride, groups=groups)


def standardize_cut(h, eps=1e-5):
    mean = h.mean(dim=(1, 2), keepdim=True)
    std = ((h - mean) ** 2).mean(dim=(1, 2), keepdim=True).sqrt()
    return F.relu((h - mean) / (std + eps))


BINOMIAL = torch.tensor(np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]) / 256.0)


def downsample_nhwc(x):
    n, h, w, c = x.shape
    xc = x.permute(0, 3, 1, 2).reshape(n * c, 1, h, w)
    d = conv_same_nchw(xc, BINOMIAL.reshape(1, 1, 5, 5), stride=2)
    return d.reshape(n, c, d.shape[2], d.shape[3]).permute(0, 2, 3, 1)


def pyramid(x, levels=5):
    out = [x]
    for _ in range(levels):
        out.append(downsample_nhwc(out[-1]))
    return out


def pyramidal_mse(a, b, tokens, levels=5):
    pa, pb = pyramid(a.unsqueeze(-1), levels), pyramid(b.unsqueeze(-1), levels)
    t = tokens.reshape(-1, 1, 1, 1)
    return sum(((pa[i] - pb[i]) ** 2 * t).mean() for i in range(levels)) / levels


def cross_entropy(logits, labels, smoothing):
    k = logits.shape[1]
    targets = labels * (1 - smoothing) + smoothing / k
    return -(targets * torch.log_softmax(logits, dim=1)).sum(dim=1).mean()


def harmonizer(forward, params, decayed, images, labels, heatmaps, tokens, lw, lh, smoothing=0.1):
    x = images.clone().requires_grad_(True)
    logits = forward(x)
    g, = torch.autograd.grad((logits * labels).sum(), x, create_graph=True)
    sa = standardize_cut(g.mean(dim=3))
    hm = standardize_cut(heatmaps)
    hm = hm / (hm.amax(dim=(1, 2), keepdim=True) + 1e-6) * (sa.amax(dim=(1, 2), keepdim=True).detach() + 1e-6)
    harm = pyramidal_mse(sa, hm, tokens)
    ce = cross_entropy(logits, labels, smoothing)
    wd = sum((params[n] ** 2).sum() / 2 for n in decayed)
    total = ce + lw * wd + lh * harm
    grads = torch.autograd.grad(total, [params[n] for n in params])
    return {
        "total": float(total), "crossEntropy": float(ce), "weightDecay": float(wd), "harmonization": float(harm),
        "grads": {n: arr(gr) for n, gr in zip(params, grads)},
    }


def normal(*shape, scale=1.0):
    return torch.tensor(rng.standard_normal(shape) * scale)


def batch_norm_train(x_nhwc, gamma, beta, eps=1e-3):
    mean = x_nhwc.mean(dim=(0, 1, 2))
    var = ((x_nhwc - mean) ** 2).mean(dim=(0, 1, 2))
    return (x_nhwc - mean) / torch.sqrt(var + eps) * gamma + beta


# ---- Model A: conv3x3 same + ReLU + maxpool 2x2 + conv3x3 same + BatchNorm + ReLU + flatten + dense
def model_a_params(c_in=3, k=5, hw=12):
    p = {
        "conv_a/kernel": normal(3, 3, c_in, 4, scale=0.4), "conv_a/bias": normal(4, scale=0.1),
        "conv_b/kernel": normal(3, 3, 4, 6, scale=0.3), "conv_b/bias": normal(6, scale=0.1),
        "block_bn/gamma": torch.tensor(1 + 0.2 * rng.standard_normal(6)), "block_bn/beta": normal(6, scale=0.1),
        "logits/kernel": normal((hw // 2) ** 2 * 6, k, scale=0.1), "logits/bias": normal(k, scale=0.1),
    }
    for v in p.values():
        v.requires_grad_(True)
    return p


def model_a_forward(p):
    def forward(x):  # x NHWC
        h = x.permute(0, 3, 1, 2)
        h = F.relu(conv_same_nchw(h, p["conv_a/kernel"].permute(3, 2, 0, 1)) + p["conv_a/bias"].reshape(1, -1, 1, 1))
        h = F.max_pool2d(h, 2)
        h = conv_same_nchw(h, p["conv_b/kernel"].permute(3, 2, 0, 1)) + p["conv_b/bias"].reshape(1, -1, 1, 1)
        h = h.permute(0, 2, 3, 1)
        h = F.relu(batch_norm_train(h, p["block_bn/gamma"], p["block_bn/beta"]))
        return h.reshape(h.shape[0], -1) @ p["logits/kernel"] + p["logits/bias"]
    return forward


# ---- Model B: conv3x3 stride 2 same (asymmetric TF padding) + swish + depthwise 3x3 same + ReLU6
#      + avgpool 2x2 + tanh + global average pool + dense
def model_b_params(c_in=3, k=5):
    p = {
        "stem/kernel": normal(3, 3, c_in, 6, scale=0.4), "stem/bias": normal(6, scale=0.1),
        "dw/depthwise_kernel": normal(3, 3, 6, 1, scale=0.5), "dw/bias": normal(6, scale=0.1),
        "logits/kernel": normal(6, k, scale=0.5), "logits/bias": normal(k, scale=0.1),
    }
    for v in p.values():
        v.requires_grad_(True)
    return p


def model_b_forward(p):
    def forward(x):
        h = x.permute(0, 3, 1, 2)
        h = conv_same_nchw(h, p["stem/kernel"].permute(3, 2, 0, 1), stride=2) + p["stem/bias"].reshape(1, -1, 1, 1)
        h = h * torch.sigmoid(h)
        h = conv_same_nchw(h, p["dw/depthwise_kernel"].permute(2, 3, 0, 1), groups=6) + p["dw/bias"].reshape(1, -1, 1, 1)
        h = torch.clamp(h, 0, 6)
        h = torch.tanh(F.avg_pool2d(h, 2))
        return h.mean(dim=(2, 3)) @ p["logits/kernel"] + p["logits/bias"]
    return forward


def loss_case(name, params, forward, decayed, n=3, hw=12, k=5, tokens=(1.0, 0.0, 1.0)):
    images = normal(n, hw, hw, 3)
    labels = torch.tensor(np.eye(k)[rng.integers(0, k, n)])
    heatmaps = torch.tensor(np.abs(rng.standard_normal((n, hw, hw))))
    tok = torch.tensor(tokens)
    return {
        "name": name,
        "params": {nm: {"shape": list(v.shape), "values": arr(v)} for nm, v in params.items()},
        "images": {"shape": list(images.shape), "values": arr(images)},
        "labels": {"shape": list(labels.shape), "values": arr(labels)},
        "heatmaps": {"shape": list(heatmaps.shape), "values": arr(heatmaps)},
        "tokens": list(tokens),
        "decayed": decayed,
        "defaults": harmonizer(forward, params, decayed, images, labels, heatmaps, tok, 1e-5, 1.0),
        "strongHarmonization": harmonizer(forward, params, decayed, images, labels, heatmaps, tok, 1e-2, 100.0),
    }


def main():
    out = {}
    # standardize-cut: odd sizes, a constant map, a map with one hot pixel
    maps = rng.standard_normal((4, 9, 11)) * 3 + 1
    maps[1] = 2.5
    maps[2] = 0
    maps[2, 4, 5] = 7
    out["standardizeCut"] = {"shape": [4, 9, 11], "input": arr(maps), "output": arr(standardize_cut(torch.tensor(maps)))}

    # pyramid: odd and even sizes, 3 channels
    for key, shape in (("pyramidOdd", (2, 13, 10, 3)), ("pyramidEven", (1, 16, 16, 1))):
        x = torch.tensor(rng.standard_normal(shape))
        levels = pyramid(x, 5)
        out[key] = {"shape": list(shape), "input": arr(x),
                    "levels": [{"shape": list(l.shape), "values": arr(l)} for l in levels]}

    # pyramidal MSE with tokens (a token-0 sample stays in the denominator)
    a = torch.tensor(rng.standard_normal((4, 16, 12)))
    b = torch.tensor(rng.standard_normal((4, 16, 12)))
    tokens = torch.tensor([1.0, 0.0, 1.0, 1.0])
    out["pyramidalMse"] = {"shape": [4, 16, 12], "a": arr(a), "b": arr(b), "tokens": arr(tokens),
                           "withTokens": float(pyramidal_mse(a, b, tokens)),
                           "allOnes": float(pyramidal_mse(a, b, torch.ones(4))),
                           "levels3": float(pyramidal_mse(a, b, tokens, levels=3))}

    # cross-entropy with label smoothing
    logits = torch.tensor(rng.standard_normal((3, 7)) * 3)
    labels = torch.tensor(np.eye(7)[[0, 3, 6]])
    out["crossEntropy"] = {"logits": arr(logits), "labels": arr(labels), "shape": [3, 7],
                           "smoothing0": float(cross_entropy(logits, labels, 0.0)),
                           "smoothing01": float(cross_entropy(logits, labels, 0.1))}

    # full loss and weight gradients for two small models
    pa = model_a_params()
    out["modelA"] = loss_case("conv-maxpool-conv-batchnorm-dense", pa, model_a_forward(pa),
                              [n for n in pa if "bn/" not in n])
    pb = model_b_params()
    out["modelB"] = loss_case("conv-s2-swish-depthwise-relu6-avgpool-tanh-gap-dense", pb, model_b_forward(pb),
                              list(pb))

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "core_loss.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
