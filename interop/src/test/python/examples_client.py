"""The standalone parts of Nameko's documentation examples, as they are written, against whichever services run.

helloworld (a call), standalone_rpc, async_rpc, events (through service_a), standalone_events, event_broadcast (a
ping as "monitor"), and calls to the expected_exceptions and sensitive_arguments services under their Java ports'
names. Usage: examples_client.py AMQP_URI. Prints RESULTS and a JSON object, as interop_client.py does.
"""
import sys

from nameko.standalone.events import event_dispatcher
from nameko.standalone.rpc import ClusterRpcProxy

from outcomes import outcome, report


def main(uri):
    config = {"AMQP_URI": uri}
    results = {}
    with ClusterRpcProxy(config) as cluster_rpc:
        results["helloworld"] = outcome(lambda: cluster_rpc.greeting_service.hello(name="Matt"))
        # standalone_rpc.py
        results["standalone_rpc"] = outcome(lambda: cluster_rpc.service_x.remote_method("hellø"))
        # async_rpc.py
        hello_res = cluster_rpc.service_x.remote_method.call_async("hello")
        world_res = cluster_rpc.service_x.remote_method.call_async("world")
        results["async_rpc"] = outcome(lambda: [hello_res.result(), world_res.result()])
        # events.py: service_a dispatches, service_b handles
        results["events"] = outcome(lambda: cluster_rpc.service_a.dispatching_method("payload"))
        results["expected_no_token"] = outcome(lambda: cluster_rpc.expected_service.update({}))
        results["sensitive_unknown_user"] = outcome(lambda: cluster_rpc.sensitive_service.login("nobody", "x"))
        results["sensitive_wrong_password"] = outcome(lambda: cluster_rpc.sensitive_service.login("matt", "wrong"))
    with ClusterRpcProxy(config, context_data={"auth": "not-a-token"}) as cluster_rpc:
        results["expected_forged_token"] = outcome(lambda: cluster_rpc.expected_service.update({}))
    # standalone_events.py
    dispatch = event_dispatcher(config)
    dispatch("service_a", "event_type", "payløad")
    # event_broadcast.py's listener answers a ping from "monitor"
    dispatch("monitor", "ping", "ping")
    report(results)


if __name__ == "__main__":
    main(sys.argv[1])
