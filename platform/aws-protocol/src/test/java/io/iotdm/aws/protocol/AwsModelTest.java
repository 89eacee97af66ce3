package io.iotdm.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AwsModelTest {

    private static final AwsModel MODEL = AwsModel.load();

    @Test
    void loadsTheFourVendoredModelsWithTheirSigningNames() {
        assertThat(MODEL.services())
                .extracting(ServiceModel::name, ServiceModel::signingName, service -> service.operations()
                        .size())
                .containsExactly(
                        tuple("iot", "iot", 272),
                        tuple("iot-data", "iotdata", 11),
                        tuple("iot-jobs-data", "iot-jobs-data", 5),
                        tuple("signer", "signer", 19));
    }

    @Test
    void readsConstraintsOfStringAndNumberShapes() {
        Shape thingName = MODEL.service("iot").shape("ThingName");
        assertThat(thingName.type()).isEqualTo(Shape.Type.STRING);
        assertThat(thingName.min()).isEqualByComparingTo("1");
        assertThat(thingName.max()).isEqualByComparingTo("128");
        assertThat(thingName.pattern().pattern()).isEqualTo("[a-zA-Z0-9:_-]+");

        Shape maxResults = MODEL.service("iot").shape("RegistryMaxResults");
        assertThat(maxResults.type()).isEqualTo(Shape.Type.INTEGER);
        assertThat(maxResults.min()).isEqualTo(new BigDecimal("1"));
        assertThat(maxResults.max()).isEqualTo(new BigDecimal("250"));

        assertThat(MODEL.service("iot").shape("CertificateStatus").enumValues())
                .containsExactly(
                        "ACTIVE", "INACTIVE", "REVOKED", "PENDING_TRANSFER", "REGISTER_INACTIVE", "PENDING_ACTIVATION");
    }

    @Test
    void readsMembersWithTheirLocationsInModelOrder() {
        Shape describeCa = MODEL.service("iot").shape("DescribeCACertificateRequest");
        assertThat(describeCa.members().get("certificateId"))
                .isEqualTo(new Member("certificateId", "CertificateId", Member.Location.URI, "caCertificateId"));

        Shape listThings = MODEL.service("iot").shape("ListThingsRequest");
        assertThat(listThings.members().keySet())
                .containsExactly(
                        "nextToken",
                        "maxResults",
                        "attributeName",
                        "attributeValue",
                        "thingTypeName",
                        "usePrefixAttributeValue");
        assertThat(listThings.members().get("maxResults").location()).isEqualTo(Member.Location.QUERYSTRING);

        Shape createThing = MODEL.service("iot").shape("CreateThingRequest");
        assertThat(createThing.required()).containsExactly("thingName");
        assertThat(createThing.members().get("attributePayload").location()).isEqualTo(Member.Location.BODY);
        assertThat(createThing.members().get("attributePayload").jsonName()).isEqualTo("attributePayload");

        Shape publish = MODEL.service("iot-data").shape("PublishRequest");
        assertThat(publish.payload()).isEqualTo("payload");
        assertThat(publish.members().get("userProperties").locationName()).isEqualTo("x-amz-mqtt5-user-properties");
    }

    @Test
    void errorCodesCarryTheStatusAndMembersOfTheirModel() {
        assertThat(MODEL.service("iot").errorCode("ResourceAlreadyExistsException"))
                .isEqualTo(
                        new AwsErrorCode("ResourceAlreadyExistsException", 409, Set.of("resourceId", "resourceArn")));
        assertThat(MODEL.service("iot").errorCode("ThrottlingException").httpStatus())
                .isEqualTo(400);
        assertThat(MODEL.service("iot-data").errorCode("ThrottlingException").httpStatus())
                .isEqualTo(429);
        assertThat(MODEL.service("iot").errorCode("LimitExceededException").httpStatus())
                .isEqualTo(410);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MODEL.service("iot").errorCode("ThingName"))
                .withMessage("ThingName is not an error shape");
    }

    @Test
    void everyOperationKnowsItsOwnerFromTheApiScope() {
        assertThat(MODEL.service("iot").operation("CreateThing").owner()).isEqualTo("registry-service");
        assertThat(MODEL.service("iot").operation("AddThingToThingGroup").owner())
                .isEqualTo("group-service");
        assertThat(MODEL.service("iot").operation("SearchIndex").owner()).isEqualTo("indexing-service");
        assertThat(MODEL.service("iot").operation("RegisterThing").owner()).isEqualTo("provisioning-service");
        assertThat(MODEL.service("iot").operation("DescribeJobExecution").owner())
                .isEqualTo("jobs-service");
        assertThat(MODEL.service("iot-jobs-data")
                        .operation("DescribeJobExecution")
                        .owner())
                .isEqualTo("jobs-service");
        assertThat(MODEL.service("iot-data").operation("GetThingShadow").owner())
                .isEqualTo("registry-service");
        assertThat(MODEL.service("signer").operation("StartSigningJob").owner()).isEqualTo("jobs-service");
        assertThat(MODEL.service("iot").operation("ListIndices").owner()).isEqualTo("indexing-service");
        assertThat(MODEL.service("iot").operation("DescribeEndpoint").owner()).isEqualTo("provisioning-service");
        assertThat(MODEL.service("iot").operation("ListThingPrincipalsV2").owner())
                .isEqualTo("provisioning-service");
        assertThat(MODEL.service("iot").operation("ListPrincipalThingsV2").owner())
                .isEqualTo("provisioning-service");

        Operation topicRule = MODEL.service("iot").operation("CreateTopicRule");
        assertThat(topicRule.owner()).isEmpty();
        assertThat(topicRule.inScope()).isFalse();
        assertThat(MODEL.services().stream()
                        .flatMap(service -> service.operations().stream())
                        .filter(Operation::inScope)
                        .count())
                .isEqualTo(138);
    }

    @Test
    void anOperationAnswersBrokenConstraintsWithTheValidationErrorItDeclares() {
        assertThat(MODEL.service("iot")
                        .operation("CreateThing")
                        .validationError()
                        .name())
                .isEqualTo("InvalidRequestException");
        assertThat(MODEL.service("signer")
                        .operation("StartSigningJob")
                        .validationError()
                        .name())
                .isEqualTo("ValidationException");
        assertThat(MODEL.service("signer")
                        .operation("TagResource")
                        .validationError()
                        .name())
                .isEqualTo("BadRequestException");
        // GetSigningProfile declares none: the service's own validation error applies
        assertThat(MODEL.service("signer").operation("GetSigningProfile").validationError())
                .isEqualTo(new AwsErrorCode("ValidationException", 400, Set.of("code")));
    }

    @Test
    void namesWhatIsMissing() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MODEL.service("s3"))
                .withMessage("No service model s3; there are [iot, iot-data, iot-jobs-data, signer]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MODEL.service("iot").operation("CreateBucket"))
                .withMessage("No operation CreateBucket in iot");
    }
}
