package io.iotdm.indexing.rebuild;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.grpc.registry.v1.ShadowRecord;
import io.iotdm.grpc.registry.v1.ThingRecord;
import io.iotdm.indexing.config.IndexingSettings;
import io.iotdm.indexing.thing.PartUpdate;
import io.iotdm.indexing.thing.RegistryDocuments;
import io.iotdm.indexing.thing.ShadowDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A thing of the registry's stream as the part updates its events would have made: the registry part as from a THING
 * event at the thing's revision, each shadow as from its {@code update/documents} message at its version. So a
 * document built from the stream is the one the topics build, and the versions order the stream against the events
 * that the consumer writes into the same index meanwhile.
 */
final class SnapshotDocuments {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // as the consumer reads shadows
            .build();

    private SnapshotDocuments() {}

    static List<PartUpdate> of(ThingRecord thing, IndexingSettings settings) {
        List<PartUpdate> parts = new ArrayList<>(1 + thing.getShadowsCount());
        ObjectNode event = JSON.createObjectNode()
                .put("eventType", "THING_EVENT")
                .put("operation", "CREATED")
                .put("thingName", thing.getThingName())
                .put("thingId", thing.getThingId())
                .put("versionNumber", thing.getVersion())
                .put("timestamp", thing.getLastModifiedMillis());
        if (!thing.getThingTypeName().isEmpty()) {
            event.put("thingTypeName", thing.getThingTypeName());
        }
        ObjectNode attributes = event.putObject("attributes");
        thing.getAttributesMap().forEach(attributes::put);
        parts.add(RegistryDocuments.fromThingEvent(event, thing.getRevision()));
        for (ShadowRecord shadow : thing.getShadowsList()) {
            String shadowName = shadow.getShadowName().isEmpty() ? null : shadow.getShadowName();
            PartUpdate update =
                    ShadowDocuments.updated(thing.getThingName(), shadowName, shadow.getVersion(), documents(shadow));
            if (settings.stores(update.part())) {
                parts.add(update);
            }
        }
        return parts;
    }

    /** {@code {current, timestamp}}: the members of an update/documents message that the index reads. */
    private static ObjectNode documents(ShadowRecord shadow) {
        try {
            ObjectNode documents = JSON.createObjectNode();
            documents.set("current", JSON.readTree(shadow.getCurrentDocument().toByteArray()));
            documents.put("timestamp", shadow.getTimestamp());
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
