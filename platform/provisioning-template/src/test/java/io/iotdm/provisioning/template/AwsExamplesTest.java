package io.iotdm.provisioning.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotdm.provisioning.template.ProvisioningPlan.CertificatePlan;
import io.iotdm.provisioning.template.ProvisioningPlan.CertificateSource;
import io.iotdm.provisioning.template.ProvisioningPlan.PolicyPlan;
import io.iotdm.provisioning.template.ProvisioningPlan.ThingPlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The template examples of AWS's documentation ("Provisioning templates"), evaluated as AWS describes them. */
class AwsExamplesTest {

    static final String POLICY_STRING = "{ \\\"Version\\\": \\\"2012-10-17\\\", \\\"Statement\\\": [{ \\\"Effect\\\":"
            + " \\\"Allow\\\", \\\"Action\\\":[\\\"iot:Publish\\\"], \\\"Resource\\\":"
            + " [\\\"arn:aws:iot:us-east-1:123456789012:topic/foo/bar\\\"] }] }";

    /** The bulk registration (RegisterThing) example. */
    static final String REGISTER_THING =
            """
            {
              "Parameters" : {
                "ThingName" : {"Type" : "String"},
                "SerialNumber" : {"Type" : "String"},
                "Location" : {"Type" : "String", "Default" : "WA"},
                "CSR" : {"Type" : "String"}
              },
              "Resources" : {
                "thing" : {
                  "Type" : "AWS::IoT::Thing",
                  "Properties" : {
                    "ThingName" : {"Ref" : "ThingName"},
                    "AttributePayload" : {"version" : "v1", "serialNumber" : {"Ref" : "SerialNumber"}},
                    "ThingTypeName" : "lightBulb-versionA",
                    "ThingGroups" : ["v1-lightbulbs", {"Ref" : "Location"}]
                  },
                  "OverrideSettings" : {
                    "AttributePayload" : "MERGE",
                    "ThingTypeName" : "REPLACE",
                    "ThingGroups" : "DO_NOTHING"
                  }
                },
                "certificate" : {
                  "Type" : "AWS::IoT::Certificate",
                  "Properties" : {
                    "CertificateSigningRequest" : {"Ref" : "CSR"},
                    "Status" : "ACTIVE"
                  }
                },
                "policy" : {
                  "Type" : "AWS::IoT::Policy",
                  "Properties" : {
                    "PolicyDocument" : "%s"
                  }
                }
              }
            }
            """
                    .formatted(POLICY_STRING);

    /** The JITP example: the parameters come from the certificate. */
    static final String JITP =
            """
            {
              "Parameters" : {
                "AWS::IoT::Certificate::CommonName" : {"Type" : "String"},
                "AWS::IoT::Certificate::SerialNumber" : {"Type" : "String"},
                "AWS::IoT::Certificate::Country" : {"Type" : "String"},
                "AWS::IoT::Certificate::Id" : {"Type" : "String"}
              },
              "Resources" : {
                "thing" : {
                  "Type" : "AWS::IoT::Thing",
                  "Properties" : {
                    "ThingName" : {"Ref" : "AWS::IoT::Certificate::CommonName"},
                    "AttributePayload" : {"version" : "v1", "serialNumber" : {"Ref" : "AWS::IoT::Certificate::SerialNumber"}},
                    "ThingTypeName" : "lightBulb-versionA",
                    "ThingGroups" : ["v1-lightbulbs", {"Ref" : "AWS::IoT::Certificate::Country"}]
                  },
                  "OverrideSettings" : {
                    "AttributePayload" : "MERGE",
                    "ThingTypeName" : "REPLACE",
                    "ThingGroups" : "DO_NOTHING"
                  }
                },
                "certificate" : {
                  "Type" : "AWS::IoT::Certificate",
                  "Properties" : {
                    "CertificateId" : {"Ref" : "AWS::IoT::Certificate::Id"},
                    "Status" : "ACTIVE"
                  },
                  "OverrideSettings" : {"Status" : "DO_NOTHING"}
                },
                "policy" : {
                  "Type" : "AWS::IoT::Policy",
                  "Properties" : {
                    "PolicyDocument" : "%s"
                  }
                }
              }
            }
            """
                    .formatted(POLICY_STRING);

