"""The Label Studio labeling interface generated from an annotkit schema.

Span labels become ``<Labels>``, each attribute a per-region control shown
only while a region of its label is selected (``<Choices>`` for choice and
boolean attributes, ``<TextArea>`` for strings and numbers), relation types
``<Relations>``. ``Controls`` maps the control names back to the schema, so
pull reads annotations with the same names push wrote them.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

import attrs

from annotkit.schema.model import Attribute, Schema

TEXT = "text"
LABELS = "label"
BOOLEAN_CHOICES = ("true", "false")

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


@attrs.frozen
class AttributeControl:
    """The per-region control that edits one attribute of one span label."""

    name: str
    label: str
    attribute: Attribute

    @property
    def kind(self) -> str:
        """The Label Studio result type this control writes: choices or textarea."""
        return "choices" if self.attribute.type in ("choice", "boolean") else "textarea"


@attrs.frozen
class Controls:
    """The control names of a schema's labeling interface."""

    attributes: tuple[AttributeControl, ...]

    def by_name(self, name: str) -> AttributeControl | None:
        """The attribute control called ``name``, if any."""
        for control in self.attributes:
            if control.name == name:
                return control
        return None

    def for_attribute(self, label: str, attribute: str) -> AttributeControl | None:
        """The control editing ``attribute`` of spans labelled ``label``, if any."""
        for control in self.attributes:
            if control.label == label and control.attribute.name == attribute:
                return control
        return None


def controls(schema: Schema) -> Controls:
    """Deterministic, unique control names for every attribute of every span type."""
    used = {TEXT, LABELS}
    found: list[AttributeControl] = []
    for span_type in schema.span_types:
        for attribute in span_type.attributes:
            base = _UNSAFE.sub("_", f"{span_type.name}__{attribute.name}")
            name, n = base, 1
            while name in used:
                n += 1
                name = f"{base}_{n}"
            used.add(name)
            found.append(AttributeControl(name, span_type.name, attribute))
    return Controls(tuple(found))


def labeling_config(schema: Schema) -> str:
    """The ``<View>`` XML of the labeling interface for ``schema``.

    Every label, choice and description is XML-escaped, so any character a
    schema allows is safe.
    """
    lines = ["<View>"]
    lines.append(f'  <Labels name="{LABELS}" toName="{TEXT}" showInline="true">')
    for span_type in schema.span_types:
        extra = ""
        if span_type.color:
            extra += f" background={quoteattr(span_type.color)}"
        if span_type.hotkey:
            extra += f" hotkey={quoteattr(span_type.hotkey)}"
        if span_type.description:
            extra += f" hint={quoteattr(span_type.description)}"
        lines.append(f"    <Label value={quoteattr(span_type.name)}{extra}/>")
    lines.append("  </Labels>")
    lines.append(f'  <Text name="{TEXT}" value="$text"/>')
    if schema.relation_types:
        lines.append("  <Relations>")
        for relation in schema.relation_types:
            lines.append(f"    <Relation value={quoteattr(relation.name)}/>")
        lines.append("  </Relations>")
    for control in controls(schema).attributes:
        lines.extend(_attribute_lines(control))
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def _attribute_lines(control: AttributeControl) -> list[str]:
    attribute = control.attribute
    when = quoteattr(control.label)
    title = f"{control.label}: {attribute.name}"
    if attribute.description:
        title += f" ({attribute.description})"
    common = (
        f"name={quoteattr(control.name)} toName={quoteattr(TEXT)} perRegion=\"true\" "
        f"whenTagName=\"{LABELS}\" whenLabelValue={when}"
    )
    if attribute.required:
        common += ' required="true"'
    lines = [
        f'  <View visibleWhen="region-selected" whenTagName="{LABELS}" whenLabelValue={when}>',
        f"    <Header value={quoteattr(title)} size=\"6\"/>",
    ]
    if control.kind == "choices":
        values = attribute.choices if attribute.type == "choice" else BOOLEAN_CHOICES
        lines.append(f'    <Choices {common} choice="single-radio" showInline="true">')
        lines.extend(f"      <Choice value={quoteattr(value)}/>" for value in values)
        lines.append("    </Choices>")
    else:
        placeholder = "a number" if attribute.type == "number" else attribute.name
        lines.append(
            f"    <TextArea {common} editable=\"true\" maxSubmissions=\"1\" rows=\"1\" "
            f"placeholder={quoteattr(placeholder)}/>"
        )
    lines.append("  </View>")
    return lines


def describe(schema: Schema) -> str:
    """A one-line project description naming the schema."""
    return f"annotkit schema {schema.name!r} version {schema.version}"
