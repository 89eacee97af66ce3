package io.iotdm.registry.grpc;

import io.iotdm.grpc.registry.v1.ThingRecord;
import io.iotdm.registry.shadow.ShadowSelection;
import io.iotdm.registry.shadow.ShadowService;
import io.iotdm.registry.shadow.ThingShadow;
import io.iotdm.registry.thing.Thing;
import io.iotdm.registry.thing.ThingService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * StreamThings' records: keyset pages over thing names, each one query for the things and one for their shadows.
 * A page is read only when the subscriber asks for more than the previous one held, so at most one page is in memory
 * however many things there are.
 */
@ApplicationScoped
class ThingStream {

    private final ThingService things;
    private final ShadowService shadows;
    private final int pageSize;

    ThingStream(ThingService things, ShadowService shadows, StreamConfig config) {
        this.things = things;
        this.shadows = shadows;
        this.pageSize = config.pageSize();
    }

    /** @param after the thing name to start after (exclusive), or {@code null} from the first thing */
    Multi<ThingRecord> after(String after, ShadowSelection selection) {
        return Multi.createBy()
                .repeating()
                .uni(() -> new AtomicReference<>(after), cursor -> page(cursor, selection))
                // a short page is the last one
                .whilst(page -> page.size() == pageSize)
                .onItem()
                .disjoint();
    }

    private Uni<List<ThingRecord>> page(AtomicReference<String> cursor, ShadowSelection selection) {
        return things.page(cursor.get(), pageSize).chain(page -> {
            if (page.isEmpty()) {
                return Uni.createFrom().item(List.of());
            }
            cursor.set(page.getLast().name());
            List<String> names = page.stream().map(Thing::name).toList();
            return shadows.live(names, selection).map(found -> records(page, found));
        });
    }

    private static List<ThingRecord> records(List<Thing> page, List<ThingShadow> shadows) {
        Map<String, List<ThingShadow>> byThing =
                shadows.stream().collect(Collectors.groupingBy(ThingShadow::thingName));
        return page.stream()
                .map(thing -> RegistryMessages.record(thing, byThing.getOrDefault(thing.name(), List.of())))
                .toList();
    }
}
