"""Facts the course states in several places, kept as data: the timings of a set meeting
and of the trainers' three-session programme.

``banks/facts/timings.yaml`` is the one source. The book shows its figures through
MyST substitutions (``timing_substitutions``, injected by ``book/_ext/course_facts.py``);
``tests/test_content_agreement.py`` checks the timing items and the pages' timed plans
against it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook._errors import WorkbookError
from workbook._yaml_source import YamlSource

__all__ = ["TIMINGS_PATH", "count_text", "load_timings", "minutes_text", "timing_substitutions"]

TIMINGS_PATH = Path(__file__).parent / "facts" / "timings.yaml"

_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _check_range(source: YamlSource, path: tuple[str | int, ...], value: Any) -> None:
    ok = isinstance(value, dict) and set(value) == {"min", "max"}
    ok = ok and all(isinstance(value[k], int) and value[k] >= 0 for k in ("min", "max"))
    if not ok:
        raise source.fail(path, "needs {min: N, max: N} with whole numbers of 0 or more")
    if value["min"] > value["max"]:
        raise source.fail(path, f"min ({value['min']}) is more than max ({value['max']})")


def load_timings(path: Path = TIMINGS_PATH) -> dict[str, Any]:
    """Read the timings file; a malformed range or an issue whose parts cannot
    make up its stated length is an error naming the file, line and key."""
    source = YamlSource(path, WorkbookError)
    data: dict[str, Any] = source.data
    try:
        issue, meeting, rhythm = data["issue"], data["meeting"], data["rhythm"]
        parts, stages, lengths = issue["parts"], meeting["stages"], meeting["lengths"]
    except (KeyError, TypeError) as exc:
        raise source.fail((), f"missing key {exc}") from exc
    if not all(isinstance(rhythm.get(key), str) for key in ("frequency", "programme")):
        raise source.fail(("rhythm",), "needs frequency and programme, as text")
    _check_range(source, ("issue", "minutes"), issue["minutes"])
    for group, entries in (("parts", parts), ("stages", stages)):
        where = ("issue", "parts") if group == "parts" else ("meeting", "stages")
        for index, entry in enumerate(entries):
            _check_range(source, (*where, index, "minutes"), entry.get("minutes"))
    for index, length in enumerate(lengths):
        _check_range(source, ("meeting", "lengths", index, "issues"), length.get("issues"))
    for index, session in enumerate(data.get("programme", {}).get("sessions", [])):
        if not all(isinstance(session.get(k), int) and session[k] > 0 for k in ("in_person", "online")):
            raise source.fail(("programme", "sessions", index), "needs in_person and online, whole minutes above 0")
    low = sum(p["minutes"]["min"] for p in parts)
    high = sum(p["minutes"]["max"] for p in parts)
    if not low <= issue["minutes"]["min"] <= issue["minutes"]["max"] <= high:
        msg = f"the parts add up to {low}–{high} minutes, which cannot give {minutes_text(issue['minutes'])}"
        raise source.fail(("issue", "minutes"), msg)
    return data


def minutes_text(span: dict[str, int]) -> str:
    """``{min: 3, max: 5}`` as "3–5" (an en dash), or "5" when both ends agree."""
    return str(span["min"]) if span["min"] == span["max"] else f"{span['min']}–{span['max']}"


def count_text(span: dict[str, int]) -> str:
    """``{min: 4, max: 5}`` as "four or five"; "two" when both ends agree."""
    low, high = (_WORDS[n] if n < len(_WORDS) else str(n) for n in (span["min"], span["max"]))
    return low if low == high else f"{low} or {high}"


def timing_substitutions(data: dict[str, Any] | None = None) -> dict[str, str]:
    """The MyST substitutions pages use, by name (``{{ issue_minutes }}``)."""
    data = load_timings() if data is None else data
    subs = {"issue_minutes": minutes_text(data["issue"]["minutes"])}
    for part in data["issue"]["parts"]:
        subs[f"issue_{part['id']}_minutes"] = minutes_text(part["minutes"])
    for stage in data["meeting"]["stages"]:
        if stage["id"] != "issue":
            subs[f"meeting_{stage['id']}_minutes"] = minutes_text(stage["minutes"])
    for length in data["meeting"]["lengths"]:
        subs[f"{length['id']}_issues"] = count_text(length["issues"])
    for session in data.get("programme", {}).get("sessions", []):
        for where in ("in_person", "online"):
            subs[f"programme_{session['id']}_{where}_minutes"] = str(session[where])
    subs["set_frequency"] = data["rhythm"]["frequency"]
    subs["set_programme"] = data["rhythm"]["programme"]
    return subs
