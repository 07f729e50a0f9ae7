"""The FastAPI app serving ``POST /deidentify``. Arrives with issue 6."""
