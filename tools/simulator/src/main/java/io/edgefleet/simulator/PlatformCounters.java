package io.edgefleet.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads one counter from a service's Prometheus text on {@code /metrics}: the sum over all its label sets. */
public final class PlatformCounters {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The counter's sum, or NaN when the URL is not given, cannot be read, or has no such counter. */
    public double read(URI url, String counter) {
        if (url == null) {
            return Double.NaN;
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? sum(response.body(), counter) : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** The sum of the samples of {@code counter} (all label sets) in Prometheus text; NaN when there are none. */
    static double sum(String text, String counter) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith(counter + "{") || line.startsWith(counter + " ")) {
                String value = line.substring(line.lastIndexOf(' ') + 1);
                sum += Double.parseDouble(value);
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }
}
