package io.edgefleet.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** docs/security.md's role matrix says exactly what the gateway enforces. */
class RoleMatrixDocTest {

    @Test
    void documentedMatrixIsTheCatalog() throws IOException {
        Path doc = Path.of("../../docs/security.md");
        List<String> documented = Files.readAllLines(doc).stream()
                .filter(line -> line.startsWith("| `") && line.split("\\|").length == 5)
                .map(String::strip)
                .toList();
        List<String> enforced = ApiCatalog.standard().operations().stream()
                .map(o -> "| `" + o.name() + "` | `" + o.method().name() + " " + o.template() + "` | " + o.service()
                        + " | " + o.access().describe() + " |")
                .toList();
        assertThat(documented).containsExactlyElementsOf(enforced);
    }
}
