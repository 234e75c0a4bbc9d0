"""Reads data files the way Gradient Lab read the training file.

Everything this module decides comes from model.json (the model bundle Gradient Lab saved with
the run): the columns in order and how each is encoded (numeric, boolean, date, one-hot
categories), the value a missing cell becomes, the class names, and for images the pixel scale.
Tables (.csv, .tsv, .txt, .json, .jsonl, optionally .gz) and IDX image pairs (MNIST format) are
read; folders of image files are not (Gradient Lab decodes PNG/JPEG itself).
"""
import csv
import datetime
import gzip
import io
import json
import math
import os
import struct

import torch

# The missing-value markers Gradient Lab's reader knows (compared lower-case, trimmed).
MISSING = {"", "na", "n/a", "nan", "null", "?", "none", "#n/a", "nil", "-nan"}
TRUE_WORDS = {"true", "yes", "t", "y"}


def load_bundle(folder):
    with open(os.path.join(folder, "model.json"), encoding="utf-8") as f:
        return json.load(f)


def _open_text(path):
    raw = open(path, "rb").read()
    if path.lower().endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8-sig")


def _format_number(v):
    """A number as Gradient Lab writes a float32 cell as text (7 significant digits, no trailing .0)."""
    v = float(torch.tensor(v, dtype=torch.float32))
    s = repr(float(f"{v:.7g}"))
    return s[:-2] if s.endswith(".0") else s


def read_table(path, delimiter=None):
    """A table file as (column names, rows of cells); a cell is a str, a float, or None (missing)."""
    text = _open_text(path)
    name = path.lower().removesuffix(".gz")
    if name.endswith((".json", ".jsonl", ".ndjson")):
        stripped = text.lstrip()
        records = json.loads(text) if stripped.startswith("[") else [json.loads(l) for l in text.splitlines() if l.strip()]
        names = []
        for r in records:
            for k in r:
                if k not in names:
                    names.append(k)
        rows = [[_json_cell(r.get(k)) for k in names] for r in records]
        return names, rows
    if delimiter is None:
        delimiter = "\t" if name.endswith(".tsv") else _sniff(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    lines = [row for row in reader if any(c.strip() for c in row)]
    names = [n.strip() for n in lines[0]]
    rows = [[_text_cell(c) for c in row] + [None] * (len(names) - len(row)) for row in lines[1:]]
    return names, rows


def _sniff(text):
    first = text[: text.find("\n")] if "\n" in text else text
    counts = {d: first.count(d) for d in [",", "\t", ";", "|"]}
    return max(counts, key=counts.get) if max(counts.values()) > 0 else ","


def _json_cell(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return float(v)
    return _text_cell(str(v))


def _text_cell(s):
    t = s.strip()
    return None if len(t) <= 4 and t.lower() in MISSING else t


def _as_number(cell):
    if cell is None:
        return None
    if isinstance(cell, float):
        return cell
    try:
        v = float(cell)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def _as_text(cell):
    if cell is None:
        return None
    return _format_number(cell) if isinstance(cell, float) else cell


def _date_to_days(s):
    t = s.strip()
    try:
        d = datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    return d.timestamp() / 86400


def _column_index(names, want):
    if want in names:
        return names.index(want)
    lower = [n.strip().lower() for n in names]
    return lower.index(want.strip().lower()) if want.strip().lower() in lower else -1


def encode_table(bundle, names, rows, for_training=False):
    """Encoded features [N, F] (float32) and labels (class index, value, or None per row).

    For prediction every row is kept and a missing value becomes the column's fill; for training
    the rows are those Gradient Lab trained on: rows without a label are dropped, and under the
    missing policy "drop" so are rows with a missing feature.
    """
    inp = bundle["input"]
    columns = inp["columns"]
    index = [_column_index(names, c["name"]) for c in columns]
    label_at = _column_index(names, inp["label"])
    classes = bundle["output"].get("classes")
    class_index = {c: i for i, c in enumerate(classes)} if classes else None
    features, labels = [], []
    for row in rows:
        label = None
        if label_at >= 0:
            cell = row[label_at]
            if class_index is not None:
                text = _as_text(cell)
                label = None if text is None else class_index.get(text, -1)
            else:
                label = _as_number(cell)
        if for_training:
            if label is None or label == -1:
                continue
            if inp["missing"] == "drop" and any(j >= 0 and row[j] is None for j in index):
                continue
        values = []
        for c, j in zip(columns, index):
            values.extend(_encode_cell(c, row[j] if j >= 0 else None))
        features.append(values)
        labels.append(label)
    x = torch.tensor(features, dtype=torch.float64).to(torch.float32).reshape(len(features), len(bundle["encodedFeatures"]))
    return x, (labels if label_at >= 0 else None)


def _encode_cell(c, cell):
    kind, fill = c["kind"], c["fill"]
    if kind == "categorical":
        text = _as_text(cell)
        text = fill if text is None else text
        hot = [0.0] * len(c["categories"])
        if text in c["categories"]:
            hot[c["categories"].index(text)] = 1.0
        return hot
    if kind == "numeric":
        v = _as_number(cell)
        return [float(fill) if v is None else v]
    text = _as_text(cell)
    if kind == "boolean":
        text = fill if text is None else text
        return [1.0 if text.strip().lower() in TRUE_WORDS else 0.0]
    days = None if text is None else _date_to_days(text)
    return [days if days is not None else (_date_to_days(fill) or 0.0)]


def _read_idx(path):
    raw = open(path, "rb").read()
    if path.lower().endswith(".gz"):
        raw = gzip.decompress(raw)
    kind, ndim = raw[2], raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4 : 4 + 4 * ndim])
    fmt = {0x08: torch.uint8, 0x09: torch.int8, 0x0B: torch.int16, 0x0C: torch.int32, 0x0D: torch.float32, 0x0E: torch.float64}[kind]
    data = torch.frombuffer(bytearray(raw[4 + 4 * ndim :]), dtype=fmt)
    if fmt != torch.uint8 and fmt != torch.int8:
        data = data.view(torch.uint8).reshape(-1, data.element_size()).flip(1).reshape(-1).view(fmt)  # big-endian
    return dims, data, kind


