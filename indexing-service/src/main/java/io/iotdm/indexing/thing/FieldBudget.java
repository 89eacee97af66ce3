package io.iotdm.indexing.thing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.indexing.index.IndexConfig;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Keeps a thing index's mapping within its budget of fields, so that a thing with ever new shadow keys cannot make
 * its own updates (or anyone's) fail: every key of every shadow is a field of the index's mapping, and OpenSearch
 * refuses a whole document that would take the mapping past {@code index.mapping.total_fields.limit}, losing the
 * update of the known fields with it.
 *
 * <p>The budget is the index's own limit (set from {@code iotdm.indexing.max-fields} when the index is created, read
 * back from the index, so a changed setting applies) minus {@code iotdm.indexing.reserved-fields}: the reserve is for
 * the fields that the part script writes itself (each new part's {@code sync.*} bookkeeping, its
 * {@code shadowDocument.*}), which cannot be left out. An update whose fields are all mapped is written as it is; one
 * with new fields is written as it is while they fit the budget; beyond it, its new fields are left out (they stay in
 * the stored shadow document that SearchIndex returns, they are only not searchable), logged with the thing's name and
 * counted ({@code fieldsNotIndexed} updates, {@code droppedFields} fields). The consumer and the rebuild both write
 * through it, so a rebuild's new generation keeps the same budget rather than leaving whole things out. The set of mapped fields is read from the
 * index once, then extended with the fields this instance writes; other instances' fields are read again when an
 * update seems not to fit and the set is older than {@code mapping-cache-ttl}. Should the index refuse an update all
 * the same (several instances filling the last room at once), the mapping is read again at once and the update is
 * retried without the fields it does not have ({@link #refusedForRoom}).
 *
 * <p>Why leave new fields out rather than store every shadow flattened into one field: the fields that exist stay
 * exactly as searchable as before (typed, numeric twins, aggregations), and only the keys that arrive after the budget
 * is spent are not searchable, which is what AWS's own limits on indexed fields amount to.
 */
@Singleton
public class FieldBudget {

    private static final Logger LOG = Logger.getLogger(FieldBudget.class);
    private static final JsonMapper JSON = new JsonMapper();
    /** OpenSearch's default when an index does not set its limit. */
    private static final int DEFAULT_LIMIT = 1000;
    /** How many of the left-out names a log line shows. */
    private static final int LOGGED_NAMES = 20;

    private final OpenSearchGenericClient client;
    private final int reservedFields;
    private final Duration mappingCacheTtl;
    private final Map<String, Mapped> indices = new ConcurrentHashMap<>();
    /** Part updates written without some of their new fields, and the fields they left out (each time). */
    private final AtomicLong fieldsNotIndexed = new AtomicLong();

    private final AtomicLong droppedFields = new AtomicLong();

    /** The fields of one physical index, as last read plus what this instance wrote since. */
    private record Mapped(Set<String> fields, int limit, long readAt) {}

    FieldBudget(OpenSearchClient client, IndexConfig config) {
        this.client = client.generic();
        this.reservedFields = config.reservedFields();
        this.mappingCacheTtl = config.mappingCacheTtl();
    }

    /** The fields of each index kept free for the part script's own. */
    public int reservedFields() {
        return reservedFields;
    }

    /** The counters, for the health checks: {@code fieldsNotIndexed} (updates), {@code droppedFields}. */
    public Map<String, Long> counters() {
        return Map.of("fieldsNotIndexed", fieldsNotIndexed.get(), "droppedFields", droppedFields.get());
    }

    /**
     * The update as it may be written to {@code index} (a physical thing index): unchanged while its new fields fit
     * the budget (they are counted as mapped from now on), else without them.
     */
    public PartUpdate fit(String index, PartUpdate update) throws IOException {
        Mapped mapped = mapped(index, false);
        List<String> added = unmapped(mapped, update);
        if (added.isEmpty()) {
            return update;
        }
        if (!fits(mapped, added) && System.nanoTime() - mapped.readAt() >= mappingCacheTtl.toNanos()) {
            mapped = mapped(index, true); // other instances may have mapped them, or the limit changed
            added = unmapped(mapped, update);
        }
        if (added.isEmpty() || fits(mapped, added)) {
            mapped.fields().addAll(added);
            return update;
        }
        return without(index, update, added);
    }

    /**
     * Whether the index refused the update for lack of room in its mapping, and retrying without its new fields can
     * help: then the mapping is read again (once for all the refusals of a bulk), so that the retry's {@link #fit}
     * leaves them out. An update that added no field was refused for the script's own fields: not retried.
     *
     * @param sentAt {@link System#nanoTime()} when the bulk was sent: a mapping read since then is current enough
     */
    public boolean refusedForRoom(String index, PartUpdate update, ErrorCause error, long sentAt) throws IOException {
        if (error.reason() == null || !error.reason().contains("Limit of total fields")) {
            return false;
        }
        Mapped known = indices.get(index);
        Mapped mapped = known != null && known.readAt() >= sentAt ? known : mapped(index, true);
        return !unmapped(mapped, update).isEmpty();
    }

    private boolean fits(Mapped mapped, List<String> added) {
        return mapped.fields().size() + added.size() <= mapped.limit() - reservedFields;
    }

    private PartUpdate without(String index, PartUpdate update, List<String> left) {
        Map<String, Object> fields = new LinkedHashMap<>(update.fields());
        left.forEach(fields::remove);
        fieldsNotIndexed.incrementAndGet();
        droppedFields.addAndGet(left.size());
        LOG.warnf(
                "%s has no room for %d new fields of the %s update of %s (version %d); indexed without them: %s%s",
                index,
                left.size(),
                update.part().name(),
                update.id(),
                update.version().version(),
                String.join(", ", left.subList(0, Math.min(LOGGED_NAMES, left.size()))),
                left.size() > LOGGED_NAMES ? ", ..." : "");
        return new PartUpdate(update.id(), update.part(), update.version(), fields);
    }

    /** The update's fields that the mapping lacks; never the bookkeeping and stored documents, which must be written. */
    private static List<String> unmapped(Mapped mapped, PartUpdate update) {
        List<String> added = new ArrayList<>();
        for (String field : update.fields().keySet()) {
            if (!mapped.fields().contains(field)
                    && !field.startsWith("sync.")
                    && !field.startsWith("shadowDocument.")) {
                added.add(field);
            }
        }
        return added;
    }

    private Mapped mapped(String index, boolean again) throws IOException {
        Mapped known = indices.get(index);
        if (known != null && !again) {
            return known;
        }
        Mapped read = read(index);
        indices.keySet().removeIf(other -> !other.equals(index) && !exists(other)); // generations deleted since
        indices.put(index, read);
        return read;
    }

    private Mapped read(String index) throws IOException {
        try (Response response = client.execute(Requests.builder()
                .method("GET")
                .endpoint("/" + index)
                .query(Map.of("flat_settings", "true"))
                .build())) {
            String body = response.getBody().map(Body::bodyAsString).orElse("{}");
            if (response.getStatus() != 200) {
                throw new IOException("GET /" + index + " answered " + response.getStatus() + ": " + body);
            }
            JsonNode definition = JSON.readTree(body).path(index);
            Set<String> fields = ConcurrentHashMap.newKeySet();
            definition.path("mappings").path("properties").fieldNames().forEachRemaining(fields::add);
            int limit = definition
                    .path("settings")
                    .path("index.mapping.total_fields.limit")
                    .asInt(DEFAULT_LIMIT);
            return new Mapped(fields, limit, System.nanoTime());
        }
    }

    private boolean exists(String index) {
        try (Response response = client.execute(
                Requests.builder().method("HEAD").endpoint("/" + index).build())) {
            return response.getStatus() != 404;
        } catch (IOException e) {
            return true;
        }
    }
}
