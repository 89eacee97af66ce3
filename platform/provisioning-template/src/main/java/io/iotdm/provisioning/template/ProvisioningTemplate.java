package io.iotdm.provisioning.template;

import io.iotdm.provisioning.template.ProvisioningPlan.PolicyPlan;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A provisioning template, parsed and checked (docs/aws-behaviour.md §6.5): {@link #parse} refuses a body that cannot
 * work whatever the parameters (InvalidRequestException), {@link #evaluate} turns parameter values into the
 * {@link ProvisioningPlan} the provisioning-service executes (ResourceRegistrationFailureException when those values
 * cannot be provisioned). Immutable and safe to share: parse a stored template once, evaluate it per device.
 */
public final class ProvisioningTemplate {

    private final TemplateUse use;
    private final Map<String, Optional<String>> parameters;
    private final Mappings mappings;
    private final TemplateResources resources;
    private final Map<String, Expr> deviceConfiguration;

    ProvisioningTemplate(
            TemplateUse use,
            Map<String, Optional<String>> parameters,
            Mappings mappings,
            TemplateResources resources,
            Map<String, Expr> deviceConfiguration) {
        this.use = use;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.mappings = mappings;
        this.resources = resources;
        this.deviceConfiguration = Collections.unmodifiableMap(new LinkedHashMap<>(deviceConfiguration));
    }

    /**
     * @throws TemplateException (InvalidRequestException) naming the section, resource or parameter and the cause
     */
    public static ProvisioningTemplate parse(String body, TemplateUse use) {
        return TemplateParser.parse(body, use);
    }

    public TemplateUse use() {
        return use;
    }

    /** The parameters the template declares, in the order written. */
    public Set<String> declaredParameters() {
        return parameters.keySet();
    }

    /**
     * @param given the caller's values (RegisterThing's {@code parameters}, a line of a bulk registration's input file,
     *     a fleet-provisioning request's {@code parameters} with the pre-provisioning hook's overrides merged in);
     *     values for parameters the template does not declare are ignored, and so are values for the parameters AWS
     *     injects, so that a device cannot choose its certificate
     * @param injected the values AWS gives the template for this use ({@link TemplateUse#injectedParameters()}); a
     *     JITP certificate's subject fields that the certificate lacks are left out
     * @throws TemplateException (ResourceRegistrationFailureException) naming the resource and the cause
     */
    public ProvisioningPlan evaluate(Map<String, String> given, Map<String, String> injected) {
        if (!use.injectedParameters().containsAll(injected.keySet())) {
            throw new IllegalArgumentException(
                    use + " injects only " + use.injectedParameters() + ", not " + injected.keySet());
        }
        Map<String, String> values = new LinkedHashMap<>();
        parameters.forEach((name, defaultValue) -> {
            String value = use.injectedParameters().contains(name) ? null : given.get(name);
            Optional.ofNullable(value).or(() -> defaultValue).ifPresent(present -> values.put(name, present));
        });
        values.putAll(injected);
        return new ProvisioningPlan(
                resources.thing().map(thing -> thing.plan(scope(values, thing.logicalId()))),
                resources.certificate().map(certificate -> certificate.plan(scope(values, certificate.logicalId()))),
                policies(values),
                deviceConfiguration(values),
                values);
    }

    private List<PolicyPlan> policies(Map<String, String> values) {
        return resources.policies().stream()
                .map(policy -> policy.plan(scope(values, policy.logicalId())))
                .toList();
    }

    private Map<String, String> deviceConfiguration(Map<String, String> values) {
        Map<String, String> configuration = new LinkedHashMap<>();
        Scope scope = new Scope(values, mappings, "DeviceConfiguration");
        deviceConfiguration.forEach(
                (key, value) -> configuration.put(key, scope.at(key).text(value, "the value")));
        return configuration;
    }

    private Scope scope(Map<String, String> values, String logicalId) {
        return new Scope(values, mappings, "Resource " + logicalId);
    }
}
