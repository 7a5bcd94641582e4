package dev.enoki.demo;

import dev.enoki.EnokiClient;
import dev.enoki.RemoteError;
import dev.enoki.ServiceProxy;
import dev.enoki.demo.shop.Item;
import dev.enoki.demo.shop.Order;
import dev.enoki.http.PortInUse;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar enoki-demo.jar [--port 8080] [--tour] [--serve]}: greeting_service and the shop on the embedded
 * event bus (no broker), with the HTTP gateway on 127.0.0.1:8080, until Ctrl-C or SIGTERM. {@code --tour} first
 * greets, places an order, shows the emails its events caused, the stock it took and a refused order, then exits
 * unless {@code --serve} is given too. A mistake is one line on stderr: exit code 2 for the command line, 5 for a port
 * in use.
 */
public final class Demo {
    static final int OK = 0;
    static final int USAGE = 2;
    static final int PORT_IN_USE = 5;
    static final String HELP = String.join(System.lineSeparator(),
            "Usage: java -jar enoki-demo.jar [--port N] [--tour [--serve]] [--help]",
            "Runs greeting_service and the shop on the embedded event bus, behind the HTTP gateway on 127.0.0.1.",
            "  --port N    the gateway's port (default 8080, or ENOKI_DEMO_PORT)",
            "  --tour      greet, place an order, show its emails and the stock, then exit",
            "  --serve     with --tour: keep serving afterwards, until Ctrl-C",
            "  --help      this text");
    private static final int DEFAULT_PORT = 8080;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        int code = run(List.of(args), System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Runs the demo as the command line asks; returns its exit code, or serves until the JVM is stopped. */
    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options options;
        try {
            options = Options.parse(args, System.getenv("ENOKI_DEMO_PORT"));
        } catch (IllegalArgumentException e) {
            err.println("enoki-demo: " + e.getMessage() + " (--help for usage)");
            return USAGE;
        }
        if (options.help()) {
            out.println(HELP);
            return OK;
        }
        ShopNode node;
        try {
            node = ShopNode.start("127.0.0.1", options.port()).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (!PortInUse.in(e)) {
                throw e;
            }
            err.println("enoki-demo: port " + options.port() + " on 127.0.0.1 is already in use (another process "
                    + "listens there): pass --port N or set ENOKI_DEMO_PORT to another one");
            return PORT_IN_USE;
        }
        out.println("started " + node.runner().serviceNames() + " on the embedded event bus, gateway on http://127.0.0.1:"
                + node.port() + "/");
        if (options.tour()) {
            try (EnokiClient client = EnokiClient.connect(node.runner().vertx(), new JsonObject()).await(10, TimeUnit.SECONDS)) {
                String greeting = client.proxy("greeting_service").call("hello", String.class, "Matt");
                out.println("greeting_service.hello(\"Matt\") -> " + greeting);
                shop(client, out);
            }
        }
        if (!options.serve()) {
            node.stop();
            return OK;
        }
        printTryIt(node.port(), out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.stop();
            } catch (Exception e) {
                err.println("stopping: " + e);
            }
            stopped.countDown();
        }));
        stopped.await();
        return OK;
    }

    /** What the command line asks for. */
    record Options(int port, boolean tour, boolean serve, boolean help) {
        static Options parse(List<String> args, String portFromEnvironment) {
            String port = portFromEnvironment;
            boolean tour = false;
            boolean serve = false;
            boolean help = false;
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--port" -> {
                        if (++i >= args.size()) {
                            throw new IllegalArgumentException("--port needs a number");
                        }
                        port = args.get(i);
                    }
                    case "--tour" -> tour = true;
                    case "--serve" -> serve = true;
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown option '" + args.get(i) + "'");
                }
            }
            return new Options(port == null ? DEFAULT_PORT : portNumber(port), tour, !tour || serve, help);
        }

        private static int portNumber(String text) {
            try {
                int port = Integer.parseInt(text.trim());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("'" + text + "' is not a port (0 to 65535)");
        }
    }

    private static void printTryIt(int port, PrintStream out) {
        String base = "http://127.0.0.1:" + port;
        out.println("try:");
        out.println("  curl -si -XPOST " + base + "/orders -H 'Content-Type: application/json' \\");
        out.println("       -d '{\"customer\": \"ann@example.com\", \"items\": [{\"sku\": \"enoki-mug\", \"quantity\": 2}]}'");
        out.println("  curl -s " + base + "/orders/ORDER_ID");
        out.println("  curl -s -XPOST " + base + "/api/emails/sent");
        out.println("  curl -s -XPOST " + base + "/api/greeting_service/hello -d '[\"Matt\"]'");
        out.println("  open " + base + "/ for the console; Ctrl-C stops");
    }

    private static void shop(EnokiClient client, PrintStream out) throws InterruptedException {
        ServiceProxy orders = client.proxy("orders");
        Order order = orders.call("createOrder", Order.class, "ann@example.com",
                List.of(new Item("enoki-tshirt", 2), new Item("enoki-sticker", 5)));
        out.println("orders.createOrder -> " + order.id() + ", " + order.totalCents() + " cents, paid by "
                + order.paymentId());
        List<?> sent = List.of();
        for (int i = 0; i < 50 && sent.size() < 2; i++) {
            Thread.sleep(100); // the emails follow from events, a moment after the order
            sent = client.proxy("emails").call("sent", List.class);
        }
        sent.forEach(e -> out.println("emails sent -> " + e));
        out.println("inventory.levels -> " + client.proxy("inventory").call("levels", Map.class));
        out.println("inventory.sales -> " + client.proxy("inventory").call("sales", Map.class));
        try {
            orders.call("createOrder", Order.class, "bob@example.com", List.of(new Item("enoki-mug", 99)));
        } catch (RemoteError e) {
            out.println("orders.createOrder(99 mugs) -> " + e.excType() + ": " + e.value());
        }
    }
}
