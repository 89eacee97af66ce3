package io.iotdm.group;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "iotdm.group")
public interface GroupConfig {

    /** AWS IoT's limits of static groups (reference §1.1), with AWS's values by default. */
    Limits limits();

    ThingEvents thingEvents();

    Stream stream();

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

        /** Whether this instance follows aws.events.thing to remove deleted things from their groups. */
        @WithDefault("true")
        boolean enabled();

        /** The consumer group, shared by every instance of the group-service. */
        @WithDefault("group-service")
        String groupId();

        /** How long a deleted thing is remembered, so that an addition racing with its deletion fails. */
        @WithDefault("1d")
        Duration deletedThingRetention();
    }

    interface Stream {

        /** Records per page of StreamGroups and StreamMemberships: one query each. */
        @WithDefault("1000")
        int pageSize();
    }
}
