"""HL7 v2 messages (ER7): parser, writer, field rules by meaning, MLLP framing and ACKs."""
