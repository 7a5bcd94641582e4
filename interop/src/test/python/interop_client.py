"""Nameko's standalone ClusterRpcProxy and event dispatcher against the Enoki services of a mixed cluster.

Usage: interop_client.py AMQP_URI. Prints one line, RESULTS followed by a JSON object: for each case its result
as {"result": ...} or the exception it raised as {"error": {"class", "exc_type", "value", "args"}}.
"""
import sys

from nameko.exceptions import registry
from nameko.standalone.events import event_dispatcher
from nameko.standalone.rpc import ClusterRpcProxy

from outcomes import outcome, report


class JavaConflict(Exception):
    """Raised here for the Java exception whose exc_path names dev.enoki.interop.Conflict."""


registry["dev.enoki.interop.Conflict"] = JavaConflict

CONTEXT = {"language": "fr-FR", "user_id": "u-7", "auth_token": "tok-1", "user_agent": "interop-client"}


def slow_call(config):
    """A call that outlives its proxy's timeout."""
    with ClusterRpcProxy(config, timeout=0.5) as short:
        return short.java_interop.slow(3)


def main(uri):
    config = {"AMQP_URI": uri}
    results = {}
    with ClusterRpcProxy(config, context_data=CONTEXT, timeout=30) as cluster:
        java = cluster.java_interop
        results["args"] = outcome(lambda: java.greet("Ann"))
        results["kwargs"] = outcome(lambda: java.greet(name="Ann", greeting="Bonjour"))
        results["args_and_kwargs"] = outcome(lambda: java.greet("Ann", greeting="Hej"))
        extra = {"ratio": 1.5, "none": None, "nested": {"list": [1, "two", True]}}
        results["values"] = outcome(lambda: java.describe("Zoë Ünïcode", 42, ["a", "b"], extra=extra))
        results["python_keywords"] = outcome(lambda: java.describe(full_name="Zoë", age=7, tags=[], extra={}))
        results["python_method_name"] = outcome(lambda: java.who_called())
        for kind in ("value", "state", "conflict", "unserializable", "none"):
            results["fail_" + kind] = outcome(lambda: java.fail(kind))
        results["unknown_method"] = outcome(lambda: java.no_such_method())
        results["unknown_service"] = outcome(lambda: cluster.no_such_service.anything())
        results["missing_argument"] = outcome(lambda: java.greet())
        results["too_many_arguments"] = outcome(lambda: java.greet("a", "b", "c"))
        results["unexpected_keyword"] = outcome(lambda: java.greet(nom="Ann"))
        results["wrong_type"] = outcome(lambda: java.describe("Ann", "old", [], extra={}))
        results["timeout"] = outcome(lambda: slow_call(config))
        first = java.greet.call_async("first")
        second = java.greet.call_async("second")
        results["call_async"] = {"result": [first.result(), second.result()]}
        results["chain"] = outcome(lambda: cluster.py_front.relay("start"))
        results["dispatch_ping"] = outcome(lambda: cluster.py_interop.dispatch_ping({"from": "python"}))
    dispatch = event_dispatcher(config)
    for n in range(4):
        dispatch("mixed_source", "tick", {"n": 100 + n, "from": "python"})
    report(results)


if __name__ == "__main__":
    main(sys.argv[1])
