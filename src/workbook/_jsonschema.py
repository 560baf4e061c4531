"""jsonschema, imported without its slowest optional format checker.

jsonschema imports its optional format checkers eagerly. One of them,
``rfc3987_syntax`` (installed here as a dependency of Jupyter's own packages),
builds a parsing grammar at import time: 1.2 s on every kernel that loads a
bank, which is every executed book page and every graded submission. Our
schemas use no ``format`` keywords, so jsonschema is imported with that one
module hidden; the module stays importable for anyone else afterwards.
"""

from __future__ import annotations

import sys

_SLOW = "rfc3987_syntax"
_hidden = _SLOW not in sys.modules
if _hidden:
    sys.modules[_SLOW] = None  # type: ignore[assignment]  # makes `import rfc3987_syntax` raise ImportError
try:
    import jsonschema
finally:
    if _hidden:
        del sys.modules[_SLOW]

__all__ = ["jsonschema"]
