package io.edgefleet.agent.runtime;

/** The labels that mark a container edgefleet created (docs: "Labels on managed containers"). */
public final class ManagedLabels {

    /** {@code true} on every container the agent created. */
    public static final String MANAGED = "io.edgefleet.managed";
    /** The app name. */
    public static final String APP = "io.edgefleet.app";
    /** The app's revision the container was created for. */
    public static final String REVISION = "io.edgefleet.revision";
    /** SHA-256 hex of the canonical AppSpec JSON the container was created from. */
    public static final String SPEC_HASH = "io.edgefleet.spec-hash";
    /** The endpoint id of the agent that created it. */
    public static final String ENDPOINT = "io.edgefleet.endpoint";

    private ManagedLabels() {
    }
}
