"""Nameko 2.14 side of benchmarks/peers/run.sh: the service, run with `nameko run peer_greeter`."""
from nameko.rpc import rpc


class Greeter:
    name = "peer_greeter"

    @rpc
    def hello(self, name):
        return "Hello, {}!".format(name)
