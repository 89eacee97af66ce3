package io.iotdm.provisioning.template;

import static io.iotdm.provisioning.template.Templates.assertInvalid;
import static io.iotdm.provisioning.template.Templates.assertRegistrationFailure;
import static io.iotdm.provisioning.template.Templates.evaluate;
import static io.iotdm.provisioning.template.Templates.thing;
import static io.iotdm.provisioning.template.Templates.thingName;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ref, Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Sub: what they give and how they fail. */
class IntrinsicFunctionsTest {

    @Test
    void refGivesTheValueOrTheDefault() {
        assertThat(thingName("{\"Ref\": \"Name\"}", Map.of("Name", "lamp"))).isEqualTo("lamp");
        assertThat(thingName("{\"Ref\": \"Serial\"}", Map.of())).isEqualTo("S-1");
    }

    @Test
    void refToAParameterWithoutValueOrDefaultFailsNamingIt() {
        assertRegistrationFailure(thing("\"ThingName\": {\"Ref\": \"Name\"}"), Map.of())
                .hasMessage("Resource thing: ThingName: Ref to parameter Name, which has no value and no default");
    }

    @Test
    void parametersTheTemplateDoesNotDeclareAreIgnored() {
        ProvisioningPlan plan = evaluate(thing("\"ThingName\": \"fixed\""), Map.of("Other", "x"));

        assertThat(plan.parameters()).isEqualTo(Map.of("Serial", "S-1"));
    }

    @Test
    void joinJoinsFunctionsAndLiterals() {
        assertThat(thingName("{\"Fn::Join\": [\"-\", [\"lamp\", {\"Ref\": \"Serial\"}, 7]]}", Map.of()))
                .isEqualTo("lamp-S-1-7");
    }

    @Test
    void joinTakesAListAFunctionGives() {
        assertThat(thingName(
                        "{\"Fn::Join\": [\"_\", {\"Fn::Split\": [\",\", {\"Ref\": \"Csv\"}]}]}", Map.of("Csv", "a,b")))
                .isEqualTo("a_b");
    }

    @Test
    void selectPicksFromAListOrASplit() {
        assertThat(thingName("{\"Fn::Select\": [1, [\"a\", \"b\", \"c\"]]}", Map.of()))
                .isEqualTo("b");
        assertThat(thingName(
                        "{\"Fn::Select\": [{\"Ref\": \"Index\"}, {\"Fn::Split\": [\":\", {\"Ref\": \"Csv\"}]}]}",
                        Map.of("Index", "2", "Csv", "x:y:z")))
                .isEqualTo("z");
    }

    @Test
    void selectOutsideTheListIsAProvisioningFailure() {
        assertRegistrationFailure(thing("\"ThingName\": {\"Fn::Select\": [3, [\"a\", \"b\"]]}"), Map.of())
                .hasMessage("Resource thing: ThingName: Fn::Select's index 3 is outside the list of 2 items");
        assertRegistrationFailure(
                        thing("\"ThingName\": {\"Fn::Select\": [{\"Ref\": \"Index\"}, [\"a\"]]}"),
                        Map.of("Index", "-1"))
                .hasMessage("Resource thing: ThingName: Fn::Select's index -1 is outside the list of 1 items");
    }

    @Test
    void selectWithAnIndexThatIsNoNumberFails() {
        assertRegistrationFailure(
                        thing("\"ThingName\": {\"Fn::Select\": [{\"Ref\": \"Index\"}, [\"a\"]]}"),
                        Map.of("Index", "first"))
                .hasMessage("Resource thing: ThingName: Fn::Select's index first is not a whole number");
    }

    @Test
    void selectOfSomethingThatIsNoListFails() {
        assertRegistrationFailure(thing("\"ThingName\": {\"Fn::Select\": [0, {\"Ref\": \"Csv\"}]}"), Map.of("Csv", "a"))
                .hasMessage("Resource thing: ThingName: Fn::Select's list must be a list, not the value \"a\"");
    }

    @Test
    void splitKeepsEmptyPieces() {
        assertThat(thingName(
                        "{\"Fn::Join\": [\"_\", {\"Fn::Split\": [\",\", {\"Ref\": \"Csv\"}]}]}",
                        Map.of("Csv", "a,,b,")))
                .isEqualTo("a__b_");
    }

