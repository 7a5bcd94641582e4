package dev.enoki;

import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.EntrypointHook;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A user's own entrypoint and dependency, written against the public SPI only, behave like the built-ins. */
class ExtensionSpiTest {
    private final ContainerFactory factory = new ContainerFactory();

    @AfterEach
    void close() {
        factory.close();
    }

    /** Fires the method once per given word when the container starts, like a queue that holds those words. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @EntrypointAnnotation(WordsEntrypoint.class)
    public @interface OnWords {
        String[] value();
    }

    public static final class WordsEntrypoint extends AbstractEntrypoint<OnWords> {
        static final List<Object> results = new CopyOnWriteArrayList<>();

        public WordsEntrypoint() {
            super(OnWords.class);
        }

        @Override
        public Future<Void> start() {
            for (String word : annotation.value()) {
                container.spawnWorker(this, WorkerArguments.of(word), Map.of("language", "en"))
                        .onComplete(r -> results.add(r.succeeded() ? r.result() : r.cause().getMessage()));
            }
            return Future.succeededFuture();
        }
    }

    /** Injects a counter shared by the container's workers, and counts the teardowns it saw. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @DependencyAnnotation(CounterProvider.class)
    public @interface Counter {
        int start() default 0;
    }

    public static final class CounterProvider extends AbstractDependencyProvider<Counter, AtomicInteger> {
        static final AtomicInteger teardowns = new AtomicInteger();
        private AtomicInteger counter;

        public CounterProvider() {
            super(Counter.class);
        }

        @Override
        public Future<Void> setup() {
            counter = new AtomicInteger(annotation.start());
            return Future.succeededFuture();
        }

        @Override
        public AtomicInteger get(WorkerContext worker) {
            return counter;
        }

        @Override
        public void workerTeardown(WorkerContext worker) {
            teardowns.incrementAndGet();
        }
    }

    @Service("words")
    public static class WordsService {
        @Counter(start = 100)
        AtomicInteger counter;

        @ContextData("language")
        String language;

        @OnWords({"alpha", "beta", "gamma"})
        @Rpc
        public String shout(String word) {
            return word.toUpperCase() + "-" + counter.incrementAndGet() + "-" + language;
        }
    }

    @Test
    void customEntrypointAndProviderWorkLikeBuiltIns() {
        WordsEntrypoint.results.clear();
        CounterProvider.teardowns.set(0);
        ServiceContainer container = factory.start(WordsService.class);

        await().atMost(Duration.ofSeconds(5)).until(() -> WordsEntrypoint.results.size() == 3);
        assertThat(WordsEntrypoint.results).allSatisfy(r -> assertThat((String) r).matches("(ALPHA|BETA|GAMMA)-10[123]-en"));
        assertThat(CounterProvider.teardowns.get()).isEqualTo(3);
        assertThat(container.extensions()).hasAtLeastOneElementOfType(WordsEntrypoint.class)
                .hasAtLeastOneElementOfType(CounterProvider.class);

        // The same method is an RPC entrypoint too, with the same dependency.
        assertThat(factory.client().proxy("words").call("shout", String.class, "delta")).isEqualTo("DELTA-104-null");
    }

    /** Answers in place of the method for a request it has seen: the delivery id of the request says which. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @DependencyAnnotation(RecordedAnswersProvider.class)
    public @interface RecordedAnswers {
    }

    public static final class RecordedAnswersProvider extends AbstractDependencyProvider<RecordedAnswers, Object> {
        public RecordedAnswersProvider() {
            super(RecordedAnswers.class);
        }

        @Override
        public Object get(WorkerContext worker) {
            return null;
        }

        static final List<Object> passedOn = new CopyOnWriteArrayList<>();

        @Override
        public void workerSetup(WorkerContext worker) {
            passedOn.add(worker.contextData().keySet());
            if ("seen-before".equals(worker.deliveryId())) {
                worker.answer("from the record");
            }
        }
    }

    @Service("answered")
    public static class AnsweredService {
        static final AtomicInteger runs = new AtomicInteger();

        @RecordedAnswers
        Object answers;

        @Rpc
        public String work() {
            runs.incrementAndGet();
            return "ran";
        }
    }

    @Test
    void dependencyAnswersInPlaceOfTheMethodWhichThenDoesNotRun() {
        AnsweredService.runs.set(0);
        RecordedAnswersProvider.passedOn.clear();
        ServiceContainer container = factory.start(AnsweredService.class);

        assertThat(EntrypointHook.callWithContext(container, "work", Map.of(WorkerContext.DELIVERY_ID, "seen-before")))
                .isEqualTo("from the record");
        assertThat(AnsweredService.runs).hasValue(0);
        assertThat(EntrypointHook.callWithContext(container, "work", Map.of(WorkerContext.DELIVERY_ID, "new")))
                .isEqualTo("ran");
        assertThat(AnsweredService.runs).hasValue(1);
        assertThat(RecordedAnswersProvider.passedOn).as("what the workers' own calls carry")
                .hasSize(2).noneMatch(keys -> ((java.util.Set<?>) keys).contains(WorkerContext.DELIVERY_ID));
    }
}
