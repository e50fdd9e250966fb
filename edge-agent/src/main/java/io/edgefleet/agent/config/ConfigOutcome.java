package io.edgefleet.agent.config;

import java.util.List;

/** What parsing the agent's command line, environment and config file produced. */
public sealed interface ConfigOutcome {

    /** Every setting was present and valid. */
    record Valid(AgentConfig config) implements ConfigOutcome {
    }

    /** {@code --help} was given: print the usage text and exit successfully. */
    record HelpRequested(String usage) implements ConfigOutcome {
    }

    /** At least one setting is missing or invalid; each error is one line naming the setting. */
    record Invalid(List<String> errors) implements ConfigOutcome {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }
}
