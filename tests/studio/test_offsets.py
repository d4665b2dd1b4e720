"""Region verification and repair: only proven mappings, everything else reported."""

from __future__ import annotations

from annotkit.studio.offsets import Located, display_form, locate, same_text

TEXT = "🚀 Report\r\nRostec\tbuilds  the T-90M; e\u0301lan 👨‍👩‍👧 Russia."


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


class TestDisplayForm:
    def test_line_breaks_become_backslash_n_and_blanks_collapse(self) -> None:
        assert display_form("a\r\nb\tc   d") == "a\\n\\nb c d"

    def test_display_text_matches_stored_text(self) -> None:
        assert same_text("Report\r\nRostec", "Report\\n\\nRostec")
        assert same_text("Rostec\tbuilds  the", "Rostec builds the")
        assert not same_text("Rostec", "Rosteq")


class TestLocate:
    def test_exact_offsets_are_kept(self) -> None:
        start = TEXT.index("Rostec")
        assert locate(TEXT, start, start + 6, "Rostec") == Located(start, start + 6, "exact")

    def test_display_text_of_a_hand_drawn_region_is_accepted(self) -> None:
        start = TEXT.index("Report")
        end = TEXT.index("\tbuilds") + 7
        assert locate(TEXT, start, end, "Report\\n\\nRostec builds") == Located(
            start, end, "display")

    def test_region_without_text_is_unchecked_when_it_fits(self) -> None:
        assert locate(TEXT, 0, 1, None) == Located(0, 1, "unchecked")

    def test_utf16_offsets_are_repaired(self) -> None:
        start = TEXT.index("Russia")
        located = locate(TEXT, utf16(TEXT, start), utf16(TEXT, start + 6), "Russia")
        assert located == Located(start, start + 6, "utf16")

    def test_crlf_counted_once_is_repaired(self) -> None:
        start = TEXT.index("Rostec")
        located = locate(TEXT, start - 1, start + 5, "Rostec")
        assert located == Located(start, start + 6, "crlf")

    def test_utf16_and_crlf_together_are_repaired(self) -> None:
        text = "🚀🚀 Report\r\non the T-90M."
        collapsed = text.replace("\r\n", "\n")
        start = collapsed.index("T-90M")
        located = locate(text, utf16(collapsed, start), utf16(collapsed, start + 5), "T-90M")
        assert located == Located(text.index("T-90M"), text.index("T-90M") + 5, "utf16+crlf")

    def test_unexplained_text_is_reported_with_context(self) -> None:
        start = TEXT.index("Rostec")
        message = locate(TEXT, start, start + 6, "Almaz")
        assert message == (
            f"[{start}, {start + 6}) covers '🚀 Report\\r\\n[Rostec]\\tbuilds  t' but its text is "
            "'Almaz', and no known offset mapping explains it; it is left out")

    def test_offsets_past_the_end_without_text_are_reported(self) -> None:
        assert locate("abc", 2, 9, None) == (
            "[2, 9) does not fit a text of 3 characters and the region has no text to "
            "repair it by")

    def test_ambiguous_repair_is_refused(self) -> None:
        text = "😀ab\r\nabab"
        # UTF-16 and CRLF mappings both land on an "ab": nothing proves which.
        message = locate(text, 6, 8, "ab")
        assert isinstance(message, str)
        assert "could be at" in message

    def test_non_integer_offsets_are_reported(self) -> None:
        assert locate("abc", "0", 1, "a") == "offsets '0', 1 are not integers"
