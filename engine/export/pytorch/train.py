"""Predict with, or train again, a model exported from Gradient Lab.

  python train.py --predict FILE [--out predictions.csv] [--weights trained.pt]
      the same predictions as "gradient-lab predict" (row, predicted, one probability per class)
  python train.py [--data FILE] [--save trained.pt]
      trains the experiment of config.json from new initial weights: the same layers, initializer,
      optimizer and hyperparameters, loss, batch size, epochs, validation split and seeds
  torchrun --nproc_per_node=N train.py
      the same training on N processes with DistributedDataParallel (gloo on CPU, nccl on GPUs)
"""
import argparse
import csv
import json
import math
import os
import sys

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import data  # noqa: E402
from model import GradientLabModel, load_model  # noqa: E402

# Gradient Lab's optimizer defaults (engine/optimizers.ts), for fields the config leaves out.
OPTIMIZER_DEFAULTS = {
    "sgd": {"learningRate": 0.01},
    "momentum": {"learningRate": 0.01, "momentum": 0.9},
    "nesterov": {"learningRate": 0.01, "momentum": 0.9},
    "adagrad": {"learningRate": 0.01, "epsilon": 1e-10},
    "rmsprop": {"learningRate": 0.01, "rho": 0.99, "epsilon": 1e-8},
    "adam": {"learningRate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weightDecay": 0},
    "adamw": {"learningRate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weightDecay": 0.01},
}


def number(v):
    """A float32 value as the shortest text with 9 significant digits (as gradient-lab predict writes it)."""
    s = repr(float(f"{v:.9g}"))
    return s[:-2] if s.endswith(".0") else s


def predict(args, bundle):
    model = load_model(HERE, args.weights)
    x, labels = data.read_for_prediction(bundle, args.predict, args.delimiter)
    with torch.no_grad():
        out = model.outputs(x)
    classes = bundle["output"].get("classes")
    rows = []
    header = ["row", "predicted"] + [f"probability:{c}" for c in classes] if classes else ["row", "predicted"]
    predicted = out.argmax(dim=1).tolist() if classes else out[:, 0].tolist()
    for r in range(out.shape[0]):
        if classes:
            rows.append([r + 1, classes[predicted[r]]] + [number(v) for v in out[r].tolist()])
        else:
            rows.append([r + 1, number(predicted[r])])
    target = open(args.out, "w", newline="", encoding="utf-8") if args.out else sys.stdout
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    if args.out:
        target.close()
    report = sys.stdout if args.out else sys.stderr
    if labels is not None:
        known = [(p, y) for p, y in zip(predicted, labels) if y is not None]
        if classes:
            print(f"accuracy {100 * sum(p == y for p, y in known) / max(1, len(known)):.1f}% on {len(known):,} labelled rows", file=report)
        else:
            print(f"R² {r_squared(torch.tensor([p for p, _ in known]), torch.tensor([y for _, y in known])):.4f} on {len(known):,} labelled rows", file=report)


def r_squared(pred, y):
    ss_res = float(((y - pred) ** 2).sum())
    ss_tot = float(((y - y.mean()) ** 2).sum())
    return 1 - ss_res / ss_tot if ss_tot > 0 else float("nan")


def init_spec(config, layer, conv_specs, hidden_specs):
    """The (weights, biases) initializer of one layer: its own from the config, else the model-wide one."""
    weights, biases = config["init"]["weights"], config["init"]["biases"]
    own = {}
    if layer["type"] == "conv2d":
        own = conv_specs[int(layer["name"].removeprefix("conv")) - 1]
    elif layer["name"].startswith("dense"):
        own = hidden_specs[int(layer["name"].removeprefix("dense")) - 1]
    return own.get("init", weights), own.get("biasInit", biases)


def fill(tensor, fan_in, fan_out, spec, generator):
    """Gradient Lab's initializers (engine/init.ts) on a [fan_in × fan_out] tensor, drawn by PyTorch."""
    kind = spec["kind"]
    with torch.no_grad():
        if kind == "zeros":
            return tensor.zero_()
        if kind == "constant":
            return tensor.fill_(spec["value"])
        if kind == "uniform":
            return tensor.uniform_(spec["min"], spec["max"], generator=generator)
        if kind == "normal":
            return tensor.normal_(spec["mean"], spec["std"], generator=generator)
        if kind == "orthogonal":
            flat = torch.empty(fan_in, fan_out)
            q, r = torch.linalg.qr(torch.randn(max(fan_in, fan_out), min(fan_in, fan_out), generator=generator))
            q = q * torch.sign(torch.diagonal(r))
            flat.copy_(q if fan_in >= fan_out else q.T)
            return tensor.copy_(spec["gain"] * flat.reshape(tensor.shape))
        variance = {"glorot-uniform": 2 / (fan_in + fan_out), "glorot-normal": 2 / (fan_in + fan_out),
                    "he-uniform": 2 / fan_in, "he-normal": 2 / fan_in,
                    "lecun-uniform": 1 / fan_in, "lecun-normal": 1 / fan_in}[kind]
        if kind.endswith("uniform"):
            limit = math.sqrt(3 * variance)
            return tensor.uniform_(-limit, limit, generator=generator)
        return tensor.normal_(0, math.sqrt(variance), generator=generator)


