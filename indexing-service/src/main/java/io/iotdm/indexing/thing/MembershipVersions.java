package io.iotdm.indexing.thing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the membership parts of a thing document keep their bookkeeping: one entry per group in the list field
 * {@value #FIELD}, {@code "<group> <version> <timestamp> <deleted>"} (group names have no spaces), rather than three
 * fields per group as the other parts have. Fields per group would put every group ever seen into the index's
 * mapping: each new group a mapping update (a cluster-state change, which became the indexing-service's bottleneck
 * with a few hundred groups) and a mapping without bound. The part script ({@code index/versioned-part.painless})
 * reads and writes the same format.
 */
public final class MembershipVersions {

    /** The list field (mapped in {@code index/aws_things_v1.json}: a keyword, not searched). */
    public static final String FIELD = "sync.memberships";

    private MembershipVersions() {}

    static String entry(String group, PartVersion version) {
        return group + ' ' + version.version() + ' ' + version.timestamp() + ' ' + version.deleted();
    }

    /** group → the version of its membership part, from the field's value (a list of entries, or one entry). */
    public static Map<String, PartVersion> of(Object value) {
        Map<String, PartVersion> versions = new TreeMap<>();
        if (value instanceof Iterable<?> entries && !(value instanceof JsonNode node && node.isTextual())) {
            entries.forEach(entry -> add(versions, entry));
        } else if (value != null) {
            add(versions, value);
        }
        return versions;
    }

    private static void add(Map<String, PartVersion> versions, Object entry) {
        String text = entry instanceof JsonNode node ? node.asText() : String.valueOf(entry);
        String[] values = text.split(" ");
        if (values.length == 4) {
            versions.put(
                    values[0],
                    new PartVersion(
                            Long.parseLong(values[1]), Long.parseLong(values[2]), Boolean.parseBoolean(values[3])));
        }
    }
}
