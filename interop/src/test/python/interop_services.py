"""Python Nameko services that a mixed cluster test runs beside Enoki services on one vhost.

Events the Python handlers receive are kept in RECEIVED; py_interop.received() hands them to the test.
"""
import eventlet
from nameko.events import BROADCAST, SINGLETON, EventDispatcher, event_handler
from nameko.extensions import DependencyProvider
from nameko.rpc import RpcProxy, rpc

RECEIVED = []


class Conflict(Exception):
    """The caller's fault: declared in expected_exceptions."""


class Worker(DependencyProvider):
    """The worker context itself, for its context data and call id stack."""

    def get_dependency(self, worker_ctx):
        return worker_ctx


def seen(worker):
    return {"context": worker.data, "call_id_stack": worker.call_id_stack}


class PyInterop:
    name = "py_interop"

    worker = Worker()
    dispatch = EventDispatcher()

    @rpc
    def greet(self, name, greeting="Hello"):
        return "{}, {}!".format(greeting, name)

    @rpc
    def describe(self, full_name, age, tags, extra=None):
        return {"full_name": full_name, "age": age, "tags": tags, "extra": extra}

    @rpc(expected_exceptions=Conflict)
    def fail(self, kind):
        if kind == "value":
            raise ValueError("bad value")
        if kind == "key":
            raise KeyError("k")
        if kind == "conflict":
            raise Conflict("taken")
        if kind == "unserializable":
            return object()
        return "no failure"

    @rpc
    def slow(self, seconds):
        eventlet.sleep(seconds)
        return seconds

    @rpc
    def context(self):
        return seen(self.worker)

    @rpc
    def dispatch_ping(self, payload):
        self.dispatch("ping", payload)
        return self.worker.call_id

    @event_handler("java_interop", "pong")
    def on_pong(self, payload):
        RECEIVED.append(dict(handler="py_interop.on_pong", payload=payload, **seen(self.worker)))

    @rpc
    def received(self):
        return RECEIVED


class MixedListener:
    """The same service as the Java MixedListener: its instances in both languages share its queues."""
    name = "mixed_listener"

    @event_handler("mixed_source", "tick")
    def on_pool(self, payload):
        RECEIVED.append({"handler": "pool", "payload": payload})

    @event_handler("mixed_source", "tick", handler_type=SINGLETON)
    def on_single(self, payload):
        RECEIVED.append({"handler": "singleton", "payload": payload})

    @event_handler("mixed_source", "tick", handler_type=BROADCAST, reliable_delivery=False)
    def on_broadcast(self, payload):
        RECEIVED.append({"handler": "broadcast", "payload": payload})


class PyBack:
    """The end of the chain Python -> Java -> Python."""
    name = "py_back"

    worker = Worker()

    @rpc
    def trace(self, value):
        return dict(value=value + ">py_back", **seen(self.worker))


class PyFront:
    """The start of the chain: calls java_middle, which calls py_back."""
    name = "py_front"

    middle = RpcProxy("java_middle")

    @rpc
    def relay(self, value):
        return self.middle.relay(value + ">py_front")
