package io.edgefleet.deployment.registry;

import io.edgefleet.kit.crypto.SecretBox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Seals registry passwords for the {@code registries} table and opens them for desired documents, bound to tenant
 * and name (a sealed value copied to another row does not open). Without {@value SecretBox#SECRET_KEY} nothing is
 * sealed: registry writes are refused.
 */
public final class RegistrySeal {

    private static final String CREDENTIALS = "SELECT name, host, username, password, version FROM registries WHERE tenant = $1";

    /** A registry's credentials in clear, for a desired document only. */
    public record Credential(String name, String host, String username, String password, int version) {
        @Override
        public String toString() {
            return "Credential[" + name + ", host=" + host + ", username=" + username + ", password=<hidden>]";
        }
    }

    private final SecretBox secrets;

    /** @param secrets the service's box; null when it has no key */
    public RegistrySeal(SecretBox secrets) {
        this.secrets = secrets;
    }

    public boolean canSeal() {
        return secrets != null;
    }

    byte[] seal(String tenant, String name, String password) {
        if (secrets == null) {
            throw new IllegalStateException("registry passwords need " + SecretBox.SECRET_KEY);
        }
        return secrets.seal(password.getBytes(StandardCharsets.UTF_8), associatedData(tenant, name));
    }

    /** The tenant's registries with their passwords opened, by name; in the caller's transaction. */
    public Future<Map<String, Credential>> credentials(SqlConnection tx, String tenant) {
        return tx.preparedQuery(CREDENTIALS).execute(Tuple.of(tenant)).map(rows -> {
            Map<String, Credential> credentials = new HashMap<>();
            for (Row row : rows) {
                String name = row.getString("name");
                credentials.put(name, new Credential(name, row.getString("host"), row.getString("username"),
                        open(tenant, name, row.getBuffer("password").getBytes()), row.getInteger("version")));
            }
            return credentials;
        });
    }

    private String open(String tenant, String name, byte[] sealed) {
        if (secrets == null) {
            throw new IllegalStateException("registry '" + name + "' of tenant " + tenant + " has a sealed password but "
                    + SecretBox.SECRET_KEY + " is not configured");
        }
        return new String(secrets.open(sealed, associatedData(tenant, name)), StandardCharsets.UTF_8);
    }

    /** What a sealed password is bound to. */
    public static byte[] associatedData(String tenant, String name) {
        return SecretBox.associatedData("registries", tenant, name);
    }
}
