"""Certifying a server: the pytest conformance suite behind ``docconform test``.

Cases (documented examples, boundaries, generated requests) are built from
the contract, sent by a bounded, safe HTTP client, and judged by registered
checks. Not responsible for serving anything (that is :mod:`..mock`).
"""
