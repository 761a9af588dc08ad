"""The Japanese edition: gettext catalogs, and the notebooks made from them.

    python scripts/i18n.py update      # after changing English text
    python scripts/i18n.py notebooks   # write ja/ from the English pages and the catalogs
    python scripts/i18n.py check       # fail on a missing, fuzzy or stale translation

The English pages are the source. Sphinx's gettext builder cuts them into
messages (a paragraph, a heading, a list item, a table cell), and sphinx-intl
keeps one catalog per page in locale/ja/LC_MESSAGES/. When an English paragraph
changes, `update` marks its translation fuzzy; a fuzzy or empty entry fails
`check` and `make test`, so no translation goes stale silently.

The Japanese notebooks under ja/ are the English ones with each message of a
markdown cell replaced by its translation. Code cells, their outputs and the
stored widgets are copied untouched, so both editions run the same code.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages import pofile
from sphinx_intl import basic as sphinx_intl

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
CATALOGS = LOCALE / "ja" / "LC_MESSAGES"
JA = ROOT / "ja"
ROOT_PAGE = "book/index"
TOC_CAPTIONS = set(re.findall(r"(?m)^\s*- caption: (.+)$", (ROOT / "_toc.yml").read_text(encoding="utf-8")))
# myst-nb numbers a notebook's lines as (cell + 1) * 10000 + line within the cell.
CELL_LINES = 10000


class TranslationError(Exception):
    """A catalog and the English pages disagree."""


# -- extracting the English messages ----------------------------------------------

def extract(workdir: Path) -> dict[str, object]:
    """Run Sphinx's gettext builder; return {page: catalog}, page like 'book/01-perceptron'.

    Locations are rewritten relative to the repository, so the templates do not
    depend on where the repository was cloned.
    """
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT),
               "--builder", "custom", "--custom-builder", "gettext",
               "--path-output", str(workdir), "-W", "-n", "--keep-going", "-q"]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise TranslationError("the gettext build failed:\n" + run.stdout[-3000:] + run.stderr[-3000:])
    templates = workdir / "_build" / "gettext"
    catalogs = {}
    for path in sorted(templates.rglob("*.pot")):
        page = path.relative_to(templates).with_suffix("").as_posix()
        catalog = read_po(path)
        for message in catalog:
            message.locations = [(_repo_path(source, templates), line)
                                 for source, line in message.locations]
        catalog.project, catalog.version = "nncourse", ""
        catalogs[page] = catalog
    return catalogs


def _repo_path(source: str, base: Path) -> str:
    return (base / source).resolve().relative_to(ROOT).as_posix()


def read_po(path: Path):
    with Path(path).open("rb") as file:
        return pofile.read_po(file)


def write_po(path: Path, catalog) -> None:
    """Write a catalog atomically, wrapped as sphinx-intl wraps it."""
    buffer = io.BytesIO()
    pofile.write_po(buffer, catalog, width=76)
    write_atomically(path, buffer.getvalue())


def write_templates(catalogs: dict, directory: Path) -> None:
    for page, catalog in catalogs.items():
        write_po(directory / f"{page}.pot", catalog)


def load_catalog(page: str):
    path = CATALOGS / f"{page}.po"
    if not path.exists():
        raise TranslationError(f"{path.relative_to(ROOT)} is missing: run `python scripts/i18n.py update`")
    return read_po(path)


def unfinished(entry) -> str | None:
    """'untranslated' or 'fuzzy' for a catalog entry (None: missing) that needs work, else None."""
    if entry is None or not entry.string:
        return "untranslated"
    return "fuzzy" if entry.fuzzy else None


# -- applying translations to a page ----------------------------------------------

# What may stand before a message on its line: a quote, a heading's hashes, a
# list marker, a table's bar or a directive's opening fence.
_BEFORE = re.compile(r"(?:[ \t]*>)*[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d+[.)][ \t]+"
                     r"|(?:[`:]{3,}\{[\w-]+\}[ \t]*)|\[\^[\w-]+\]:[ \t]*)?$")
_BEFORE_CELL = re.compile(r"\|[ \t]*$")
_AFTER = re.compile(r"[ \t]*(?:\n|$)")
_AFTER_CELL = re.compile(r"[ \t]*\|")


def _occurrences(text: str, message: str) -> list[tuple[int, int]]:
    """Where `message` stands as a whole block of `text` (whitespace may differ)."""
    pattern = re.compile(r"\s+".join(re.escape(word) for word in message.split()))
    found = []
    for match in pattern.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[line_start:match.start()]
        whole_block = _BEFORE.match(before) and _AFTER.match(text, match.end())
        table_cell = _BEFORE_CELL.search(before) and _AFTER_CELL.match(text, match.end())
        if whole_block or table_cell:
            found.append((match.start(), match.end()))
    return found


def translate_text(text: str, translations: dict[str, str], where: str) -> str:
    """Replace every message of `text` by its translation, longest first."""
    pieces = {}
    for number, (message, translation) in enumerate(
            sorted(translations.items(), key=lambda item: -len(item[0]))):
        spots = _occurrences(text, message)
        if not spots:
            raise TranslationError(f"{where}: the message {message[:70]!r} is not in the English text")
        token = f"\0{number}\0"
        pieces[token] = translation.strip()   # the match leaves out the message's outer blanks
        for start, end in reversed(spots):
            text = text[:start] + token + text[end:]
    for token, translation in pieces.items():
        text = text.replace(token, translation)
    return text


def _entries(template, catalog, page: str) -> dict[str, tuple[str, list]]:
    """{message: (translation, locations)}; raises on a missing or fuzzy entry."""
    problems, entries = [], {}
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id) if catalog is not None else None
        state = unfinished(translated)
        if state:
            reason = " (the English changed)" if state == "fuzzy" else ""
            problems.append(f"{state}{reason}: {message.id[:70]!r}")
        else:
            entries[message.id] = (translated.string, message.locations)
    if problems:
        raise TranslationError(f"locale/ja/LC_MESSAGES/{page}.po: {len(problems)} entries need work; "
                               "the first: " + "; ".join(problems[:3]))
    return entries


def translate_page(page: str, template, catalog) -> str:
    """The Japanese text of one page (a notebook's JSON, or a markdown file)."""
    entries = _entries(template, catalog, page)
    notebook_path = ROOT / f"{page}.ipynb"
    if not notebook_path.exists():
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        translations = {m: t for m, (t, _) in entries.items() if m != t}
        if page == ROOT_PAGE:   # the parts' captions of the table of contents
            translations = {m: t for m, t in translations.items() if m not in TOC_CAPTIONS}
        return translate_text(text, translations, page)
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    per_cell, anywhere = {}, {}
    for message, (translation, locations) in entries.items():
        if translation == message:
            continue   # math, code or a name: kept as it is
        for _, line in locations:
            if line:
                per_cell.setdefault(line // CELL_LINES - 1, {})[message] = translation
            else:   # table cells carry no line number
                anywhere[message] = translation
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        wanted = dict(per_cell.pop(index, {}))
        wanted.update({m: t for m, t in anywhere.items() if _occurrences(source, m)})
        if wanted:
            japanese = translate_text(source, wanted, f"{page} cell {index}")
            cell["source"] = japanese.splitlines(keepends=True)
    if per_cell:
        raise TranslationError(f"{page}: messages located in cells {sorted(per_cell)}, "
                               "which are not markdown cells")
    return json.dumps(notebook, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


# -- is a translation Japanese? ----------------------------------------------------

# Names kept in English in the Japanese text, as Japanese books on the subject do.
NAMES = set("""
NumPy PyTorch Keras TensorFlow JAX MNIST XOR AND OR NAND NOR XNOR NOT ReLU GELU ELU
Leaky Sigmoid Softmax SGD Adam AdamW AdaGrad RMSProp Nesterov Xavier He Glorot LSTM
RNN CNN GRU MLP BPTT GPU CPU BLAS OpenBLAS Python Jupyter JupyterLab Colab Binder
Google GitHub Matplotlib matplotlib ipywidgets nncourse nbval Sphinx Dense Linear
Sequential Conv2D Conv2d MaxPool2D MaxPool2d Flatten Dropout BatchNorm Embedding
JDLA tanh sigmoid softmax relu argmax max min exp log sin cos sqrt sum mean std var
float32 float64 int64 dtype ndarray MSE BCE CE LeNet AlexNet ImageNet CIFAR Rosenbrock
Rosenblatt Minsky Papert Hinton Rumelhart Williams LeCun Hochreiter Schmidhuber Kingma
Ba Bengio Ioffe Szegedy Srivastava Loshchilov Hutter Duchi Tieleman Polyak
Cybenko Hornik McCulloch Pitts Hebb Widrow Hoff Werbos Nielsen Goodfellow Saito E
ID PNG SVG HTML JSON URL Ctrl Shift Enter Tab OK
""".split())
# What a translation must keep exactly: math, code spans, link targets, roles.
_KEPT = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\]\([^)]*\)|\{[\w:-]+\}", re.DOTALL)
# What is not prose: the above, HTML tags and bare addresses.
_NOT_PROSE = re.compile(_KEPT.pattern + r"|<[^>]+>|https?://\S+", re.DOTALL)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def english_words(text: str) -> list[str]:
    """The words of `text` that are English prose (not math, code, links or names)."""
    if text.strip(" ").startswith("\n") and text.strip(" ").endswith("\n"):
        return []   # a display-math block: MyST hands it over without its $$ fences
    prose = _NOT_PROSE.sub(" ", text)
    return [word for word in re.findall(r"[A-Za-z][A-Za-z'-]+", prose) if word not in NAMES]


def left_in_english(message: str, translation: str) -> bool:
    """True when a message with English prose was not put into Japanese."""
    return bool(english_words(message)) and not _JAPANESE.search(translation)


def _emphasis(text: str) -> tuple[int, int]:
    """How many emphases and strong emphases CommonMark (as MyST reads it) finds."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    html = MarkdownIt("commonmark").use(dollarmath_plugin).renderInline(text)
    return html.count("<em>"), html.count("<strong>")


def translation_problems(message: str, translation: str) -> list[str]:
    """What is wrong with one finished translation ([] when nothing)."""
    found = []
    if left_in_english(message, translation):
        found.append("still in English")
    if sorted(_KEPT.findall(message)) != sorted(_KEPT.findall(translation)):
        missing = set(_KEPT.findall(message)) - set(_KEPT.findall(translation))
        extra = set(_KEPT.findall(translation)) - set(_KEPT.findall(message))
        found.append("math, code, link targets or roles differ from the English"
                     + (f"; missing {sorted(missing)[:3]}" if missing else "")
                     + (f"; not in the English {sorted(extra)[:3]}" if extra else ""))
    if "*" in translation and _emphasis(translation) != _emphasis(message):
        found.append("its *emphasis* does not render as in the English: a * next to "
                     "Japanese punctuation inside it is shown as a star; put the punctuation outside")
    if "\n" in translation.strip() and "\n" not in message.strip():
        found.append("a line break the English does not have")
    return found


def lint(paths: list[str]) -> None:
    """Report every unfinished or damaged entry of the given catalogs."""
    count = 0
    for name in paths:
        for message in read_po(name):
            if not message.id:
                continue
            state = unfinished(message)
            issues = [state] if state else translation_problems(message.id, message.string)
            for issue in issues:
                count += 1
                print(f"{name}:{message.lineno}: {issue}: {message.id[:60]!r}")
    if count:
        raise TranslationError(f"{count} problems")
    print(f"{len(paths)} catalogs: no problems")


def ja_path(page: str) -> Path:
    suffix = ".ipynb" if (ROOT / f"{page}.ipynb").exists() else ".md"
    return JA / f"{page}{suffix}"


def japanese_pages(catalogs: dict) -> dict[Path, str]:
    """{path under ja/: its text}, the table of contents included."""
    pages = {ja_path(page): translate_page(page, template, load_catalog(page))
             for page, template in catalogs.items()}
    if ROOT_PAGE not in catalogs:
        return pages
    captions = {m.id: m.string for m in load_catalog(ROOT_PAGE) if m.id in TOC_CAPTIONS}
    toc = re.sub(r"(?m)^(\s*- caption: )(.+)$", lambda m: m[1] + captions.get(m[2], m[2]),
                 (ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages[JA / "_toc.yml"] = "# Written by scripts/i18n.py from the English _toc.yml: do not edit.\n" + toc
    return pages


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write beside `path`, then rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- the three commands -----------------------------------------------------------------

def update() -> None:
    """Bring the catalogs in step with the English pages; changed messages become fuzzy."""
    with tempfile.TemporaryDirectory() as work:
        catalogs = extract(Path(work))
        templates = Path(work) / "pot"
        write_templates(catalogs, templates)
        sphinx_intl.update(str(LOCALE), str(templates), ("ja",), line_width=76, jobs=1)
    report = status(catalogs)
    print(report or "Every entry is translated.")


def status(catalogs: dict) -> str:
    """What is left to do, one line per catalog that needs work ('' when none)."""
    lines = []
    for page, template in catalogs.items():
        catalog = load_catalog(page)
        fuzzy = untranslated = damaged = 0
        for message in template:
            if not message.id:
                continue
            entry = catalog.get(message.id)
            state = unfinished(entry)
            if state == "untranslated":
                untranslated += 1
            elif state == "fuzzy":
                fuzzy += 1
            elif translation_problems(message.id, entry.string):
                damaged += 1
        if fuzzy or untranslated or damaged:
            lines.append(f"locale/ja/LC_MESSAGES/{page}.po: {untranslated} untranslated, "
                         f"{fuzzy} fuzzy (the English changed: check the translation, then delete "
                         f"the '#, fuzzy' line), {damaged} with problems "
                         f"(`python scripts/i18n.py lint` lists them)")
    return "\n".join(lines)


def fill_untranslatable() -> None:
    """Copy into the catalogs the messages that have nothing to translate (math, code, names)."""
    for path in sorted(CATALOGS.rglob("*.po")):
        catalog = read_po(path)
        changed = 0
        for message in catalog:
            if message.id and not message.string and not english_words(message.id):
                message.string, changed = message.id, changed + 1
        if changed:
            write_po(path, catalog)
            print(f"{path.relative_to(ROOT)}: {changed} messages kept as they are")


def notebooks(only: list[str]) -> None:
    with tempfile.TemporaryDirectory() as work:
        catalogs = extract(Path(work))
    if only:
        catalogs = {page: catalogs[page] for page in only}
    for path, text in japanese_pages(catalogs).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomically(path, text)
            print(f"wrote {path.relative_to(ROOT)}")


def check() -> None:
    """Fail if a catalog needs work or a Japanese page is not what the catalogs give."""
    with tempfile.TemporaryDirectory() as work:
        catalogs = extract(Path(work))
    report = status(catalogs)
    if report:
        raise TranslationError("the Japanese catalogs need work:\n" + report)
    stale = [path.relative_to(ROOT).as_posix() for path, text in japanese_pages(catalogs).items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if stale:
        raise TranslationError(f"out of date: {', '.join(stale)}; run `python scripts/i18n.py notebooks`")
    print("The Japanese edition is complete and up to date.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["update", "notebooks", "check", "fill", "lint"])
    parser.add_argument("pages", nargs="*", help="notebooks: only these pages, e.g. book/01-perceptron; "
                        "lint: these .po files (default: all)")
    arguments = parser.parse_args()
    command = arguments.command
    try:
        if command == "notebooks":
            notebooks(arguments.pages)
        elif command == "lint":
            lint(arguments.pages or [str(p) for p in sorted(CATALOGS.rglob("*.po"))])
        else:
            {"update": update, "check": check, "fill": fill_untranslatable}[command]()
    except TranslationError as error:
        sys.exit(f"i18n {command}: {error}")


if __name__ == "__main__":
    main()
