package io.edgefleet.agent;

import io.edgefleet.agent.config.AgentConfig;
import io.edgefleet.agent.control.ControlChannel;
import io.edgefleet.agent.desired.LogShipping;
import io.edgefleet.agent.logship.LogShipper;
import io.edgefleet.agent.metrics.ContainerCollector;
import io.edgefleet.agent.metrics.MetricsCollector;
import io.edgefleet.agent.metrics.NodeCollector;
import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.telemetry.BufferSender;
import io.edgefleet.agent.telemetry.DiskBuffer;
import io.edgefleet.agent.telemetry.TelemetrySettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's telemetry: metric batches and shipped log lines, each a stream with its own on-disk buffer
 * ({@code <dataDir>/telemetry/metrics}, {@code .../logs}) and sender, so that what is collected while the broker is
 * away is published after reconnect, in order.
 */
final class Telemetry implements AutoCloseable {

    private final MetricsCollector metrics;
    private final LogShipper logs;
    private final BufferSender metricsSender;
    private final BufferSender logsSender;

    private Telemetry(MetricsCollector metrics, LogShipper logs, BufferSender metricsSender, BufferSender logsSender) {
        this.metrics = metrics;
        this.logs = logs;
        this.metricsSender = metricsSender;
        this.logsSender = logsSender;
    }

    static Telemetry open(AgentConfig config, ControlChannel channel, ContainerRuntime runtime,
                          Supplier<Map<String, LogShipping>> shipping, Clock clock) throws IOException {
        TelemetrySettings settings = config.telemetry();
        Path dir = config.dataDir().resolve("telemetry");
        DiskBuffer metricsBuffer = DiskBuffer.open(dir.resolve("metrics"), settings.metricsBufferBytes());
        DiskBuffer logsBuffer = DiskBuffer.open(dir.resolve("logs"), settings.logBufferBytes());
        BufferSender metricsSender = new BufferSender("metrics", metricsBuffer, channel::publishMetrics,
                channel::isConnected);
        BufferSender logsSender = new BufferSender("logs", logsBuffer, channel::publishLogs, channel::isConnected);
        MetricsCollector metrics = new MetricsCollector(new NodeCollector(settings.procPath()),
                new ContainerCollector(runtime, settings.statsConcurrency()), metricsBuffer,
                settings.metricsInterval(), metricsSender::wake, clock);
        LogShipper logs = new LogShipper(runtime, logsBuffer, dir.resolve("log-positions.properties"), shipping,
                logsSender::wake, clock);
        return new Telemetry(metrics, logs, metricsSender, logsSender);
    }

    void start() {
        metricsSender.start();
        logsSender.start();
        metrics.start();
        logs.start();
    }

    /** The connection is up: send what waits. Any thread. */
    void connected() {
        metricsSender.wake();
        logsSender.wake();
    }

    /** The engine's containers as last listed. Any thread. */
    void containers(List<ContainerInfo> containers) {
        logs.containers(containers);
    }

    @Override
    public void close() {
        metrics.close();
        logs.close();
        metricsSender.close();
        logsSender.close();
    }
}
