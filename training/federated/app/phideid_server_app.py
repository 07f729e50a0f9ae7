"""The coordinator's ``ServerApp``: a thin shell over ``training.federated.coordinator``."""

from flwr.app import Context
from flwr.serverapp import Grid, ServerApp

from training.federated.coordinator import coordinate
from training.federated.settings import FederatedSettings

app = ServerApp()


@app.main()
def main(grid: Grid, context: Context) -> None:
    coordinate(grid, context, FederatedSettings.from_run_config(context.run_config))