def initialize(model, bundle, config, seed):
    """New weights for every layer, with the config's initializers and the init seed."""
    generator = torch.Generator().manual_seed(seed)
    conv_specs = [s for s in config["model"].get("conv", []) if s["type"] == "conv2d"]
    hidden_specs = config["model"]["hidden"]
    for l in bundle["layers"]:
        if l["type"] == "dense":
            m = getattr(model.layers, l["name"])
            w_spec, b_spec = init_spec(config, l, conv_specs, hidden_specs)
            w = torch.empty(l["inputs"], l["units"])
            fill(w, l["inputs"], l["units"], w_spec, generator)
            with torch.no_grad():
                m.weight.copy_(w.T)
            fill(m.bias, 1, l["units"], b_spec, generator)
        elif l["type"] == "conv2d":
            k, c, f = l["kernel"], l["inputShape"][2], l["filters"]
            m = getattr(model.layers, l["name"]).conv
            w_spec, b_spec = init_spec(config, l, conv_specs, hidden_specs)
            w = torch.empty(k * k * c, f)  # fan-in k·k·C, fan-out filters, as Gradient Lab counts them
            fill(w, k * k * c, f, w_spec, generator)
            with torch.no_grad():
                m.weight.copy_(w.reshape(k, k, c, f).permute(3, 2, 0, 1))
            fill(m.bias, 1, f, b_spec, generator)


def make_optimizer(model, spec):
    o = {**OPTIMIZER_DEFAULTS[spec["kind"]], **{k: v for k, v in spec.items() if v is not None}}
    kind, lr = spec["kind"], o["learningRate"]
    params = list(model.parameters())
    if kind in ("sgd", "momentum", "nesterov"):
        return torch.optim.SGD(params, lr=lr, momentum=o.get("momentum", 0), nesterov=kind == "nesterov")
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=o["epsilon"])
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=o["rho"], eps=o["epsilon"])
    betas = (o["beta1"], o["beta2"])
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, betas=betas, eps=o["epsilon"], weight_decay=o["weightDecay"])
    # AdamW decays the weights only, as Gradient Lab does.
    weights = [p for p in params if p.dim() > 1]
    biases = [p for p in params if p.dim() <= 1]
    return torch.optim.AdamW([{"params": weights}, {"params": biases, "weight_decay": 0}], lr=lr, betas=betas, eps=o["epsilon"], weight_decay=o["weightDecay"])


def loss_fn(name, classes):
    if name == "softmax-cross-entropy":
        return lambda z, y: F.cross_entropy(z, y)
    if name == "binary-cross-entropy":
        return lambda z, y: F.binary_cross_entropy_with_logits(z[:, 0], y.float())
    if name == "mse-on-sigmoid":
        return lambda z, y: ((torch.sigmoid(z[:, 0]) - y.float()) ** 2).mean()
    if name == "hinge":
        if classes == 2:
            return lambda z, y: torch.clamp(1 - (2 * y.float() - 1) * z[:, 0], min=0).mean()
        return lambda z, y: F.multi_margin_loss(z, y) * z.shape[1]  # Weston–Watkins sum, as Gradient Lab
    return lambda z, y: F.mse_loss(z[:, 0], y)


def penalty(model, reg):
    """L1/L2 on the weights (not the biases): l1·|w| + ½·l2·w², as Gradient Lab adds it."""
    l1, l2 = reg.get("l1", 0), reg.get("l2", 0)
    if not l1 and not l2:
        return 0
    return sum(l1 * p.abs().sum() + 0.5 * l2 * (p * p).sum() for p in model.parameters() if p.dim() > 1)


def evaluate(model, x, y, bundle, loss):
    with torch.no_grad():
        z = model(x)
        result = {"loss": float(loss(z, y))}
        if bundle["task"] == "classification":
            out = model.outputs(x) if isinstance(model, GradientLabModel) else model.module.outputs(x)
            result["accuracy"] = float((out.argmax(dim=1) == y).float().mean())
        else:
            result["r2"] = r_squared(z[:, 0], y)
    return result


