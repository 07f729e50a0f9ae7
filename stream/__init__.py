"""The Kafka worker (consume, de-identify, produce in transactions). Arrives with issue 5."""
