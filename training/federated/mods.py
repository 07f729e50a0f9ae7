"""A ClientApp mod that applies Flower's ``secaggplus_mod`` only to SecAgg+ messages.

One ClientApp serves both kinds of run: plain rounds (Message API) and SecAgg+ rounds (legacy fit
messages carrying the protocol's stage in a ``secaggplus`` config record).
"""

from __future__ import annotations

from flwr.app import Context, Message
from flwr.client.mod import secaggplus_mod
from flwr.common.secure_aggregation.secaggplus_constants import RECORD_KEY_CONFIGS


def optional_secaggplus(msg: Message, context: Context, call_next) -> Message:
    if RECORD_KEY_CONFIGS in msg.content.config_records:
        return secaggplus_mod(msg, context, call_next)
    return call_next(msg, context)
