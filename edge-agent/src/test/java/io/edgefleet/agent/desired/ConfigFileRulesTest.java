package io.edgefleet.agent.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefleet.schemas.JsonSchemas;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigFileRulesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static AppSpec spec(String files) throws Exception {
        return AppSpec.fromJson(MAPPER.readTree("{\"image\": \"a:1\", \"files\": " + files + "}"));
    }

    @Test
    void wellFormedFilesPassAndKeepTheirContentModeAndEncoding() throws Exception {
        AppSpec spec = spec("""
                [{"path": "/etc/app/config.yaml", "content": "a: 1"},
                 {"path": "/etc/app/key.bin", "content": "AAEC", "encoding": "base64", "mode": "0600"},
                 {"path": "/run/x", "content": "", "mode": 416}]""");

        assertThat(spec.validate()).isEmpty();
        assertThat(spec.files().get(0).bytes()).isEqualTo("a: 1".getBytes());
        assertThat(spec.files().get(0).effectiveMode()).isEqualTo(0644);
        assertThat(spec.files().get(1).bytes()).containsExactly(0, 1, 2);
        assertThat(spec.files().get(1).effectiveMode()).isEqualTo(0600);
        assertThat(spec.files().get(2).effectiveMode()).isEqualTo(0640);
    }

    @Test
    void relativeDottedTrailingAndRootPathsAreRefusedNamingTheFile() throws Exception {
        List<String> problems = spec("""
                [{"path": "etc/a", "content": ""}, {"path": "/etc/../root/x", "content": ""},
                 {"path": "/etc/app/", "content": ""}, {"path": "/", "content": ""}, {"path": "/a//b", "content": ""},
                 {"path": "/a/./b", "content": ""}, {"path": "/a:b", "content": ""}]""").validate();

        assertThat(problems).containsExactly(
                "/files/0/path: must be an absolute path, got 'etc/a'",
                "/files/1/path: must not hold empty, '.' or '..' segments, got '/etc/../root/x'",
                "/files/2/path: must name a file, not a directory, got '/etc/app/'",
                "/files/3/path: must name a file, not a directory, got '/'",
                "/files/4/path: must not hold empty, '.' or '..' segments, got '/a//b'",
                "/files/5/path: must not hold empty, '.' or '..' segments, got '/a/./b'",
                "/files/6/path: must not hold ':', ',' or NUL, got '/a:b'");
    }

    @Test
    void aPathUsedTwiceOrAlsoMountedAsVolumeIsRefused() throws Exception {
        AppSpec spec = AppSpec.fromJson(MAPPER.readTree("""
                {"image": "a:1", "volumes": [{"type": "bind", "source": "/srv", "target": "/etc/b"}],
                 "files": [{"path": "/etc/a", "content": "1"}, {"path": "/etc/a", "content": "2"},
                           {"path": "/etc/b", "content": "3"}]}"""));

        assertThat(spec.validate()).containsExactly("/files/1/path: '/etc/a' is used by two files",
                "/files/2/path: '/etc/b' is also a volume's target");
    }

    @Test
    void aFileAboveOneMebibyteAfterDecodingIsRefusedAndOneAtTheLimitPasses() throws Exception {
        String atLimit = Base64.getEncoder().encodeToString(new byte[ConfigFile.MAX_BYTES]);
        String above = Base64.getEncoder().encodeToString(new byte[ConfigFile.MAX_BYTES + 1]);

        assertThat(spec("[{\"path\": \"/a\", \"content\": \"" + atLimit + "\", \"encoding\": \"base64\"}]").validate())
                .isEmpty();
        assertThat(spec("[{\"path\": \"/a\", \"content\": \"" + above + "\", \"encoding\": \"base64\"}]").validate())
                .containsExactly("/files/0/content: a file may hold at most 1048576 bytes (1 MiB), got 1048577");
        String text = "é".repeat(ConfigFile.MAX_BYTES / 2 + 1);
        assertThat(spec("[{\"path\": \"/a\", \"content\": \"" + text + "\"}]").validate())
                .as("UTF-8 text counts its bytes, not its characters")
                .containsExactly("/files/0/content: a file may hold at most 1048576 bytes (1 MiB), got 1048578");
    }

    @Test
    void contentThatIsNotBase64IsRefused() throws Exception {
        assertThat(spec("[{\"path\": \"/a\", \"content\": \"not base64!\", \"encoding\": \"base64\"}]").validate())
                .singleElement().asString().startsWith("/files/0/content: not valid base64");
    }

    @Test
    void theSchemaRefusesDotSegmentsAndBadModesToo() throws Exception {
        JsonSchemas schemas = JsonSchemas.load();

        assertThat(schemas.validate("app-spec", MAPPER.readTree("""
                {"image": "a:1", "files": [{"path": "/etc/../x", "content": ""}]}""")))
                .extracting(JsonSchemas.Violation::field).containsOnly("/files/0/path");
        assertThat(schemas.validate("app-spec", MAPPER.readTree("""
                {"image": "a:1", "files": [{"path": "/etc/x", "content": "", "mode": 1000}]}""")))
                .extracting(JsonSchemas.Violation::field).containsOnly("/files/0/mode");
    }

    @Test
    void aChangedFileContentChangesTheSpecHashAndAnEqualSpecKeepsIt() throws Exception {
        String one = DesiredApp.hash(spec("[{\"path\": \"/a\", \"content\": \"1\"}]"));
        String same = DesiredApp.hash(spec("[{\"path\": \"/a\", \"content\": \"1\", \"mode\": \"0644\"}]"));
        String changed = DesiredApp.hash(spec("[{\"path\": \"/a\", \"content\": \"2\"}]"));

        assertThat(same).isEqualTo(one);
        assertThat(changed).isNotEqualTo(one);
    }
}
