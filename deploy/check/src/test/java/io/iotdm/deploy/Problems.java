package io.iotdm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** What an overlay lacks, collected so that one failure lists every gap rather than the first. */
final class Problems {

    private final List<String> found = new ArrayList<>();

    void add(String problem) {
        found.add(problem);
    }

    void require(boolean holds, String where, String what) {
        if (!holds) {
            found.add(where + " lacks " + what);
        }
    }

    void assertNone(String overlay) {
        assertThat(found).as("in overlay %s", overlay).isEmpty();
    }
}
