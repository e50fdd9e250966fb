package io.edgefleet.deployment.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateDefinitionTest {

    private static final JsonSchemas SCHEMAS = JsonSchemas.load();
    private static final String PARAMS = """
            [{"name": "line", "type": "string", "required": true, "pattern": "[a-z0-9]{1,8}"},
             {"name": "port", "type": "integer", "required": false, "default": 8080, "min": 1024, "max": 65535},
             {"name": "ratio", "type": "number", "required": false, "default": 0.5, "max": 1},
             {"name": "debug", "type": "boolean", "required": false, "default": false},
             {"name": "level", "type": "enum", "values": ["info", "debug"], "required": false, "default": "info"},
             {"name": "image", "type": "string", "required": false, "default": "edgefleet-test/busybox:1"}]""";
    private static final String APP = """
            {"image": "${image}", "command": ["httpd", "-p${port}"],
             "env": {"LINE": "${line}", "URL": "http://plc-${line}:${port}/x?r=${ratio}", "DEBUG": "debug=${debug}", "LEVEL": "${level}"},
             "ports": [{"containerPort": "${port}", "hostPort": "${port}"}]}""";

    private static JsonNode json(String text) {
        return Json.parse(Buffer.buffer(text));
    }

    private static TemplateDefinition template() {
        return TemplateDefinition.parse(json("{\"params\": " + PARAMS + ", \"app\": " + APP + "}"), SCHEMAS);
    }

    private static String onlyField(Runnable call) {
        ProblemException problem = catchThrowableOfType(ProblemException.class, call::run);
        assertThat(problem).as("a 422 is thrown").isNotNull();
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.errors()).extracting(FieldError::field).as("%s", problem.errors()).hasSize(1);
        return problem.errors().get(0).field();
    }

    @Test
    void aWholePlaceholderTakesTheTypedValueAndALongerStringTheText() {
        JsonNode spec = template().instantiate(json("{\"line\": \"l3\", \"port\": 9090, \"debug\": true}"), SCHEMAS);

        assertThat(spec.at("/ports/0/hostPort").isInt()).isTrue();
        assertThat(spec.at("/ports/0/hostPort").asInt()).isEqualTo(9090);
        assertThat(spec.at("/command/1").asText()).isEqualTo("-p9090");
        assertThat(spec.at("/env/DEBUG").asText()).isEqualTo("debug=true");
        assertThat(spec.at("/env/URL").asText()).isEqualTo("http://plc-l3:9090/x?r=0.5");
        assertThat(spec.at("/env/LINE").asText()).isEqualTo("l3");
        assertThat(spec.at("/env/LEVEL").asText()).isEqualTo("info");
        assertThat(spec.at("/image").asText()).isEqualTo("edgefleet-test/busybox:1");
        assertThat(SCHEMAS.validate("app-spec", spec)).isEmpty();
    }

    @Test
    void aTypedValueWhereTheSpecWantsAStringIsBlamedOnTheParam() {
        // env values must be strings: a lone boolean placeholder there becomes a JSON boolean and breaks app-spec
        TemplateDefinition definition = TemplateDefinition.parse(json("""
                {"params": [{"name": "flag", "type": "boolean", "required": true}],
                 "app": {"image": "x/y:1", "env": {"FLAG": "${flag}"}}}"""), SCHEMAS);

        assertThat(onlyField(() -> definition.instantiate(json("{\"flag\": true}"), SCHEMAS))).isEqualTo("/params/flag");
    }

    @Test
    void aParamValueIsInertTextAndNeverExpandedAgain() {
        JsonNode spec = TemplateDefinition.parse(json("""
                {"params": [{"name": "a", "type": "string", "required": true},
                            {"name": "b", "type": "string", "required": false, "default": "secret"}],
                 "app": {"image": "edgefleet-test/busybox:1", "env": {"A": "${a}", "B": "${b}"}}}"""), SCHEMAS)
                .instantiate(json("{\"a\": \"${b}\\\"; rm -rf / #$1\\\\\"}"), SCHEMAS);

        assertThat(spec.at("/env/A").asText()).isEqualTo("${b}\"; rm -rf / #$1\\");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing required     | {}                                          | /params/line",
        "unknown param        | {\"line\": \"a\", \"colour\": \"red\"}      | /params/colour",
        "string as integer    | {\"line\": \"a\", \"port\": \"80\"}         | /params/port",
        "fraction as integer  | {\"line\": \"a\", \"port\": 8080.5}         | /params/port",
        "below min            | {\"line\": \"a\", \"port\": 80}             | /params/port",
        "above max            | {\"line\": \"a\", \"ratio\": 1.5}           | /params/ratio",
        "not in enum          | {\"line\": \"a\", \"level\": \"trace\"}     | /params/level",
        "pattern mismatch     | {\"line\": \"L 3\"}                         | /params/line",
        "pattern is whole     | {\"line\": \"abc;reboot\"}                  | /params/line",
        "string as boolean    | {\"line\": \"a\", \"debug\": \"true\"}      | /params/debug",
        "null value           | {\"line\": null}                            | /params/line",
        "breaks the spec      | {\"line\": \"a\", \"image\": \"a b\"}       | /params/image",
    })
    void aBadParamIs422NamingIt(String why, String params, String field) {
        assertThat(onlyField(() -> template().instantiate(json(params), SCHEMAS))).isEqualTo(field.strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "undeclared placeholder | [{\"name\": \"a\", \"type\": \"string\", \"required\": true}] | {\"image\": \"x/y:${b}\"} | /app/image",
        "enum without values    | [{\"name\": \"a\", \"type\": \"enum\", \"required\": true}] | {\"image\": \"x/y:1\"} | /params/0/values",
        "values on a string     | [{\"name\": \"a\", \"type\": \"string\", \"values\": [\"x\"], \"required\": true}] | {\"image\": \"x/y:1\"} | /params/0/values",
        "pattern on an integer  | [{\"name\": \"a\", \"type\": \"integer\", \"pattern\": \"1\", \"required\": true}] | {\"image\": \"x/y:1\"} | /params/0/pattern",
        "broken pattern         | [{\"name\": \"a\", \"type\": \"string\", \"pattern\": \"(\", \"required\": true}] | {\"image\": \"x/y:1\"} | /params/0/pattern",
        "min on a boolean       | [{\"name\": \"a\", \"type\": \"boolean\", \"min\": 1, \"required\": true}] | {\"image\": \"x/y:1\"} | /params/0/min",
        "min above max          | [{\"name\": \"a\", \"type\": \"integer\", \"min\": 5, \"max\": 1, \"required\": true}] | {\"image\": \"x/y:1\"} | /params/0/max",
        "required with default  | [{\"name\": \"a\", \"type\": \"string\", \"default\": \"x\", \"required\": true}] | {\"image\": \"x/y:1\"} | /params/0/default",
        "optional no default    | [{\"name\": \"a\", \"type\": \"string\", \"required\": false}] | {\"image\": \"x/y:1\"} | /params/0/default",
        "default of wrong type  | [{\"name\": \"a\", \"type\": \"integer\", \"default\": \"8\", \"required\": false}] | {\"image\": \"x/y:1\"} | /params/0/default",
        "default outside range  | [{\"name\": \"a\", \"type\": \"integer\", \"default\": 9, \"max\": 5, \"required\": false}] | {\"image\": \"x/y:1\"} | /params/0/default",
        "declared twice         | [{\"name\": \"a\", \"type\": \"boolean\", \"required\": true}, {\"name\": \"a\", \"type\": \"boolean\", \"required\": true}] | {\"image\": \"x/y:1\"} | /params/1/name",
        "defaults break spec    | [{\"name\": \"p\", \"type\": \"integer\", \"default\": 70000, \"required\": false}] | {\"image\": \"x/y:1\", \"ports\": [{\"containerPort\": 80, \"hostPort\": \"${p}\"}]} | /app/ports/0/hostPort",
        "spec broken regardless | [] | {\"image\": \"x/y:1\", \"privileged\": true} | /app/privileged",
    })
    void anInconsistentTemplateIs422NamingTheProblem(String why, String params, String app, String field) {
        JsonNode body = json("{\"params\": " + params + ", \"app\": " + app + "}");
        assertThat(SCHEMAS.validate("rest/template-update", body)).as("passes its schema").isEmpty();

        assertThat(onlyField(() -> TemplateDefinition.parse(body, SCHEMAS))).isEqualTo(field.strip());
    }

    @Test
    void aRequiredParamInATypedMemberIsJudgedOnlyAtInstantiation() {
        TemplateDefinition definition = TemplateDefinition.parse(json("""
                {"params": [{"name": "port", "type": "integer", "required": true}],
                 "app": {"image": "x/y:1", "ports": [{"containerPort": "${port}"}]}}"""), SCHEMAS);

        assertThat(definition.instantiate(json("{\"port\": 81}"), SCHEMAS).at("/ports/0/containerPort").asInt()).isEqualTo(81);
        assertThat(onlyField(() -> definition.instantiate(json("{\"port\": 0}"), SCHEMAS))).isEqualTo("/params/port");
    }
}
