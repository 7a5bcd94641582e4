package dev.enoki.internal.resilience;

import dev.enoki.BrokerConnectionLost;
import dev.enoki.RpcTimeout;
import dev.enoki.ServiceBusy;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.testing.Futures;
import dev.enoki.transport.RpcRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetriesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Vertx vertx = Vertx.vertx();
    private final Retries retries = new Retries(vertx, RetryOptions.defaults());
    private final AtomicInteger sent = new AtomicInteger();

    @AfterEach
    void closeVertx() {
        vertx.close();
    }

    @Test
    void aBusyReplyIsTriedAgainUntilTheServiceAnswers() throws IOException {
        Buffer answer = ReplyBody.of("charged");
        Future<Buffer> call = retries.call(request(0), replying(busyReply(), busyReply(), answer));

        assertThat(Futures.await(call, WAIT)).isEqualTo(answer);
        assertThat(sent).hasValue(3);
    }

    @Test
    void aCallRefusedAsBusyIsTriedAtMostAttemptsTimesInAll() {
        Future<Buffer> call = retries.call(request(0), request -> {
            sent.incrementAndGet();
            return Future.failedFuture(new ServiceBusy("full"));
        });

        assertThatThrownBy(() -> Futures.await(call, WAIT)).isInstanceOf(ServiceBusy.class);
        assertThat(sent).hasValue(3);
    }

    @Test
    void aCallThatMayHaveRunIsNeverTriedAgain() {
        Future<Buffer> timedOut = retries.call(request(0), request -> {
            sent.incrementAndGet();
            return Future.failedFuture(new RpcTimeout("late"));
        });
        assertThatThrownBy(() -> Futures.await(timedOut, WAIT)).isInstanceOf(RpcTimeout.class);

        Buffer valueError = Buffer.buffer("{\"result\": null, \"error\": {\"exc_type\": \"ValueError\", "
                + "\"exc_path\": \"builtins.ValueError\", \"exc_args\": [], \"value\": \"\"}}");
        assertThat(Futures.await(retries.call(request(0), replying(valueError)), WAIT)).isEqualTo(valueError);
        assertThat(sent).hasValue(2);
    }

    @Test
    void noRetryIsMadeThatTheDeadlineWouldNotLetFinish() {
        Future<Buffer> call = retries.call(request(System.currentTimeMillis() + 1), replying(busyReply(), busyReply()));

        assertThat(Futures.await(call, WAIT)).isEqualTo(busyReply());
        assertThat(sent).hasValue(1);
    }

    @Test
    void backoffCeilingsDoubleFromTheBaseDelayUpToTheMaximum() {
        RetryOptions options = RetryOptions.defaults();
        assertThat(List.of(1, 2, 3, 4, 5, 40)).map(options::ceilingMillis)
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void eachBackoffIsAnyWaitUpToItsCeilingFullJitter() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            long wait = retries.backoffMillis(2);
            assertThat(wait).isBetween(1L, 200L);
            seen.add(wait);
        }
        assertThat(seen).hasSizeGreaterThan(100).contains(1L, 200L);
    }

    @Test
    void anIdempotentMethodIsTriedAgainAfterATimeoutOrALostConnection() throws IOException {
        Buffer answer = ReplyBody.of("charged");
        Queue<Future<Buffer>> outcomes = new ArrayDeque<>(List.of(Future.failedFuture(new RpcTimeout("late")),
                Future.failedFuture(new BrokerConnectionLost("gone")), Future.succeededFuture(answer)));
        Future<Buffer> call = retries.call(request(System.currentTimeMillis() + 10_000), true, request -> {
            sent.incrementAndGet();
            return outcomes.poll();
        });

        assertThat(Futures.await(call, WAIT)).isEqualTo(answer);
        assertThat(sent).hasValue(3);
    }

    @Test
    void aLostConnectionIsNotTriedAgainForAMethodNotDeclaredIdempotent() {
        Future<Buffer> call = retries.call(request(System.currentTimeMillis() + 10_000), false, request -> {
            sent.incrementAndGet();
            return Future.failedFuture(new BrokerConnectionLost("gone"));
        });

        assertThatThrownBy(() -> Futures.await(call, WAIT)).isInstanceOf(BrokerConnectionLost.class);
        assertThat(sent).hasValue(1);
    }

    @Test
    void eachAttemptOfAnIdempotentCallWaitsAtMostItsShareOfWhatIsLeftAndTheLastGetsAllOfIt() {
        long deadline = System.currentTimeMillis() + 9_000;
        List<long[]> attempts = new CopyOnWriteArrayList<>();   // when each was sent, and its deadline
        Future<Buffer> call = retries.call(request(deadline), true, request -> {
            attempts.add(new long[]{System.currentTimeMillis(), request.deadline()});
            return Future.failedFuture(new RpcTimeout("late"));
        });

        assertThatThrownBy(() -> Futures.await(call, WAIT)).isInstanceOf(RpcTimeout.class);
        assertThat(attempts).hasSize(3);
        long[] first = attempts.get(0);
        long[] second = attempts.get(1);
        assertThat(first[1] - first[0]).as("the first attempt's wait").isLessThanOrEqualTo((deadline - first[0]) / 3);
        assertThat(second[1] - second[0]).as("the second's").isLessThanOrEqualTo((deadline - second[0]) / 2);
        assertThat(attempts.get(2)[1]).as("the last one's deadline").isEqualTo(deadline);
    }

    @Test
    void aDeadlineIsSharedEquallyAmongTheAttemptsLeft() {
        long now = 1_000_000;
        RpcRequest call = request(now + 3_000);

        assertThat(Retries.share(call, 3, now).deadline()).isEqualTo(now + 1_000);
        assertThat(Retries.share(call, 2, now + 1_000).deadline()).isEqualTo(now + 2_000);
        assertThat(Retries.share(call, 1, now + 2_000)).isSameAs(call);
        assertThat(Retries.share(request(0), 3, now)).as("no deadline to share").extracting(RpcRequest::deadline)
                .isEqualTo(0L);
        assertThat(Retries.share(call, 3, now + 5_000)).as("a spent budget").isSameAs(call);
    }

    @Test
    void anIdempotentCallWhoseBudgetIsSpentIsNotTriedAgain() {
        Future<Buffer> call = retries.call(request(System.currentTimeMillis() + 1), true, request -> {
            sent.incrementAndGet();
            return Future.failedFuture(new RpcTimeout("late"));
        });

        assertThatThrownBy(() -> Futures.await(call, WAIT)).isInstanceOf(RpcTimeout.class);
        assertThat(sent).hasValue(1);
    }

    @Test
    void aDeadDependencyGetsNoMoreThanAttemptsTimesTheCallsMadeNoRetryStorm() {
        List<Future<Buffer>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(retries.call(request(System.currentTimeMillis() + 10_000), true, request -> {
                sent.incrementAndGet();
                return Future.failedFuture(new RpcTimeout("dead"));
            }));
        }
        calls.forEach(call -> assertThatThrownBy(() -> Futures.await(call, WAIT)).isInstanceOf(RpcTimeout.class));

        assertThat(sent).hasValue(100 * RetryOptions.defaults().attempts());
    }

    @Test
    void attemptsOneTurnsEveryRetryOff() {
        Retries none = new Retries(vertx, new RetryOptions(1, Duration.ofMillis(100), Duration.ofSeconds(1)));
        Future<Buffer> call = none.call(request(System.currentTimeMillis() + 10_000), true, request -> {
            sent.incrementAndGet();
            return Future.failedFuture(new ServiceBusy("full"));
        });

        assertThatThrownBy(() -> Futures.await(call, WAIT)).isInstanceOf(ServiceBusy.class);
        assertThat(sent).hasValue(1);
    }

    private static RpcRequest request(long deadline) {
        return new RpcRequest("payments", "charge", Buffer.buffer("{}"), Map.of(), deadline);
    }

    private Function<RpcRequest, Future<Buffer>> replying(Buffer... replies) {
        Queue<Buffer> left = new ArrayDeque<>(List.of(replies));
        return request -> {
            sent.incrementAndGet();
            return Future.succeededFuture(left.size() > 1 ? left.poll() : left.peek());
        };
    }

    private static Buffer busyReply() {
        return ReplyBody.ofError(new ServiceBusy("every worker is busy"));
    }
}
