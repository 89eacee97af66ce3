package io.iotdm.group.events;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.events.DynamicGroupMessages.Definition;
import io.iotdm.events.Event;
import io.iotdm.events.GroupEvents;
import io.iotdm.events.GroupEvents.Ancestor;
import io.iotdm.events.GroupEvents.Change;
import io.iotdm.events.GroupEvents.Link;
import io.iotdm.group.store.ThingGroup;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The THING_GROUP and THING_GROUP_HIERARCHY events of a group's writes, and the definitions of dynamic groups. */
@Singleton
public class ThingGroupEvents {

    private final GroupEvents events;
    private final Arns arns;

    ThingGroupEvents(GroupEvents events, Arns arns) {
        this.events = events;
        this.arns = arns;
    }

    /** The events of a creation: the group's, and the hierarchy's when it has a parent. */
    public List<Event> created(ThingGroup created) {
        return withLink(
                Link.ADDED,
                created,
                created.revision(),
                changed(Change.CREATED, created, created.revision(), created.lastModified()),
                created.lastModified());
    }

    /** The events of a deletion of this revision: the group's, and the hierarchy's when it had a parent. */
    public List<Event> deleted(ThingGroup group, long revision, Instant at) {
        return withLink(Link.REMOVED, group, revision, changed(Change.DELETED, group, revision, at), at);
    }

    public Event changed(Change change, ThingGroup group, long revision, Instant at) {
        return events.thingGroup(
                change,
                group.id(),
                group.name(),
                group.version(),
                revision,
                group.parentName(),
                group.parentId(),
                group.description(),
                ancestry(group),
                group.attributes(),
                at);
    }

    /** The dynamic group's definition for the indexing-service, as of this revision. */
    public static Definition definition(ThingGroup group, long revision, boolean deleted) {
        ThingGroup.Dynamic query = group.dynamic();
        return new Definition(
                group.name(),
                group.id(),
                query.queryString(),
                query.queryVersion(),
                query.indexName(),
                revision,
                query.creationRevision(),
                deleted);
    }

    /** The group's ancestors as {@code rootToParentThingGroups} of its events name them. */
    private List<Ancestor> ancestry(ThingGroup group) {
        List<Ancestor> ancestry = new ArrayList<>(group.ancestors().size());
        for (int i = 0; i < group.ancestors().size(); i++) {
            ancestry.add(new Ancestor(
                    arns.thingGroup(group.ancestors().get(i)),
                    group.ancestorIds().get(i)));
        }
        return ancestry;
    }

    private List<Event> withLink(Link link, ThingGroup group, long revision, Event groupEvent, Instant at) {
        if (group.parentName() == null) {
            return List.of(groupEvent);
        }
        return List.of(
                groupEvent,
                events.thingGroupHierarchy(
                        link, group.parentId(), group.parentName(), group.id(), group.name(), revision, at));
    }
}
