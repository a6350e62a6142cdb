"""WordprocessingML's names, and the hardened parser every part of a Word file is read with."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def q(tag: str) -> str:
    prefix, name = tag.split(":")
    return "{" + {"w": W, "w14": W14, "w15": W15}[prefix] + "}" + name


def parse_xml(data: bytes) -> Element:
    """The part's root, parsed by a hardened parser: no DTD, entities or network (the
    guard refused them already; this parser refuses them again)."""
    return fromstring(data, forbid_dtd=True)
