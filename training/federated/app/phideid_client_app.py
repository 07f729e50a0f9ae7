"""A hospital site's ``ClientApp``: a thin shell over ``training.federated.site``."""

from flwr.app import Context, Message
from flwr.clientapp import ClientApp

from training.federated import site
from training.federated.mods import optional_secaggplus

app = ClientApp()


@app.train(mods=[optional_secaggplus])
def train(msg: Message, context: Context) -> Message:
    return site.train(msg, context)


@app.evaluate()
def evaluate(msg: Message, context: Context) -> Message:
    return site.evaluate(msg, context)
