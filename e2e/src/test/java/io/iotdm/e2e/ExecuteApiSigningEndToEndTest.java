package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotdm.devstack.StackAddresses;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.ThingAttribute;

/**
 * The suite driven by a client that signs the iot control plane with the credential-scope service {@code execute-api}
 * instead of {@code iot}: what the AWS CLI v2 of Debian 12 (2.9.19), boto3 1.26 and the AWS SDK for Java v1 send,
 * and what AWS IoT accepts. Registry, group-service and the fleet index all answer it.
 */
class ExecuteApiSigningEndToEndTest {

    private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    private static final IotClient IOT = executeApiClient(Suite.addresses());

    @AfterAll
    static void close() {
        IOT.close();
    }

    @Test
    void everyServiceAnswersACallSignedForExecuteApi() {
        String type = unique("Legacy");
        String name = unique("legacy");
        String group = unique("legacy-group");

        IOT.createThingType(request -> request.thingTypeName(type));
        IOT.createThing(request -> request.thingName(name)
                .thingTypeName(type)
                .attributePayload(AttributePayload.builder()
                        .attributes(Map.of("fw", "1.0"))
                        .build()));
        IOT.updateThing(request -> request.thingName(name)
                .expectedVersion(1L)
                .attributePayload(AttributePayload.builder()
                        .attributes(Map.of("fw", "1.1"))
                        .merge(true)
                        .build()));
        assertThat(IOT.describeThing(request -> request.thingName(name)).attributes())
                .containsEntry("fw", "1.1");
        assertThat(IOT
                        .listThingsPaginator(
                                request -> request.thingTypeName(type).maxResults(1))
                        .things()
                        .stream()
                        .map(ThingAttribute::thingName))
                .containsExactly(name);

        IOT.createThingGroup(request -> request.thingGroupName(group));
        IOT.addThingToThingGroup(request -> request.thingGroupName(group).thingName(name));
        assertThat(IOT.listThingsInThingGroup(request -> request.thingGroupName(group))
                        .things())
                .containsExactly(name);

        assertThat(IOT.describeIndex(request -> request.indexName("AWS_Things")).indexName())
                .isEqualTo("AWS_Things");
        // ListIndices joined the api-scope with this release: routed to the indexing-service, no longer a 501
        assertThat(IOT.listIndices(request -> {}).indexNames()).contains("AWS_Things");
        assertThat(Eventually.await(
                        () -> IOT.searchIndex(request -> request.queryString("thingName:" + name))
                                .things(),
                        things -> !things.isEmpty()))
                .singleElement()
                .satisfies(found -> assertThat(found.attributes()).containsEntry("fw", "1.1"));

        IOT.deleteThingGroup(request -> request.thingGroupName(group));
        IOT.deleteThing(request -> request.thingName(name));
        assertThatThrownBy(() -> IOT.describeThing(request -> request.thingName(name)))
                .isInstanceOf(ResourceNotFoundException.class);

        // every call above was signed with the legacy name, none fell back to iot
        assertThat(AUTHORIZATIONS).isNotEmpty().allSatisfy(authorization -> assertThat(authorization)
                .contains("/execute-api/aws4_request"));
    }

    private static IotClient executeApiClient(StackAddresses stack) {
        String region = stack.get(StackAddresses.API_REGION);
        return IotClient.builder()
                .endpointOverride(URI.create(stack.get(StackAddresses.API_ENDPOINT)))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        stack.get(StackAddresses.API_ACCESS_KEY), stack.get(StackAddresses.API_SECRET_KEY))))
                .authSchemeProvider(params -> List.of(AuthSchemeOption.builder()
                        .schemeId(AwsV4AuthScheme.SCHEME_ID)
                        .putSignerProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                        .putSignerProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .build()))
                .overrideConfiguration(
                        configuration -> configuration.addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public void beforeTransmission(
                                    Context.BeforeTransmission context, ExecutionAttributes attributes) {
                                AUTHORIZATIONS.add(context.httpRequest()
                                        .firstMatchingHeader("Authorization")
                                        .orElse(""));
                            }
                        }))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
