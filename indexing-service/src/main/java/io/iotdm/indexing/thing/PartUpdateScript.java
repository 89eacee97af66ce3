package io.iotdm.indexing.thing;

import io.iotdm.indexing.index.ThingPartScript;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch._types.Script;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;

/** The scripted upsert of a {@link PartUpdate}: the stored {@link ThingPartScript} with the part and the change. */
public final class PartUpdateScript {

    private PartUpdateScript() {}

    /** The bulk item that applies {@code update} to the document in {@code index} (an alias), creating it if missing. */
    public static BulkOperation bulkItem(String index, PartUpdate update, int retryOnConflict, JsonpMapper mapper) {
        return bulkItem(index, update, retryOnConflict, mapper, null);
    }

    /**
     * The same, answering with the updated document's source minus {@code sourceExcludes} (null: no source), for
     * those who act on the document as the write left it.
     */
    public static BulkOperation bulkItem(
            String index, PartUpdate update, int retryOnConflict, JsonpMapper mapper, List<String> sourceExcludes) {
        return BulkOperation.of(operation -> operation.update(item -> {
            item.index(index)
                    .id(update.id())
                    .retryOnConflict(retryOnConflict)
                    .scriptedUpsert(true)
                    .upsert(Map.of())
                    .script(of(update, mapper));
            if (sourceExcludes != null) {
                item.source(source -> source.filter(filter -> filter.excludes(sourceExcludes)));
            }
            return item;
        }));
    }

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
        if (part.member() != null) {
            params.put("memberField", JsonData.of(part.member().field(), mapper));
            params.put("memberValue", JsonData.of(part.member().value(), mapper));
            params.put("memberSync", JsonData.of(MembershipVersions.FIELD, mapper));
        }
        return Script.of(
                script -> script.stored(stored -> stored.id(ThingPartScript.ID).params(params)));
    }
}
