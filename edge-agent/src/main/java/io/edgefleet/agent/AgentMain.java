package io.edgefleet.agent;

import io.edgefleet.agent.config.AgentConfig;
import io.edgefleet.agent.config.ConfigOutcome;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root: reads the settings, starts the {@link Agent} and stops it on SIGTERM/SIGINT.
 * Exit codes: 2 for invalid settings, 1 when the agent cannot start.
 */
public final class AgentMain {

    static final int INVALID_SETTINGS = 2;
    static final int CANNOT_START = 1;
    static final int RUNNING = -1;

    private AgentMain() {
    }

    public static void main(String[] args) {
        int code = run(List.of(args), System.getenv(), System.out, System.err);
        if (code != RUNNING) {
            System.exit(code);
        }
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        ConfigOutcome outcome = AgentConfig.parse(args, env);
        if (outcome instanceof ConfigOutcome.HelpRequested help) {
            out.print(help.usage());
            return 0;
        }
        if (outcome instanceof ConfigOutcome.Invalid invalid) {
            invalid.errors().forEach(err::println);
            return INVALID_SETTINGS;
        }
        AgentConfig config = ((ConfigOutcome.Valid) outcome).config();
        // logging starts only here, so that --help and setting errors print nothing else
        Logger log = LoggerFactory.getLogger(AgentMain.class);
        try {
            Agent agent = Agent.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
            return RUNNING;
        } catch (Exception e) {
            log.error("cannot start the agent: {}", e.toString());
            err.println("cannot start the agent: " + e.getMessage());
            return CANNOT_START;
        }
    }
}
