package io.iotdm.provisioning.registrationtask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.provisioning.registration.RegistrationOutcome;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.iotdm.provisioning.template.ProvisioningTemplate;
import io.iotdm.provisioning.template.TemplateException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a task's input (docs/aws-behaviour.md §6.9): a JSON object of parameter values, turned into the plan the
 * template makes of them, and the line of the report its outcome goes to.
 *
 * @param number the line's number in the input file, from 1
 */
record TaskLine(int number, String text) {

    /** The parameter AWS's examples name the thing by: the report names a line's thing by it when no plan was made. */
    static final String THING_NAME_PARAMETER = "ThingName";

    private static final JsonMapper JSON = new JsonMapper();

    /** A line's outcome: its report line, in RESULTS when it succeeded, in ERRORS otherwise. */
    record Outcome(int lineNumber, boolean succeeded, String reportLine) {}

    /** A line that cannot be registered: the AWS error a RegisterThing of it would have answered. */
    static final class Refused extends RuntimeException {
        private final String errorCode;
        private final String thingName;

        Refused(String errorCode, String message, String thingName) {
            super(message, null, false, false);
            this.errorCode = errorCode;
            this.thingName = thingName;
        }
    }

    /**
     * @throws Refused InvalidRequestException when the line is not a JSON object of text values, the template's
     *     ResourceRegistrationFailureException when the values cannot be provisioned
     */
    ProvisioningPlan plan(ProvisioningTemplate template) {
        Map<String, String> parameters = parameters();
        try {
            return template.evaluate(parameters, Map.of());
        } catch (TemplateException e) {
            throw new Refused(e.errorShape().shapeName(), e.getMessage(), parameters.get(THING_NAME_PARAMETER));
        }
    }

    /** The report line of a registered line: its number, its thing, the resources' ARNs and the certificate's PEM. */
    Outcome registered(ProvisioningPlan plan, RegistrationOutcome registration) {
        ObjectNode line = start(plan.thingName().orElse(null));
        ObjectNode resourceArns = line.putObject("resourceArns");
        registration.resourceArns().forEach(resourceArns::put);
        registration.certificatePem().ifPresent(pem -> line.put("certificatePem", pem));
        return new Outcome(number, true, line.toString());
    }

    /** The report line of a refused line: its number, its thing if known, AWS's error type and message. */
    Outcome refused(Refused refusal) {
        return refused(refusal.errorCode, refusal.getMessage(), refusal.thingName);
    }

    /** The report line of a line the registration refused (a 4xx AWS error: the line's fault, not the service's). */
    Outcome refused(AwsServiceException refusal, ProvisioningPlan plan) {
        return refused(
                refusal.code().name(), refusal.getMessage(), plan.thingName().orElse(null));
    }

    private Outcome refused(String errorCode, String message, String thingName) {
        ObjectNode line = start(thingName);
        line.put("errorCode", errorCode);
        line.put("errorMessage", message);
        return new Outcome(number, false, line.toString());
    }

    private ObjectNode start(String thingName) {
        ObjectNode line = JSON.createObjectNode();
        line.put("lineNumber", number);
        if (thingName != null) {
            line.put("thingName", thingName);
        }
        return line;
    }

    /** The line's values; numbers and booleans become their text, as RegisterThing's string map would hold them. */
    private Map<String, String> parameters() {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw notParameters("it is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw notParameters("it is not a JSON object");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (!member.getValue().isValueNode() || member.getValue().isNull()) {
                throw notParameters("the value of " + member.getKey() + " is not a string");
            }
            parameters.put(member.getKey(), member.getValue().asText());
        }
        return parameters;
    }

    private Refused notParameters(String why) {
        return new Refused(
                "InvalidRequestException", "Line " + number + " is not an object of parameter values: " + why, null);
    }
}
