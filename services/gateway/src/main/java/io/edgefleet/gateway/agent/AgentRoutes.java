package io.edgefleet.gateway.agent;

import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Serves what an edge machine needs to install the agent, without authentication (neither holds a secret; the
 * endpoint's secret is in the operator's copy-paste command): the agent jar at {@value #JAR_PATH}, streamed from the
 * file {@code EDGEFLEET_AGENT_JAR} names, and the install script at {@value #SCRIPT_PATH}, from the gateway's own
 * resources. Both carry an ETag, so a repeated download with {@code If-None-Match} gets 304.
 */
public final class AgentRoutes {

    public static final String JAR_PATH = "/agent/edgefleet-agent.jar";
    public static final String SCRIPT_PATH = "/agent/install.sh";
    static final String SCRIPT_RESOURCE = "agent/install.sh";

    private final Vertx vertx;
    private final Optional<Path> agentJar;

    /** @param agentJar the agent's fat jar; empty when this gateway does not serve it */
    public AgentRoutes(Vertx vertx, Optional<Path> agentJar) {
        this.vertx = vertx;
        this.agentJar = agentJar;
    }

    /** Reads the install script once, then mounts both routes; fails when the script is missing from the jar. */
    public Future<Void> mount(Router router) {
        return vertx.executeBlocking(AgentRoutes::readScript).map(script -> {
            String scriptTag = "\"" + sha256(script) + "\"";
            router.route(HttpMethod.GET, SCRIPT_PATH).handler(ctx -> sendScript(ctx, script, scriptTag));
            router.route(HttpMethod.HEAD, SCRIPT_PATH).handler(ctx -> sendScript(ctx, script, scriptTag));
            router.route(HttpMethod.GET, JAR_PATH).handler(this::sendJar);
            router.route(HttpMethod.HEAD, JAR_PATH).handler(this::sendJar);
            return null;
        });
    }

    // from the class loader, never the working directory (Vert.x's file system would look there first)
    private static Buffer readScript() throws IOException {
        try (InputStream in = AgentRoutes.class.getClassLoader().getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IOException(SCRIPT_RESOURCE + " is missing from the gateway's resources");
            }
            return Buffer.buffer(in.readAllBytes());
        }
    }

    private static void sendScript(RoutingContext ctx, Buffer script, String etag) {
        ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "no-cache");
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().putHeader("Content-Type", "text/x-shellscript; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(ctx.request().method() == HttpMethod.HEAD ? Buffer.buffer() : script);
    }

    private void sendJar(RoutingContext ctx) {
        if (agentJar.isEmpty()) {
            Problems.send(ctx, ProblemException.notFound("this gateway does not serve the agent jar: "
                    + "EDGEFLEET_AGENT_JAR is not set (the all-in-one and the gateway image set it)"));
            return;
        }
        String file = agentJar.get().toString();
        vertx.fileSystem().props(file).onComplete(props -> {
            if (props.failed() || !props.result().isRegularFile()) {
                Problems.send(ctx, ProblemException.notFound("the agent jar EDGEFLEET_AGENT_JAR names is missing: "
                        + file));
                return;
            }
            FileProps found = props.result();
            // size and modification time change whenever the jar is replaced; hashing 30 MB per start is not needed
            String etag = "\"" + Long.toHexString(found.size()) + "-" + Long.toHexString(found.lastModifiedTime()) + "\"";
            ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "no-cache");
            if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
                ctx.response().setStatusCode(304).end();
                return;
            }
            ctx.response().putHeader("Content-Type", "application/java-archive")
                    .putHeader("Content-Disposition", "attachment; filename=\"edgefleet-agent.jar\"");
            if (ctx.request().method() == HttpMethod.HEAD) {
                ctx.response().putHeader("Content-Length", Long.toString(found.size())).end();
            } else {
                // sendFile streams from disk (zero-copy where the platform allows) and sets Content-Length
                ctx.response().sendFile(file).onFailure(ctx::fail);
            }
        });
    }

    private static String sha256(Buffer content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
