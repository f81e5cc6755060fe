#!/usr/bin/env python3
"""Reference values for @harmonization/core-loss's batchNormTraining (training-mode batch norm
with the batch statistics inside the op), computed with PyTorch's F.batch_norm(training=True)
in float64 and differentiated twice with torch.autograd.grad(create_graph=True).

Layout is ours: x is [..., C] (channels last), flattened in C order; PyTorch wants the channel
on axis 1, so rank-4 inputs are permuted NHWC -> NCHW and back. Inputs are float32 values
(stored exactly) so the TypeScript tests feed the same numbers.

Per case:
- y, mean, variance (biased, as tf.moments) of batchNormTraining(x, scale, offset, eps);
- first derivatives of L1 = sum(dy * y) w.r.t. x, scale, offset (dx, dscale, doffset);
- second derivatives: gradient of L2 = sum(wdx*dx) + sum(wdscale*dscale) + sum(wdoffset*doffset)
  w.r.t. x, scale, offset and dy (dy is the first derivative's upstream gradient).

Run: /usr/bin/python3 tools/reference/core_loss_batch_norm_training.py
(writes fixtures/core_loss_batch_norm_training.json)
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261204)
EPS = 1e-3


def f32(shape, scale=1.0, shift=0.0):
    """float32 values (what the tests feed), held in float64 (what torch computes in)."""
    return (rng.standard_normal(shape) * scale + shift).astype(np.float32).astype(np.float64)


def arr(t):
    if isinstance(t, torch.Tensor):
        t = t.detach().cpu().numpy()
    return [float(v) for v in np.asarray(t, dtype=np.float64).ravel()]


def to_torch_layout(t):
    """[..., C] -> [N, C, ...] for F.batch_norm."""
    if t.dim() == 2:
        return t
    return t.permute(0, t.dim() - 1, *range(1, t.dim() - 1))


def from_torch_layout(t):
    if t.dim() == 2:
        return t
    return t.permute(0, *range(2, t.dim()), 1)


def bn(x, scale, offset):
    y = F.batch_norm(to_torch_layout(x), None, None, scale, offset, training=True, eps=EPS)
    return from_torch_layout(y)


def case(name, shape):
    c = shape[-1]
    x_np = f32(shape, 1.5, 0.7)
    scale_np = f32([c], 0.5, 1.0)
    offset_np = f32([c], 0.3)
    dy_np = f32(shape)
    w = {"wdx": f32(shape), "wdscale": f32([c]), "wdoffset": f32([c])}

    x = torch.tensor(x_np, requires_grad=True)
    scale = torch.tensor(scale_np, requires_grad=True)
    offset = torch.tensor(offset_np, requires_grad=True)
    dy = torch.tensor(dy_np, requires_grad=True)

    y = bn(x, scale, offset)
    axes = tuple(range(len(shape) - 1))
    mean = x.detach().mean(dim=axes)
    variance = x.detach().var(dim=axes, unbiased=False)

    dx, dscale, doffset = torch.autograd.grad((y * dy).sum(), (x, scale, offset), create_graph=True)
    l2 = (dx * torch.tensor(w["wdx"])).sum() + (dscale * torch.tensor(w["wdscale"])).sum() + (
        doffset * torch.tensor(w["wdoffset"])
    ).sum()
    second = torch.autograd.grad(l2, (x, scale, offset, dy), allow_unused=True)
    second = [torch.zeros_like(t) if g is None else g for g, t in zip(second, (x, scale, offset, dy))]

    return {
        "name": name,
        "shape": list(shape),
        "epsilon": EPS,
        "x": arr(x_np),
        "scale": arr(scale_np),
        "offset": arr(offset_np),
        "dy": arr(dy_np),
        **{k: arr(v) for k, v in w.items()},
        "y": arr(y),
        "mean": arr(mean),
        "variance": arr(variance),
        "dx": arr(dx),
        "dscale": arr(dscale),
        "doffset": arr(doffset),
        "second_x": arr(second[0]),
        "second_scale": arr(second[1]),
        "second_offset": arr(second[2]),
        "second_dy": arr(second[3]),
    }


def main():
    cases = [case("rank 4 [2,3,4,5]", [2, 3, 4, 5]), case("rank 2 [7,4]", [7, 4])]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "core_loss_batch_norm_training.json")
    with open(out, "w") as f:
        json.dump({"generator": "tools/reference/core_loss_batch_norm_training.py", "torch": torch.__version__, "cases": cases}, f)
        f.write("\n")
    print(f"wrote {out} ({os.path.getsize(out)} bytes)")


if __name__ == "__main__":
    main()
