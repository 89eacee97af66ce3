package io.iotdm.registry.grpc;

import com.google.protobuf.ByteString;
import io.iotdm.grpc.registry.v1.ShadowRecord;
import io.iotdm.grpc.registry.v1.ThingRecord;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.registry.shadow.ThingShadow;
import io.iotdm.registry.thing.Thing;
import java.util.List;
import java.util.Objects;

/** Things and shadows as the messages of iotdm.registry.v1 spell them; proto3 strings are "" where ours are null. */
final class RegistryMessages {

    private RegistryMessages() {}

    /** @param shadows the thing's shadows, in shadow name order */
    static ThingRecord record(Thing thing, List<ThingShadow> shadows) {
        ThingRecord.Builder record = ThingRecord.newBuilder()
                .setThingName(thing.name())
                .setThingId(thing.id())
                .setThingTypeName(Objects.requireNonNullElse(thing.thingTypeName(), ""))
                .putAllAttributes(thing.attributes())
                .setVersion(thing.version())
                .setRevision(thing.revision())
                .setLastModifiedMillis(thing.lastModified().toEpochMilli());
        shadows.forEach(shadow -> record.addShadows(shadow(shadow)));
        return record.build();
    }

    static ThingSummary summary(Thing thing) {
        return ThingSummary.newBuilder()
                .setThingName(thing.name())
                .setThingId(thing.id())
                .setThingTypeName(Objects.requireNonNullElse(thing.thingTypeName(), ""))
                .putAllAttributes(thing.attributes())
                .setVersion(thing.version())
                .build();
    }

    private static ShadowRecord shadow(ThingShadow shadow) {
        return ShadowRecord.newBuilder()
                .setShadowName(Objects.requireNonNullElse(shadow.shadowName(), ""))
                .setVersion(shadow.document().version())
                .setTimestamp(shadow.document().timestamp())
                .setCurrentDocument(ByteString.copyFrom(shadow.document().currentJson()))
                .build();
    }
}