    @Test
    void anEmptyGroupNameFromASplitIsRefusedNamingTheProperty() {
        assertRegistrationFailure(
                        thing("\"ThingName\": \"t\", \"ThingGroups\": {\"Fn::Split\": [\",\", {\"Ref\": \"Csv\"}]}"),
                        Map.of("Csv", "g1,,g2"))
                .hasMessage("Resource thing: ThingGroups: the group name must be 1 to 128 characters long, not 0");
    }

    @Test
    void subReplacesParametersVariablesAndKeepsEscapes() {
        assertThat(thingName("{\"Fn::Sub\": \"lamp-${Serial}\"}", Map.of())).isEqualTo("lamp-S-1");
        assertThat(thingName(
                        "{\"Fn::Sub\": [\"${Prefix}-${Name}\", {\"Prefix\": {\"Fn::Select\": [0, [\"p\"]]}}]}",
                        Map.of("Name", "n")))
                .isEqualTo("p-n");
    }

    @Test
    void subWithAnEscapeGivesTheLiteralText() {
        String body =
                """
                {"Resources": {}, "DeviceConfiguration": {"x": {"Fn::Sub": "a${!Serial}b"}}}
                """;

        assertThat(ProvisioningTemplate.parse(body, TemplateUse.FLEET_PROVISIONING)
                        .evaluate(Map.of(), Map.of())
                        .deviceConfiguration())
                .isEqualTo(Map.of("x", "a${Serial}b"));
    }

    @Test
    void findInMapLooksUpTwoLevels() {
        String body =
                """
                {"Parameters": {"Region": {"Type": "String"}},
                 "Mappings": {"Endpoints": {"eu": {"Url": "https://eu.example", "Groups": ["a", "b"]}}},
                 "Resources": {"thing": {"Type": "AWS::IoT::Thing", "Properties": {
                   "ThingName": "t",
                   "ThingGroups": {"Fn::FindInMap": ["Endpoints", {"Ref": "Region"}, "Groups"]}}}},
                 "DeviceConfiguration": {"Url": {"Fn::FindInMap": ["Endpoints", {"Ref": "Region"}, "Url"]}}}
                """;

        ProvisioningPlan plan = ProvisioningTemplate.parse(body, TemplateUse.FLEET_PROVISIONING)
                .evaluate(Map.of("Region", "eu"), Map.of());

        assertThat(plan.deviceConfiguration()).isEqualTo(Map.of("Url", "https://eu.example"));
        assertThat(plan.thing().orElseThrow().thingGroups()).contains(List.of("a", "b"));
    }

