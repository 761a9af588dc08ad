import subprocess
import sys

import nncourse


def test_import_is_light():
    code = ("import sys, nncourse; heavy = [m for m in ('matplotlib.pyplot', 'ipywidgets', "
            "'torch', 'tqdm', 'matplotlib') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_version_and_public_names():
    assert nncourse.__version__ == "0.1.0"
    for name in nncourse.__all__:
        assert hasattr(nncourse, name), name
