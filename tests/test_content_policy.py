"""The build step that puts a Content-Security-Policy on every page
(book/_ext/content_policy.py), on small pages shaped as Sphinx writes them."""

from __future__ import annotations

import base64
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "book" / "_ext"))

from content_policy import POLICY, inline_script_hashes, policy, with_policy

MODE = '\n    document.documentElement.dataset.mode = localStorage.getItem("mode") || "auto";\n  '
PAGE = f"""<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>A page</title>
  <script data-cfasync="false">{MODE}</script>
  <script src="../_static/documentation_options.js?v=1"></script>
  <script>DOCUMENTATION_OPTIONS.pagename = 'book/welcome';</script>
  <script>DOCUMENTATION_OPTIONS.pagename = 'book/welcome';</script>
  </head>
  <body>
  <script type="application/vnd.jupyter.widget-state+json">{{"state": {{}}}}</script>
  <script type="application/json" id="alw-course-manifest">{{"pages": []}}</script>
  <script type="module">import("./x.js");</script>
  </body>
</html>
"""


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_hashes_are_of_each_executable_inline_script_once_in_page_order() -> None:
    assert inline_script_hashes(PAGE) == [
        sha256(MODE),
        sha256("DOCUMENTATION_OPTIONS.pagename = 'book/welcome';"),
        sha256('import("./x.js");'),
    ]
    # the known value for this text, checked with `openssl dgst -sha256 -binary | base64`
    assert sha256("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"


def test_the_policy_goes_after_the_charset_with_the_pages_hashes() -> None:
    result = with_policy(PAGE)
    head = result.split("<head>", 1)[1]
    assert head.startswith('\n    <meta charset="utf-8" />\n<meta http-equiv="Content-Security-Policy" content="')
    content = head.split('content="', 1)[1].split('"', 1)[0]
    assert content == policy(inline_script_hashes(PAGE))
    directives = dict(d.split(" ", 1) for d in content.split("; "))
    assert list(directives) == [name for name, _ in POLICY]
    assert directives["script-src"] == "'self' blob: " + " ".join(inline_script_hashes(PAGE))
    assert "unsafe" not in directives["script-src"]
    assert directives["frame-src"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_rewriting_again_replaces_the_policy_and_changes_nothing_else() -> None:
    once = with_policy(PAGE)
    assert with_policy(once) == once
    start = once.index('\n<meta http-equiv="Content-Security-Policy"')
    assert once[:start] + once[once.index(" />", start) + 3 :] == PAGE
    changed = once.replace("pagename = 'book/welcome'", "pagename = 'book/other'")
    assert sha256("DOCUMENTATION_OPTIONS.pagename = 'book/other';") in with_policy(changed)
    assert with_policy(changed).count("Content-Security-Policy") == 1


def test_a_page_without_a_head_gets_the_policy_first() -> None:
    redirect = '<meta http-equiv="Refresh" content="0; url=book/welcome.html" />\n'
    assert with_policy(redirect) == f'\n<meta http-equiv="Content-Security-Policy" content="{policy([])}" />' + redirect
