"""The XML namespace URIs newsconvert reads and writes, defined once."""

# Plain URIs (for nsmap and xs:import); lxml spells a qualified name ``f"{{{NAR}}}newsItem"``.
# The OOXML vocabularies stay with the DOCX writer, their only user.

from __future__ import annotations

#: NewsML-G2 (IPTC News Architecture) elements.
NAR = "http://iptc.org/std/nar/2006-10-01/"
#: NITF 3.x, used for inline NewsML-G2 bodies.
NITF = "http://iptc.org/std/NITF/2006-10-18/"
#: ODRL 2.2 policies embedded in NewsML-G2 rights information.
ODRL = "http://www.w3.org/ns/odrl/2/"
#: The reserved ``xml:`` prefix (xml:lang, xml:space).
XML = "http://www.w3.org/XML/1998/namespace"
#: XHTML, for NewsML-G2 inline bodies and EPUB content documents.
XHTML = "http://www.w3.org/1999/xhtml"
#: EPUB Open Publication Structure semantics (``epub:type``).
OPS = "http://www.idpf.org/2007/ops"
#: W3C XML Schema, for the validator's driver schema.
XSD = "http://www.w3.org/2001/XMLSchema"

#: ``xml:lang`` as lxml spells it.
XML_LANG = f"{{{XML}}}lang"

