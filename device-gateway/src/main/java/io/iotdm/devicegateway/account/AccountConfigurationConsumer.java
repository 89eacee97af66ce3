package io.iotdm.devicegateway.account;

import io.iotdm.events.AccountConfiguration;
import io.iotdm.events.AccountConfiguration.EventConfigurations;
import io.iotdm.events.AccountConfiguration.V2Logging;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows {@value AccountConfiguration#TOPIC} (channel {@value #CHANNEL}): every instance reads the whole compacted
 * topic from its beginning with a consumer group of its own and without committing offsets, so that it starts with the
 * settings in force and applies each change within a poll. Each record is the whole of one setting, and one key's records
 * are on one partition in the order the registry committed them, so the last one read is the one in force.
 */
@Singleton
class AccountConfigurationConsumer {

    static final String CHANNEL = "account-configuration";

    private static final Logger LOG = Logger.getLogger(AccountConfigurationConsumer.class);

    private final AccountSettings settings;

    AccountConfigurationConsumer(AccountSettings settings) {
        this.settings = settings;
    }

    @Incoming(CHANNEL)
    void consume(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                switch (record.key() == null ? "" : record.key()) {
                    case AccountConfiguration.EVENT_CONFIGURATIONS_KEY ->
                        settings.events(EventConfigurations.parse(record.value()));
                    case AccountConfiguration.V2_LOGGING_KEY -> settings.logging(V2Logging.parse(record.value()));
                    default ->
                        LOG.warnf(
                                "Skipping a record of %s at offset %d with the unknown key %s",
                                record.topic(), record.offset(), record.key());
                }
            } catch (RuntimeException unreadable) {
                LOG.errorf(
                        "Skipping an unreadable record of %s at offset %d: %s",
                        record.topic(), record.offset(), unreadable);
            }
        }
    }
}
