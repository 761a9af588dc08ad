"""Small Sphinx fixes for the nncourse site.

sphinx-thebe 0.3.1 adds its inline configuration script once per read of the
environment, and Sphinx 7.4 keeps every copy; the second copy redeclares a
``const`` and logs an error in the browser. Each page keeps one copy of every
script here.
"""


def _unique_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        key = (getattr(script, "filename", None) or "", tuple(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _unique_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
