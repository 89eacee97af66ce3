package io.iotdm.group;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "iotdm.group")
public interface GroupConfig {

    /** AWS IoT's limits of static groups (docs/aws-behaviour.md §1.1), with AWS's values by default. */
    Limits limits();

    ThingEvents thingEvents();

    Stream stream();

    /** Dynamic thing groups (docs/aws-behaviour.md §1.5). */
    Dynamic dynamic();

    /** The background work of one instance at a time: deletions a crash interrupted, verdict sweeps, backfills. */
    Coordinator coordinator();

    /**
     * Members removed per transaction (a group's deletion, the end of a backfill): each removal holds its thing's
     * advisory lock until the transaction ends, and PostgreSQL's lock table is shared.
     */
    @WithDefault("500")
    int removalBatchSize();

    /** How long a question to the indexing-service (is this query valid) may take before the operation fails. */
    @WithDefault("5s")
    Duration indexingDeadline();

    /** How long a question to the registry (does this thing exist) may take before the operation fails. */
    @WithDefault("5s")
    Duration registryDeadline();

    interface Limits {

        /** Levels of a hierarchy, the root group being level 1. */
        @WithDefault("7")
        int maxDepth();

        /** Direct child groups of one group. */
        @WithDefault("100")
        int maxChildren();

        /** Attributes of one group. */
        @WithDefault("50")
        int maxAttributes();

        /** Groups one thing belongs to. */
        @WithDefault("10")
        int maxGroupsPerThing();

        /** Tags given at creation. */
        @WithDefault("50")
        int maxTags();
    }

    interface ThingEvents {

        /** How long a deleted thing is remembered, so that an addition racing with its deletion fails. */
        @WithDefault("1d")
        Duration deletedThingRetention();
    }

    interface Coordinator {

        /** Whether this instance takes part (one instance at a time works: a PostgreSQL advisory lock). */
        @WithDefault("true")
        boolean enabled();

        /** How often the coordinator looks for work when it is not woken earlier (and tries to take the lease). */
        @WithDefault("5s")
        Duration interval();
    }

    interface Stream {

        /** Records per page of StreamGroups and StreamMemberships: one query each. */
        @WithDefault("1000")
        int pageSize();
    }

    interface Dynamic {

        /** Dynamic thing groups of the account (a quota: LimitExceededException beyond it). */
        @WithDefault("100")
        int maxGroups();

        /** Matches applied per transaction of a backfill. */
        @WithDefault("500")
        int backfillPageSize();

        /** Pages of a backfill applied at once (each its own transaction, on different things). */
        @WithDefault("2")
        int backfillConcurrency();

        /** The deadline of one StreamMatches call (it waits for the percolator, then pages through the index). */
        @WithDefault("10m")
        Duration backfillDeadline();

        /** The first pause after a backfill failed (the indexing-service unavailable); doubles up to a minute. */
        @WithDefault("2s")
        Duration backfillRetry();
    }
}
