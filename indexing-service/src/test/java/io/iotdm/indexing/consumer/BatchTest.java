package io.iotdm.indexing.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.indexing.thing.Part;
import io.iotdm.indexing.thing.PartUpdate;
import io.iotdm.indexing.thing.PartVersion;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchTest {

    private static final TopicPartition THINGS_0 = new TopicPartition("aws.events.thing", 0);
    private static final TopicPartition THINGS_1 = new TopicPartition("aws.events.thing", 1);
    private static final TopicPartition SHADOWS_0 = new TopicPartition("aws.things.shadow", 0);

    private static PartUpdate registry(String thing, long revision, boolean deleted) {
        return new PartUpdate(thing, Part.registry(), new PartVersion(revision, 0, deleted), Map.of("rev", revision));
    }

    private static PartUpdate shadow(String thing, long version) {
        return new PartUpdate(thing, Part.shadow(null), new PartVersion(version, 10, false), Map.of("v", version));
    }

    @Test
    void keepsTheNewestChangeOfEachPartNotTheLastOne() {
        Batch batch = new Batch();
        batch.add(THINGS_0, 10, registry("a", 5, false));
        batch.add(SHADOWS_0, 3, shadow("a", 2));
        batch.add(THINGS_0, 11, registry("a", 7, true));
        batch.add(THINGS_0, 12, registry("a", 6, false)); // a replayed, older change after a newer one
        batch.add(THINGS_0, 13, registry("b", 1, false));
        assertThat(batch.updates())
                .extracting(update -> update.id() + "/" + update.part().name() + "@"
                        + update.version().version())
                .containsExactly("a/registry@7", "a/shadow@2", "b/registry@1");
    }

    @Test
    void commitsPastEveryRecordIncludingSkippedOnes() {
        Batch batch = new Batch();
        batch.add(THINGS_0, 10, registry("a", 5, false));
        batch.skip(THINGS_0, 11);
        batch.skip(THINGS_1, 4);
        assertThat(batch.offsets())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(THINGS_0, new OffsetAndMetadata(12), THINGS_1, new OffsetAndMetadata(5)));
    }
}
