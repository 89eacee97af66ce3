package io.iotdm.indexing.dynamic;

import io.iotdm.indexing.config.DynamicGroupsPresence;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Dynamic groups exist when the percolator, shared by every instance, holds a query. */
@Singleton
class PercolatorPresence implements DynamicGroupsPresence {

    private final PercolatorRepository percolator;

    PercolatorPresence(PercolatorRepository percolator) {
        this.percolator = percolator;
    }

    @Override
    public boolean exist() {
        try {
            return !percolator.groups().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
