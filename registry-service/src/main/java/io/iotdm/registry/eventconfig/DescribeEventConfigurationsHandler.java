package io.iotdm.registry.eventconfig;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DescribeEventConfigurationsHandler extends AwsOperationHandler {

    private final EventConfigurationService configurations;

    DescribeEventConfigurationsHandler(EventConfigurationService configurations) {
        super("iot", "DescribeEventConfigurations");
        this.configurations = configurations;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return configurations.describe().map(described -> {
            ObjectNode output = JsonNodeFactory.instance.objectNode();
            ObjectNode types = output.putObject("eventConfigurations");
            described.enabled().forEach((type, enabled) -> types.putObject(type).put("Enabled", enabled));
            output.put("creationDate", Timestamps.epochSeconds(described.creationDate()));
            output.put("lastModifiedDate", Timestamps.epochSeconds(described.lastModifiedDate()));
            return AwsResponse.json(output);
        });
    }
}
