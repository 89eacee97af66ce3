package io.iotdm.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

/** Which Kafka errors move an event aside, and which keep it for the next round. */
class DeadLettersTest {

    @Test
    void errorsAboutTheRecordItselfArePermanent() {
        assertThat(DeadLetters.permanent(new RecordTooLargeException("over max.message.bytes")))
                .isTrue();
        assertThat(DeadLetters.permanent(new RecordBatchTooLargeException("batch")))
                .isTrue();
        assertThat(DeadLetters.permanent(new InvalidTopicException("bad topic")))
                .isTrue();
        assertThat(DeadLetters.permanent(new InvalidRecordException("no key on a compacted topic")))
                .isTrue();
        assertThat(DeadLetters.permanent(new SerializationException("unserializable")))
                .isTrue();
        assertThat(DeadLetters.permanent(new OutboxRelay.UnreadableHeaders("{", new IOException("eof"))))
                .isTrue();
    }

    @Test
    void everythingElseIsRetried() {
        assertThat(DeadLetters.permanent(new TimeoutException("broker away"))).isFalse();
        assertThat(DeadLetters.permanent(new NotLeaderOrFollowerException("leader moved")))
                .isFalse();
        assertThat(DeadLetters.permanent(new UnknownTopicOrPartitionException("not created yet")))
                .isFalse();
        assertThat(DeadLetters.permanent(new OutOfOrderSequenceException("sequence lost")))
                .isFalse();
        assertThat(DeadLetters.permanent(new TopicAuthorizationException("not allowed")))
                .isFalse();
        // a sibling of InvalidTopicException under InvalidConfigurationException, about the broker, not the record
        assertThat(DeadLetters.permanent(new UnsupportedVersionException("old broker")))
                .isFalse();
        assertThat(DeadLetters.permanent(new IllegalStateException("producer closed")))
                .isFalse();
    }
}
