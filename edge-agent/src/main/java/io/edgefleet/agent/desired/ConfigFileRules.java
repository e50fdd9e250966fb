package io.edgefleet.agent.desired;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules for {@link AppSpec#files()}: each path absolute and normal (no {@code .} or {@code ..} segment, no
 * trailing or doubled slash, not {@code /}), used once and not a volume's target, content that decodes and stays
 * within {@link ConfigFile#MAX_BYTES}, a mode within 0..0777.
 */
final class ConfigFileRules {

    /** Most files one spec may carry (the schema says the same). */
    static final int MAX_FILES = 256;

    private ConfigFileRules() {
    }

    static void check(AppSpec spec, List<String> problems) {
        if (spec.files().size() > MAX_FILES) {
            problems.add("/files: at most " + MAX_FILES + " files, got " + spec.files().size());
        }
        Set<String> volumeTargets = new HashSet<>();
        spec.volumes().forEach(volume -> volumeTargets.add(volume.target()));
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < spec.files().size(); i++) {
            ConfigFile file = spec.files().get(i);
            String field = "/files/" + i;
            String pathProblem = pathProblem(file.path());
            if (pathProblem != null) {
                problems.add(field + "/path: " + pathProblem + ", got '" + file.path() + "'");
            } else if (!paths.add(file.path())) {
                problems.add(field + "/path: '" + file.path() + "' is used by two files");
            } else if (volumeTargets.contains(file.path())) {
                problems.add(field + "/path: '" + file.path() + "' is also a volume's target");
            }
            content(file, field, problems);
            if (file.mode() != null && (file.mode() < 0 || file.mode() > 0777)) {
                problems.add(field + "/mode: must be within 0000..0777 (octal), got " + Integer.toOctalString(file.mode()));
            }
        }
    }

    /** Why {@code path} cannot name a file in the container, or null when it can. */
    static String pathProblem(String path) {
        if (!path.startsWith("/")) {
            return "must be an absolute path";
        }
        if (path.length() == 1 || path.endsWith("/")) {
            return "must name a file, not a directory";
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "must not hold empty, '.' or '..' segments";
            }
        }
        if (path.indexOf('\0') >= 0 || path.indexOf(':') >= 0 || path.indexOf(',') >= 0) {
            // Docker's bind syntax splits at ':' and the mount API at ','
            return "must not hold ':', ',' or NUL";
        }
        return null;
    }

    private static void content(ConfigFile file, String field, List<String> problems) {
        if (!ConfigFile.UTF8.equals(file.encoding()) && !ConfigFile.BASE64.equals(file.encoding())) {
            problems.add(field + "/encoding: must be utf-8 or base64, got '" + file.encoding() + "'");
            return;
        }
        int size;
        try {
            size = file.bytes().length;
        } catch (IllegalArgumentException e) {
            problems.add(field + "/content: not valid base64: " + e.getMessage());
            return;
        }
        if (size > ConfigFile.MAX_BYTES) {
            problems.add(field + "/content: a file may hold at most " + ConfigFile.MAX_BYTES + " bytes (1 MiB), got "
                    + size);
        }
    }
}
