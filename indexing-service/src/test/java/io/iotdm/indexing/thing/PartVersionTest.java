package io.iotdm.indexing.thing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartVersionTest {

    private static final long GAP = Part.SHADOW_GENERATION_GAP_SECONDS;

    @Test
    void higherVersionIsNewer() {
        assertThat(new PartVersion(3, 100, false).isNewerThan(new PartVersion(2, 100, false), 0))
                .isTrue();
        assertThat(new PartVersion(2, 100, false).isNewerThan(new PartVersion(3, 100, false), 0))
                .isFalse();
    }

    @Test
    void duplicateIsNotNewer() {
        assertThat(new PartVersion(3, 100, false).isNewerThan(new PartVersion(3, 100, false), GAP))
                .isFalse();
        assertThat(new PartVersion(3, 100, true).isNewerThan(new PartVersion(3, 100, true), GAP))
                .isFalse();
    }

    @Test
    void deletionOfAVersionComesAfterItsUpdate() {
        assertThat(new PartVersion(5, 200, true).isNewerThan(new PartVersion(5, 100, false), GAP))
                .isTrue();
        assertThat(new PartVersion(5, 100, false).isNewerThan(new PartVersion(5, 200, true), GAP))
                .isFalse();
    }

    @Test
    void registryRevisionsIgnoreTimestamps() {
        // a re-created thing has a higher revision even if its clock reads earlier
        assertThat(new PartVersion(9, 0, false).isNewerThan(new PartVersion(8, Long.MAX_VALUE / 2, true), 0))
                .isTrue();
    }

    @Test
    void shadowRecreatedAfterTheRetentionStartsANewGeneration() {
        PartVersion deleted = new PartVersion(7, 1_000, true);
        PartVersion recreated = new PartVersion(1, 1_000 + GAP + 1, false);
        assertThat(recreated.isNewerThan(deleted, GAP)).isTrue();
        assertThat(deleted.isNewerThan(recreated, GAP)).isFalse();
        // an update of the old generation arriving late stays older than the new generation
        assertThat(new PartVersion(6, 900, false).isNewerThan(recreated, GAP)).isFalse();
    }

    @Test
    void withinTheRetentionVersionsDecide() {
        PartVersion deleted = new PartVersion(7, 1_000, true);
        assertThat(new PartVersion(8, 1_000 + GAP, false).isNewerThan(deleted, GAP))
                .isTrue();
        assertThat(new PartVersion(1, 1_000 + GAP, false).isNewerThan(deleted, GAP))
                .isFalse();
    }

    @Test
    void unknownTimestampsFallBackToVersions() {
        assertThat(new PartVersion(1, -1, false).isNewerThan(new PartVersion(7, 1_000, true), GAP))
                .isFalse();
        assertThat(new PartVersion(8, -1, false).isNewerThan(new PartVersion(7, 1_000, true), GAP))
                .isTrue();
    }

    @Test
    void atEqualVersionAndKindTheLaterTimestampWins() {
        // presence: two connects (or two disconnects) of one versionNumber, e.g. from two gateway nodes
        assertThat(new PartVersion(5, 200, false).isNewerThan(new PartVersion(5, 100, false), 0))
                .isTrue();
        assertThat(new PartVersion(5, 100, true).isNewerThan(new PartVersion(5, 200, true), 0))
                .isFalse();
        // unknown timestamps: a duplicate
        assertThat(new PartVersion(5, -1, false).isNewerThan(new PartVersion(5, 100, false), 0))
                .isFalse();
    }

    @Test
    void presenceDisconnectOfASessionWinsOverItsConnectWhateverTheClock() {
        PartVersion connect = new PartVersion(5, 2_000, false);
        PartVersion disconnect = new PartVersion(5, 1_000, true);
        assertThat(disconnect.isNewerThan(connect, 0)).isTrue();
        assertThat(connect.isNewerThan(disconnect, 0)).isFalse();
        assertThat(new PartVersion(6, 500, false).isNewerThan(disconnect, 0)).isTrue();
    }
}
