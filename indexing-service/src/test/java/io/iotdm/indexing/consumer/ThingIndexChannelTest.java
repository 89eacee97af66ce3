package io.iotdm.indexing.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The {@code thing-index} channel's settings in application.properties: the topics it follows are those whose end
 * offsets {@link IndexedOffsets} waits for, and its commits never pass an unprocessed batch nor give up on one that
 * waits for OpenSearch (platform/messaging's README).
 */
class ThingIndexChannelTest {

    private static final String CHANNEL = "mp.messaging.incoming." + IndexingConsumer.CHANNEL + ".";

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    @Test
    void followsTheTopicsThatReadAfterWriteWaitsFor() throws IOException {
        assertThat(Arrays.asList(
                        applicationProperties().getProperty(CHANNEL + "topics").split(",")))
                .containsExactlyElementsOf(EventDecoder.TOPICS);
    }

    @Test
    void commitsOnlyWhatIsAcknowledgedAndWaitsForOpenSearchWithoutEnd() throws IOException {
        Properties properties = applicationProperties();
        assertThat(properties.getProperty(CHANNEL + "batch")).isEqualTo("true");
        assertThat(properties.getProperty(CHANNEL + "commit-strategy")).isEqualTo("throttled");
        assertThat(properties.getProperty(CHANNEL + "throttled.unprocessed-record-max-age.ms"))
                .isEqualTo("0");
        assertThat(properties.getProperty(CHANNEL + "group.id")).isEqualTo("${iotdm.indexing.group-id}");
        assertThat(properties.getProperty(CHANNEL + "enabled")).isEqualTo("${iotdm.indexing.consumer-enabled:true}");
    }
}
