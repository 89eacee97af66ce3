package io.iotdm.iotpolicy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates an AWS IoT policy document and compiles it (docs/aws-behaviour.md §6.4); every refusal is a
 * {@link MalformedPolicyException} whose message names the problem and the statement it is in.
 */
public final class PolicyParser {

    /** AWS's limit on {@code policyDocument}: 2048 characters, whitespace not counted. */
    public static final int MAX_NON_WHITESPACE_CHARACTERS = 2048;

    /** The version with policy variables; 2008-10-17 (and no Version) takes {@code ${...}} as text, as IAM does. */
    static final String VERSION_2012 = "2012-10-17";

    static final String VERSION_2008 = "2008-10-17";

    private static final Set<String> DOCUMENT_ELEMENTS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_ELEMENTS =
            Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");

    /** {@code *}, or a service prefix and an action name, either possibly with wildcards ({@code iot:Get*}). */
    private static final Pattern ACTION = Pattern.compile("\\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+");

    /** {@code *}, or an ARN: six ':'-separated parts, the last one possibly with more ':'s. */
    private static final Pattern RESOURCE = Pattern.compile("\\*|arn:[^:]+:[^:]*:[^:]*:[^:]*:.+", Pattern.DOTALL);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private PolicyParser() {}

    public static CompiledPolicy compile(String document) {
        if (document == null || document.isBlank()) {
            throw new MalformedPolicyException(null);
        }
        long characters =
                document.codePoints().filter(c -> !Character.isWhitespace(c)).count();
        if (characters > MAX_NON_WHITESPACE_CHARACTERS) {
            throw new MalformedPolicyException("the document has " + characters
                    + " characters without whitespace; the maximum is " + MAX_NON_WHITESPACE_CHARACTERS);
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new MalformedPolicyException(null);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("the document is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> element : root.properties()) {
            if (!DOCUMENT_ELEMENTS.contains(element.getKey())) {
                throw new MalformedPolicyException("unknown element '" + element.getKey() + "' in the document");
            }
        }
        boolean variables = variablesOf(root.get("Version"));
        JsonNode statements = root.get("Statement");
        if (statements == null || statements.isNull() || (statements.isArray() && statements.isEmpty())) {
            throw new MalformedPolicyException("the document has no Statement");
        }
        List<Statement> compiled = new ArrayList<>();
        if (statements.isObject()) {
            compiled.add(statement(statements, "Statement", variables));
        } else if (statements.isArray()) {
            for (int i = 0; i < statements.size(); i++) {
                compiled.add(statement(statements.get(i), "Statement[" + i + "]", variables));
            }
        } else {
            throw new MalformedPolicyException("Statement must be an object or an array of objects");
        }
        return new CompiledPolicy(compiled);
    }

    private static boolean variablesOf(JsonNode version) {
        if (version == null) {
            return false;
        }
        if (version.isTextual() && version.textValue().equals(VERSION_2012)) {
            return true;
        }
        if (version.isTextual() && version.textValue().equals(VERSION_2008)) {
            return false;
        }
        throw new MalformedPolicyException("Version " + version + " is not supported; use \"" + VERSION_2012 + "\"");
    }

    private static Statement statement(JsonNode node, String where, boolean variables) {
        if (!node.isObject()) {
            throw new MalformedPolicyException(where + " is not an object");
        }
        for (Map.Entry<String, JsonNode> element : node.properties()) {
            String name = element.getKey();
            if (name.equals("Principal") || name.equals("NotPrincipal")) {
                throw new MalformedPolicyException(where + ": " + name
                        + " is not allowed; an AWS IoT policy applies to the principals it is attached to");
            }
            if (!STATEMENT_ELEMENTS.contains(name)) {
                throw new MalformedPolicyException(where + ": unknown element '" + name + "'");
            }
        }
        JsonNode sid = node.get("Sid");
        if (sid != null && !sid.isTextual()) {
            throw new MalformedPolicyException(where + ": Sid must be a string");
        }
        String label = sid == null ? where : where + " (Sid " + sid.textValue() + ")";
        JsonNode effect = node.get("Effect");
        if (effect == null
                || !effect.isTextual()
                || !(effect.textValue().equals("Allow") || effect.textValue().equals("Deny"))) {
            throw new MalformedPolicyException(label + ": Effect must be \"Allow\" or \"Deny\"");
        }
        boolean notAction = node.has("NotAction");
        List<String> actionTexts = exactlyOne(node, "Action", "NotAction", label);
        List<PolicyPattern> actions = new ArrayList<>();
        for (String action : actionTexts) {
            if (!ACTION.matcher(action).matches()) {
                throw new MalformedPolicyException(label + ": '" + action
                        + "' is not an action (service:Action, e.g. iot:Publish, wildcards allowed)");
            }
            actions.add(PolicyPattern.compile(action, true, false));
        }
        boolean notResource = node.has("NotResource");
        List<String> resourceTexts = exactlyOne(node, "Resource", "NotResource", label);
        List<String> invalid = resourceTexts.stream()
                .filter(r -> !RESOURCE.matcher(r).matches())
                .toList();
        if (!invalid.isEmpty()) {
            throw new MalformedPolicyException("The following resources are invalid : " + String.join(", ", invalid));
        }
        List<PolicyPattern> resources = new ArrayList<>();
        for (String resource : resourceTexts) {
            resources.add(pattern(resource, true, variables, label));
        }
        List<Condition> conditions = ConditionParser.conditions(node.get("Condition"), label, variables);
        return new Statement(
                sid == null ? null : sid.textValue(),
                effect.textValue().equals("Deny"),
                actions.toArray(PolicyPattern[]::new),
                notAction,
                resources.toArray(PolicyPattern[]::new),
                notResource,
                conditions.toArray(Condition[]::new));
    }

    /** The strings of whichever of the two elements the statement has; it must have one and only one. */
    private static List<String> exactlyOne(JsonNode statement, String element, String notElement, String label) {
        JsonNode positive = statement.get(element);
        JsonNode negative = statement.get(notElement);
        if ((positive == null) == (negative == null)) {
            throw new MalformedPolicyException(label + ": a statement needs either " + element + " or " + notElement
                    + (positive == null ? "" : ", not both"));
        }
        String name = positive == null ? notElement : element;
        List<String> texts = strings(positive == null ? negative : positive);
        if (texts == null) {
            throw new MalformedPolicyException(
                    label + ": " + name + " must be a string or a non-empty array of strings");
        }
        return texts;
    }

    /** A string or a non-empty array of strings, or null when the node is neither. */
    private static List<String> strings(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray() || node.isEmpty()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                return null;
            }
            texts.add(item.textValue());
        }
        return texts;
    }

    private static PolicyPattern pattern(String text, boolean wildcards, boolean variables, String label) {
        try {
            return PolicyPattern.compile(text, wildcards, variables);
        } catch (IllegalArgumentException e) {
            throw new MalformedPolicyException(label + ": " + e.getMessage());
        }
    }
}
