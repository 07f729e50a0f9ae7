"""Synthetic training data, fine-tuning and federated retraining of the PHI model (issues 3 and 7)."""
