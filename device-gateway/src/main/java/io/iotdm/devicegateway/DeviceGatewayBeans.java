package io.iotdm.devicegateway;

import io.iotdm.iotpolicy.IotResources;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The account and region whose ARNs the IoT policies name: the same settings every service builds its ARNs from. */
public class DeviceGatewayBeans {

    @Produces
    @Singleton
    IotResources resources(
            @ConfigProperty(name = "iotdm.aws.region", defaultValue = "us-east-1") String region,
            @ConfigProperty(name = "iotdm.aws.account-id", defaultValue = "123456789012") String accountId) {
        return new IotResources("aws", region, accountId);
    }
}
