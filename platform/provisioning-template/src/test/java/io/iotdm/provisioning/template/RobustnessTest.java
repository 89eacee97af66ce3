package io.iotdm.provisioning.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whatever the body, the engine answers a plan or a TemplateException, never another exception (which a service would
 * turn into a 500): AWS's examples with each character removed in turn, parsed for every use and evaluated.
 */
class RobustnessTest {

    private static final List<String> EXAMPLES =
            List.of(AwsExamplesTest.REGISTER_THING, AwsExamplesTest.JITP, AwsExamplesTest.FLEET);

    @Test
    void everyBodyWithOneCharacterRemovedGivesAPlanOrATemplateException() {
        int failures = 0;
        int plans = 0;
        for (String example : EXAMPLES) {
            for (int at = 0; at < example.length(); at++) {
                String body = example.substring(0, at) + example.substring(at + 1);
                for (TemplateUse use : TemplateUse.values()) {
                    if (parseAndEvaluate(body, use)) {
                        plans++;
                    } else {
                        failures++;
                    }
                }
            }
        }
        assertThat(plans).isPositive();
        assertThat(failures).isPositive();
    }

    /** True when a plan came out; false on a TemplateException; anything else fails the test. */
    private static boolean parseAndEvaluate(String body, TemplateUse use) {
        try {
            ProvisioningTemplate template = ProvisioningTemplate.parse(body, use);
            Map<String, String> injected = use == TemplateUse.REGISTER_THING
                    ? Map.of()
                    : Map.of(InjectedParameters.CERTIFICATE_ID, AwsExamplesTest.CERTIFICATE_ID);
            template.evaluate(
                    Map.of("ThingName", "t", "SerialNumber", "1", "CSR", "csr", "DeviceLocation", "Seattle"), injected);
            return true;
        } catch (TemplateException e) {
            assertThat(e.getMessage()).isNotBlank();
            return false;
        }
    }
}
