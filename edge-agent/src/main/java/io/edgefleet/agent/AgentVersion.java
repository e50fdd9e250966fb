package io.edgefleet.agent;

/** The agent's version as the fat jar's manifest states it ({@code Implementation-Version}). */
public final class AgentVersion {

    /** Reported when the agent runs from classes rather than from its jar (tests, an IDE). */
    public static final String UNPACKAGED = "dev";

    private AgentVersion() {
    }

    public static String current() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? UNPACKAGED : version;
    }
}
