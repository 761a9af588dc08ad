"""Copy the JavaScript the book and its tests need out of npm packages.

The book must work offline, so MathJax, require.js and the Jupyter widget
manager are served by the site itself instead of a CDN (site/vendor/). The
browser test injects axe-core to check accessibility (tests/site/vendor/).
The copies are committed (so `make book` and `make test` need only Python);
this script is how they were made, and anyone can re-run it:

    python scripts/vendor_js.py

It needs `npm`. For each package pinned in package.json it runs `npm pack`,
checks the tarball against the integrity hash in package-lock.json, and
extracts only the files a page can load, together with the license.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "site" / "vendor"
TEST_VENDOR = ROOT / "tests" / "site" / "vendor"

# package -> (folder, files to keep relative to the package root); folders are
# under site/vendor, except for the test-only tools in TEST_ONLY.
TEST_ONLY = {"axe-core"}
KEEP = {
    "axe-core": ("axe-core", ["LICENSE", "axe.min.js"]),
    "mathjax": (
        "mathjax",
        [
            "LICENSE",
            "es5/tex-chtml.js",
            "es5/input/tex/extensions/*",
            "es5/output/chtml/fonts/woff-v2/*",
            "es5/ui/*",
            "es5/a11y/*",
            "es5/adaptors/*",
        ],
    ),
    "requirejs": ("requirejs", ["require.js", "README.md"]),
    "@jupyter-widgets/html-manager": (
        # Kept at its npm path: the manager finds its fonts at <cdn>/@jupyter-widgets/html-manager/dist/.
        "@jupyter-widgets/html-manager",
        [
            "LICENSE",
            "dist/embed-amd.js",
            "dist/[0-9]*.embed.js",
            "dist/*.woff",
            "dist/*.woff2",
            "dist/*.ttf",
            "dist/*.eot",
            "dist/*.svg",
            "dist/embed.js.LICENSE.txt",
        ],
    ),
}


def sri_sha512(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def main() -> int:
    if shutil.which("npm") is None:
        sys.exit("vendor_js.py needs npm (Node.js) to fetch the packages; install it and re-run.")
    package = json.loads((ROOT / "package.json").read_text())
    pins = {**package["dependencies"], **package.get("devDependencies", {})}
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, version in pins.items():
            folder, patterns = KEEP[name]
            expected = lock[f"node_modules/{name}"]["integrity"]
            out = subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(tmp)],
                check=True, capture_output=True, text=True,
            )
            tarball = tmp / json.loads(out.stdout)[0]["filename"]
            if sri_sha512(tarball) != expected:
                sys.exit(f"{name}@{version}: tarball hash differs from package-lock.json; not vendoring it.")
            target = (TEST_VENDOR if name in TEST_ONLY else VENDOR) / folder
            shutil.rmtree(target, ignore_errors=True)
            kept = 0
            with tarfile.open(tarball) as tar:
                for member in tar.getmembers():
                    rel = member.name.removeprefix("package/")
                    if member.isfile() and any(fnmatch(rel, p) for p in patterns):
                        dest = target / (rel if name.startswith("@") else rel.removeprefix("es5/"))
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        dest.write_bytes(tar.extractfile(member).read())
                        kept += 1
            print(f"{name}@{version}: {kept} files -> {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
