package io.iotdm.registry.eventconfig;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

@Singleton
class UpdateEventConfigurationsHandler extends AwsOperationHandler {

    private final EventConfigurationService configurations;

    UpdateEventConfigurationsHandler(EventConfigurationService configurations) {
        super("iot", "UpdateEventConfigurations");
        this.configurations = configurations;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        Map<String, Boolean> changes = new LinkedHashMap<>();
        // a configuration without Enabled turns its type off, as the model's boolean defaults to false
        request.node("eventConfigurations")
                .properties()
                .forEach(entry -> changes.put(
                        entry.getKey(), entry.getValue().path("Enabled").asBoolean(false)));
        return configurations.update(changes).replaceWith(AwsResponse.empty());
    }
}
