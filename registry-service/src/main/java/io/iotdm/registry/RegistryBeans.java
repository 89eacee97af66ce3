package io.iotdm.registry;

import io.iotdm.aws.service.AwsConfig;
import io.iotdm.events.RegistryEvents;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

class RegistryBeans {

    @Produces
    @Singleton
    RegistryEvents registryEvents(AwsConfig config) {
        return new RegistryEvents(config.accountId());
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
