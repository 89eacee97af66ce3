package io.iotdm.devicegateway.account;

import io.iotdm.events.AccountConfiguration.EventConfigurations;
import io.iotdm.events.AccountConfiguration.V2Logging;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * The account's event configuration and v2 logging configuration as this gateway instance last read them. Until the
 * registry's first record arrives they are AWS's defaults: every registry and job event type off, logging not
 * configured (nothing logged).
 */
@Singleton
public class AccountSettings {

    private volatile EventConfigurations events = new EventConfigurations(Map.of(), 0);
    private volatile V2Logging logging = new V2Logging(false, null, false, List.of(), 0);

    public EventConfigurations events() {
        return events;
    }

    public V2Logging logging() {
        return logging;
    }

    void events(EventConfigurations replacement) {
        events = replacement;
    }

    void logging(V2Logging replacement) {
        logging = replacement;
    }
}
