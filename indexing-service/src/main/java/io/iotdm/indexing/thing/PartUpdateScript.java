package io.iotdm.indexing.thing;

import io.iotdm.indexing.index.ThingPartScript;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch._types.Script;

/** The scripted upsert of a {@link PartUpdate}: the stored {@link ThingPartScript} with the part and the change. */
public final class PartUpdateScript {

    private PartUpdateScript() {}

    public static Script of(PartUpdate update, JsonpMapper mapper) {
        Part part = update.part();
        Map<String, JsonData> params = new LinkedHashMap<>();
        params.put("sync", JsonData.of(part.sync(), mapper));
        params.put("version", JsonData.of(update.version().version(), mapper));
        params.put("timestamp", JsonData.of(update.version().timestamp(), mapper));
        params.put("deleted", JsonData.of(update.version().deleted(), mapper));
        params.put("generationGap", JsonData.of(part.generationGap(), mapper));
        params.put("removePrefixes", JsonData.of(part.removePrefixes(), mapper));
        params.put("removeKeys", JsonData.of(part.removeKeys(), mapper));
        params.put("fields", JsonData.of(update.fields(), mapper));
        params.put("defaults", JsonData.of(part.defaults(), mapper));
        return Script.of(
                script -> script.stored(stored -> stored.id(ThingPartScript.ID).params(params)));
    }
}