    /**
     * The fleet provisioning example: Mappings, DeviceConfiguration, a policy document as an object, the certificate
     * id injected without a declaration, and AWS's own {@code "Status" : "Active"}.
     */
    static final String FLEET =
            """
            {
              "Parameters" : {
                "ThingName" : {"Type" : "String"},
                "SerialNumber" : {"Type" : "String"},
                "DeviceLocation" : {"Type" : "String"}
              },
              "Mappings" : {
                "LocationTable" : {
                  "Seattle" : {"LocationUrl" : "https://example.aws"}
                }
              },
              "Resources" : {
                "thing" : {
                  "Type" : "AWS::IoT::Thing",
                  "Properties" : {
                    "AttributePayload" : {"version" : "v1", "serialNumber" : "serialNumber"},
                    "ThingName" : {"Ref" : "ThingName"},
                    "ThingTypeName" : {"Fn::Join" : ["", ["ThingPrefix_", {"Ref" : "SerialNumber"}]]},
                    "ThingGroups" : ["widgets", "WA"],
                    "BillingGroup" : "BillingGroup"
                  },
                  "OverrideSettings" : {
                    "AttributePayload" : "MERGE",
                    "ThingTypeName" : "REPLACE",
                    "ThingGroups" : "DO_NOTHING"
                  }
                },
                "certificate" : {
                  "Type" : "AWS::IoT::Certificate",
                  "Properties" : {
                    "CertificateId" : {"Ref" : "AWS::IoT::Certificate::Id"},
                    "Status" : "Active"
                  }
                },
                "policy" : {
                  "Type" : "AWS::IoT::Policy",
                  "Properties" : {
                    "PolicyDocument" : {
                      "Version" : "2012-10-17",
                      "Statement" : [{
                        "Effect" : "Allow",
                        "Action" : ["iot:Publish"],
                        "Resource" : ["arn:aws:iot:us-east-1:123456789012:topic/foo/bar"]
                      }]
                    }
                  }
                }
              },
              "DeviceConfiguration" : {
                "FallbackUrl" : "https://www.example.com/test-site",
                "LocationUrl" : {"Fn::FindInMap" : ["LocationTable", {"Ref" : "DeviceLocation"}, "LocationUrl"]}
              }
            }
            """;

    static final String CERTIFICATE_ID = "a".repeat(64);

    @Test
    void registerThingExampleGivesTheThingTheCsrAndTheInlinePolicy() {
        ProvisioningPlan plan = ProvisioningTemplate.parse(REGISTER_THING, TemplateUse.REGISTER_THING)
                .evaluate(Map.of("ThingName", "lamp-1", "SerialNumber", "123", "CSR", "-----BEGIN CSR-----"), Map.of());

        assertThat(plan.thing())
                .contains(new ThingPlan(
                        "thing",
                        "lamp-1",
                        Optional.of("lightBulb-versionA"),
                        Optional.of(Map.of("version", "v1", "serialNumber", "123")),
                        Optional.of(List.of("v1-lightbulbs", "WA")),
                        Optional.empty(),
                        OverrideSetting.MERGE,
                        OverrideSetting.REPLACE,
                        OverrideSetting.DO_NOTHING));
        assertThat(plan.certificate())
                .contains(new CertificatePlan(
                        "certificate",
                        new CertificateSource.FromCsr("-----BEGIN CSR-----"),
                        CertificateStatus.ACTIVE,
                        OverrideSetting.DO_NOTHING));
        PolicyPlan policy = plan.policies().getFirst();
        assertThat(policy.document()).contains(POLICY_STRING.replace("\\\"", "\""));
        assertThat(policy.policyName()).matches("[0-9a-f]{64}");
        assertThat(plan.parameters())
                .isEqualTo(Map.of(
                        "ThingName", "lamp-1", "SerialNumber", "123", "CSR", "-----BEGIN CSR-----", "Location", "WA"));
        assertThat(plan.deviceConfiguration()).isEmpty();
    }

    @Test
    void theSameDocumentNamesTheSamePolicyEveryTime() {
        ProvisioningTemplate template = ProvisioningTemplate.parse(REGISTER_THING, TemplateUse.REGISTER_THING);
        Map<String, String> first = Map.of("ThingName", "a", "SerialNumber", "1", "CSR", "x");
        Map<String, String> second = Map.of("ThingName", "b", "SerialNumber", "2", "CSR", "y");

        assertThat(template.evaluate(first, Map.of()).policies())
                .isEqualTo(template.evaluate(second, Map.of()).policies());
    }

    @Test
    void aGivenValueWinsOverTheDefault() {
        ProvisioningPlan plan = ProvisioningTemplate.parse(REGISTER_THING, TemplateUse.REGISTER_THING)
                .evaluate(Map.of("ThingName", "a", "SerialNumber", "1", "CSR", "x", "Location", "OR"), Map.of());

        assertThat(plan.thing().orElseThrow().thingGroups()).contains(List.of("v1-lightbulbs", "OR"));
    }

    @Test
    void jitpTakesItsParametersFromTheCertificate() {
        ProvisioningPlan plan = ProvisioningTemplate.parse(JITP, TemplateUse.JITP)
                .evaluate(
                        Map.of(),
                        Map.of(
                                "AWS::IoT::Certificate::CommonName",
                                "sensor-7",
                                "AWS::IoT::Certificate::SerialNumber",
                                "0042",
                                "AWS::IoT::Certificate::Country",
                                "DE",
                                InjectedParameters.CERTIFICATE_ID,
                                CERTIFICATE_ID));

        ThingPlan thing = plan.thing().orElseThrow();
        assertThat(thing.thingName()).isEqualTo("sensor-7");
        assertThat(thing.attributes()).contains(Map.of("version", "v1", "serialNumber", "0042"));
        assertThat(thing.thingGroups()).contains(List.of("v1-lightbulbs", "DE"));
        assertThat(plan.certificate())
                .contains(new CertificatePlan(
                        "certificate",
                        new CertificateSource.ById(CERTIFICATE_ID),
                        CertificateStatus.ACTIVE,
                        OverrideSetting.DO_NOTHING));
    }

