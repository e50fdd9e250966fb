package io.edgefleet.gateway.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * A file of a WebJar, served under a version-free name.
 *
 * @param name     the name under {@code /console/vendor/}
 * @param group    the WebJar's Maven group id
 * @param artifact the WebJar's Maven artifact id (also its folder under {@code META-INF/resources/webjars})
 * @param path     the file's path inside the package, e.g. {@code dist/vue.esm-browser.prod.js}
 */
record VendorFile(String name, String group, String artifact, String path) {

    String contentType() {
        return name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    }

    Future<Buffer> read(Vertx vertx) {
        return vertx.executeBlocking(() -> {
            String resource = "META-INF/resources/webjars/" + artifact + "/" + version() + "/" + path;
            try (InputStream in = classLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("console library " + resource + " is not on the classpath");
                }
                return Buffer.buffer(in.readAllBytes());
            }
        });
    }

    private String version() {
        String metadata = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = classLoader().getResourceAsStream(metadata)) {
            if (in == null) {
                throw new IllegalStateException("WebJar " + group + ":" + artifact + " is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClassLoader classLoader() {
        return VendorFile.class.getClassLoader();
    }
}
