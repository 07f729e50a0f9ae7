"""An in-process ``Grid``: the real ClientApp and coordinator code, messages passed by function call.

No SuperLink, no SuperNodes, no TLS: each "site" is a ``Context`` (its node config names its folder, its
``state`` persists across rounds as a SuperNode's would) and ``send_and_receive`` calls the project's
``ClientApp`` directly, one message after another. Used by the message-content test and by the
privacy-utility experiment, where starting a clientapp process per message would cost more than the
training; ``phideid federated simulate`` uses real processes.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from flwr.app import Context, Message, RecordDict
from flwr.serverapp import Grid
from flwr.supercore.task_identity import TaskIdentity

from training.federated.settings import FederatedSettings

APP_DIR = Path(__file__).parent / "app"


@cache
def client_app():
    """The project's ``ClientApp`` object, loaded from the app bundle as a SuperNode would."""
    spec = importlib.util.spec_from_file_location("phideid_client_app", APP_DIR / "phideid_client_app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


class InProcessGrid(Grid):
    def __init__(self, site_dirs: Sequence[str | Path], settings: FederatedSettings, *,
                 run_id: int = 1) -> None:
        run_config = settings.to_run_config()
        self.contexts = {
            1000 + i: Context(run_id=run_id, node_id=1000 + i, node_config={"data-dir": str(folder)},
                              state=RecordDict(), run_config=run_config)
            for i, folder in enumerate(site_dirs)
        }
        # the coordinator's identity, as a ServerApp process would have it (messages are stamped with it)
        TaskIdentity.run_id, TaskIdentity.node_id, TaskIdentity.task_id = run_id, 1, 0
        self.sent: list[Message] = []  # every reply a site sent, for inspection
        self._run = None

    @property
    def run(self):
        return self._run

    def set_run(self, run_id: int) -> None:
        self._run = run_id

    def create_message(self, content: RecordDict, message_type: str, dst_node_id: int, group_id: str,
                       ttl: float | None = None) -> Message:
        return Message(content, dst_node_id=dst_node_id, message_type=message_type, group_id=group_id)

    def get_node_ids(self) -> Iterable[int]:
        return list(self.contexts)

    def get_nodes(self):
        raise NotImplementedError

    def push_messages(self, messages: Iterable[Message]) -> Iterable[str]:
        raise NotImplementedError("the in-process grid answers in send_and_receive only")

    def pull_messages(self, message_ids: Iterable[str]) -> Iterable[Message]:
        raise NotImplementedError("the in-process grid answers in send_and_receive only")

    def send_and_receive(self, messages: Iterable[Message], *,
                         timeout: float | None = None) -> Iterable[Message]:
        replies = []
        app = client_app()
        for message in messages:
            # a SuperLink names a message by its content's hash; Metadata offers no setter for it
            message.metadata.__dict__["_message_id"] = message.object_id
            context = self.contexts[message.metadata.dst_node_id]
            reply = app(message, context)
            self.sent.append(reply)
            replies.append(reply)
        return replies
