"""The ``phideid eval`` command, the format checks and the benchmarks.

Gold notes and token-level scoring live below the edges (``phideid.gold``, ``phideid.scoring``), so that
training scores with them too without importing this package.
"""
