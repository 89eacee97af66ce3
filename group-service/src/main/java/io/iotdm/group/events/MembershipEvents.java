package io.iotdm.group.events;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.events.Event;
import io.iotdm.events.GroupEvents;
import io.iotdm.events.GroupEvents.Link;
import io.iotdm.group.store.Membership;
import io.iotdm.group.store.ThingGroup;
import jakarta.inject.Singleton;
import java.time.Instant;

/** THING_GROUP_MEMBERSHIP events of memberships, each with the revision of its own change. */
@Singleton
public class MembershipEvents {

    private final GroupEvents events;
    private final Arns arns;

    MembershipEvents(GroupEvents events, Arns arns) {
        this.events = events;
        this.arns = arns;
    }

    /** @param membership a membership just added: its revision is that of the addition */
    public Event added(Membership membership, ThingGroup group, Instant at) {
        return event(Link.ADDED, membership, group, at);
    }

    /** @param membership a membership just removed: its revision is that of the removal */
    public Event removed(Membership membership, ThingGroup group, Instant at) {
        return event(Link.REMOVED, membership, group, at);
    }

    private Event event(Link link, Membership membership, ThingGroup group, Instant at) {
        return events.thingGroupMembership(
                link,
                group.name(),
                arns.thingGroup(group.name()),
                group.id(),
                membership.thingName(),
                arns.thing(membership.thingName()),
                membership.thingId(),
                membership.membershipId(),
                membership.revision(),
                at);
    }
}
