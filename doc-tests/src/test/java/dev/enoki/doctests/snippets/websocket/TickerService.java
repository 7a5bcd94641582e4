package dev.enoki.doctests.snippets.websocket;

import dev.enoki.Service;
import dev.enoki.Timer;
import dev.enoki.WebSocketHub;
import dev.enoki.WsHub;
import dev.enoki.WsRpc;

import java.util.Map;

// doc:begin websocket-ticker
@Service("ticker")
public class TickerService {
    @WsHub
    WebSocketHub hub;

    @WsRpc
    public String watch(String socketId, String symbol) {      // {"method": "watch", "data": {"symbol": "ENK"}}
        hub.subscribe(socketId, "prices." + symbol);
        return symbol;
    }

    @WsRpc
    public void unwatch(String socketId, String symbol) {
        hub.unsubscribe(socketId, "prices." + symbol);
    }

    @Timer(every = "1s")
    public void publish() {                                    // reaches the watchers on every node
        hub.broadcast("prices.ENK", "price", Map.of("symbol", "ENK", "price", 42.0));
    }
}
// doc:end
