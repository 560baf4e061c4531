"""Which book page teaches an item: read from a small fake checkout, and from this one."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook.grading._book_pages import BookPage, BookPages, book_pages, find_book_source, read_book_pages

TOC = """\
format: jb-book
root: book/welcome
parts:
  - caption: Skills
    chapters:
      - file: book/questioning/index
        sections:
          - file: book/questioning/open-and-closed
          - file: book/questioning/more-open
          - file: book/questioning/graded-practice
      - file: book/running/index
        sections:
          - file: book/running/graded-practice
"""


def page(title: str, *cells: str) -> str:
    body = "".join(f"\n```{{code-cell}} ipython3\n:tags: [remove-input]\n{cell}\n```\n" for cell in cells)
    return f"---\njupytext:\n  text_representation:\n    extension: .md\n---\n\n# {title}\n\nSome prose.\n{body}"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    files = {
        "_toc.yml": TOC,
        "book/welcome.md": page("Welcome"),
        "book/questioning/index.md": page("Questioning"),
        "book/questioning/open-and-closed.md": page(
            "Open and *closed* questions",
            'exercise("choice_open_a")\nexercise("choice_open_b")',
        ),
        "book/questioning/more-open.md": page("More on {term}`open questions <open>`", 'exercise("choice_open_c")'),
        "book/questioning/graded-practice.md": page(
            "Graded practice: Questioning", 'graded_practice("questioning")\nexercise("graded_open")'
        ),
        "book/running/index.md": page("Running", 'exercise("order_run")'),
        "book/running/graded-practice.md": page("Graded practice: Running", 'hand_in("running")'),
        "book/not-in-toc.md": page("Draft", 'exercise("graded_open")\nexercise("graded_open_2")'),
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


TOPICS = {
    "choice_open_a": "open",
    "choice_open_b": "open",
    "choice_open_c": "open",
    "graded_open": "open",
    "order_run": "running",
    "lonely": "nowhere",
}


def test_an_item_embedded_on_a_teaching_page_is_taught_there(checkout: Path) -> None:
    teaching, _ = read_book_pages(checkout, TOPICS)
    assert teaching["choice_open_c"] == BookPage("book/questioning/more-open", "More on open questions")
    assert teaching["order_run"].docname == "book/running/index"


def test_a_graded_item_is_taught_on_the_page_with_most_items_of_its_topic(checkout: Path) -> None:
    """Only the graded-practice page (not a teaching page) and a page outside the
    table of contents embed it; open-and-closed has two "open" items, more-open one."""
    teaching, _ = read_book_pages(checkout, TOPICS)
    assert teaching["graded_open"] == BookPage("book/questioning/open-and-closed", "Open and closed questions")


def test_an_item_whose_topic_no_page_teaches_has_no_page(checkout: Path) -> None:
    teaching, _ = read_book_pages(checkout, TOPICS)
    assert "lonely" not in teaching


def test_graded_practice_pages_are_found_by_their_hand_in_button(checkout: Path) -> None:
    _, graded = read_book_pages(checkout, TOPICS)
    assert graded == {
        "questioning": BookPage("book/questioning/graded-practice", "Graded practice: Questioning"),
        "running": BookPage("book/running/graded-practice", "Graded practice: Running"),
    }


def test_links_point_into_the_built_book() -> None:
    pages = BookPages({}, {}, "https://example.org/course/")
    assert pages.href(BookPage("book/a/b", "B")) == "https://example.org/course/book/a/b.html"
    assert BookPages().href(BookPage("book/a/b", "B")) is None
    assert pages.href(None) is None


def test_the_book_is_found_at_or_above_the_folder_and_not_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Is the book found from where the trainer works, never from where the package is installed?"""
    here = Path(__file__).resolve().parents[2]
    assert find_book_source(here / "book" / "questioning") == here
    assert find_book_source(tmp_path) is None
    monkeypatch.chdir(here / "book")
    assert find_book_source() == here
    monkeypatch.chdir(tmp_path)
    assert find_book_source() is None


def test_a_broken_table_of_contents_gives_no_links_not_an_error(checkout: Path) -> None:
    (checkout / "_toc.yml").write_text("parts: [unclosed", encoding="utf-8")
    pages = book_pages(source=checkout)
    assert pages.teaching == {}
    assert pages.href(BookPage("book/x", "X")) is None


def test_this_books_graded_practice_pages_are_found() -> None:
    pages = book_pages(book_url="https://example.org")
    assert pages.graded_practice["questioning"].docname == "book/questioning/graded-practice"
    assert pages.href(pages.graded_practice["questioning"]) == (
        "https://example.org/book/questioning/graded-practice.html"
    )
