package io.iotdm.indexing.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsErrors;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.event.Event;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * UpdateIndexingConfiguration, GetIndexingConfiguration (docs/aws-behaviour.md §2.1). An update is checked against the
 * modes it sets, then stored whole ({@link IndexingConfigurationStore}); a member left out of the request keeps its
 * stored value, and {@link Updated} is fired. The coordinator, observing it, then brings the index in line
 * ({@link io.iotdm.indexing.rebuild.RebuildCoordinator}: a rebuild when the documents must hold other parts). Thing-group indexing decides whether {@code AWS_ThingGroups} is shown (the group index is
 * kept whatever its mode: see {@link io.iotdm.indexing.index.GroupIndex}).
 */
@Singleton
public class IndexingConfigurationService {

    /**
     * Fired (synchronously) once an update is stored on this instance. An event rather than a call: the coordinator
     * reads the configuration, so the configuration must not depend on it.
     */
    public record Updated(IndexingSettings settings) {}

    /** Attribute names as the registry accepts them (AttributeName). */
    private static final Pattern ATTRIBUTE = Pattern.compile("attributes\\.[a-zA-Z0-9_.,@/:#-]+");

    private static final String PATH = "[a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*";
    private static final Pattern CLASSIC_SHADOW = Pattern.compile("shadow\\.(desired|reported)\\." + PATH);
    private static final Pattern NAMED_SHADOW =
            Pattern.compile("shadow\\.name\\.[$a-zA-Z0-9:_-]+\\.(desired|reported)\\." + PATH);
    private static final Pattern DEVICE_DEFENDER = Pattern.compile("deviceDefender\\." + PATH);

    /** The managed fields of every mode: read-only, never custom. */
    private static final Pattern MANAGED =
            Pattern.compile("thingId|thingName|registry\\.version|registry\\.thingTypeName"
                    + "|registry\\.thingGroupNames|shadow\\.version|shadow\\.hasDelta|shadow\\.name\\.[^.]+\\.(version|hasDelta)"
                    + "|connectivity\\..*|deviceDefender\\.violationCount");

    private static final Set<String> GROUP_MANAGED =
            Set.of("description", "parentGroupNames", "thingGroupId", "thingGroupName", "version");

    private final IndexingConfigurationStore store;
    private final IndexingConfigurationConfig config;
    private final AwsErrors errors;
    private final Event<Updated> updated;
    private final DynamicGroupsPresence dynamicGroups;

    IndexingConfigurationService(
            IndexingConfigurationStore store,
            IndexingConfigurationConfig config,
            AwsErrors errors,
            Event<Updated> updated,
            DynamicGroupsPresence dynamicGroups) {
        this.store = store;
        this.config = config;
        this.errors = errors;
        this.updated = updated;
        this.dynamicGroups = dynamicGroups;
    }

    /** The configuration in force (blocking, cached: call on a worker thread). */
    public IndexingSettings current() {
        return store.current();
    }

    public Uni<ObjectNode> get() {
        return blocking(() -> store.current().output());
    }

    /** @param input UpdateIndexingConfiguration's input, already valid against the model (enums, required members) */
    public Uni<Void> update(JsonNode input) {
        return blocking(() -> {
            ObjectNode document = store.current().document();
            JsonNode thing = input.path(IndexingSettings.THING_CONFIGURATION);
            if (thing.isObject()) {
                ObjectNode configuration = thingConfiguration(thing);
                // docs/aws-behaviour.md §1.5: the queries of dynamic groups run on the thing index
                if (IndexingSettings.OFF.equals(
                                configuration.path("thingIndexingMode").asText())
                        && dynamicGroups.exist()) {
                    throw invalid("Thing indexing cannot be turned OFF while dynamic thing groups exist");
                }
                document.set(IndexingSettings.THING_CONFIGURATION, configuration);
            }
            JsonNode group = input.path(IndexingSettings.GROUP_CONFIGURATION);
            if (group.isObject()) {
                document.set(IndexingSettings.GROUP_CONFIGURATION, groupConfiguration(group));
            }
            IndexingSettings settings = new IndexingSettings(document);
            store.write(settings);
            updated.fire(new Updated(settings));
            return null;
        });
    }

