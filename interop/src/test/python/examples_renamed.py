"""Nameko's expected_exceptions and sensitive_arguments examples, unchanged, under the names of their Java ports.

Both examples name their service "service"; a subclass that only renames it lets both run in one process and be
called exactly as their ports are.
"""
from examples import expected_exceptions, sensitive_arguments


class ExpectedService(expected_exceptions.Service):
    name = "expected_service"


class SensitiveService(sensitive_arguments.Service):
    name = "sensitive_service"