    @Test
    void findInMapFailsNamingTheMissingSecondKey() {
        String body =
                """
                {"Parameters": {"Key": {"Type": "String"}},
                 "Mappings": {"M": {"top": {"k": "v"}}},
                 "Resources": {},
                 "DeviceConfiguration": {"x": {"Fn::FindInMap": ["M", "top", {"Ref": "Key"}]}}}
                """;
        ProvisioningTemplate template = ProvisioningTemplate.parse(body, TemplateUse.FLEET_PROVISIONING);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> template.evaluate(Map.of("Key", "nope"), Map.of()))
                .hasMessage("DeviceConfiguration: x: Fn::FindInMap: map M has no key top.nope");
    }

    @Test
    void findInMapOfAMapNamedByAParameterFailsWhenThereIsNone() {
        String body =
                """
                {"Parameters": {"Map": {"Type": "String"}},
                 "Mappings": {"M": {"top": {"k": "v"}}},
                 "Resources": {},
                 "DeviceConfiguration": {"x": {"Fn::FindInMap": [{"Ref": "Map"}, "top", "k"]}}}
                """;
        ProvisioningTemplate template = ProvisioningTemplate.parse(body, TemplateUse.FLEET_PROVISIONING);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> template.evaluate(Map.of("Map", "N"), Map.of()))
                .hasMessage("DeviceConfiguration: x: Fn::FindInMap: Mappings has no map N");
    }

    @Test
    void aFunctionGivingAListWhereAStringBelongsFails() {
        assertRegistrationFailure(thing("\"ThingName\": {\"Fn::Split\": [\",\", \"a,b\"]}"), Map.of())
                .hasMessage("Resource thing: ThingName: the value must be a string, not a list");
    }

    @Test
    void unsupportedFunctionsAreNamedWithTheSupportedOnes() {
        assertInvalid(thing("\"ThingName\": {\"Fn::If\": [\"c\", \"a\", \"b\"]}"))
                .hasMessage("Resource thing: ThingName: Fn::If is not supported in provisioning templates (supported:"
                        + " Ref, Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Sub)");
        assertInvalid(thing("\"ThingName\": {\"Fn::GetAtt\": [\"certificate\", \"Arn\"]}"))
                .hasMessageContaining("Fn::GetAtt is not supported");
    }

    @Test
    void refToAnUndeclaredParameterIsRefusedAtParse() {
        assertInvalid(thing("\"ThingName\": {\"Ref\": \"SerialNumber\"}"))
                .hasMessage("Resource thing: ThingName: Ref: parameter SerialNumber is not declared in Parameters");
        assertInvalid(thing("\"ThingName\": {\"Fn::Sub\": \"x-${Missing}\"}"))
                .hasMessage("Resource thing: ThingName: Fn::Sub: parameter Missing is not declared in Parameters");
    }

    @Test
    void injectedParametersNeedNoDeclarationOnlyWhereAwsInjectsThem() {
        String body = thing("\"ThingName\": {\"Ref\": \"AWS::IoT::Certificate::CommonName\"}");

        assertThat(ProvisioningTemplate.parse(body, TemplateUse.JITP)
                        .evaluate(Map.of(), Map.of("AWS::IoT::Certificate::CommonName", "cn-1"))
                        .thingName())
                .contains("cn-1");
        assertInvalid(body, TemplateUse.FLEET_PROVISIONING)
                .hasMessage("Resource thing: ThingName: Ref: parameter AWS::IoT::Certificate::CommonName is not"
                        + " declared in Parameters");
    }

    @Test
    void malformedFunctionsAreRefusedNamingTheirForm() {
        assertInvalid(thing("\"ThingName\": {\"Ref\": 5}"))
                .hasMessage("Resource thing: ThingName: Ref: the parameter name must be a string, not the value 5");
        assertInvalid(thing("\"ThingName\": {\"Fn::Join\": [\"-\"]}"))
                .hasMessage("Resource thing: ThingName: Fn::Join: takes [delimiter, list], not [\"-\"]");
        assertInvalid(thing("\"ThingName\": {\"Fn::Join\": [1, [\"a\"]]}"))
                .hasMessage("Resource thing: ThingName: Fn::Join: the delimiter must be a string, not the value 1");
        assertInvalid(thing("\"ThingName\": {\"Fn::Select\": \"0\"}"))
                .hasMessage("Resource thing: ThingName: Fn::Select: takes [index, list], not \"0\"");
        assertInvalid(thing("\"ThingName\": {\"Fn::Split\": [\"\", \"abc\"]}"))
                .hasMessage("Resource thing: ThingName: Fn::Split: the delimiter must not be empty");
        assertInvalid(thing("\"ThingName\": {\"Fn::FindInMap\": [\"M\", \"a\"]}"))
                .hasMessage(
                        "Resource thing: ThingName: Fn::FindInMap: takes [map, topKey, secondKey], not [\"M\",\"a\"]");
        assertInvalid(thing("\"ThingName\": {\"Fn::Sub\": [\"x\", \"y\"]}"))
                .hasMessage("Resource thing: ThingName: Fn::Sub: the variables must be an object, not the value \"y\"");
        assertInvalid(thing("\"ThingName\": {\"Fn::Sub\": \"x-${Name\"}"))
                .hasMessage("Resource thing: ThingName: Fn::Sub: ${ at character 2 has no closing }");
        assertInvalid(thing("\"ThingName\": {\"Fn::Sub\": \"x-${}\"}"))
                .hasMessage("Resource thing: ThingName: Fn::Sub: ${} at character 2 names nothing");
        assertInvalid(thing("\"ThingName\": {\"Ref\": \"Name\", \"Extra\": 1}"))
                .hasMessage("Resource thing: ThingName: Ref must be the only key of its object");
        assertInvalid(thing("\"ThingName\": null")).hasMessage("Resource thing: ThingName: null is not a value");
    }

    @Test
    void findInMapOfAMapThatIsNotDeclaredIsRefusedAtParse() {
        assertInvalid(thing("\"ThingName\": {\"Fn::FindInMap\": [\"Nowhere\", \"a\", \"b\"]}"))
                .hasMessage("Resource thing: ThingName: Fn::FindInMap: Mappings has no map Nowhere");
    }
}
