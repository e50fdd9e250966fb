package io.edgefleet.tenancy.user;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.tenancy.TenancyConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the first platform admin from the environment when no user exists yet. */
public final class Bootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private Bootstrap() {
    }

    /**
     * Creates the admin when both settings are given and the user table is empty; a password the policy refuses
     * fails the start naming {@value TenancyConfig#BOOTSTRAP_ADMIN_PASSWORD} (never its value).
     */
    public static Future<Void> run(Vertx vertx, UserStore users, PasswordHasher hasher, Optional<String> email,
                                   Optional<String> password) {
        if (email.isEmpty() || password.isEmpty()) {
            return Future.succeededFuture();
        }
        if (!email.get().matches("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$")) {
            return Future.failedFuture(new ConfigException(TenancyConfig.BOOTSTRAP_ADMIN_EMAIL + " must be an email address"));
        }
        Optional<String> refused = PasswordPolicy.problem(password.get(), email.get());
        if (refused.isPresent()) {
            return Future.failedFuture(new ConfigException(TenancyConfig.BOOTSTRAP_ADMIN_PASSWORD + " is refused: " + refused.get()));
        }
        return users.count().compose(count -> {
            if (count > 0) {
                return Future.succeededFuture();
            }
            return vertx.executeBlocking(() -> hasher.hash(password.get()), false)
                    .compose(hash -> users.create(email.get(), "Platform admin", hash, true))
                    .onSuccess(user -> LOG.info("bootstrap platform admin {} created", user.id()))
                    .<Void>mapEmpty()
                    // another replica created it at the same moment
                    .recover(e -> e instanceof UserStore.EmailTakenException ? Future.succeededFuture() : Future.failedFuture(e));
        });
    }
}
