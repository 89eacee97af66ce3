package io.iotdm.provisioning.template;

import static io.iotdm.provisioning.template.Templates.assertInvalid;
import static io.iotdm.provisioning.template.Templates.thing;

import org.junit.jupiter.api.Test;

/** Bodies that cannot work whatever the parameters: InvalidRequestException, naming the part and the cause. */
class TemplateStructureTest {

    private static final String THING = "{\"Type\": \"AWS::IoT::Thing\", \"Properties\": {\"ThingName\": \"t\"}}";

    private static String resources(String members) {
        return "{\"Resources\": {" + members + "}}";
    }

    private static String certificate(String properties) {
        return resources("\"cert\": {\"Type\": \"AWS::IoT::Certificate\", \"Properties\": {" + properties + "}}");
    }

    private static String policy(String properties) {
        return resources("\"p\": {\"Type\": \"AWS::IoT::Policy\", \"Properties\": {" + properties + "}}");
    }

    @Test
    void aBodyLongerThanTheModelAllowsIsRefused() {
        String body = resources("\"a\": " + THING) + " ".repeat(10240);

        assertInvalid(body)
                .hasMessage("The template body has " + body.length() + " characters; at most 10240 are allowed");
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsRefusedWithTheLine() {
        assertInvalid("{\"Resources\": {\n  \"a\": }")
                .hasMessageStartingWith("The template body is not valid JSON: ")
                .hasMessageContaining("(line 2, column ");
        assertInvalid("[]").hasMessage("The template body must be a JSON object");
        assertInvalid("").hasMessage("The template body must be a JSON object");
        assertInvalid("{\"Resources\": {}} {}").hasMessageStartingWith("The template body is not valid JSON: ");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertInvalid("{\"Resources\": {}, \"Resources\": {}}")
                .hasMessageStartingWith("The template body is not valid JSON: Duplicate field 'Resources'");
    }

    @Test
    void sectionsAreChecked() {
        assertInvalid("{\"Parameters\": {}}").hasMessage("The template must have a Resources object");
        assertInvalid("{\"Resources\": []}").hasMessage("The template must have a Resources object");
        assertInvalid("{\"Resources\": {}, \"Outputs\": {}}")
                .hasMessage(
                        "Unknown section Outputs (a template has Parameters, Resources, Mappings, DeviceConfiguration)");
        assertInvalid("{\"Resources\": {}, \"Conditions\": {}}")
                .hasMessage("Conditions are not supported in provisioning templates (AWS IoT documents none)");
        assertInvalid("{\"Resources\": {}, \"DeviceConfiguration\": {}}", TemplateUse.JITP)
                .hasMessage("DeviceConfiguration is allowed only in FLEET_PROVISIONING templates");
    }

    @Test
    void parametersAreChecked() {
        assertInvalid("{\"Parameters\": [], \"Resources\": {}}").hasMessage("Parameters must be an object, not a list");
        assertInvalid("{\"Parameters\": {\"P\": \"String\"}, \"Resources\": {}}")
                .hasMessage("Parameter P: must be an object with Type and an optional Default");
        assertInvalid("{\"Parameters\": {\"P\": {\"Type\": \"Number\"}}, \"Resources\": {}}")
                .hasMessage("Parameter P: Type must be String, not \"Number\"");
        assertInvalid("{\"Parameters\": {\"P\": {}}, \"Resources\": {}}")
                .hasMessage("Parameter P: Type is required (String)");
        assertInvalid(
                        "{\"Parameters\": {\"P\": {\"Type\": \"String\", \"AllowedValues\": [\"a\"]}}, \"Resources\": {}}")
                .hasMessage("Parameter P: unknown key AllowedValues (a parameter has Type and Default)");
        assertInvalid("{\"Parameters\": {\"P\": {\"Type\": \"String\", \"Default\": 3}}, \"Resources\": {}}")
                .hasMessage("Parameter P: Default must be a string, not the value 3");
    }

    @Test
    void mappingsHoldStringsOrListsOfStringsTwoLevelsDeep() {
        assertInvalid("{\"Mappings\": [], \"Resources\": {}}", TemplateUse.FLEET_PROVISIONING)
                .hasMessage("Mappings must be an object of maps, not a list");
        assertInvalid("{\"Mappings\": {\"M\": \"x\"}, \"Resources\": {}}", TemplateUse.FLEET_PROVISIONING)
                .hasMessage("Mappings: M must be an object, not the value \"x\"");
        assertInvalid("{\"Mappings\": {\"M\": {\"a\": [\"x\"]}}, \"Resources\": {}}", TemplateUse.FLEET_PROVISIONING)
                .hasMessage("Mappings: M.a must be an object, not a list");
        assertInvalid(
                        "{\"Mappings\": {\"M\": {\"a\": {\"b\": {\"Ref\": \"P\"}}}}, \"Resources\": {}}",
                        TemplateUse.FLEET_PROVISIONING)
                .hasMessage("Mappings: M.a.b must be a string or a list of strings (no functions in Mappings), not an"
                        + " object");
    }

    @Test
    void deviceConfigurationIsFlat() {
        assertInvalid("{\"Resources\": {}, \"DeviceConfiguration\": []}", TemplateUse.FLEET_PROVISIONING)
                .hasMessage("DeviceConfiguration must be an object of keys and values, not a list");
        assertInvalid(
                        "{\"Resources\": {}, \"DeviceConfiguration\": {\"k\": {\"a\": \"b\"}}}",
                        TemplateUse.FLEET_PROVISIONING)
                .hasMessage(
                        "DeviceConfiguration: k: must be a string or a function giving one (the configuration is flat)");
    }

    @Test
    void resourcesAreChecked() {
        assertInvalid(resources("\"x\": 1")).hasMessage("Resource x: must be an object, not the value 1");
        assertInvalid(resources("\"x\": {\"Properties\": {}}"))
                .hasMessage("Resource x: Type must be AWS::IoT::Thing, AWS::IoT::Certificate or AWS::IoT::Policy");
        assertInvalid(resources("\"x\": {\"Type\": \"AWS::IoT::Job\", \"Properties\": {}}"))
                .hasMessage("Resource x: Type AWS::IoT::Job is not one of AWS::IoT::Thing, AWS::IoT::Certificate,"
                        + " AWS::IoT::Policy");
        assertInvalid(resources("\"x\": {\"Type\": \"AWS::IoT::Thing\", \"Properties\": {}, \"DependsOn\": \"y\"}"))
                .hasMessage("Resource x: unknown key DependsOn (a resource has [Type, Properties, OverrideSettings])");
        assertInvalid(resources("\"x\": {\"Type\": \"AWS::IoT::Thing\"}"))
                .hasMessage("Resource x: Properties must be an object");
        assertInvalid(resources("\"a\": " + THING + ", \"b\": " + THING))
                .hasMessage("Resource b: a template provisions one AWS::IoT::Thing, and a is one already");
    }

    @Test
    void thingPropertiesAreChecked() {
        assertInvalid(thing("\"ThingNmae\": \"t\""))
                .hasMessage("Resource thing: unknown property ThingNmae (AWS::IoT::Thing takes ThingName,"
                        + " AttributePayload, ThingTypeName, ThingGroups, BillingGroup, PackageVersions)");
        assertInvalid(thing("\"ThingTypeName\": \"t\""))
                .hasMessage("Resource thing: the property ThingName is required");
        assertInvalid(thing("\"ThingName\": \"t\", \"PackageVersions\": []"))
                .hasMessage("Resource thing: PackageVersions is not supported by iotdm");
        assertInvalid(thing("\"ThingName\": \"t\", \"AttributePayload\": [\"a\"]"))
                .hasMessage("Resource thing: AttributePayload must be an object of names and values");
        assertInvalid(thing("\"ThingName\": \"t\", \"AttributePayload\": {\"Ref\": \"Name\"}"))
                .hasMessage("Resource thing: AttributePayload must be an object of names and values");
    }

    @Test
    void overrideSettingsAreChecked() {
        String thingWith = "{\"Resources\": {\"thing\": {\"Type\": \"AWS::IoT::Thing\", \"Properties\": {\"ThingName\":"
                + " \"t\"}, \"OverrideSettings\": %s}}}";
        assertInvalid(thingWith.formatted("\"MERGE\""))
                .hasMessage("Resource thing: OverrideSettings: must be an object," + " not the value \"MERGE\"");
        assertInvalid(thingWith.formatted("{\"ThingName\": \"REPLACE\"}"))
                .hasMessage("Resource thing: OverrideSettings: no override setting for ThingName (it may be set for"
                        + " [AttributePayload, ThingTypeName, ThingGroups])");
        assertInvalid(thingWith.formatted("{\"ThingGroups\": \"OVERWRITE\"}"))
                .hasMessage("Resource thing: OverrideSettings.ThingGroups: \"OVERWRITE\" is not one of DO_NOTHING,"
                        + " REPLACE, FAIL, MERGE");
        assertInvalid(thingWith.formatted("{\"ThingTypeName\": \"MERGE\"}"))
                .hasMessage("Resource thing: OverrideSettings.ThingTypeName: MERGE applies only to a thing's"
                        + " AttributePayload and ThingGroups");
        assertInvalid(
                        "{\"Resources\": {\"c\": {\"Type\": \"AWS::IoT::Certificate\", \"Properties\": {\"CertificateId\":"
                                + " \"x\"}, \"OverrideSettings\": {\"Status\": \"MERGE\"}}}}")
                .hasMessage("Resource c: OverrideSettings.Status: MERGE applies only to a thing's AttributePayload and"
                        + " ThingGroups");
        assertInvalid("{\"Resources\": {\"p\": {\"Type\": \"AWS::IoT::Policy\", \"Properties\": {\"PolicyName\":"
                        + " \"x\"}, \"OverrideSettings\": {}}}}")
                .hasMessage("Resource p: OverrideSettings cannot be set on a policy");
    }

    @Test
    void aCertificateTakesExactlyOneForm() {
        assertInvalid(certificate("\"Status\": \"ACTIVE\""))
                .hasMessage("Resource cert: exactly one of CertificateId, CertificateSigningRequest, CertificatePem is"
                        + " required, not none");
        assertInvalid(certificate("\"CertificateId\": \"a\", \"CertificatePem\": \"b\""))
                .hasMessage("Resource cert: exactly one of CertificateId, CertificateSigningRequest, CertificatePem is"
                        + " required, not CertificateId and CertificatePem");
        assertInvalid(certificate("\"CertificateSigningRequest\": \"a\", \"CACertificatePem\": \"b\""))
                .hasMessage("Resource cert: CACertificatePem goes only with CertificatePem");
        assertInvalid(certificate("\"CertificateSigningRequest\": \"a\""), TemplateUse.FLEET_PROVISIONING)
                .hasMessage("Resource cert: FLEET_PROVISIONING templates take the certificate by CertificateId only");
        assertInvalid(certificate("\"CertificateId\": \"a\", \"Status\": \"REVOKED\""))
                .hasMessage("Resource cert: Status 'REVOKED' is not ACTIVE or INACTIVE");
        assertInvalid(resources("\"a\": {\"Type\": \"AWS::IoT::Certificate\", \"Properties\": {\"CertificateId\":"
                        + " \"x\"}}, \"b\": {\"Type\": \"AWS::IoT::Certificate\", \"Properties\": {\"CertificateId\":"
                        + " \"y\"}}"))
                .hasMessage("Resource b: a template provisions one AWS::IoT::Certificate, and a is one already");
    }

    @Test
    void aPolicyTakesANameOrADocument() {
        assertInvalid(policy("")).hasMessage("Resource p: exactly one of PolicyName, PolicyDocument is required");
        assertInvalid(policy("\"PolicyName\": \"a\", \"PolicyDocument\": \"{}\""))
                .hasMessage("Resource p: exactly one of PolicyName, PolicyDocument is required");
        assertInvalid(policy("\"PolicyDocument\": {\"Version\": \"2012-10-17\"}"))
                .hasMessage("Resource p: PolicyDocument must be a string of JSON (only fleet provisioning templates"
                        + " take an object)");
    }
}
