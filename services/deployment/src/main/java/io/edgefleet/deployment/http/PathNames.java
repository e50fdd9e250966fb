package io.edgefleet.deployment.http;

import io.edgefleet.kit.http.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * The {@code {name}} path parameter of apps, templates, config sets and registries: a name that cannot be one is 404
 * without being echoed, because it may be anything the caller typed.
 */
public final class PathNames {

    /** What an app, template, config set or registry may be called. */
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9_.-]{1,62}$");

    private PathNames() {
    }

    /**
     * The {@code name} path parameter.
     *
     * @param noun  what is named, e.g. "config set"
     * @param scope where it is looked up, e.g. "tenant"
     * @throws ProblemException 404 when it cannot be such a name
     */
    public static String name(RoutingContext ctx, String noun, String scope) {
        String name = ctx.pathParam("name");
        if (!NAME.matcher(name).matches()) {
            throw notFound(name, noun, scope);
        }
        return name;
    }

    /** 404 for a name the scope does not have; the name is echoed only when it could be one. */
    public static ProblemException notFound(String name, String noun, String scope) {
        return ProblemException.notFound(NAME.matcher(name).matches() ? "no " + noun + " named '" + name + "' in this "
                + scope : "no such " + noun + " in this " + scope);
    }
}
