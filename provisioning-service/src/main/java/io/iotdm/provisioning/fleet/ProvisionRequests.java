package io.iotdm.provisioning.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.provisioningtemplate.ProvisioningHook;
import io.iotdm.provisioning.provisioningtemplate.TemplateService.TemplateWithVersion;
import io.iotdm.provisioning.registration.ThingRegistrations;
import io.iotdm.provisioning.store.Certificate;
import io.iotdm.provisioning.store.CertificateRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.template.InjectedParameters;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.iotdm.provisioning.template.ProvisioningTemplate;
import io.iotdm.provisioning.template.TemplateException;
import io.iotdm.provisioning.template.TemplateUse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code $aws/provisioning-templates/{templateName}/provision} (docs/aws-behaviour.md §6.10): {@code
 * {certificateOwnershipToken, parameters}} → the template's plan, with {@code AWS::IoT::Certificate::Id} the token's
 * certificate, run by {@link ThingRegistrations} under the message id (the same record again gets the registration's
 * outcome, applied once) → {@code {deviceConfiguration, thingName}}.
 */
@ApplicationScoped
class ProvisionRequests {

    private static final String REGISTRATION_KEY_PREFIX = "FleetProvisioning:";

    private final FleetTemplates templates;
    private final ProvisioningClaims claims;
    private final OwnershipTokens tokens;
    private final PreProvisioningHooks hooks;
    private final ThingRegistrations registrations;
    private final ProvisioningTransactions transactions;
    private final CertificateRepository certificates;
    private final AwsErrors errors;
    private final Arns arns;
    private final Clock clock = Clock.systemUTC();

    ProvisionRequests(
            FleetTemplates templates,
            ProvisioningClaims claims,
            OwnershipTokens tokens,
            PreProvisioningHooks hooks,
            ThingRegistrations registrations,
            ProvisioningTransactions transactions,
            CertificateRepository certificates,
            AwsErrors errors,
            Arns arns) {
        this.templates = templates;
        this.claims = claims;
        this.tokens = tokens;
        this.hooks = hooks;
        this.registrations = registrations;
        this.transactions = transactions;
        this.certificates = certificates;
        this.errors = errors;
        this.arns = arns;
    }

    Uni<Void> registerThing(DeviceRequest request) {
        ObjectNode payload = PayloadJson.object(request.payload());
        Instant now = clock.instant();
        String certificateId =
                tokens.certificateId(payload.path("certificateOwnershipToken").asText(""), now);
        Map<String, String> parameters = parameters(payload.path("parameters"));
        String templateName = request.templateName();
        return claimAllows(request, templateName, now)
                .chain(() -> templates.usable(templateName))
                .chain(template -> transactions
                        .read(session -> certificates.find(session, certificateId))
                        .chain(certificate -> {
                            if (certificate == null) {
                                throw DeviceRejection.invalidToken("Certificate ownership token names the certificate "
                                        + certificateId + ", which does not exist (any more)");
                            }
                            return hooked(request, template, certificate, parameters);
                        })
                        .map(given -> plan(template, given, certificateId)))
                .chain(plan -> registrations
                        .register(REGISTRATION_KEY_PREFIX + request.messageId(), plan)
                        .map(outcome -> accepted(plan)))
                .chain(answer -> transactions.<Void>commit(
                        session -> Uni.createFrom().item(Outcome.of(null, request.accepted(answer)))));
    }

    /**
     * A connection that authenticated with a claim of CreateProvisioningClaim provisions with that claim's template
     * only, while the claim is valid; any other certificate was allowed the topic by its IoT policy at the gateway.
     */
    private Uni<Void> claimAllows(DeviceRequest request, String templateName, Instant now) {
        if (request.certificateId() == null) {
            return Uni.createFrom().voidItem();
        }
        return claims.claimed(request.certificateId())
                .invoke(claim -> claim.ifPresent(found -> {
                    if (!found.templateName().equals(templateName)) {
                        throw DeviceRejection.accessDenied(
                                "The claim certificate " + found.certificateId() + " is for the provisioning template "
                                        + found.templateName() + ", not " + templateName);
                    }
                    if (!now.isBefore(found.expiration())) {
                        throw DeviceRejection.accessDenied(
                                "The claim certificate " + found.certificateId() + " expired at " + found.expiration());
                    }
                }))
                .replaceWithVoid();
    }

    private Uni<Map<String, String>> hooked(
            DeviceRequest request, TemplateWithVersion template, Certificate certificate, Map<String, String> given) {
        ProvisioningHook hook = template.template().hook();
        if (hook == null) {
            return Uni.createFrom().item(given);
        }
        return hooks.allowed(
                hook,
                new PreProvisioningHooks.Input(
                        request.certificateId(),
                        certificate.id(),
                        certificate.pem(),
                        arns.provisioningTemplate(template.template().name()),
                        request.clientId(),
                        given));
    }

    private ProvisioningPlan plan(TemplateWithVersion template, Map<String, String> parameters, String certificateId) {
        try {
            return ProvisioningTemplate.parse(template.version().body(), TemplateUse.FLEET_PROVISIONING)
                    .evaluate(parameters, Map.of(InjectedParameters.CERTIFICATE_ID, certificateId));
        } catch (TemplateException e) {
            throw errors.iot(e.errorShape().shapeName(), e.getMessage());
        }
    }

    private static ObjectNode accepted(ProvisioningPlan plan) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ObjectNode configuration = answer.putObject("deviceConfiguration");
        plan.deviceConfiguration().forEach(configuration::put);
        plan.thingName().ifPresent(thingName -> answer.put("thingName", thingName));
        return answer;
    }

    /** The request's {@code parameters}: every value as its text (a template's parameters are strings). */
    private static Map<String, String> parameters(JsonNode parameters) {
        if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
            throw DeviceRejection.invalidPayload("parameters must be a JSON object of parameter names and values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        parameters
                .properties()
                .forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return values;
    }
}