    @Test
    void jitpFailsNamingTheSubjectFieldTheCertificateLacks() {
        ProvisioningTemplate template = ProvisioningTemplate.parse(JITP, TemplateUse.JITP);
        Map<String, String> withoutCountry = Map.of(
                "AWS::IoT::Certificate::CommonName",
                "sensor-7",
                "AWS::IoT::Certificate::SerialNumber",
                "0042",
                InjectedParameters.CERTIFICATE_ID,
                CERTIFICATE_ID);

        assertThatThrownBy(() -> template.evaluate(Map.of(), withoutCountry))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.errorShape())
                        .isEqualTo(TemplateException.ErrorShape.RESOURCE_REGISTRATION_FAILURE))
                .hasMessage("Resource thing: ThingGroups: Ref to parameter AWS::IoT::Certificate::Country, which has no"
                        + " value and no default");
    }

    @Test
    void fleetProvisioningAnswersTheThingNameAndTheDeviceConfiguration() {
        ProvisioningPlan plan = ProvisioningTemplate.parse(FLEET, TemplateUse.FLEET_PROVISIONING)
                .evaluate(
                        Map.of("ThingName", "widget-9", "SerialNumber", "S9", "DeviceLocation", "Seattle"),
                        Map.of(InjectedParameters.CERTIFICATE_ID, CERTIFICATE_ID));

        assertThat(plan.thingName()).contains("widget-9");
        assertThat(plan.deviceConfiguration())
                .containsExactly(
                        Map.entry("FallbackUrl", "https://www.example.com/test-site"),
                        Map.entry("LocationUrl", "https://example.aws"));
        ThingPlan thing = plan.thing().orElseThrow();
        assertThat(thing.thingTypeName()).contains("ThingPrefix_S9");
        assertThat(thing.billingGroup()).contains("BillingGroup");
        assertThat(plan.certificate().orElseThrow().status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(plan.certificate().orElseThrow().source()).isEqualTo(new CertificateSource.ById(CERTIFICATE_ID));
        assertThat(plan.policies().getFirst().document())
                .contains(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\"],"
                                + "\"Resource\":[\"arn:aws:iot:us-east-1:123456789012:topic/foo/bar\"]}]}");
    }

    /**
     * The pre-provisioning hook's {@code parameterOverrides} are merged into the device's parameters before the
     * template runs; a device cannot name another certificate by sending the injected parameter itself.
     */
    @Test
    void fleetProvisioningWithAHooksOverridesKeepsTheTokensCertificate() {
        Map<String, String> fromDevice = Map.of(
                "ThingName",
                "widget-9",
                "SerialNumber",
                "S9",
                "DeviceLocation",
                "Portland",
                InjectedParameters.CERTIFICATE_ID,
                "b".repeat(64));
        Map<String, String> hookOverrides = Map.of("DeviceLocation", "Seattle");
        Map<String, String> merged = new java.util.HashMap<>(fromDevice);
        merged.putAll(hookOverrides);

        ProvisioningPlan plan = ProvisioningTemplate.parse(FLEET, TemplateUse.FLEET_PROVISIONING)
                .evaluate(merged, Map.of(InjectedParameters.CERTIFICATE_ID, CERTIFICATE_ID));

        assertThat(plan.deviceConfiguration()).containsEntry("LocationUrl", "https://example.aws");
        assertThat(plan.certificate().orElseThrow().source()).isEqualTo(new CertificateSource.ById(CERTIFICATE_ID));
        assertThat(plan.parameters()).containsEntry(InjectedParameters.CERTIFICATE_ID, CERTIFICATE_ID);
    }

    @Test
    void fleetProvisioningFailsNamingTheMissingMappingKey() {
        ProvisioningTemplate template = ProvisioningTemplate.parse(FLEET, TemplateUse.FLEET_PROVISIONING);

        assertThatThrownBy(() -> template.evaluate(
                        Map.of("ThingName", "w", "SerialNumber", "S", "DeviceLocation", "Tokyo"),
                        Map.of(InjectedParameters.CERTIFICATE_ID, CERTIFICATE_ID)))
                .hasMessage("DeviceConfiguration: LocationUrl: Fn::FindInMap: map LocationTable has no key Tokyo");
    }

    @Test
    void theFleetExampleIsNotARegisterThingTemplate() {
        assertThatThrownBy(() -> ProvisioningTemplate.parse(FLEET, TemplateUse.REGISTER_THING))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.errorShape())
                        .isEqualTo(TemplateException.ErrorShape.INVALID_REQUEST))
                .hasMessage("Mappings is allowed only in FLEET_PROVISIONING templates");
    }

    @Test
    void theRegisterThingExampleIsNotAJitpTemplate() {
        assertThatThrownBy(() -> ProvisioningTemplate.parse(REGISTER_THING, TemplateUse.JITP))
                .hasMessage("Resource certificate: JITP templates take the certificate by CertificateId only");
    }
}
