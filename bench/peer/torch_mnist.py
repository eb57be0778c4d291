#!/usr/bin/python3
"""PyTorch reference for isingact's peer benchmark (issue 5).

Trains the same MLP as the Go trainer on the same MNIST files and prints one JSON object per line:

    {"event": "config", ...}                       the settings actually used
    {"event": "epoch", "epoch": 1, "seconds": s, "train_loss": l, "val_loss": v, "val_acc": a}
    {"event": "result", "test_loss": l, "test_acc": a, "epoch_seconds": [...]}

What is matched with the Go side (experiments/peer.go passes the same flags to both):
  * data: the four gz IDX files shipped in the GoMNIST module (directory given by --data),
    pixels / 255 as float32, no other normalisation; the 60 000 training images are split into
    the validation images listed in --val-index (a file of indices into the 60 000, which the
    Go side writes from datasets.LoadMNIST's seeded split, so both train on the same 50 000)
    and the rest; without --val-index the first --train images train and the rest validate;
    the 10 000 t10k images are the test set;
  * model: 784 - hidden... - 10, one hidden activation (relu or tanh), linear output layer,
    float32 throughout;
  * initialisation (--init, named as in Go's nn.ParseInit): weights uniform in [-r, r], biases 0,
    with r = sqrt(6 / fan_in) for "he-uniform" (the default; He et al. 2015, nn.He) or
    r = sqrt(6 / (fan_in + fan_out)) for "glorot-uniform" (Glorot & Bengio 2010, nn.Glorot);
    the draws come from torch.Generator, so the weights have the same distribution as Go's,
    not the same values;
  * loss: softmax cross-entropy, mean over the batch;
  * optimiser: Adam, lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-8, no weight decay;
  * batches of --batch (128) in the order of a fresh permutation of the training indices each
    epoch, drawn from torch.Generator seeded with --seed (the Go side draws its permutation from
    its own seeded math/rand/v2 source: same distribution, not the same bits); the last, partial
    batch is kept (391 batches per epoch for 50 000 images).

Epoch time is the wall time of the training pass alone (all batches: forward, backward, Adam
step), excluding data loading and the validation/test evaluation, measured with
time.perf_counter.

Threads: Debian's python3-torch (1.13) runs its elementwise work on OpenMP and its matrix
products on OpenBLAS (libblas.so.3 / libopenblas.so.0), whose thread pool torch.set_num_threads
does not control. --threads N therefore sets OMP_NUM_THREADS and OPENBLAS_NUM_THREADS to N
before torch is imported, and calls torch.set_num_threads(N). OMP_WAIT_POLICY=passive (set when
unset) keeps idle OpenMP threads from spinning, without which Debian's build runs several times
slower on a small machine.
"""

import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np

torch = None  # imported by main once the thread environment is set