def idx_partner(path):
    folder, name = os.path.split(path)
    base = name[:-3] if name.lower().endswith(".gz") else name
    images = "images" in base.lower()
    import re
    swapped = re.sub("images", "labels", base, flags=re.I) if images else re.sub("labels", "images", base, flags=re.I)
    swapped = re.sub(r"idx\d", "idx1" if images else "idx3", swapped, flags=re.I)
    for cand in (swapped, swapped + ".gz"):
        if os.path.exists(os.path.join(folder, cand)):
            return images, os.path.join(folder, cand)
    raise FileNotFoundError(f"{path}: the IDX partner ({swapped}) is not beside it")


def read_images(bundle, path):
    """An IDX pair as pixels [N, H·W·C] scaled as in training, and labels (class indices or None)."""
    images, partner = idx_partner(path)
    img_path, lbl_path = (path, partner) if images else (partner, path)
    dims, data, kind = _read_idx(img_path)
    n = dims[0]
    scale = bundle["input"]["scale"]
    x = (data[: n * math.prod(dims[1:])].to(torch.float64) * scale).to(torch.float32).reshape(n, -1)
    _, lbl, _ = _read_idx(lbl_path)
    class_index = {c: i for i, c in enumerate(bundle["output"]["classes"])}
    labels = [class_index.get(str(int(v)), -1) for v in lbl[:n].tolist()]
    return x, labels


def is_idx(path):
    name = path.lower().removesuffix(".gz")
    import re
    return re.search(r"(idx\d-ubyte|\.idx\d?)$", name) is not None


def read_for_prediction(bundle, path, delimiter=None):
    """Every row of a file, encoded for the model: (features [N, F], labels or None)."""
    if bundle["input"]["kind"] == "image":
        if is_idx(path):
            return read_images(bundle, path)
        names, rows = read_table(path, delimiter)
        label_at = _column_index(names, bundle["input"]["label"])
        pixels = [[_as_number(c) or 0.0 for j, c in enumerate(r) if j != label_at] for r in rows]
        x = (torch.tensor(pixels, dtype=torch.float64) * bundle["input"]["scale"]).to(torch.float32)
        class_index = {c: i for i, c in enumerate(bundle["output"]["classes"])}
        labels = [class_index.get(_as_text(r[label_at]), -1) for r in rows] if label_at >= 0 else None
        return x, labels
    names, rows = read_table(path, delimiter)
    return encode_table(bundle, names, rows)


def read_for_training(bundle, path, delimiter=None):
    """The rows Gradient Lab trained on (before its split): (features [N, F], labels tensor)."""
    if bundle["input"]["kind"] == "image":
        x, labels = read_for_prediction(bundle, path, delimiter)
    else:
        names, rows = read_table(path, delimiter)
        x, labels = encode_table(bundle, names, rows, for_training=True)
    dtype = torch.long if bundle["task"] == "classification" else torch.float32
    return x, torch.tensor(labels, dtype=dtype)


class Prng:
    """Gradient Lab's random generator (xoshiro128** seeded through splitmix32), so the split is the same."""

    def __init__(self, seed):
        x = seed & 0xFFFFFFFF
        state = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & 0xFFFFFFFF
            z = x
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & 0xFFFFFFFF
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & 0xFFFFFFFF
            state.append((z ^ (z >> 16)) & 0xFFFFFFFF)
        self.s = state

    def next_uint32(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & 0xFFFFFFFF, 7) * 9) & 0xFFFFFFFF
        t = (s1 << 9) & 0xFFFFFFFF
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = math.floor(self.next_uint32() / 4294967296 * (i + 1))
            a[i], a[j] = a[j], a[i]
        return a


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & 0xFFFFFFFF


def split(labels, fraction, seed, classification):
    """Gradient Lab's validation split: stratified by class, shuffled with the data seed. Returns (train, validation) row lists."""
    rng = Prng(seed)
    groups = {}
    if classification:
        for r, y in enumerate(labels.tolist()):
            groups.setdefault(int(y), []).append(r)
        ordered = [groups[k] for k in sorted(groups)]
    else:
        ordered = [list(range(len(labels)))]
    train, validation = [], []
    for group in ordered:
        rng.shuffle(group)
        n_val = math.floor(len(group) * fraction + 0.5)
        validation.extend(group[:n_val])
        train.extend(group[n_val:])
    rng.shuffle(train)
    rng.shuffle(validation)
    return train, validation
