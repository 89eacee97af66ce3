package io.iotdm.provisioning.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;

/** Small templates for the tests: a thing whose properties are what a test wants to try. */
final class Templates {

    static final String PARAMETERS =
            """
            "Parameters": {
              "Name": {"Type": "String"},
              "Serial": {"Type": "String", "Default": "S-1"},
              "Csv": {"Type": "String"},
              "Index": {"Type": "String"},
              "Region": {"Type": "String"}
            }""";

    private Templates() {}

    /** A REGISTER_THING template of one thing with these properties (JSON members, without braces). */
    static String thing(String properties) {
        return """
                {%s,
                 "Resources": {"thing": {"Type": "AWS::IoT::Thing", "Properties": {%s}}}}
                """
                .formatted(PARAMETERS, properties);
    }

    static ProvisioningPlan evaluate(String body, Map<String, String> parameters) {
        return ProvisioningTemplate.parse(body, TemplateUse.REGISTER_THING).evaluate(parameters, Map.of());
    }

    /** The thing name a ThingName expression gives. */
    static String thingName(String expression, Map<String, String> parameters) {
        return evaluate(thing("\"ThingName\": " + expression), parameters)
                .thingName()
                .orElseThrow();
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String body, TemplateUse use) {
        return assertThatThrownBy(() -> ProvisioningTemplate.parse(body, use))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.errorShape())
                        .isEqualTo(TemplateException.ErrorShape.INVALID_REQUEST));
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String body) {
        return assertInvalid(body, TemplateUse.REGISTER_THING);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertRegistrationFailure(
            String body, Map<String, String> parameters) {
        ProvisioningTemplate template = ProvisioningTemplate.parse(body, TemplateUse.REGISTER_THING);
        return assertThatThrownBy(() -> template.evaluate(parameters, Map.of()))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.errorShape())
                        .isEqualTo(TemplateException.ErrorShape.RESOURCE_REGISTRATION_FAILURE));
    }
}
