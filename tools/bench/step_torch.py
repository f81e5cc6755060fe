#!/usr/bin/env python3
"""PyTorch peer of step.mjs: the same architectures, batch, image size, harmonization loss (double
backprop through the saliency) and SGD, on the CPU. Prints one JSON line (medians in ms).

    /usr/bin/python3 tools/bench/step_torch.py --model vgg_small --batch 8 --size 64 --steps 5 --threads 2
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

NUM_CLASSES = 1000


def conv_bn(cin, cout, k, stride, relu=True):
    layers = [nn.Conv2d(cin, cout, k, stride, padding=k // 2, bias=False), nn.BatchNorm2d(cout)]
    if relu:
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class VggSmall(nn.Module):
    """4 blocks of 2x(conv3x3 + ReLU) + maxpool 2x2, channels 32, 64, 128, 128; dense 256; 1000 logits."""

    def __init__(self, size):
        super().__init__()
        layers, cin = [], 3
        for c in [32, 64, 128, 128]:
            layers += [nn.Conv2d(cin, c, 3, padding=1), nn.ReLU(), nn.Conv2d(c, c, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2)]
            cin = c
        self.features = nn.Sequential(*layers)
        self.fc1 = nn.Linear(128 * (size // 16) ** 2, 256)
        self.fc2 = nn.Linear(256, NUM_CLASSES)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(torch.flatten(self.features(x), 1))))


class Basic(nn.Module):
    def __init__(self, cin, c, stride):
        super().__init__()
        self.a = conv_bn(cin, c, 3, stride)
        self.b = conv_bn(c, c, 3, 1, relu=False)
        self.proj = conv_bn(cin, c, 1, stride, relu=False) if stride != 1 or cin != c else None

    def forward(self, x):
        return F.relu(self.b(self.a(x)) + (self.proj(x) if self.proj is not None else x))


class Bottleneck(nn.Module):
    def __init__(self, cin, c, stride):
        super().__init__()
        self.a = conv_bn(cin, c, 1, 1)
        self.b = conv_bn(c, c, 3, stride)
        self.c = conv_bn(c, 4 * c, 1, 1, relu=False)
        self.proj = conv_bn(cin, 4 * c, 1, stride, relu=False) if stride != 1 or cin != 4 * c else None

    def forward(self, x):
        return F.relu(self.c(self.b(self.a(x))) + (self.proj(x) if self.proj is not None else x))


class ResNet(nn.Module):
    def __init__(self, base, blocks, block, expansion):
        super().__init__()
        self.stem = conv_bn(3, base, 7, 2)
        self.pool = nn.MaxPool2d(3, 2, padding=1)
        layers, cin = [], base
        for s, n in enumerate(blocks):
            for i in range(n):
                layers.append(block(cin, base * 2**s, 2 if s > 0 and i == 0 else 1))
                cin = base * 2**s * expansion
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, NUM_CLASSES)

    def forward(self, x):
        x = self.layers(self.pool(self.stem(x)))
        return self.fc(x.mean((2, 3)))


MODELS = {
    'vgg_small': lambda size: VggSmall(size),
    'resnet_small': lambda size: ResNet(32, [2, 2, 2, 2], Basic, 1),
    'resnet50': lambda size: ResNet(64, [3, 4, 6, 3], Bottleneck, 4),
}

BINOMIAL = torch.tensor([1.0, 4, 6, 4, 1])
KERNEL = (torch.outer(BINOMIAL, BINOMIAL) / 256).reshape(1, 1, 5, 5)


def standardize_cut(m, eps=1e-5):
    mean = m.mean((1, 2), keepdim=True)
    std = m.std((1, 2), keepdim=True, unbiased=False)
    return F.relu((m - mean) / (std + eps))


def downsample(x):
    # TF "SAME" for a 5x5 kernel at stride 2: 1 row/col before, 2 after.
    return F.conv2d(F.pad(x, (1, 2, 1, 2)), KERNEL, stride=2)


def pyramidal_mse(a, b, tokens, levels=5):
    x, y = a[:, None], b[:, None]
    total = 0
    for _ in range(levels):
        total = total + (((x - y) ** 2) * tokens[:, None, None, None]).mean()
        x, y = downsample(x), downsample(y)
    return total / levels


def weight_decay(model):
    return sum((p**2).sum() / 2 for n, p in model.named_parameters() if p.dim() > 1 or 'bn' not in n)


def harmonized_loss(model, images, labels, heatmaps, tokens):
    images = images.clone().requires_grad_(True)
    logits = model(images)
    score = (logits * labels).sum()
    (g,) = torch.autograd.grad(score, images, create_graph=True)
    sa = standardize_cut(g.mean(1))
    hm = standardize_cut(heatmaps)
    sa_max = sa.amax((1, 2), keepdim=True).detach()
    hm = hm / (hm.amax((1, 2), keepdim=True) + 1e-6) * (sa_max + 1e-6)
    harm = pyramidal_mse(sa, hm, tokens)
    ce = F.cross_entropy(logits, labels.argmax(1), label_smoothing=0.1)
    return ce + 1e-5 * weight_decay(model) + harm


def plain_loss(model, images, labels):
    ce = F.cross_entropy(model(images), labels.argmax(1), label_smoothing=0.1)
    return ce + 1e-5 * weight_decay(model)


def median_ms(fn, steps):
    """Median wall-clock ms and median process CPU ms (all threads) over `steps` runs after a warm-up."""
    fn()
    wall, cpu = [], []
    for _ in range(steps):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', default='vgg_small', choices=sorted(MODELS))
    p.add_argument('--batch', type=int, default=8)
    p.add_argument('--size', type=int, default=64)
    p.add_argument('--steps', type=int, default=5)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--saliency', action='store_true', help='time the evaluation saliency instead of training')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = MODELS[a.model](a.size)
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    images = torch.randn(a.batch, 3, a.size, a.size)
    labels = F.one_hot(torch.arange(a.batch) * 37 % NUM_CLASSES, NUM_CLASSES).float()
    heatmaps = torch.rand(a.batch, a.size, a.size)
    tokens = torch.ones(a.batch)

    def step(loss_fn):
        def run():
            opt.zero_grad()
            loss_fn().backward()
            opt.step()
        return run

    out = {'framework': 'pytorch', 'version': torch.__version__, 'model': a.model, 'batch': a.batch, 'size': a.size,
           'threads': a.threads, 'steps': a.steps}
    if a.saliency:
        model.eval()

        def saliency():
            x = images.clone().requires_grad_(True)
            (g,) = torch.autograd.grad((model(x) * labels).sum(), x)
            return g.abs().amax(1)

        out['saliencyMs'], out['saliencyCpuMs'] = median_ms(saliency, a.steps)
    else:
        out['harmonizationMs'], out['harmonizationCpuMs'] = median_ms(
            step(lambda: harmonized_loss(model, images, labels, heatmaps, tokens)), a.steps)
        out['plainMs'], out['plainCpuMs'] = median_ms(step(lambda: plain_loss(model, images, labels)), a.steps)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
