"""Policies: which action each PHI type gets, loaded from YAML files a user can read and change."""

from phideid.policy.model import BUILTIN, DEFAULT_POLICY, Action, KeyScope, Policy, Rule, load_policy

__all__ = ["BUILTIN", "DEFAULT_POLICY", "Action", "KeyScope", "Policy", "Rule", "load_policy"]
