package io.edgefleet.gateway.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Serves the web console: its own files from the classpath folder {@code console/} at {@code /console/}, and the
 * browser libraries it imports (Vue, uPlot) from their WebJars at {@code /console/vendor/}. The vendor names carry
 * no version, so the console's import map stays the same when a WebJar is upgraded; {@link VendorFile} finds the
 * version in the WebJar's own Maven metadata.
 *
 * <p>Every console response carries a content security policy that allows only this origin. Vue compiles the
 * views' templates in the browser, which needs {@code 'unsafe-eval'} for scripts; the one inline script, the import
 * map, is allowed by its hash ({@link ImportMapHash}); nothing else is relaxed.
 */
public final class ConsoleRoutes {

    private static final String SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-eval' %s; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
            + "base-uri 'self'; form-action 'self'";

    private static final List<VendorFile> VENDOR = List.of(
            new VendorFile("vue.js", "org.webjars.npm", "vue", "dist/vue.esm-browser.prod.js"),
            new VendorFile("uplot.js", "org.webjars.npm", "uplot", "dist/uPlot.esm.js"),
            new VendorFile("uplot.css", "org.webjars.npm", "uplot", "dist/uPlot.min.css"));

    private final Vertx vertx;
    private final Optional<Path> folder;
    private final String securityPolicy;

    /** @param folder where to read the console's own files from instead of the jar (see GatewayConfig) */
    public ConsoleRoutes(Vertx vertx, Optional<Path> folder) {
        this.vertx = vertx;
        this.folder = folder;
        this.securityPolicy = SECURITY_POLICY.formatted(ImportMapHash.of(folder));
    }

    /** Reads the vendor files once, then mounts the console; fails when a WebJar is missing from the classpath. */
    public Future<Void> mount(Router router) {
        return Future.all(VENDOR.stream().map(file -> file.read(vertx)).toList()).map(read -> {
            router.get("/").handler(ctx -> ctx.redirect("/console/"));
            router.route("/console/*").handler(this::securityHeaders);
            for (int i = 0; i < VENDOR.size(); i++) {
                VendorFile file = VENDOR.get(i);
                Buffer content = read.resultAt(i);
                router.get("/console/vendor/" + file.name()).handler(ctx -> ctx.response()
                        .putHeader("Content-Type", file.contentType())
                        .putHeader("Cache-Control", "public, max-age=86400")
                        .end(content));
            }
            StaticHandler files = folder.map(dir -> StaticHandler.create(FileSystemAccess.ROOT, dir.toString()))
                    .orElseGet(() -> StaticHandler.create("console"));
            router.route("/console/*").handler(files
                    .setCachingEnabled(false)
                    .setDefaultContentEncoding("UTF-8")
                    .setIndexPage("index.html"));
            return null;
        });
    }

    private void securityHeaders(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.putHeader("Content-Security-Policy", securityPolicy)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-cache");
        ctx.next();
    }
}
