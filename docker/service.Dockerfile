# One image per edgefleet service (registry, tenancy, deployment, telemetry, gateway), built from the repository root
# after `mvn package` (scripts/build-images.sh does all of it):
#   docker build -f docker/service.Dockerfile --target service --build-arg MODULE=services/registry \
#     --build-arg MAIN_CLASS=io.edgefleet.registry.Main --build-arg HTTP_PORT=8081 -t edgefleet/registry:<version> .
# The gateway uses --target gateway: the same image plus the agent jar it hands out to edge machines.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE} AS service
ARG MODULE
ARG MAIN_CLASS
ARG HTTP_PORT
# Third-party jars first: they change far less often than edgefleet's own, so an upgrade usually ships only the
# small app layer. Nothing in /opt/edgefleet is writable by the service's user.
COPY ${MODULE}/target/image/lib/ /opt/edgefleet/lib/
COPY ${MODULE}/target/image/app/ /opt/edgefleet/app/
# Heap as a share of the container's memory limit; a JVM out of memory exits so that the restart policy acts.
ENV EDGEFLEET_MAIN_CLASS=${MAIN_CLASS} \
    EDGEFLEET_HTTP_PORT=${HTTP_PORT} \
    JAVA_OPTS="-XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=20 -XX:+ExitOnOutOfMemoryError -Xss512k" \
    MALLOC_ARENA_MAX=2
EXPOSE ${HTTP_PORT}
# numeric ids: no user database is needed, whichever distribution the base image is
USER 10001:10001
# a JVM of its own, started for speed (no JIT tiers, tiny heap, no perf data): about 0.2 s CPU per check
HEALTHCHECK --interval=10s --timeout=8s --start-period=60s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx16m", "-Xss256k", "-XX:-UsePerfData", \
       "-cp", "/opt/edgefleet/app/edgefleet-health-probe.jar", "io.edgefleet.probe.HealthProbe", \
       "http", "EDGEFLEET_HTTP_PORT", "8080", "/health/ready"]
# a shell only to expand JAVA_OPTS (operators tune it) and the main class; exec hands PID 1 to the JVM for SIGTERM
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -cp '/opt/edgefleet/app/*:/opt/edgefleet/lib/*' \"$EDGEFLEET_MAIN_CLASS\" \"$@\"", "edgefleet"]

FROM service AS gateway
COPY edge-agent/target/edgefleet-agent.jar /opt/edgefleet/agent/edgefleet-agent.jar
ENV EDGEFLEET_AGENT_JAR=/opt/edgefleet/agent/edgefleet-agent.jar
