package io.edgefleet.broker.auth;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Recent registry answers, keyed by (username, SHA-256 of the password), so that a reconnect storm of agents
 * does not become a storm of registry calls. Bounded: past {@code maxEntries} the least recently used answer is
 * dropped. Answers expire after the configured time to live; a time to live of zero caches nothing.
 */
public final class AuthCache {

    /** Enough for a large fleet reconnecting at once; roughly 30 MB of heap when full. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<Key, Entry> entries;

    /**
     * @param ttl        how long an answer stays valid
     * @param maxEntries the most answers kept
     * @param nanoClock  a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    public AuthCache(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, got " + ttl);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > AuthCache.this.maxEntries;
            }
        };
    }

    /** @return the cached answer for these credentials, if one is still valid */
    public Optional<AuthDecision> get(String username, byte[] password) {
        Key key = Key.of(username, password);
        long now = nanoClock.getAsLong();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry == null) {
                return Optional.empty();
            }
            if (now - entry.storedAtNanos >= ttlNanos) {
                entries.remove(key);
                return Optional.empty();
            }
            return Optional.of(entry.decision);
        }
    }

    /** Remembers the registry's answer for these credentials. */
    public void put(String username, byte[] password, AuthDecision decision) {
        if (ttlNanos == 0) {
            return;
        }
        Key key = Key.of(username, password);
        Entry entry = new Entry(decision, nanoClock.getAsLong());
        synchronized (entries) {
            entries.put(key, entry);
        }
    }

    /**
     * Forgets every answer for {@code username}, whatever the password: after a credential rotation or a deletion
     * the next connect must ask the registry again.
     *
     * @return how many answers were dropped
     */
    public int invalidate(String username) {
        synchronized (entries) {
            int before = entries.size();
            entries.keySet().removeIf(key -> key.username.equals(username));
            return before - entries.size();
        }
    }

    /**
     * Forgets every accepting answer for a client of {@code tenant}: after the tenant was disabled or deleted its
     * agents and integration keys must be asked about again.
     *
     * @return how many answers were dropped
     */
    public int invalidateTenant(String tenant) {
        synchronized (entries) {
            int before = entries.size();
            entries.values().removeIf(entry -> entry.decision.identity()
                    .map(identity -> identity.tenant().equals(tenant))
                    .orElse(false));
            return before - entries.size();
        }
    }

    /**
     * Forgets every refusal: a refusal does not say whose it was, and after a tenant was enabled (or created again)
     * its clients' refusals from the disabled time must not outlive it.
     *
     * @return how many answers were dropped
     */
    public int invalidateDenials() {
        synchronized (entries) {
            int before = entries.size();
            entries.values().removeIf(entry -> !entry.decision.allowed());
            return before - entries.size();
        }
    }

    /** @return how many answers are held, expired ones included until they are next looked up or pushed out */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private record Entry(AuthDecision decision, long storedAtNanos) {
    }

    private static final class Key {
        private final String username;
        private final byte[] passwordDigest;
        private final int hash;

        private Key(String username, byte[] passwordDigest) {
            this.username = username;
            this.passwordDigest = passwordDigest;
            this.hash = 31 * username.hashCode() + Arrays.hashCode(passwordDigest);
        }

        static Key of(String username, byte[] password) {
            return new Key(username, Digests.sha256(password));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && username.equals(key.username)
                    && Arrays.equals(passwordDigest, key.passwordDigest);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
