package io.iotdm.provisioning.endpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.provisioning.ProvisioningConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The account's endpoint of one type, as configured; {@code iot:Data} when the request names none
 * (docs/aws-behaviour.md §6.7).
 */
@Singleton
class DescribeEndpointHandler extends AwsOperationHandler {

    static final String DEFAULT_TYPE = "iot:Data";

    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final AwsErrors errors;

    DescribeEndpointHandler(ProvisioningConfig config, AwsErrors errors) {
        super("iot", "DescribeEndpoint");
        this.errors = errors;
        ProvisioningConfig.Endpoints endpoints = config.endpoint();
        addresses.put(DEFAULT_TYPE, endpoints.data());
        addresses.put("iot:Data-ATS", endpoints.dataAts());
        addresses.put("iot:CredentialProvider", endpoints.credentialProvider());
        addresses.put("iot:Jobs", endpoints.jobs());
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String type = request.string("endpointType", DEFAULT_TYPE);
        String address = addresses.get(type);
        if (address == null) {
            throw errors.invalidRequest("endpointType " + type + " is not an endpoint type; the types are "
                    + String.join(", ", addresses.keySet()));
        }
        return Uni.createFrom()
                .item(AwsResponse.json(JsonNodeFactory.instance.objectNode().put("endpointAddress", address)));
    }
}
