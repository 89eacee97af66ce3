package io.iotdm.jobs.managed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.jobs.managed.ManagedJobTemplate.DocumentParameter;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS-managed job templates and iotdm's own (docs/aws-behaviour.md §5.15), read from {@code
 * managed-job-templates.json}; and a managed template's document filled with CreateJob's {@code documentParameters}.
 */
@Singleton
public class ManagedJobTemplates {

    private static final JsonMapper JSON = new JsonMapper();

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{aws:iot:parameter:([a-zA-Z0-9_-]+)}");

    private final List<ManagedJobTemplate> templates;
    private final AwsErrors errors;
    private final String arnPrefix;

    ManagedJobTemplates(AwsErrors errors, Arns arns) {
        this.errors = errors;
        // AWS's managed templates have no account: arn:aws:iot:<region>::jobtemplate/<name>:<version>
        this.arnPrefix = "arn:aws:iot:" + arns.region() + "::jobtemplate/";
        this.templates = read();
    }

    /** Every version of every template, by name then version. */
    public List<ManagedJobTemplate> all() {
        return templates;
    }

    /** @param version {@code null}: the template's latest version */
    public Optional<ManagedJobTemplate> find(String name, String version) {
        return templates.stream()
                .filter(template -> template.name().equals(name))
                .filter(template -> version == null || template.version().equals(version))
                .max(Comparator.comparing(ManagedJobTemplate::version, ManagedJobTemplates::compareVersions));
    }

    public String arn(ManagedJobTemplate template) {
        return arnPrefix + template.name() + ":" + template.version();
    }

    /** Whether the ARN is of the managed templates' form, {@code arn:aws:iot:<region>::jobtemplate/...}. */
    public boolean names(String arn) {
        return arn.startsWith(arnPrefix);
    }

    /** The template a managed template ARN names ({@code ...::jobtemplate/<name>:<version>}), if there is one. */
    public Optional<ManagedJobTemplate> byArn(String arn) {
        if (!arn.startsWith(arnPrefix)) {
            return Optional.empty();
        }
        String nameAndVersion = arn.substring(arnPrefix.length());
        int colon = nameAndVersion.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return find(nameAndVersion.substring(0, colon), nameAndVersion.substring(colon + 1));
    }

    /**
     * The template's document with every {@code ${aws:iot:parameter:<key>}} replaced by the parameter's value (an
     * optional parameter not given by the empty string), inside the document's JSON strings so a value never changes
     * the document's structure. Every parameter given must be the template's and match its regex; every parameter
     * that is not optional must be given (docs/aws-behaviour.md §5.15).
     */
    public String fill(ManagedJobTemplate template, Map<String, String> parameters) {
        String named = template.name() + ":" + template.version();
        Set<String> known = new HashSet<>();
        for (DocumentParameter parameter : template.documentParameters()) {
            known.add(parameter.key());
            String value = parameters.get(parameter.key());
            if (value == null && !parameter.optional()) {
                throw errors.invalidRequest("The document parameter " + parameter.key()
                        + " is required by the managed template " + named + ".");
            }
            if (value != null
                    && !Pattern.compile(parameter.regex()).matcher(value).matches()) {
                throw errors.invalidRequest("The value of the document parameter " + parameter.key()
                        + " does not match the pattern " + parameter.regex() + " of the managed template " + named
                        + ".");
            }
        }
        for (String key : parameters.keySet()) {
            if (!known.contains(key)) {
                throw errors.invalidRequest(
                        "The managed template " + named + " has no document parameter " + key + ".");
            }
        }
        try {
            JsonNode document = JSON.readTree(template.document());
            return JSON.writeValueAsString(substitute(document, parameters));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> parameters) {
        if (node.isTextual()) {
            Matcher matcher = PLACEHOLDER.matcher(node.asText());
            return new TextNode(
                    matcher.replaceAll(match -> Matcher.quoteReplacement(parameters.getOrDefault(match.group(1), ""))));
        }
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(substitute(field.getValue(), parameters));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, substitute(array.get(i), parameters));
            }
        }
        return node;
    }

    /** Versions are {@code <major>.<minor>} (the model's pattern): compared by number, so 1.10 follows 1.9. */
    private static int compareVersions(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int compared = Integer.compare(Integer.parseInt(left[i]), Integer.parseInt(right[i]));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    private static List<ManagedJobTemplate> read() {
        try (InputStream in = ManagedJobTemplates.class.getResourceAsStream("/managed-job-templates.json")) {
            List<ManagedJobTemplate> read = new ArrayList<>();
            for (JsonNode json : JSON.readTree(in)) {
                List<String> environments = new ArrayList<>();
                json.path("environments").forEach(environment -> environments.add(environment.asText()));
                List<DocumentParameter> parameters = new ArrayList<>();
                json.path("documentParameters").forEach(parameter -> parameters.add(DocumentParameter.of(parameter)));
                read.add(new ManagedJobTemplate(
                        json.path("name").asText(),
                        json.path("version").asText(),
                        json.path("description").asText(),
                        environments,
                        parameters,
                        json.path("document").asText()));
            }
            read.sort(Comparator.comparing(ManagedJobTemplate::name)
                    .thenComparing(ManagedJobTemplate::version, ManagedJobTemplates::compareVersions));
            return List.copyOf(read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
