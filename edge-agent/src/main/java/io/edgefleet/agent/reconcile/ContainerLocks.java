package io.edgefleet.agent.reconcile;

import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ManagedLabels;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Keeps the reconciler and the command executor from working on the same container at once: an app's containers
 * (including the one that replaces it under a temporary name) share the key {@code app:<name>}, any other container
 * is keyed by its id. Locks exist only while someone holds or waits for them.
 */
public final class ContainerLocks {

    private static final class Entry {
        private final ReentrantLock lock = new ReentrantLock();
        private int users;
    }

    private final String endpointId;
    private final Map<String, Entry> locks = new HashMap<>();

    /** @param endpointId this agent's endpoint: only its own managed containers are keyed by app */
    public ContainerLocks(String endpointId) {
        this.endpointId = endpointId;
    }

    /** The key of the app {@code name}. */
    public static String appKey(String name) {
        return "app:" + name;
    }

    /** The key under which {@code container} is locked. */
    public String keyOf(ContainerInfo container) {
        boolean ours = container.managed() && endpointId.equals(container.labels().get(ManagedLabels.ENDPOINT))
                && container.app() != null;
        return ours ? appKey(container.app()) : "container:" + container.id();
    }

    /** Runs {@code action} holding the lock for {@code key}. */
    public <T> T withLock(String key, Supplier<T> action) {
        Entry entry;
        synchronized (locks) {
            entry = locks.computeIfAbsent(key, k -> new Entry());
            entry.users++;
        }
        entry.lock.lock();
        try {
            return action.get();
        } finally {
            entry.lock.unlock();
            synchronized (locks) {
                if (--entry.users == 0) {
                    locks.remove(key);
                }
            }
        }
    }

    /**
     * Runs {@code action} holding the lock for {@code key} if nobody holds it now; returns whether it ran. The
     * reconciler uses this so that a long command (a stop with a long timeout) delays only that app, not the pass.
     */
    public boolean tryWithLock(String key, Runnable action) {
        Entry entry;
        synchronized (locks) {
            entry = locks.computeIfAbsent(key, k -> new Entry());
            entry.users++;
        }
        boolean locked = entry.lock.tryLock();
        try {
            if (locked) {
                action.run();
            }
            return locked;
        } finally {
            if (locked) {
                entry.lock.unlock();
            }
            synchronized (locks) {
                if (--entry.users == 0) {
                    locks.remove(key);
                }
            }
        }
    }

    /** Runs {@code action} holding the lock for {@code key}. */
    public void withLock(String key, Runnable action) {
        withLock(key, () -> {
            action.run();
            return null;
        });
    }
}
