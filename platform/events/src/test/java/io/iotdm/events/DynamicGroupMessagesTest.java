package io.iotdm.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.events.DynamicGroupMessages.Decision;
import io.iotdm.events.DynamicGroupMessages.Definition;
import io.iotdm.events.DynamicGroupMessages.DocumentVersion;
import io.iotdm.events.DynamicGroupMessages.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamicGroupMessagesTest {

    @Test
    void aDecisionReadsBackAsWritten() {
        Decision decision = new Decision(
                "thing-1",
                "id-1",
                new DocumentVersion(2, 1, 42),
                false,
                Map.of("old-firmware", new Verdict(7, true), "offline", new Verdict(9, false)));

        assertThat(Decision.parse(decision.toBytes())).isEqualTo(decision);
    }

    @Test
    void aDefinitionTravelsAsAnOutboxEventKeyedByItsGroup() {
        Definition definition = new Definition(
                "old-firmware", "gid", "attributes.fw:[0 TO 2.2]", "2017-09-30", "AWS_Things", 12, 5, false);

        Event event = definition.event();

        assertThat(event.kafkaTopic()).isEqualTo(DynamicGroupMessages.DEFINITIONS_TOPIC);
        assertThat(event.key()).isEqualTo("old-firmware");
        assertThat(event.resourceVersion()).isEqualTo(12);
        assertThat(Definition.parse(event.payload().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(definition);
    }

    @Test
    void documentVersionsOrderByGenerationThenTermThenSequence() {
        assertThat(new DocumentVersion(1, 5, 100)).isLessThan(new DocumentVersion(2, 1, 0));
        assertThat(new DocumentVersion(2, 1, 100)).isLessThan(new DocumentVersion(2, 2, 0));
        assertThat(new DocumentVersion(2, 2, 1)).isLessThan(new DocumentVersion(2, 2, 2));
    }
}
