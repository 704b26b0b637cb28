"""PyTorch side of training-steps.mjs: the same shapes, model and update
(SGD with momentum 0.9, softmax cross-entropy), medians after warm-up, on
the same cores (threads = argv[1]). Prints one JSON object."""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.manual_seed(1)


def step_time(model, x, y, warmup=10, runs=30):
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        loss.item()

    for _ in range(warmup):
        step()
    ms = []
    for _ in range(runs):
        t0 = time.perf_counter()
        step()
        ms.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ms)


mlp = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
mlp_ms = step_time(mlp, torch.randn(128, 784), torch.randint(0, 10, (128,)))
lenet = nn.Sequential(
    nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
    nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
)
lenet_ms = step_time(lenet, torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,)))

# Per-op dispatch: a + b on 4-element tensors, the result dropped each time.
a, b = torch.ones(4), torch.ones(4)
adds = []
for _ in range(3):
    n = 20000
    t0 = time.perf_counter()
    for _ in range(n):
        a + b
    adds.append((time.perf_counter() - t0) / n * 1e9)
print(json.dumps({"torch": torch.__version__, "mlp_ms": mlp_ms, "lenet_ms": lenet_ms, "add_ns": statistics.median(adds)}))
