"""TEI-XML export and import: golden files, round trips, validity, safe parsing."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from lxml import etree

from annotkit import Author, Document, ExportError, InputError, Layer, Relation, Span
from annotkit.cli import main
from annotkit.export import native, tei
from annotkit.schema import Attribute, Schema, SpanType
from tests.strategies import documents

GOLDEN = Path(__file__).parent / "golden" / "tei"
UPDATE = os.environ.get("ANNOTKIT_UPDATE_GOLDEN") == "1"
NS = {"t": tei.TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

Valid = Callable[[str | bytes], None]


def gold(spans: list[Span], relations: tuple[Relation, ...] = (), name: str = "gold") -> Layer:
    return Layer(name=name, kind="gold", author=Author("annotator", "ann"), spans=spans,
                 relations=relations)


def between(text: str, word: str, label: str, **fields: object) -> Span:
    start = text.index(word)
    return Span(start, start + len(word), label, **fields)  # type: ignore[arg-type]


def tree_of(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode("utf-8"))


def paragraph_xml(xml: str, number: int = 1) -> str:
    p = tree_of(xml).find(f".//t:body/t:p[{number}]", NS)
    assert p is not None
    return etree.tostring(p, encoding="unicode", with_tail=False)


@pytest.fixture
def corpus(sample: Document) -> list[Document]:
    """Documents covering the cases golden files pin down."""
    text = "Iran Russia\n\nU.S. sanctions on Rostec\x0c cost $24 million."
    spans = [
        between(text, "Iran", "ACTOR", id="iran", attrs={"canonical": "iran", "kind": "state"}),
        between(text, "Russia", "ACTOR", attrs={"canonical": "russia", "kind": "state"}),
        between(text, "U.S. sanctions", "SANCTION", id="s",
                attrs={"issuer": "united-states", "kind": "sanctions"}),
        between(text, "U.S.", "ACTOR", id="us", attrs={"canonical": "united-states",
                                                        "kind": "state"}),
        between(text, "sanctions on Rostec", "SANCTION", id="crossing"),
        between(text, "$24 million", "QUANTITY", id="q",
                attrs={"value": "24000000", "unit": "USD", "of": "cost"}),
        Span(text.index("Russia"), text.index("U.S.") + 4, "ACTOR", id="over lines"),
    ]
    relations = (Relation("imposed_by", "s", "us", id="r1"), Relation("targets", "s", "iran"))
    rules = Layer(name="rules", kind="prediction", author=Author("rules", "defense-rules", "7"),
                  spans=[between(text, "Rostec", "ACTOR", score=0.75, source="lexicon")],
                  created_at="2026-02-01T00:00:00Z", meta={"run": 3})
    second = Document("doc 2/with:odd id", text, layers=[rules, gold(spans, relations)],
                      meta={"source": "unit test", "tags": ["a", "b"]})
    return [sample, second, Document("empty", ""), Document("one-line", "no newline at all")]


class TestExport:
    def test_sample_matches_the_golden_file_byte_for_byte(self, sample: Document,
                                                          tei_valid: Valid) -> None:
        written = tei.dumps(sample)
        golden = GOLDEN / "sample.xml"
        if UPDATE:
            golden.write_bytes(written.encode("utf-8"))
        assert written.encode("utf-8") == golden.read_bytes()
        tei_valid(written)

    def test_corpus_matches_the_golden_file_byte_for_byte(self, corpus: list[Document],
                                                          tei_valid: Valid) -> None:
        written = tei.dumps_corpus(corpus)
        golden = GOLDEN / "corpus.xml"
        if UPDATE:
            golden.write_bytes(written.encode("utf-8"))
        assert written.encode("utf-8") == golden.read_bytes()
        tei_valid(written)

    def test_output_is_deterministic(self, corpus: list[Document]) -> None:
        assert [tei.dumps(d) for d in corpus] == [tei.dumps(d) for d in corpus]

    def test_nesting_spans_of_the_gold_layer_go_inline_with_mapped_attributes(
            self, sample: Document) -> None:
        assert paragraph_xml(tei.dumps(sample), 2) == (
            '<p xmlns="http://www.tei-c.org/ns/1.0" xml:id="p2">'
            '<orgName xml:id="gold.a1" ana="#ACTOR" resp="#resp.ann_example.com" '
            'ref="#rostec" type="company">Rostec</orgName> builds the '
            '<objectName xml:id="gold.s1" ana="#SYSTEM" resp="#resp.ann_example.com" '
            'ref="#t-90m" type="tank">T-90M</objectName>; Russia pays $24 million.\tEnd</p>'
        )

    def test_measure_carries_quantity_unit_commodity_and_its_number(self, tei_valid: Valid
                                                                    ) -> None:
        text = "cost $24 million in new jobs"
        span = between(text, "$24 million in new jobs", "QUANTITY", id="q", score=0.5,
                       attrs={"value": "24000000", "unit": "USD", "of": "new jobs"})
        xml = tei.dumps(Document("d", text, layers=[gold([span])]))
        assert paragraph_xml(xml) == (
            '<p xmlns="http://www.tei-c.org/ns/1.0" xml:id="p1">cost '
            '<measure xml:id="gold.q" ana="#QUANTITY" resp="#resp.ann" cert="0.5" '
            'quantity="24000000" unit="USD" commodity="new jobs">$<num value="24">24</num> '
            "million in new jobs</measure></p>"
        )
        tei_valid(xml)

    def test_nested_and_identical_spans_nest_as_elements(self, tei_valid: Valid) -> None:
        text = "the U.S. Treasury said"
        spans = [between(text, "U.S. Treasury", "ACTOR", id="outer",
                         attrs={"kind": "government"}),
                 between(text, "U.S.", "ACTOR", id="inner", attrs={"kind": "state"}),
                 between(text, "U.S.", "SANCTION", id="same")]
        xml = tei.dumps(Document("d", text, layers=[gold(spans)]))
        assert paragraph_xml(xml) == (
            '<p xmlns="http://www.tei-c.org/ns/1.0" xml:id="p1">the '
            '<orgName xml:id="gold.outer" ana="#ACTOR" resp="#resp.ann" type="government">'
            '<placeName xml:id="gold.inner" ana="#ACTOR" resp="#resp.ann" type="state">'
            '<rs xml:id="gold.same" ana="#SANCTION" resp="#resp.ann">U.S.</rs></placeName>'
            " Treasury</orgName> said</p>"
        )
        assert "<standOff" not in xml
        tei_valid(xml)

    def test_crossing_spans_and_other_layers_go_to_standoff(self, corpus: list[Document],
                                                            tei_valid: Valid) -> None:
        xml = tei.dumps(corpus[1])
        root = tree_of(xml)
        targets = {a.get(XML_ID): a.get("target")
                   for a in root.iterfind(".//t:standOff/t:listAnnotation/t:annotation", NS)}
        assert targets == {
            "gold.crossing": "#string-range(p3,5,19)",
            "gold.over_lines": "#string-range(p1,5,6) #string-range(p2,0,0) "
                               "#string-range(p3,0,4)",
            "rules.ACTOR-31-37": "#string-range(p3,18,6)",
        }
        relations = root.findall(".//t:listRelation/t:relation", NS)
        assert [(r.get("name"), r.get("active"), r.get("passive")) for r in relations] == [
            ("targets", "#gold.s", "#gold.iran"), ("imposed_by", "#gold.s", "#gold.us")]
        tei_valid(xml)

    def test_text_is_never_indented_and_cr_survives(self, sample: Document) -> None:
        xml = tei.dumps(sample)
        body = xml[xml.index("<text"): xml.index("</text>")]
        assert "\n" not in body
        assert '<p xml:id="p1">🚀 Report&#13;</p>' in body

    def test_xml_illegal_characters_in_the_text_become_g_elements(self, tei_valid: Valid
                                                                  ) -> None:
        document = Document("d", "a\x00b\x0c\ufffe", layers=[gold([Span(1, 4, "ACTOR")])])
        xml = tei.dumps(document)
        assert paragraph_xml(xml) == (
            '<p xmlns="http://www.tei-c.org/ns/1.0" xml:id="p1">a'
            '<name xml:id="gold.ACTOR-1-4" ana="#ACTOR" resp="#resp.ann">'
            '<g type="annotkit-char" n="U+0000">\ufffd</g>b'
            '<g type="annotkit-char" n="U+000C">\ufffd</g></name>'
            '<g type="annotkit-char" n="U+FFFE">\ufffd</g></p>'
        )
        assert tei.loads(xml) == [document]
        tei_valid(xml)

    def test_xml_illegal_character_outside_the_text_is_an_error(self) -> None:
        document = Document("d", "abc", layers=[gold([Span(0, 1, "ACTOR", id="a",
                                                           attrs={"canonical": "x\x01y"})])])
        with pytest.raises(ExportError) as caught:
            tei.dumps(document)
        assert str(caught.value) == (
            "document 'd': layer 'gold', span 'a': attribute 'canonical' holds U+0001 at "
            "offset 1, which XML 1.0 cannot carry; TEI export encodes such characters only "
            "in the text: 'x\\x01y'"
        )

    def test_attribute_names_must_be_xml_names(self) -> None:
        document = Document("d", "abc", layers=[gold([Span(0, 1, "X", id="a",
                                                           attrs={"a b": "v"})])])
        with pytest.raises(ExportError, match="attribute name 'a b' is not an XML name"):
            tei.dumps(document)

    def test_ids_are_sanitised_unique_and_restored(self, tei_valid: Valid) -> None:
        spans = [Span(0, 1, "ACTOR", id="1 bad"), Span(1, 2, "ACTOR", id="1_bad"),
                 Span(2, 3, "ACTOR", id="p1")]
        layers = [gold(spans, name="p1"), gold([Span(0, 3, "ACTOR", id="1 bad")], name="x y")]
        document = Document("d", "abc", layers=layers)
        xml = tei.dumps(document)
        ids = [e.get(XML_ID) for e in tree_of(xml).iter() if e.get(XML_ID)]
        assert len(ids) == len(set(ids))
        assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9._-]*", i) for i in ids)
        assert tei.loads(xml) == [document]
        tei_valid(xml)

    def test_empty_text_empty_lines_and_a_single_line(self, tei_valid: Valid) -> None:
        for text in ("", "one line", "\n", "a\n\n\nb\n", "\r\n\r\n"):
            document = Document("d", text)
            xml = tei.dumps(document)
            tei_valid(xml)
            assert tei.loads(xml) == [document]
            assert len(tree_of(xml).findall(".//t:body/t:p", NS)) == text.count("\n") + 1

    def test_layer_option_chooses_the_inline_layer(self, sample: Document, tei_valid: Valid
                                                   ) -> None:
        xml = tei.dumps(sample, layer="rules")
        tei_valid(xml)
        assert '<name xml:id="rules.ACTOR-10-16"' in paragraph_xml(xml, 2)
        assert tei.loads(xml) == [sample]

    def test_a_users_schema_maps_to_rs_with_ana(self, tei_valid: Valid) -> None:
        schema = Schema("mine", span_types=[SpanType("PART", attributes=[
            Attribute("kind", "choice", choices=("bolt", "nut")), Attribute("size", "number")])])
        text = "a bolt here"
        span = between(text, "bolt", "PART", id="b", attrs={"kind": "bolt", "size": 8})
        document = Document("d", text, layers=[gold([span])])
        xml = tei.dumps(document, schema=schema)
        assert '<rs xml:id="gold.b" ana="#PART #gold.b.fs" resp="#resp.ann" type="bolt">' \
               'bolt</rs>' in xml
        assert '<category n="PART" xml:id="PART">' in xml
        assert tei.loads(xml) == [document]
        tei_valid(xml)

    def test_header_has_title_source_hash_authors_and_application(
            self, corpus: list[Document], tei_valid: Valid) -> None:
        xml = tei.dumps(corpus[1])
        tei_valid(xml)
        header = tree_of(xml).find("t:teiHeader", NS)
        assert header is not None
        assert header.findtext(".//t:title", namespaces=NS) == "doc 2/with:odd id"
        assert header.findtext(".//t:sourceDesc/t:p", namespaces=NS) == "unit test"
        assert header.findtext(".//t:idno[@type='sha256']", namespaces=NS) == corpus[1].sha256
        assert [r.findtext("t:resp", namespaces=NS) for r in header.iterfind(".//t:respStmt",
                                                                              NS)] == [
            "rule set version 7", "annotator"]
        application = header.find(".//t:appInfo/t:application", NS)
        assert application is not None and application.get("ident") == "annotkit"
        categories = [c.get(XML_ID) for c in header.iterfind(".//t:category", NS)]
        assert categories == ["SYSTEM", "ACTOR", "SANCTION", "QUANTITY"]


class TestFiles:
    def test_write_makes_one_valid_file_per_document(self, corpus: list[Document],
                                                     tmp_path: Path, tei_valid: Valid) -> None:
        assert tei.write([*corpus, corpus[0]], tmp_path) == 5
        names = sorted(p.name for p in tmp_path.iterdir())
        assert names == ["doc-1-2.xml", "doc-1.xml", "doc_2_with_odd_id.xml", "empty.xml",
                         "one-line.xml"]
        for path in tmp_path.iterdir():
            tei_valid(path.read_bytes())
        assert tei.load(tmp_path / "doc_2_with_odd_id.xml") == [corpus[1]]

    def test_an_empty_corpus_is_an_error_and_writes_nothing(self, tmp_path: Path) -> None:
        with pytest.raises(ExportError) as caught:
            tei.write_corpus([], tmp_path / "c.xml")
        assert str(caught.value) == "a teiCorpus needs at least one document; there were none"
        assert list(tmp_path.iterdir()) == []

    def test_corpus_file_streams_back(self, corpus: list[Document], tmp_path: Path,
                                      tei_valid: Valid) -> None:
        path = tmp_path / "corpus.xml"
        assert tei.write_corpus(iter(corpus), path) == 4
        tei_valid(path.read_bytes())
        assert list(tei.read(path)) == corpus
        assert tei.loads(path.read_bytes()) == corpus


    @pytest.mark.parametrize("block", [1, 7, 64, 4096])
    def test_streaming_survives_tags_cut_by_block_boundaries(
            self, corpus: list[Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            block: int) -> None:
        monkeypatch.setattr(tei, "_BLOCK", block)
        path = tmp_path / "corpus.xml"
        tei.write_corpus(corpus * 3, path)
        assert list(tei.read(path)) == corpus * 3


class TestImportSafety:
    def test_xxe_is_rejected(self, tmp_path: Path) -> None:
        path = tmp_path / "xxe.xml"
        path.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI [\n'
                        '<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                        '<TEI xmlns="http://www.tei-c.org/ns/1.0">&x;</TEI>\n')
        with pytest.raises(InputError) as caught:
            tei.load(path)
        assert str(caught.value) == (
            f"{path}:2: TEI file declares a DOCTYPE or entity; annotkit reads TEI without "
            "DTDs or entities (they can read local files or expand without bound)"
        )

    def test_billion_laughs_is_rejected(self) -> None:
        entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
        data = (f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY l0 "lol">{entities}]>'
                '<TEI xmlns="http://www.tei-c.org/ns/1.0">&l9;</TEI>')
        with pytest.raises(InputError, match="declares a DOCTYPE"):
            tei.loads(data)

    def test_doctype_after_a_long_prolog_is_rejected_while_streaming(self, tmp_path: Path
                                                                     ) -> None:
        path = tmp_path / "late.xml"
        path.write_bytes(b'<?xml version="1.0"?><!--' + b"x" * 70_000 + b"-->\n"
                         b'<!DOCTYPE TEI [<!ENTITY x "y">]>'
                         b'<TEI xmlns="http://www.tei-c.org/ns/1.0">&x;</TEI>')
        with pytest.raises(InputError, match="declares a DOCTYPE"):
            tei.load(path)

    def test_size_limit(self, sample: Document, tmp_path: Path) -> None:
        path = tmp_path / "big.xml"
        tei.dump(sample, path)
        size = path.stat().st_size
        with pytest.raises(InputError) as caught:
            tei.load(path, max_bytes=1000)
        assert str(caught.value) == (
            f"{path}: {size} bytes is over the limit of 1000 bytes for a TEI file")

    def test_element_limit_per_document(self, sample: Document, tmp_path: Path) -> None:
        path = tmp_path / "many.xml"
        tei.dump(sample, path)
        with pytest.raises(InputError) as caught:
            list(tei.read(path, max_elements=40))
        assert str(caught.value) == (
            f"{path}:57: a TEI document of more than 40 elements is over the limit")

    def test_malformed_xml_names_the_line(self) -> None:
        with pytest.raises(InputError) as caught:
            tei.loads("<TEI>\n<p></TEI>", source="bad.xml")
        assert str(caught.value).startswith("bad.xml:2: not well-formed XML: ")

    def test_malformed_or_foreign_files_name_the_line_when_streamed(self, sample: Document,
                                                                    tmp_path: Path) -> None:
        path = tmp_path / "cut.xml"
        path.write_text(tei.dumps_corpus([sample, sample])[:-20])
        with pytest.raises(InputError) as caught:
            list(tei.read(path))
        assert str(caught.value) == f"{path}:166: not well-formed XML: no element found"
        path.write_text("<?xml version='1.0'?>\n<html/>")
        with pytest.raises(InputError) as caught:
            list(tei.read(path))
        assert str(caught.value) == (
            f"{path}:2: expected a TEI or teiCorpus element in the TEI namespace, found html")

    def test_tei_not_written_by_annotkit_is_refused(self) -> None:
        data = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/>'
                "<text><body><p>x</p></body></text></TEI>")
        with pytest.raises(InputError) as caught:
            tei.loads(data, source="other.xml")
        assert str(caught.value) == (
            'other.xml:1: TEI header has no <note type="annotkit"> in notesStmt; only TEI '
            "written by annotkit can be imported")

    def test_edited_text_is_detected(self, sample: Document) -> None:
        xml = tei.dumps(sample).replace("builds", "makes")
        with pytest.raises(InputError, match="does not match the sha256 in its header"):
            tei.loads(xml)

    def test_other_root_element_is_refused(self) -> None:
        with pytest.raises(InputError) as caught:
            tei.loads("<html/>", source="x.xml")
        assert str(caught.value) == (
            "x.xml:1: expected a TEI or teiCorpus element in the TEI namespace, found html")


class TestValidation:
    def test_exports_pass_check(self, corpus: list[Document], tmp_path: Path,
                                tei_all: object) -> None:
        tei.write_corpus(corpus, tmp_path / "c.xml")
        assert tei.check(tmp_path / "c.xml", official=True) == []

    def test_profile_reports_a_foreign_element_with_its_line(self, sample: Document,
                                                            tmp_path: Path) -> None:
        path = tmp_path / "edited.xml"
        path.write_text(tei.dumps(sample).replace("builds", "<hi>builds</hi>"))
        problems = tei.check(path, official=False)
        assert problems
        assert {(p.line, p.schema) for p in problems} == {(57, "annotkit TEI profile")}
        assert str(problems[0]).startswith(f"{path}:57: ")

    def test_official_schema_path_honours_annotkit_cache(self, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
        monkeypatch.setenv("ANNOTKIT_CACHE", str(tmp_path))
        assert tei.official_schema_path() is None
        cached = tmp_path / "tei" / "4.3.0" / "tei_all.rng"
        cached.parent.mkdir(parents=True)
        cached.write_text("<grammar/>")
        assert tei.official_schema_path() == cached


EXPORTED = sorted((Path(__file__).parents[1] / "exports").rglob("*.xml"))


@pytest.mark.parametrize("path", EXPORTED, ids=[p.name for p in EXPORTED])
def test_every_committed_tei_export_is_valid_and_imports_equal_to_its_source(
        path: Path, tei_all: object) -> None:
    """``exports/NAME.tei.xml`` is valid and imports equal to ``exports/NAME.jsonl``."""
    assert [str(p) for p in tei.check(path, official=True)] == []
    imported = tei.load(path)
    source = path.with_name(path.name.removesuffix(".tei.xml") + ".jsonl")
    if source.is_file():
        assert imported == native.load(source)
    else:
        assert imported


class TestRoundTrip:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(documents(xml_safe=True))
    def test_any_document_comes_back_equal_from_a_valid_file(self, tei_valid: Valid,
                                                             document: Document) -> None:
        xml = tei.dumps(document)
        tei_valid(xml)
        assert tei.loads(xml) == [document]
        assert tei.dumps(document) == xml

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(documents())
    def test_a_document_with_any_strings_round_trips_or_is_refused_clearly(
            self, tei_valid: Valid, document: Document) -> None:
        try:
            xml = tei.dumps(document)
        except ExportError as error:
            assert "which XML 1.0 cannot carry" in str(error) or "NaN" in str(error)
            return
        tei_valid(xml)
        assert tei.loads(xml) == [document]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(documents(xml_safe=True, max_layers=2), documents(xml_safe=True, max_layers=2))
    def test_corpora_come_back_equal_parsed_whole_or_streamed(
            self, tei_valid: Valid, first: Document, second: Document) -> None:
        xml = tei.dumps_corpus([first, second])
        tei_valid(xml)
        assert tei.loads(xml) == [first, second]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "corpus.xml"
            path.write_text(xml, encoding="utf-8")
            assert list(tei.read(path)) == [first, second]


class TestCli:
    def test_export_import_and_validate(self, corpus: list[Document], tmp_path: Path,
                                        tei_all: object) -> None:
        source = tmp_path / "in.jsonl"
        native.write(corpus, source)
        runner = CliRunner()
        result = runner.invoke(main, ["export", str(source), "--format", "tei",
                                      "-o", str(tmp_path / "tei")])
        assert result.exit_code == 0, result.output
        assert result.output == f"wrote 4 document(s) to {tmp_path / 'tei'} (tei)\n"
        result = runner.invoke(main, ["export", str(source), "--format", "tei", "--corpus",
                                      "-o", str(tmp_path / "corpus.xml")])
        assert result.exit_code == 0, result.output
        result = runner.invoke(main, ["validate", "--tei", str(tmp_path / "tei"),
                                      str(tmp_path / "corpus.xml")])
        assert result.exit_code == 0, result.output
        assert result.output.endswith(
            "5 TEI file(s) valid against annotkit's TEI profile and tei_all.rng "
            "(TEI P5 4.3.0)\n")
        result = runner.invoke(main, ["import-tei", str(tmp_path / "corpus.xml"),
                                      "-o", str(tmp_path / "back.jsonl")])
        assert result.exit_code == 0, result.output
        assert native.load(tmp_path / "back.jsonl") == corpus
        result = runner.invoke(main, ["import-tei", str(tmp_path / "tei"),
                                      "-o", str(tmp_path / "back2.jsonl")])
        assert result.exit_code == 0, result.output
        assert sorted(native.load(tmp_path / "back2.jsonl"), key=lambda d: d.id) == sorted(
            corpus, key=lambda d: d.id)

    def test_validate_reports_errors_with_lines(self, sample: Document, tmp_path: Path,
                                                tei_all: object) -> None:
        path = tmp_path / "edited.xml"
        path.write_text(tei.dumps(sample).replace("builds", "<hi>builds</hi>"))
        result = CliRunner().invoke(main, ["validate", "--tei", str(path)])
        assert result.exit_code == 1
        assert result.output == (
            f"{path}:57: Element p has extra content: orgName (annotkit TEI profile)\n"
            "annotkit: error: 1 problem(s) in 1 TEI file(s)\n")

    def test_corpus_needs_tei_format(self, sample: Document, tmp_path: Path) -> None:
        source = tmp_path / "in.jsonl"
        native.write([sample], source)
        result = CliRunner().invoke(main, ["export", str(source), "--corpus",
                                           "-o", str(tmp_path / "x")])
        assert result.exit_code == 1
        assert result.output == "annotkit: error: --corpus only applies to --format tei\n"
