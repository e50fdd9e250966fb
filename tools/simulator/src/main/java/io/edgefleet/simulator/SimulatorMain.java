package io.edgefleet.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar edgefleet-simulator.jar <scenario> [options]}: runs one scenario and writes its results file.
 * Exit status 0 when the scenario ran to its end, 1 when it failed (the results file then says why), 2 for an invalid
 * command line.
 */
public final class SimulatorMain {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorMain.class);

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            System.out.print(Options.usage());
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.InvalidOptions e) {
            System.err.println("edgefleet-simulator: " + e.getMessage());
            System.err.println("run with --help for the options");
            System.exit(2);
            return;
        }
        System.exit(run(options));
    }

    /** Runs the scenario, writes the results file, and returns the exit status. */
    public static int run(Options options) throws Exception {
        ScenarioRun run = new ScenarioRun(options);
        int status = 0;
        try {
            switch (options.scenario()) {
                case ENROLL -> run.enroll();
                case RAMP -> RampScenario.run(run);
                case STEADY -> SteadyScenario.run(run);
                case COMMANDS -> CommandScenario.run(run);
                case FANOUT -> FanoutScenario.run(run);
                case RECONNECT -> ReconnectScenario.run(run);
                case REST -> RestScenario.run(run);
                case SUITE -> runSuite(run);
                case RUN -> runUntilInterrupted(run);
                default -> throw new IllegalStateException("scenario " + options.scenario());
            }
        } catch (Exception e) {
            LOG.error("scenario {} failed: {}", options.scenario().wire(), e.toString());
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", String.valueOf(e.getMessage()));
            error.put("type", e.getClass().getName());
            run.results.put("error", error);
            status = 1;
        } finally {
            run.close();
        }
        String json = run.results.write(options.out());
        System.out.println(json);
        LOG.info("results written to {}", options.out().toAbsolutePath());
        return status;
    }

    /** The suite's scenarios one after the other; one failing is recorded and the next still runs. */
    private static void runSuite(ScenarioRun run) throws Exception {
        run.connectFleet();
        for (Options.Scenario scenario : run.options.suite()) {
            try {
                switch (scenario) {
                    case STEADY -> SteadyScenario.run(run);
                    case FANOUT -> FanoutScenario.run(run);
                    case COMMANDS -> CommandScenario.run(run);
                    case REST -> RestScenario.run(run);
                    default -> throw new IllegalStateException("not a suite scenario: " + scenario);
                }
            } catch (Exception e) {
                LOG.error("suite: {} failed: {}", scenario.wire(), e.toString());
                run.results.put(scenario.wire() + "Error", String.valueOf(e.getMessage()));
            }
        }
    }

    private static void runUntilInterrupted(ScenarioRun run) throws Exception {
        Fleet fleet = run.connectFleet();
        // Ctrl-C: every agent says goodbye (offline presence, normal disconnect); no results file for this mode
        Runtime.getRuntime().addShutdownHook(new Thread(fleet::close));
        LOG.info("{} agents running; stop with Ctrl-C", fleet.size());
        while (true) {
            Thread.sleep(10_000);
            LOG.info("connected {}/{}, {}", fleet.connected(), fleet.size(), fleet.counters().snapshot());
        }
    }
}
