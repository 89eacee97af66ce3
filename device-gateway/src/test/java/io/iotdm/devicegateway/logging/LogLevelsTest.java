package io.iotdm.devicegateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The THING_GROUP resolution of docs/aws-behaviour.md §8, and which entries a level includes. */
class LogLevelsTest {

    private static final Map<String, LogLevel> LEVELS =
            Map.of("fleet", LogLevel.ERROR, "debugging", LogLevel.DEBUG, "quiet", LogLevel.DISABLED);

    @Test
    void aChildsLevelWinsOverItsParents() {
        assertThat(LogLevels.groupLevel(List.of(List.of("fleet", "debugging")), LEVELS))
                .contains(LogLevel.DEBUG);
        assertThat(LogLevels.groupLevel(List.of(List.of("fleet", "quiet")), LEVELS))
                .contains(LogLevel.DISABLED);
    }

    @Test
    void aGroupWithoutALevelTakesItsNearestAncestors() {
        assertThat(LogLevels.groupLevel(List.of(List.of("fleet", "site", "line")), LEVELS))
                .contains(LogLevel.ERROR);
        assertThat(LogLevels.groupLevel(List.of(List.of("elsewhere")), LEVELS)).isEmpty();
    }

    @Test
    void ofSeveralGroupsTheMostVerboseWins() {
        assertThat(LogLevels.groupLevel(List.of(List.of("fleet"), List.of("fleet", "debugging")), LEVELS))
                .contains(LogLevel.DEBUG);
    }

    @Test
    void aLevelIncludesTheLessVerboseAndDisabledNothing() {
        assertThat(LogLevel.INFO.includes(LogLevel.ERROR)).isTrue();
        assertThat(LogLevel.INFO.includes(LogLevel.INFO)).isTrue();
        assertThat(LogLevel.ERROR.includes(LogLevel.INFO)).isFalse();
        assertThat(LogLevel.DISABLED.includes(LogLevel.ERROR)).isFalse();
    }
}
