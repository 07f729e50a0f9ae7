"""HL7 v2 messages (ER7): parser, writer, field rules by meaning, MLLP framing and ACKs.

``er7`` reads and writes the message model, ``escape`` its escape sequences, ``rules`` and ``datatypes``
are the field rules by meaning, ``plan`` reads them off a message, ``handler`` is the registered ``hl7v2``
format handler; ``mllp`` frames messages for a socket and ``ack`` builds acknowledgments.
"""

from phideid.formats.hl7v2.handler import Hl7v2Handler  # registers "hl7v2"

__all__ = ["Hl7v2Handler"]
