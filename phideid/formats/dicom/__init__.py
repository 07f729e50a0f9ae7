"""DICOM headers: the PS3.15 Annex E Basic Application Level Confidentiality Profile and its options."""
