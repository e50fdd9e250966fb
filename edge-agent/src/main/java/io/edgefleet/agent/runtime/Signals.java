package io.edgefleet.agent.runtime;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the signal of a kill before it reaches the engine, so a typo gets a clear INVALID. */
final class Signals {

    private static final Set<String> NAMES = Set.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "POLL", "PWR", "SYS");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,2}");
    private static final Pattern REALTIME = Pattern.compile("RTM(IN\\+([0-9]|1[0-5])|AX-([0-9]|1[0-4]))|RTMIN|RTMAX");

    private Signals() {
    }

    /**
     * The signal as the engine takes it: {@code SIGKILL} for {@code KILL}/{@code sigkill}/{@code SIGKILL}, the
     * number unchanged for {@code 9}.
     *
     * @throws RuntimeFailure INVALID for an unknown name or a number outside 1..64
     */
    static String normalize(String signal) {
        String text = signal == null ? "" : signal.trim().toUpperCase(Locale.ROOT);
        if (NUMBER.matcher(text).matches()) {
            int number = Integer.parseInt(text);
            if (number >= 1 && number <= 64) {
                return Integer.toString(number);
            }
        } else {
            String name = text.startsWith("SIG") ? text.substring(3) : text;
            if (NAMES.contains(name) || REALTIME.matcher(name).matches()) {
                return "SIG" + name;
            }
        }
        throw new RuntimeFailure(RuntimeFailure.Kind.INVALID, "unknown signal '" + signal
                + "': use a name such as SIGTERM, SIGKILL, SIGHUP or a number from 1 to 64");
    }
}
