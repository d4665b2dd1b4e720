"""Formats documents leave and enter by: native JSONL, flat JSONL, TEI."""
