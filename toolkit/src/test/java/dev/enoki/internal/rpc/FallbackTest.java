package dev.enoki.internal.rpc;

import dev.enoki.Blocking;
import dev.enoki.ConfigurationError;
import dev.enoki.Fallback;
import dev.enoki.RemoteError;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;
import dev.enoki.ServiceProxy;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.Futures;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code @Fallback} on a typed proxy: what answers when the remote call fails, and only then. */
class FallbackTest {
    private static final AtomicInteger PRICED = new AtomicInteger();
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private final ContainerFactory factory = new ContainerFactory();

    @AfterEach
    void close() {
        factory.close();
    }

    public interface PricesApi {
        @Fallback
        default int price(String sku) {
            return -1;
        }

        @Fallback(method = "listPrice")
        int slowPrice(String sku);

        default int listPrice(String sku) {
            return 99;
        }

        @Fallback
        default Future<Integer> priceLater(String sku) {
            return Future.succeededFuture(-2);
        }

        int broken(String sku);

        @Fallback(on = IllegalStateException.class)
        default int brokenWithFallback(String sku) {
            return -3;
        }

        /** A helper of the caller's own, never sent. */
        default String label(String sku) {
            return "sku " + sku;
        }
    }

    @Service("prices")
    public static class Prices {
        @Rpc
        public int price(String sku) {
            PRICED.incrementAndGet();
            return 10;
        }

        @Rpc
        public int slowPrice(String sku) throws InterruptedException {
            NEVER.await(30, TimeUnit.SECONDS);
            return 10;
        }

        @Rpc
        public int priceLater(String sku) {
            return 11;
        }

        @Rpc
        public int broken(String sku) {
            throw new IllegalStateException("no prices today");
        }

        @Rpc
        public int brokenWithFallback(String sku) {
            throw new IllegalStateException("no prices today");
        }

        @Rpc
        public String label(String sku) {
            PRICED.incrementAndGet();
            return "remote";
        }
    }

    @Service("shop")
    public static class Shop {
        @RpcProxy(value = "prices", timeout = "300ms")
        PricesApi prices;

        @Rpc
        public int price() {
            return prices.price("a");
        }

        @Rpc
        public int slowPrice() {
            return prices.slowPrice("a");
        }

        @Rpc
        public int priceLater() {
            return Blocking.await(prices.priceLater("a"));
        }

        @Rpc
        public int broken() {
            return prices.broken("a");
        }

        @Rpc
        public int brokenWithFallback() {
            return prices.brokenWithFallback("a");
        }

        @Rpc
        public String label() {
            return prices.label("a");
        }
    }

    public interface MisnamedApi {
        @Fallback(method = "nowhere")
        int price(String sku);
    }

    @Service("misnamed")
    public static class Misnamed {
        @RpcProxy("prices")
        MisnamedApi prices;

        @Rpc
        public int price() {
            return prices.price("a");
        }
    }

    @Test
    void theRemoteMethodAnswersWhileItCanAndTheFallbackOnlyWhenItCannot() {
        factory.start(Shop.class);
        ServiceProxy shop = factory.client().proxy("shop");
        PRICED.set(0);

        assertThat(shop.call("price", Integer.class)).isEqualTo(-1);        // prices is not running: UnknownService

        factory.start(Prices.class);
        assertThat(shop.call("price", Integer.class)).isEqualTo(10);
        assertThat(PRICED).hasValue(1);
    }

    @Test
    void anAbstractMethodsNamedFallbackAnswersWhenTheCallTimesOut() {
        factory.start(Prices.class);
        factory.start(Shop.class);

        assertThat(factory.client().proxy("shop").call("slowPrice", Integer.class)).isEqualTo(99);
    }

    @Test
    void anAsynchronousMethodFallsBackToo() {
        factory.start(Shop.class);
        ServiceProxy shop = factory.client().proxy("shop");
        assertThat(shop.call("priceLater", Integer.class)).isEqualTo(-2);

        factory.start(Prices.class);
        assertThat(shop.call("priceLater", Integer.class)).isEqualTo(11);
    }

    @Test
    void whatTheServiceSaidIsPassedOnUnlessTheFallbackNamesIt() {
        factory.start(Prices.class);
        factory.start(Shop.class);
        ServiceProxy shop = factory.client().proxy("shop");

        assertThatThrownBy(() -> shop.call("broken")).isInstanceOf(RemoteError.class)
                .hasMessageContaining("RemoteError");
        assertThatThrownBy(() -> shop.call("brokenWithFallback")).isInstanceOf(RemoteError.class);
    }

    @Test
    void aDefaultMethodWithoutFallbackNeverCallsOut() {
        factory.start(Prices.class);
        factory.start(Shop.class);
        PRICED.set(0);

        assertThat(factory.client().proxy("shop").call("label", String.class)).isEqualTo("sku a");
        assertThat(PRICED).hasValue(0);
    }

    @Test
    void aFallbackNamingNoDefaultMethodStopsTheContainerFromStarting() {
        assertThatThrownBy(() -> Futures.await(factory.create(Misnamed.class).start(factory.vertx())))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("@Fallback on MisnamedApi.price must name a default method of the interface with the same "
                        + "parameters and result, not 'nowhere'");
    }
}
