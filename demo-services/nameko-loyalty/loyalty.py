"""Loyalty points, a Nameko 2.14.1 service in Python on the shop's RabbitMQ.

Every order the Java `orders` service announces (`orders.order_created`) earns its customer a point per whole euro;
`balance` tells a customer's points. `GET /health` answers once the service runs, for the container's health check.
"""
from nameko.events import event_handler
from nameko.rpc import rpc
from nameko.web.handlers import http

# customer -> points, in memory: one instance, and the points go when it stops (a demo, not a ledger)
POINTS = {}


class LoyaltyService:
    name = "loyalty"

    @event_handler("orders", "order_created")
    def on_order_created(self, order):
        customer = order["customer"]
        POINTS[customer] = POINTS.get(customer, 0) + order["totalCents"] // 100

    @rpc
    def balance(self, customer):
        return POINTS.get(customer, 0)

    @http("GET", "/health")
    def health(self, request):
        return 200, "ok"
