package io.iotdm.group;

import io.iotdm.aws.service.AwsConfig;
import io.iotdm.events.GroupEvents;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

class GroupBeans {

    @Produces
    @Singleton
    GroupEvents groupEvents(AwsConfig config) {
        return new GroupEvents(config.accountId());
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
