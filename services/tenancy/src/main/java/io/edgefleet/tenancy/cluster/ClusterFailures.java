package io.edgefleet.tenancy.cluster;

import io.edgefleet.kit.crypto.SecretBox;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Turns what went wrong talking to a cluster into a problem the caller can act on. Messages carry the API URL and
 * the cluster's own reason, never a credential (fabric8's messages hold the URL and the status, not the headers).
 */
public final class ClusterFailures {

    private ClusterFailures() {
    }

    /**
     * A failure while registering a cluster: a refused credential is 422 at {@code credentialField}, a TLS failure 422
     * at {@code /caCertPem} (or the kubeconfig), anything else 502 {@code cluster-unreachable}.
     */
    static ProblemException forRegistration(String apiUrl, Throwable failure, String credentialField) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        Optional<Integer> status = httpStatus(failure);
        if (status.isPresent() && (status.get() == 401 || status.get() == 403)) {
            return ProblemException.validation(List.of(new FieldError(credentialField, "the cluster at " + apiUrl
                    + " refused this credential (HTTP " + status.get() + ")")));
        }
        if (cause(failure, SSLException.class).isPresent()) {
            String field = "/kubeconfig".equals(credentialField) ? credentialField : "/caCertPem";
            return ProblemException.validation(List.of(new FieldError(field, "TLS with the cluster at " + apiUrl
                    + " failed: " + reason(failure) + "; give the CA that signed its certificate")));
        }
        return unreachable(apiUrl, failure);
    }

    /**
     * A failure of an operation on a registered cluster: 502 {@code cluster-refused} when the API server answered
     * with an error, 502 {@code cluster-unreachable} when it could not be reached, 500
     * {@code cluster-credential-unreadable} when the stored credential does not open with the platform key.
     */
    public static ProblemException forOperation(String clusterName, Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        if (failure instanceof SecretBox.OpenException) {
            // not the cluster's fault: this service runs with another platform key than the one that sealed it
            return new ProblemException(500, "cluster-credential-unreadable", "Cluster credential unreadable",
                    "the stored credential of cluster '" + clusterName + "' does not open with the configured "
                            + SecretBox.SECRET_KEY + ": " + failure.getMessage(), List.of());
        }
        Optional<Integer> status = httpStatus(failure);
        if (status.isPresent()) {
            return new ProblemException(502, "cluster-refused", "Cluster refused the request", "cluster '" + clusterName
                    + "' answered HTTP " + status.get() + ": " + kubernetesMessage(failure), List.of());
        }
        return unreachable("cluster '" + clusterName + "'", failure);
    }

    /** What went wrong in words: "connection refused ...", "PKIX path building failed: ...". */
    public static String reason(Throwable failure) {
        if (cause(failure, HttpConnectTimeoutException.class).isPresent() || cause(failure, SocketTimeoutException.class).isPresent()) {
            return "no answer in time";
        }
        if (cause(failure, ConnectException.class).isPresent()) {
            return "connection refused (nothing listens there, or a firewall rejects it)";
        }
        Optional<UnknownHostException> unknownHost = cause(failure, UnknownHostException.class);
        if (unknownHost.isPresent()) {
            return "unknown host " + unknownHost.get().getMessage();
        }
        Throwable deepest = failure;
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            deepest = t;
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage().strip();
            }
        }
        return message == null ? deepest.getClass().getSimpleName() : message;
    }

    private static ProblemException unreachable(String what, Throwable failure) {
        return new ProblemException(502, "cluster-unreachable", "Cluster unreachable",
                what + " could not be reached: " + reason(failure), List.of());
    }

    private static Optional<Integer> httpStatus(Throwable failure) {
        return cause(failure, KubernetesClientException.class).map(KubernetesClientException::getCode)
                .filter(code -> code >= 400);
    }

    private static String kubernetesMessage(Throwable failure) {
        return cause(failure, KubernetesClientException.class)
                .map(e -> e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : reason(e))
                .orElse(reason(failure));
    }

    static <T extends Throwable> Optional<T> cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
