"""Certifying a client: the validating mock server and the certification report.

The mock answers a client from the contract, validates every request against
the page it came from, and records each exchange; ``certify`` turns a record
into a verdict with coverage. Not responsible for testing servers (that is
:mod:`..suite`).
"""
