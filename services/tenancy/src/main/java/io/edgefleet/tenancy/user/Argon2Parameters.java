package io.edgefleet.tenancy.user;

/**
 * Argon2id cost: memory in KiB, iterations, lanes. The defaults (19 MiB, 2, 1) are OWASP's first
 * recommendation for Argon2id.
 */
public record Argon2Parameters(int memoryKiB, int iterations, int parallelism) {

    public Argon2Parameters {
        if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("Argon2 parameters out of range: m=" + memoryKiB + ", t=" + iterations
                    + ", p=" + parallelism);
        }
    }

    /** {@code m=..,t=..,p=..} as in a PHC string. */
    @Override
    public String toString() {
        return "m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism;
    }
}