def train(args, bundle):
    with open(os.path.join(HERE, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    distributed = "WORLD_SIZE" in os.environ
    if distributed:
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    rank = dist.get_rank() if distributed else 0
    world = dist.get_world_size() if distributed else 1
    device = torch.device(f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}" if torch.cuda.is_available() else "cpu")
    log = print if rank == 0 else (lambda *a, **k: None)

    path = args.data or config["dataset"].get("file")
    if not path:
        sys.exit("train.py: the experiment used a built-in synthetic dataset; give its rows as a file with --data FILE")
    if not os.path.isabs(path):
        path = os.path.join(HERE, path)
    x, y = data.read_for_training(bundle, path, args.delimiter or config["dataset"].get("delimiter"))
    classification = bundle["task"] == "classification"
    train_rows, val_rows = data.split(y, config["training"]["validationSplit"], config["seeds"]["data"], classification)
    xt, yt, xv, yv = x[train_rows].to(device), y[train_rows].to(device), x[val_rows].to(device), y[val_rows].to(device)

    model = GradientLabModel(bundle)
    initialize(model, bundle, config, config["seeds"]["init"])
    model.to(device)
    net = DistributedDataParallel(model) if distributed else model
    optimizer = make_optimizer(net, config["optimizer"])
    classes = len(bundle["output"].get("classes") or [])
    loss = loss_fn(bundle["output"]["loss"], classes)
    epochs = args.epochs or config["training"]["epochs"]
    # The config's batch is the global batch: each of the N processes takes its share.
    batch = max(1, math.ceil(config["training"]["batchSize"] / world))
    sampler = DistributedSampler(range(len(train_rows)), num_replicas=world, rank=rank,
                                 shuffle=config["training"].get("shuffle", True), seed=config["seeds"]["data"])
    clip = config.get("clip", {})
    log(f"training {bundle['name']} on {len(train_rows)} rows ({len(val_rows)} validation) for {epochs} epochs, "
        f"batch {config['training']['batchSize']} on {world} process{'es' if world > 1 else ''} ({device})")
    for epoch in range(epochs):
        sampler.set_epoch(epoch)
        order = list(sampler)
        net.train()
        for start in range(0, len(order), batch):
            idx = torch.tensor(order[start : start + batch], device=device)
            optimizer.zero_grad()
            value = loss(net(xt[idx]), yt[idx]) + penalty(model, config.get("regularization", {}))
            value.backward()
            if clip.get("norm"):
                torch.nn.utils.clip_grad_norm_(net.parameters(), clip["norm"])
            if clip.get("value"):
                torch.nn.utils.clip_grad_value_(net.parameters(), clip["value"])
            optimizer.step()
        if rank == 0:
            model.eval()
            tr = evaluate(model, xt, yt, bundle, loss)
            va = evaluate(model, xv, yv, bundle, loss) if len(val_rows) else {}
            metric = "accuracy" if classification else "r2"
            fmt = (lambda v: f"{100 * v:.1f}%") if classification else (lambda v: f"{v:.4f}")
            log(f"epoch {epoch + 1}/{epochs}  loss {tr['loss']:.4g} / {va.get('loss', float('nan')):.4g}  "
                f"{'acc' if classification else 'R²'} {fmt(tr[metric])} / {fmt(va.get(metric, float('nan')))}")
    if rank == 0:
        model.eval()
        va = evaluate(model, xv, yv, bundle, loss) if len(val_rows) else {}
        torch.save(model.state_dict(), args.save)
        summary = {"type": "summary", "epochs": epochs, "processes": world, "validationRows": len(val_rows), "weights": args.save}
        summary.update({("valAccuracy" if k == "accuracy" else "valR2" if k == "r2" else "valLoss"): v for k, v in va.items()})
        log(json.dumps(summary))
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--predict", metavar="FILE", help="predict every row of FILE instead of training")
    p.add_argument("--out", help="with --predict: write the CSV there (default: standard output)")
    p.add_argument("--weights", help="with --predict: weights.bin (default) or a state dict saved by training")
    p.add_argument("--data", help="train on this file instead of the one in config.json")
    p.add_argument("--delimiter", help="the column separator of a delimited file (default: guessed)")
    p.add_argument("--epochs", type=int, help="override the config's epochs")
    p.add_argument("--save", default=os.path.join(HERE, "trained.pt"), help="where training saves its weights (a state dict)")
    args = p.parse_args()
    torch.set_num_threads(max(1, int(os.environ.get("OMP_NUM_THREADS", torch.get_num_threads()))))
    bundle = data.load_bundle(HERE)
    if args.predict:
        predict(args, bundle)
    else:
        train(args, bundle)


if __name__ == "__main__":
    main()