def read_idx(path):
    """Reads a gz IDX file (images: uint8 n×rows×cols, labels: uint8 n) as a numpy array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">i", data[:4])
    ndim = magic & 0xFF
    if magic >> 8 != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file (magic {magic:#x})")
    dims = struct.unpack(">" + "i" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if arr.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {arr.size} bytes of data, header says {dims}")
    return arr.reshape(dims)


def load(data_dir, n_train, val_index=None):
    def images(name):
        x = read_idx(os.path.join(data_dir, name))
        return torch.from_numpy(x.reshape(x.shape[0], -1).astype(np.float32) / np.float32(255))

    def labels(name):
        return torch.from_numpy(read_idx(os.path.join(data_dir, name)).astype(np.int64))

    xtr, ytr = images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz")
    xte, yte = images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")
    if val_index is not None:
        val = np.zeros(xtr.shape[0], dtype=bool)
        idx = np.asarray(val_index, dtype=np.int64)
        if idx.size and (idx.min() < 0 or idx.max() >= xtr.shape[0]):
            raise ValueError(f"validation index outside 0..{xtr.shape[0] - 1}")
        val[idx] = True
        if val.sum() != idx.size or val.all():
            raise ValueError("validation indices repeat or leave no training images")
        keep, held = torch.from_numpy(np.flatnonzero(~val)), torch.from_numpy(np.flatnonzero(val))
        return (xtr[keep], ytr[keep]), (xtr[held], ytr[held]), (xte, yte)
    if not 0 < n_train <= xtr.shape[0]:
        raise ValueError(f"--train {n_train} outside 1..{xtr.shape[0]}")
    return (xtr[:n_train], ytr[:n_train]), (xtr[n_train:], ytr[n_train:]), (xte, yte)


def build(sizes, activation, init, gen):
    act = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh}[activation]
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        lin = torch.nn.Linear(fan_in, fan_out)
        if init == "he-uniform":
            r = math.sqrt(6.0 / fan_in)
        else:  # glorot-uniform
            r = math.sqrt(6.0 / (fan_in + fan_out))
        with torch.no_grad():
            lin.weight.uniform_(-r, r, generator=gen)
            lin.bias.zero_()
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(act())
    return torch.nn.Sequential(*layers)


def evaluate(model, x, y, batch=1000):
    if x.shape[0] == 0:
        return float("nan"), float("nan")
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            out = model(x[i:i + batch])
            loss += torch.nn.functional.cross_entropy(out, y[i:i + batch], reduction="sum").item()
            correct += (out.argmax(1) == y[i:i + batch]).sum().item()
    return loss / x.shape[0], correct / x.shape[0]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="directory with the four MNIST .gz IDX files")
    p.add_argument("--hidden", default="128", help="hidden sizes, comma-separated (default 128)")
    p.add_argument("--activation", default="relu", choices=["relu", "tanh"])
    p.add_argument("--init", default="he-uniform", choices=["he-uniform", "glorot-uniform"])
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--train", type=int, default=50000,
                   help="without --val-index: the first TRAIN images train, the rest validate")
    p.add_argument("--limit", type=int, default=0,
                   help="train on the first LIMIT training images only (0: all; for quick checks)")
    p.add_argument("--val-index", help="file of whitespace-separated validation indices (0-based)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    a = p.parse_args(argv)
    if a.epochs < 1 or a.batch < 1 or a.threads < 1 or a.limit < 0 or not a.lr > 0:
        p.error("--epochs, --batch and --threads must be >= 1, --limit >= 0 and --lr > 0")
    hidden = [int(h) for h in a.hidden.split(",") if h.strip()]

    global torch
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    os.environ["OMP_NUM_THREADS"] = str(a.threads)
    os.environ["OPENBLAS_NUM_THREADS"] = str(a.threads)
    import torch as _torch
    torch = _torch
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    gen = torch.Generator().manual_seed(a.seed)
    torch.manual_seed(a.seed)

    t0 = time.perf_counter()
    val_index = None
    if a.val_index:
        with open(a.val_index) as f:
            val_index = [int(t) for t in f.read().split()]
    (xtr, ytr), (xva, yva), (xte, yte) = load(a.data, a.train, val_index)
    load_s = time.perf_counter() - t0
    if a.limit > 0:
        xtr, ytr = xtr[:a.limit], ytr[:a.limit]

    model = build([784] + hidden + [10], a.activation, a.init, gen)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    lossf = torch.nn.CrossEntropyLoss()
    print(json.dumps({"event": "config", "torch": torch.__version__, "threads": a.threads,
                      "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
                      "torch_threads": torch.get_num_threads(),
                      "sizes": [784] + hidden + [10], "activation": a.activation,
                      "init": a.init, "epochs": a.epochs, "batch": a.batch, "lr": a.lr,
                      "train": xtr.shape[0], "val": xva.shape[0], "test": xte.shape[0],
                      "seed": a.seed, "load_seconds": load_s}), flush=True)

    n = xtr.shape[0]
    times = []
    for epoch in range(1, a.epochs + 1):
        perm = torch.randperm(n, generator=gen)
        t0 = time.perf_counter()
        total = 0.0
        model.train()
        for i in range(0, n, a.batch):
            idx = perm[i:i + a.batch]
            xb, yb = xtr[idx], ytr[idx]
            opt.zero_grad(set_to_none=True)
            loss = lossf(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.detach() * idx.shape[0]
        total = total.item() / n  # one sync per epoch, inside the timed pass
        dt = time.perf_counter() - t0
        times.append(dt)
        if not math.isfinite(total):
            print(json.dumps({"event": "error", "epoch": epoch, "train_loss": total}), flush=True)
            return 1
        model.eval()
        vl, va = evaluate(model, xva, yva)
        print(json.dumps({"event": "epoch", "epoch": epoch, "seconds": dt, "train_loss": total,
                          "val_loss": vl, "val_acc": va}), flush=True)
    tl, ta = evaluate(model, xte, yte)
    print(json.dumps({"event": "result", "test_loss": tl, "test_acc": ta,
                      "epoch_seconds": times}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
