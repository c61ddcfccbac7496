"""Training code beside the runtime: datasets, fitting and cross-validated reports. The runtime
(`autofill.product`, `autofill.flow`, …) never imports this package."""
