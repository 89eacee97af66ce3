package io.iotdm.provisioning.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.iotdm.provisioning.template.ProvisioningTemplate;
import io.iotdm.provisioning.template.TemplateException;
import io.iotdm.provisioning.template.TemplateUse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * RegisterThing (docs/aws-behaviour.md §6.8): the template body and parameters become a plan, and the plan a
 * registration of its own (a new key per request: the operation has no client token).
 */
@Singleton
class RegisterThingHandler extends AwsOperationHandler {

    private final ThingRegistrations registrations;
    private final AwsErrors errors;

    RegisterThingHandler(ThingRegistrations registrations, AwsErrors errors) {
        super("iot", "RegisterThing");
        this.registrations = registrations;
        this.errors = errors;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        ProvisioningPlan plan;
        try {
            plan = ProvisioningTemplate.parse(request.string("templateBody"), TemplateUse.REGISTER_THING)
                    .evaluate(parameters(request.node("parameters")), Map.of());
        } catch (TemplateException e) {
            throw errors.iot(e.errorShape().shapeName(), e.getMessage());
        }
        return registrations
                .register("RegisterThing:" + UUID.randomUUID(), plan)
                .map(outcome -> {
                    ObjectNode output = JsonNodeFactory.instance.objectNode();
                    outcome.certificatePem().ifPresent(pem -> output.put("certificatePem", pem));
                    ObjectNode arns = output.putObject("resourceArns");
                    outcome.resourceArns().forEach(arns::put);
                    return AwsResponse.json(output);
                });
    }

    private static Map<String, String> parameters(JsonNode parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        if (parameters != null) {
            parameters
                    .properties()
                    .forEach(
                            entry -> values.put(entry.getKey(), entry.getValue().asText()));
        }
        return values;
    }
}
