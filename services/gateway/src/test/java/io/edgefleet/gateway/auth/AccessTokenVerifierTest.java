package io.edgefleet.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import io.edgefleet.gateway.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessTokenVerifierTest {

    private final Vertx vertx = Vertx.vertx();
    private final AtomicReference<JsonObject> servedKeys = new AtomicReference<>();
    private final AtomicInteger keyFetches = new AtomicInteger();
    private final ManualClock clock = new ManualClock(Instant.now());
    private HttpServer tenancy;
    private AccessTokenVerifier verifier;
    private Context context;

    @BeforeEach
    void startKeyServer() throws Exception {
        tenancy = vertx.createHttpServer()
                .requestHandler(request -> {
                    keyFetches.incrementAndGet();
                    request.response().putHeader("content-type", "application/json").end(servedKeys.get().encode());
                })
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        context = vertx.getOrCreateContext();
        verifier = new AccessTokenVerifier(vertx, vertx.createHttpClient(),
                URI.create("http://127.0.0.1:" + tenancy.actualPort()), "internal", clock);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void remembersAVerifiedTokenAndAnswersItsCallerAgain() throws Exception {
        Signer signer = new Signer("k1");
        servedKeys.set(signer.jwks());
        String token = signer.token("user-1");

        Caller first = await(verify(token));
        Caller second = await(verify(token));

        assertThat(first.id()).isEqualTo("user-1");
        assertThat(second).isEqualTo(first);
        assertThat(verifier.rememberedTokens()).isEqualTo(1);
    }

    @Test
    void refusesAndForgetsNothingForAnInvalidToken() throws Exception {
        Signer signer = new Signer("k1");
        servedKeys.set(signer.jwks());
        String forged = new Signer("k1").token("user-1");

        Throwable refused = awaitFailure(verify(forged));

        assertThat(refused).isInstanceOf(InvalidCredentialsException.class);
        assertThat(verifier.rememberedTokens()).isZero();
    }

    @Test
    void forgetsRememberedTokensWhenTheKeySetIsFetchedAgain() throws Exception {
        Signer retired = new Signer("k1");
        servedKeys.set(retired.jwks());
        String oldToken = retired.token("user-1");
        await(verify(oldToken));

        // tenancy rotated its key and dropped the old one; a token of the new key makes the gateway fetch again
        Signer current = new Signer("k2");
        servedKeys.set(current.jwks());
        clock.advance(AccessTokenVerifier.REFETCH_AFTER.plusSeconds(1));
        await(verify(current.token("user-2")));

        assertThat(keyFetches).hasValue(2);
        assertThat(awaitFailure(verify(oldToken))).isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void doesNotAnswerARememberedTokenPastItsExpiry() throws Exception {
        Signer signer = new Signer("k1");
        servedKeys.set(signer.jwks());
        String token = signer.token("user-1");
        await(verify(token));

        clock.advance(Duration.ofMinutes(16));

        assertThat(verifier.rememberedTokens()).isZero();
    }

    /** Verifies on a Vert.x context, as the gateway's event loop does: the verifier is not meant for other threads. */
    private Future<Caller> verify(String token) {
        Promise<Caller> verified = Promise.promise();
        context.runOnContext(v -> verifier.verify(token).onComplete(verified));
        return verified.future();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Throwable awaitFailure(Future<?> future) throws Exception {
        try {
            await(future);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the token was accepted");
    }

    /** An ES256 key pair like tenancy's: signs tokens with its claims and publishes the public half as a JWKS. */
    private final class Signer {

        private final String kid;
        private final ECPublicKey publicKey;
        private final JWTAuth auth;

        Signer(String kid) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            this.kid = kid;
            this.publicKey = (ECPublicKey) pair.getPublic();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            this.auth = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                    .setAlgorithm("ES256").setId(kid).setBuffer(pem)));
        }

        String token(String subject) {
            Instant now = Instant.now();
            JsonObject claims = new JsonObject().put("iss", AccessTokenVerifier.ISSUER).put("sub", subject)
                    .put("memberships", new JsonObject().put("default", "operator"))
                    .put("iat", now.getEpochSecond()).put("issuedAtMillis", now.toEpochMilli())
                    .put("exp", now.plus(Duration.ofMinutes(15)).getEpochSecond());
            return auth.generateToken(claims, new JWTOptions().setAlgorithm("ES256").setNoTimestamp(true)
                    .setHeader(new JsonObject().put("kid", kid)));
        }

        JsonObject jwks() {
            return new JsonObject().put("keys", new JsonArray().add(new JsonObject()
                    .put("kty", "EC").put("crv", "P-256").put("alg", "ES256").put("use", "sig").put("kid", kid)
                    .put("x", coordinate(publicKey.getW().getAffineX()))
                    .put("y", coordinate(publicKey.getW().getAffineY()))));
        }

        private static String coordinate(BigInteger value) {
            byte[] bytes = value.toByteArray();
            byte[] fixed = new byte[32];
            int length = Math.min(bytes.length, 32);
            System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
        }
    }
}
