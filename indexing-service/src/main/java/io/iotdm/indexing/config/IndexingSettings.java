package io.iotdm.indexing.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.indexing.thing.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The effective indexing configuration, immutable: the stored document (the validated input of the last
 * UpdateIndexingConfiguration, without {@code managedFields}) with the defaults filled in.
 *
 * <h2>The default</h2>
 *
 * A fresh AWS account has thing indexing OFF. iotdm indexes everything from the start instead, because a self-hosted
 * user expects SearchIndex to work without a configuration step (and the end-to-end tests rely on it): until the
 * configuration is set, it is {@code REGISTRY_AND_SHADOW}, connectivity {@code STATUS}, named shadows {@code ON} (all
 * names: no {@code namedShadowNames} filter), Device Defender {@code OFF}, no custom fields, thing-group indexing
 * {@code OFF}. GetIndexingConfiguration reports exactly that.
 *
 * <h2>Named shadows without a filter</h2>
 *
 * {@code namedShadowIndexingMode: ON} without {@code filter.namedShadowNames} means every named shadow here (iotdm's
 * default needs it); with a filter, only the names listed.
 */
public final class IndexingSettings {

    public static final String THING_CONFIGURATION = "thingIndexingConfiguration";
    public static final String GROUP_CONFIGURATION = "thingGroupIndexingConfiguration";

    public static final String OFF = "OFF";
    public static final String REGISTRY = "REGISTRY";
    public static final String REGISTRY_AND_SHADOW = "REGISTRY_AND_SHADOW";
    public static final String STATUS = "STATUS";
    public static final String ON = "ON";
    public static final String VIOLATIONS = "VIOLATIONS";

    /** The configuration in force when none was ever set (see the class comment). */
    public static final IndexingSettings DEFAULT = new IndexingSettings(defaultDocument());

    private final ObjectNode document;

    /** @param document a stored document; members it lacks take their defaults */
    public IndexingSettings(JsonNode document) {
        ObjectNode merged = defaultDocument();
        if (document != null && document.path(THING_CONFIGURATION).isObject()) {
            merged.set(THING_CONFIGURATION, document.get(THING_CONFIGURATION).deepCopy());
        }
        if (document != null && document.path(GROUP_CONFIGURATION).isObject()) {
            merged.set(GROUP_CONFIGURATION, document.get(GROUP_CONFIGURATION).deepCopy());
        }
        this.document = merged;
    }

    private static ObjectNode defaultDocument() {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.putObject(THING_CONFIGURATION)
                .put("thingIndexingMode", REGISTRY_AND_SHADOW)
                .put("thingConnectivityIndexingMode", STATUS)
                .put("deviceDefenderIndexingMode", OFF)
                .put("namedShadowIndexingMode", ON)
                .putArray("customFields");
        document.putObject(GROUP_CONFIGURATION)
                .put("thingGroupIndexingMode", OFF)
                .putArray("customFields");
        return document;
    }

    /** The document to store (a copy). */
    public ObjectNode document() {
        return document.deepCopy();
    }

    private JsonNode thing() {
        return document.path(THING_CONFIGURATION);
    }

    private JsonNode group() {
        return document.path(GROUP_CONFIGURATION);
    }

    public String thingIndexingMode() {
        return thing().path("thingIndexingMode").asText(OFF);
    }

    public String connectivityMode() {
        return thing().path("thingConnectivityIndexingMode").asText(OFF);
    }

    public String deviceDefenderMode() {
        return thing().path("deviceDefenderIndexingMode").asText(OFF);
    }

    public String namedShadowMode() {
        return thing().path("namedShadowIndexingMode").asText(OFF);
    }

    public String groupIndexingMode() {
        return group().path("thingGroupIndexingMode").asText(OFF);
    }

    /** Whether {@code AWS_ThingGroups} exists for the API (the group index itself is always kept, see GroupIndex). */
    public boolean groupIndexOn() {
        return ON.equals(groupIndexingMode());
    }

