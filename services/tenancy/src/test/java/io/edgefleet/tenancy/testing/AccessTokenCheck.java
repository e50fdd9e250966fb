package io.edgefleet.tenancy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.concurrent.TimeUnit;

/** Verifies access tokens the way the gateway does: vertx-auth-jwt with the published key set only. */
public final class AccessTokenCheck {

    private static final Vertx VERTX = Vertx.vertx();

    private AccessTokenCheck() {
    }

    /**
     * The claims of a token that verifies against {@code jwks} (signature, algorithm, issuer, expiry).
     *
     * @throws IllegalArgumentException when it does not
     */
    public static JsonObject verify(JsonNode jwks, String token) {
        JWTAuthOptions options = new JWTAuthOptions()
                .setJWTOptions(new JWTOptions().setIssuer("edgefleet-tenancy"));
        jwks.path("keys").forEach(key -> options.addJwk(new JsonObject(key.toString())));
        try {
            return JWTAuth.create(VERTX, options).authenticate(new TokenCredentials(token))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).principal();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalArgumentException("token refused: " + e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("verification did not finish", e);
        }
    }
}
