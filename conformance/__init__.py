"""docconform.conformance: certifying implementations against the extracted contract.

Two jobs, two subpackages:

- ``suite``: certifying a **server**, the pytest conformance suite
  (``docconform test``): requests built from the contract, sent to a running
  server, its answers checked;
- ``mock``: certifying a **client**, the validating mock (``docconform
  mock``) that answers from the contract and records every violation, and the
  certification report (``docconform certify``).

Both read the written schemas through :mod:`.contract` and share the schema
helpers of :mod:`.schema_tools`; neither imports the other.
"""
