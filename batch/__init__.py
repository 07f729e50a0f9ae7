"""Batch re-processing of archives: folders of notes and messages, JSONL/CSV archives, to files or Kafka."""