    public boolean thingIndexOn() {
        return !OFF.equals(thingIndexingMode());
    }

    public boolean shadowOn() {
        return REGISTRY_AND_SHADOW.equals(thingIndexingMode());
    }

    public boolean connectivityOn() {
        return thingIndexOn() && STATUS.equals(connectivityMode());
    }

    public boolean namedShadowsOn() {
        return shadowOn() && ON.equals(namedShadowMode());
    }

    /** The named shadows indexed: {@code null} for all of them (no filter). */
    public List<String> namedShadowNames() {
        JsonNode names = thing().path("filter").path("namedShadowNames");
        if (!names.isArray()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        names.forEach(name -> list.add(name.asText()));
        return list;
    }

    public boolean namedShadowIndexed(String shadowName) {
        List<String> names = namedShadowNames();
        return namedShadowsOn() && (names == null || names.contains(shadowName));
    }

    /**
     * Whether documents under this configuration hold the given part of a thing: the registry part while the index is
     * on, group memberships likewise, the classic shadow with {@code REGISTRY_AND_SHADOW}, a named shadow when it is selected, connectivity with
     * {@code STATUS}. The consumer and the rebuild both store only these, so what a query may name is what is there.
     */
    public boolean stores(Part part) {
        String name = part.name();
        if (name.equals(Part.registry().name())) {
            return thingIndexOn();
        }
        if (name.equals(Part.connectivity().name())) {
            return connectivityOn();
        }
        if (name.equals(Part.shadow(null).name())) {
            return shadowOn();
        }
        if (name.startsWith(Part.MEMBERSHIP_PREFIX)) {
            return thingIndexOn(); // registry.thingGroupNames is a managed field of every mode
        }
        return name.startsWith(Part.NAMED_SHADOW_PREFIX)
                && namedShadowIndexed(name.substring(Part.NAMED_SHADOW_PREFIX.length()));
    }

    /**
     * Whether documents indexed under this configuration and under {@code other} hold the same parts, so that one
     * index serves both; a change between two configurations that differ here needs a rebuild. Custom fields do not
     * matter: every field is indexed with its keyword and numeric forms whatever its declared type.
     */
    public boolean sameStorage(IndexingSettings other) {
        return thingIndexOn() == other.thingIndexOn()
                && shadowOn() == other.shadowOn()
                && connectivityOn() == other.connectivityOn()
                && namedShadowsOn() == other.namedShadowsOn()
                && Objects.equals(sorted(namedShadowNames()), sorted(other.namedShadowNames()));
    }

    private static List<String> sorted(List<String> names) {
        return names == null ? null : names.stream().sorted().distinct().toList();
    }

    /**
     * Whether a query field (an AWS name that the query language knows) is in the index under this configuration:
     * {@code shadow.*} needs {@code REGISTRY_AND_SHADOW}, {@code shadow.name.<s>.*} named shadows on and {@code s}
     * indexed, {@code connectivity.*} connectivity {@code STATUS}, {@code deviceDefender.*} {@code VIOLATIONS}. The
     * registry fields are always there while the index is on.
     */
    public boolean fieldIndexed(String field) {
        if (!thingIndexOn()) {
            return false;
        }
        if (field.startsWith("shadow.name.")) {
            String rest = field.substring("shadow.name.".length());
            int dot = rest.indexOf('.');
            return dot > 0 && namedShadowIndexed(rest.substring(0, dot));
        }
        if (field.startsWith("shadow.")) {
            return shadowOn();
        }
        if (field.startsWith("connectivity.")) {
            return connectivityOn();
        }
        if (field.startsWith("deviceDefender.")) {
            return VIOLATIONS.equals(deviceDefenderMode());
        }
        return true;
    }

    /**
     * DescribeIndex's {@code schema} of {@code AWS_Things} (only meaningful while the index is on):
     * {@code MULTI_INDEXING_MODE} when a data source beyond registry, shadow and connectivity status is indexed
     * (named shadows, Device Defender violations, geolocations), else the combination of registry, shadow and
     * connectivity status, spelt as AWS's DescribeIndex reference does ({@code REGISTRY_AND_CONNECTIVITY_STATUS}).
     */
    public String schema() {
        if (!thingIndexOn()) {
            return OFF;
        }
        boolean geo = thing().path("filter").path("geoLocations").size() > 0;
        if (namedShadowsOn() || VIOLATIONS.equals(deviceDefenderMode()) || geo) {
            return "MULTI_INDEXING_MODE";
        }
        String schema = shadowOn() ? REGISTRY_AND_SHADOW : REGISTRY;
        return connectivityOn() ? schema + "_AND_CONNECTIVITY_STATUS" : schema;
    }

    /** GetIndexingConfiguration's output: the configuration with the managed fields of its modes. */
    public ObjectNode output() {
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        ObjectNode thing = ((ObjectNode) thing()).deepCopy();
        ArrayNode managed = JsonNodeFactory.instance.arrayNode();
        if (thingIndexOn()) {
            field(managed, "thingName", "String");
            field(managed, "thingId", "String");
            field(managed, "registry.version", "Number");
            field(managed, "registry.thingTypeName", "String");
            field(managed, "registry.thingGroupNames", "String");
            if (shadowOn()) {
                field(managed, "shadow.version", "Number");
                field(managed, "shadow.hasDelta", "Boolean");
            }
            if (namedShadowsOn()) {
                field(managed, "shadow.name.*.version", "Number");
                field(managed, "shadow.name.*.hasDelta", "Boolean");
            }
            if (connectivityOn()) {
                field(managed, "connectivity.timestamp", "Number");
                field(managed, "connectivity.version", "Number");
                field(managed, "connectivity.connected", "Boolean");
                field(managed, "connectivity.disconnectReason", "String");
            }
            if (VIOLATIONS.equals(deviceDefenderMode())) {
                field(managed, "deviceDefender.violationCount", "Number");
            }
        }
        ObjectNode ordered = JsonNodeFactory.instance.objectNode();
        ordered.put("thingIndexingMode", thingIndexingMode());
        ordered.put("thingConnectivityIndexingMode", connectivityMode());
        ordered.put("deviceDefenderIndexingMode", deviceDefenderMode());
        ordered.put("namedShadowIndexingMode", namedShadowMode());
        ordered.set("managedFields", managed);
        ordered.set("customFields", thing.path("customFields").isArray() ? thing.get("customFields") : null);
        if (ordered.get("customFields") == null) {
            ordered.putArray("customFields");
        }
        if (thing.path("filter").isObject()) {
            ordered.set("filter", thing.get("filter"));
        }
        output.set(THING_CONFIGURATION, ordered);

        ObjectNode group = output.putObject(GROUP_CONFIGURATION);
        group.put("thingGroupIndexingMode", groupIndexingMode());
        ArrayNode groupManaged = group.putArray("managedFields");
        if (ON.equals(groupIndexingMode())) {
            field(groupManaged, "description", "String");
            field(groupManaged, "parentGroupNames", "String");
            field(groupManaged, "thingGroupId", "String");
            field(groupManaged, "thingGroupName", "String");
            field(groupManaged, "version", "Number");
        }
        JsonNode groupCustom = group().path("customFields");
        group.set(
                "customFields", groupCustom.isArray() ? groupCustom.deepCopy() : JsonNodeFactory.instance.arrayNode());
        return output;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IndexingSettings settings && document.equals(settings.document);
    }

    @Override
    public int hashCode() {
        return document.hashCode();
    }

    private static void field(ArrayNode fields, String name, String type) {
        fields.addObject().put("name", name).put("type", type);
    }
}
