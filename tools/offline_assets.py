"""Two adjustments to the JavaScript the book serves from ``book/_assets/offline`` (run by ``make`` after the copy).

1. The widget manager (``@jupyter-widgets/html-manager``, pinned in package-lock.json) compiles the JSON
   schemas of saved widget state with Ajv in its default strict mode, which logs
   "strict mode: use allowUnionTypes to allow union type keyword" to the console on every page with a
   widget: the schemas use union types on purpose. Each ``new Ajv()`` is given ``{allowUnionTypes: true}``,
   Ajv's own option for such schemas, so the schemas compile as before, silently.
2. MathJax's accessibility explorer loads the speech rule engine's locale maps (``sre/mathmaps/*.json``)
   with ``fetch``, which browsers refuse from ``file://``. Each map is also written as a script
   (``sre/mathmaps/<locale>.js``, setting ``window.nnlearnMathmaps[<locale>]`` to the JSON text), which a page
   loads from ``file://`` too; ``book/_ext/book_html.py`` gives the engine a loader that injects it.

Usage: ``python3 tools/offline_assets.py book/_assets/offline``
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

#: ``<name>=new(<ctor>())`` followed by ``<name>.compile(`` or ``,<x>=<name>.compile(``: the html-manager's Ajv.
AJV = re.compile(r"(\b[\w$]{1,4})=new\(([\w$]{1,4})\(\)\)(?=[;,][\w$]{0,4}=?\1\.compile\()")


def quiet_ajv(folder: pathlib.Path) -> int:
    """Pass ``{allowUnionTypes: true}`` to each Ajv the widget manager builds; returns how many were changed."""
    changed = 0
    for path in sorted(folder.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        new, n = AJV.subn(r"\1=new(\2())({allowUnionTypes:!0})", text)
        if n:
            path.write_text(new, encoding="utf-8")
            changed += n
    return changed


def mathmaps_as_scripts(folder: pathlib.Path) -> int:
    """Write ``<locale>.js`` next to each ``<locale>.json`` of the speech rule engine; returns how many."""
    maps = sorted(folder.glob("*.json"))
    for path in maps:
        text = path.read_text(encoding="utf-8")
        json.loads(text)  # a map that is not JSON would fail later, in a reader's browser: fail here instead
        locale = json.dumps(path.stem)
        path.with_suffix(".js").write_text(
            f"(window.nnlearnMathmaps = window.nnlearnMathmaps || {{}})[{locale}] = {json.dumps(text)};\n",
            encoding="utf-8")
    return len(maps)


def main(offline: str) -> None:
    root = pathlib.Path(offline)
    n_ajv = quiet_ajv(root / "html-manager")
    if n_ajv == 0:
        sys.exit(f"no Ajv construction found in {root / 'html-manager'}: has the widget manager's version changed?")
    n_maps = mathmaps_as_scripts(root / "mathjax" / "sre" / "mathmaps")
    if n_maps == 0:
        sys.exit(f"no speech rule engine maps in {root / 'mathjax/sre/mathmaps'}")
    print(f"offline assets: {n_ajv} Ajv instance(s) told to allow union types, {n_maps} mathmaps written as scripts")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "book/_assets/offline")
