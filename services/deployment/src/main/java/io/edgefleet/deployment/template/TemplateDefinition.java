package io.edgefleet.deployment.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.schemas.JsonSchemas;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a template says, checked beyond its schema ({@code rest/template-create}): params are consistent, placeholders
 * name declared params, defaults fit, and the app spec with the defaults filled in is a valid {@code app-spec} (a value
 * that still holds the placeholder of a required param cannot be judged before an instantiation).
 */
public record TemplateDefinition(String description, List<TemplateParam> params, JsonNode app) {

    private static final Pattern PARAM_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,62}$");

    public TemplateDefinition {
        params = List.copyOf(params);
    }

    /**
     * Reads and checks a template body that passed its schema.
     *
     * @throws ProblemException 422 naming each problem ({@code /params/0/default}, {@code /app/env/LINE}, ...)
     */
    public static TemplateDefinition parse(JsonNode body, JsonSchemas schemas) {
        List<FieldError> errors = new ArrayList<>();
        List<TemplateParam> params = new ArrayList<>();
        JsonNode declared = body.path("params");
        for (int i = 0; i < declared.size(); i++) {
            TemplateParam param = param(declared.get(i), "/params/" + i, errors);
            if (params.stream().anyMatch(p -> p.name().equals(param.name()))) {
                errors.add(new FieldError("/params/" + i + "/name", "param '" + param.name() + "' is declared twice"));
            }
            params.add(param);
        }
        JsonNode app = body.get("app");
        Placeholders.references(app).forEach((pointer, names) -> names.forEach(name -> {
            if (params.stream().noneMatch(p -> p.name().equals(name))) {
                errors.add(new FieldError("/app" + pointer, PARAM_NAME.matcher(name).matches()
                        ? "refers to ${" + name + "}, which is not a declared param"
                        : "holds a placeholder that is not ${<param name>}"));
            }
        }));
        if (errors.isEmpty()) {
            errors.addAll(specWithDefaults(params, app, schemas));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        String description = body.hasNonNull("description") ? body.get("description").asText() : null;
        return new TemplateDefinition(description, params, app.deepCopy());
    }

    /**
     * The app spec for the given param values ({@code params} of the instantiate call, may be null).
     *
     * @throws ProblemException 422 naming {@code /params/<name>} for missing, unknown or unfit values and for spec
     *                          violations caused by a value; {@code /spec/...} for any other violation
     */
    public JsonNode instantiate(JsonNode given, JsonSchemas schemas) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (given != null) {
            given.properties().forEach(entry -> {
                if (params.stream().noneMatch(p -> p.name().equals(entry.getKey()))) {
                    errors.add(new FieldError("/params/" + entry.getKey(), "the template has no param of this name"));
                }
            });
        }
        for (TemplateParam param : params) {
            JsonNode value = given == null ? null : given.get(param.name());
            if (value == null) {
                if (param.required()) {
                    errors.add(new FieldError("/params/" + param.name(), "is required"));
                } else {
                    values.put(param.name(), param.defaultValue());
                }
                continue;
            }
            param.problemWith(value).ifPresentOrElse(
                    problem -> errors.add(new FieldError("/params/" + param.name(), problem)),
                    () -> values.put(param.name(), value));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        JsonNode spec = Placeholders.substitute(app, values);
        for (JsonSchemas.Violation violation : schemas.validate("app-spec", spec)) {
            Set<String> causes = Placeholders.referencesUnder(app, violation.field());
            if (causes.isEmpty()) {
                errors.add(new FieldError("/spec" + violation.field(), violation.message()));
            }
            causes.forEach(name -> errors.add(new FieldError("/params/" + name,
                    "gives /spec" + violation.field() + " a value that " + violation.message())));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return spec;
    }

    /** The stored body: {@code {description?, params, app}} as given. */
    public ObjectNode toJson(JsonNode body) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (description != null) {
            json.put("description", description);
        }
        json.set("params", body.get("params").deepCopy());
        json.set("app", app.deepCopy());
        return json;
    }

    private static List<FieldError> specWithDefaults(List<TemplateParam> params, JsonNode app, JsonSchemas schemas) {
        Map<String, JsonNode> defaults = new LinkedHashMap<>();
        params.stream().filter(p -> p.defaultValue() != null).forEach(p -> defaults.put(p.name(), p.defaultValue()));
        JsonNode filled = Placeholders.substitute(app, defaults);
        Set<String> open = Placeholders.references(filled).keySet();
        List<FieldError> errors = new ArrayList<>();
        for (JsonSchemas.Violation violation : schemas.validate("app-spec", filled)) {
            String at = violation.field();
            boolean undecided = open.stream().anyMatch(p -> p.equals(at) || p.startsWith(at + "/") || at.startsWith(p + "/"));
            if (!undecided) {
                errors.add(new FieldError("/app" + at, violation.message()));
            }
        }
        return errors;
    }

    private static TemplateParam param(JsonNode json, String at, List<FieldError> errors) {
        String name = json.get("name").asText();
        TemplateParam.Type type = TemplateParam.Type.parse(json.get("type").asText());
        boolean required = json.get("required").asBoolean();
        List<String> values = new ArrayList<>();
        json.path("values").forEach(value -> values.add(value.asText()));
        if (type == TemplateParam.Type.ENUM && values.isEmpty()) {
            errors.add(new FieldError(at + "/values", "an enum param needs its values"));
        } else if (type != TemplateParam.Type.ENUM && json.has("values")) {
            errors.add(new FieldError(at + "/values", "only an enum param has values"));
        }
        Pattern pattern = null;
        if (json.has("pattern")) {
            if (type != TemplateParam.Type.STRING) {
                errors.add(new FieldError(at + "/pattern", "only a string param has a pattern"));
            } else {
                try {
                    pattern = Pattern.compile(json.get("pattern").asText());
                } catch (PatternSyntaxException e) {
                    errors.add(new FieldError(at + "/pattern", "is not a regular expression: " + e.getDescription()));
                }
            }
        }
        BigDecimal min = bound(json, "min", type, at, errors);
        BigDecimal max = bound(json, "max", type, at, errors);
        if (min != null && max != null && min.compareTo(max) > 0) {
            errors.add(new FieldError(at + "/max", "must not be below min"));
        }
        JsonNode defaultValue = json.get("default");
        if (required && defaultValue != null) {
            errors.add(new FieldError(at + "/default", "a required param takes no default"));
        } else if (!required && defaultValue == null) {
            errors.add(new FieldError(at + "/default", "an optional param needs a default"));
        }
        TemplateParam param = new TemplateParam(name, type, values, required ? null : defaultValue, required, pattern,
                min, max);
        if (!required && defaultValue != null) {
            param.problemWith(defaultValue).ifPresent(problem -> errors.add(new FieldError(at + "/default", problem)));
        }
        return param;
    }

    private static BigDecimal bound(JsonNode json, String member, TemplateParam.Type type, String at,
                                    List<FieldError> errors) {
        if (!json.has(member)) {
            return null;
        }
        if (type != TemplateParam.Type.INTEGER && type != TemplateParam.Type.NUMBER) {
            errors.add(new FieldError(at + "/" + member, "only an integer or number param has " + member));
            return null;
        }
        return json.get(member).decimalValue();
    }
}
