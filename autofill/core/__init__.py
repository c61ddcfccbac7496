"""The base layer: what every other layer may use and nothing here imports from above."""
