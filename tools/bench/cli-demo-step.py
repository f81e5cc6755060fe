# PyTorch peer of tools/bench/cli-demo-step.mjs: one training step of the demo's tiny_vgg
# (conv 16-32-64 + max-pool ×3 + flatten + dense, 32×32×3, 6 classes, batch 16) on one CPU
# thread — plain cross-entropy, and the harmonization loss (double backprop through the input
# gradient, standardize-cut, 5-level binomial pyramid MSE). Prints median milliseconds as JSON.
import json, statistics, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
B, S, K = 16, 32, 6

class TinyVGG(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 16, 3, padding=1)
        self.c2 = nn.Conv2d(16, 32, 3, padding=1)
        self.c3 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc = nn.Linear(64 * 4 * 4, K)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        x = F.max_pool2d(F.relu(self.c3(x)), 2)
        return self.fc(x.flatten(1))

k1 = torch.tensor([1., 4., 6., 4., 1.])
KER = (torch.outer(k1, k1) / 256).view(1, 1, 5, 5)

def std_cut(m):
    m = m - m.mean(dim=(1, 2), keepdim=True)
    m = m / (m.std(dim=(1, 2), unbiased=False, keepdim=True) + 1e-5)
    return F.relu(m)

def pyramid(m, levels=5):
    out = [m]
    x = m.unsqueeze(1)
    for _ in range(levels):
        x = F.conv2d(F.pad(x, (1, 2, 1, 2)), KER, stride=2)
        out.append(x.squeeze(1))
    return out

def step(model, opt, x, y, h, harmonized):
    opt.zero_grad()
    if harmonized:
        x = x.clone().requires_grad_(True)
        logits = model(x)
        sal = torch.autograd.grad((logits * F.one_hot(y, K)).sum(), x, create_graph=True)[0].mean(-3)
        sa = std_cut(sal)
        hm = std_cut(h)
        hm = hm / (hm.amax(dim=(1, 2), keepdim=True) + 1e-6) * (sa.amax(dim=(1, 2), keepdim=True).detach() + 1e-6)
        harm = sum(F.mse_loss(a, b) for a, b in list(zip(pyramid(sa), pyramid(hm)))[:5]) / 5
        loss = F.cross_entropy(logits, y) + 10 * harm
    else:
        loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()

results = {}
for harmonized in (False, True):
    model = TinyVGG()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    times = []
    for i in range(25):
        x = torch.rand(B, 3, S, S) - 0.5
        y = torch.randint(0, K, (B,))
        h = torch.rand(B, S, S)
        t = time.perf_counter()
        step(model, opt, x, y, h, harmonized)
        if i >= 5:
            times.append((time.perf_counter() - t) * 1000)
    results['harmonized' if harmonized else 'baseline'] = statistics.median(times)
json.dump({'torch': torch.__version__, **results}, sys.stdout)