    private ObjectNode thingConfiguration(JsonNode input) {
        String mode = text(input, "thingIndexingMode", null);
        if (mode == null) {
            throw invalid("thingIndexingMode is required");
        }
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        stored.put("thingIndexingMode", mode);
        stored.put("thingConnectivityIndexingMode", text(input, "thingConnectivityIndexingMode", IndexingSettings.OFF));
        stored.put("deviceDefenderIndexingMode", text(input, "deviceDefenderIndexingMode", IndexingSettings.OFF));
        stored.put("namedShadowIndexingMode", text(input, "namedShadowIndexingMode", IndexingSettings.OFF));
        boolean shadow = IndexingSettings.REGISTRY_AND_SHADOW.equals(mode);
        boolean named =
                IndexingSettings.ON.equals(stored.get("namedShadowIndexingMode").asText());
        boolean defender = IndexingSettings.VIOLATIONS.equals(
                stored.get("deviceDefenderIndexingMode").asText());
        if (IndexingSettings.OFF.equals(mode)
                && (!IndexingSettings.OFF.equals(
                                stored.get("thingConnectivityIndexingMode").asText())
                        || named
                        || defender)) {
            throw invalid("thingIndexingMode OFF cannot be combined with connectivity, named shadow or Device"
                    + " Defender indexing");
        }
        if (named && !shadow) {
            throw invalid("namedShadowIndexingMode ON requires thingIndexingMode REGISTRY_AND_SHADOW");
        }
        // managedFields are read-only: whatever the request says, they follow from the modes
        ArrayNode custom = stored.putArray("customFields");
        Set<String> names = new HashSet<>();
        for (JsonNode field : input.path("customFields")) {
            String name = text(field, "name", null);
            String type = text(field, "type", null);
            if (name == null || name.isEmpty() || type == null) {
                throw invalid("A custom field needs a name and a type");
            }
            if (MANAGED.matcher(name).matches()) {
                throw invalid("Managed field " + name + " cannot be a custom field");
            }
            if (!names.add(name)) {
                throw invalid("Duplicate custom field: " + name);
            }
            boolean valid;
            if (name.startsWith("attributes.")) {
                valid = ATTRIBUTE.matcher(name).matches() && !IndexingSettings.OFF.equals(mode);
            } else if (name.startsWith("shadow.name.")) {
                valid = NAMED_SHADOW.matcher(name).matches() && shadow && named;
            } else if (name.startsWith("shadow.")) {
                valid = CLASSIC_SHADOW.matcher(name).matches() && shadow;
            } else if (name.startsWith("deviceDefender.")) {
                valid = DEVICE_DEFENDER.matcher(name).matches() && defender;
            } else {
                valid = false;
            }
            if (!valid) {
                throw invalid("Invalid custom field " + name + " for thingIndexingMode " + mode
                        + (named ? "" : ", namedShadowIndexingMode OFF")
                        + (defender ? "" : ", deviceDefenderIndexingMode OFF"));
            }
            custom.addObject().put("name", name).put("type", type);
        }
        JsonNode filter = input.path("filter");
        if (filter.isObject()) {
            if (filter.path("namedShadowNames").size() > config.maxNamedShadowNames()) {
                throw invalid("The number of named shadows in filter.namedShadowNames ("
                        + filter.path("namedShadowNames").size() + ") exceeds the limit of "
                        + config.maxNamedShadowNames());
            }
            if (filter.path("geoLocations").size() > config.maxGeoLocations()) {
                throw invalid("The number of geoLocations ("
                        + filter.path("geoLocations").size() + ") exceeds the limit of " + config.maxGeoLocations());
            }
            // geoLocations are stored and reported; geo queries are not supported yet (an invalid field name)
            stored.set("filter", filter.deepCopy());
        }
        return stored;
    }

    /** Stored as given (its managed fields aside). */
    private ObjectNode groupConfiguration(JsonNode input) {
        String mode = text(input, "thingGroupIndexingMode", null);
        if (mode == null) {
            throw invalid("thingGroupIndexingMode is required");
        }
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        stored.put("thingGroupIndexingMode", mode);
        ArrayNode custom = stored.putArray("customFields");
        Set<String> names = new HashSet<>();
        for (JsonNode field : input.path("customFields")) {
            String name = text(field, "name", null);
            String type = text(field, "type", null);
            if (name == null || name.isEmpty() || type == null) {
                throw invalid("A custom field needs a name and a type");
            }
            if (GROUP_MANAGED.contains(name)) {
                throw invalid("Managed field " + name + " cannot be a custom field");
            }
            if (!ATTRIBUTE.matcher(name).matches() || IndexingSettings.OFF.equals(mode)) {
                throw invalid("Invalid custom field " + name + " for thingGroupIndexingMode " + mode);
            }
            if (!names.add(name)) {
                throw invalid("Duplicate custom field: " + name);
            }
            custom.addObject().put("name", name).put("type", type);
        }
        return stored;
    }

    private static String text(JsonNode node, String member, String absent) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? absent : value.asText();
    }

    private RuntimeException invalid(String message) {
        return errors.invalidRequest(message);
    }

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
