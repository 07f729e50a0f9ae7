"""The PHI NER model at run time (tokenizer + ONNX Runtime session), plugged in behind
``phideid.detect.base.Detector``. Arrives with the model itself (issue 3); imports ``phideid`` only."""
