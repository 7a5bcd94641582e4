package dev.enoki.demo.shop;

import dev.enoki.AbstractDependencyProvider;
import dev.enoki.WorkerContext;

/** One {@link Store} per container, the same for every worker. */
public final class StoreProvider extends AbstractDependencyProvider<Storage, Store<Object>> {
    private volatile Store<Object> store;

    public StoreProvider() {
        super(Storage.class);
    }

    @Override
    public Store<Object> get(WorkerContext worker) {
        Store<Object> current = store;
        if (current == null) {
            synchronized (this) {
                if (store == null) {
                    store = new Store<>(annotation.capacity());
                }
                current = store;
            }
        }
        return current;
    }
}
