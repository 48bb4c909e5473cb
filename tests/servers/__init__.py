"""Real HTTP servers on loopback for the conformance tests."""
