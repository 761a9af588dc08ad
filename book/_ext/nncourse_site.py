"""Small Sphinx additions for the nncourse site.

Every page links to the same page in the other edition (English at the site's
root, Japanese under ja/), named by ``nncourse_other_edition`` in _config.yml.

sphinx-thebe 0.3.1 adds its inline configuration script once per read of the
environment, and Sphinx 7.4 keeps every copy; the second copy redeclares a
``const`` and logs an error in the browser. Each page keeps one copy of every
script here.
"""

import html


def _unique_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        key = (getattr(script, "filename", None) or "", tuple(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _other_edition(app, pagename, templatename, context, doctree):
    other = app.config.nncourse_other_edition
    if not other or doctree is None:
        return
    href = "../" * pagename.count("/") + other["root"] + pagename + ".html"
    lang, label, title = (html.escape(other[key]) for key in ("lang", "label", "title"))
    link = (f'<p class="nncourse-edition"><a href="{href}" hreflang="{lang}" lang="{lang}" '
            f'title="{title}">{label}</a></p>\n')
    context["body"] = link + context.get("body", "")
    context["metatags"] = (context.get("metatags", "")
                           + f'\n<link rel="alternate" hreflang="{lang}" href="{href}">')


def setup(app):
    app.add_config_value("nncourse_other_edition", {}, "html")
    app.connect("html-page-context", _unique_scripts, priority=900)
    app.connect("html-page-context", _other_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
