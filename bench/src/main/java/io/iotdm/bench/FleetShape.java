package io.iotdm.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The things of the fleet scenarios, as a function of their number {@code i}: {@code fleet-load} writes them with SQL
 * into the registry, {@code fleet-rebuild} writes the same things as index documents straight into OpenSearch, and
 * {@code fleet-search} queries values that exist. Both sides derive every value from {@code md5(i)} (PostgreSQL's
 * {@code md5(i::text)}, here {@link MessageDigest}), four 32-bit slices of it:
 *
 * <pre>
 * name           &lt;prefix&gt;-&lt;i, 8 digits&gt;          id  md5('id' || i) as a UUID
 * model          m0 .. m19      (h1 % 20)         site  s0 .. s99  (h2 % 100)
 * fw             "1.0" .. "4.9" (h3; reads as a number, so it has a numeric twin in the index)
 * version        1 .. 3         (h2)
 * classic shadow for h4 % 100 &lt; shadowPercent: reported {"temp": 0..39, "battery": 0..100}, version 1 .. 5
 * </pre>
 *
 * So {@code attributes.model:mX AND attributes.site:sY} matches 1 in 2,000 things, and
 * {@code shadow.reported.temp > T} about (39 - T) / 40 of those with a shadow.
 */
final class FleetShape {

    static final int MODELS = 20;
    static final int SITES = 100;
    static final int TEMPERATURES = 40;

    private static final HexFormat HEX = HexFormat.of();

    final String prefix;
    final int shadowPercent;

    FleetShape(String prefix, int shadowPercent) {
        this.prefix = prefix;
        this.shadowPercent = shadowPercent;
    }

    /** One thing's values. */
    record Thing(
            String name,
            String id,
            String model,
            String site,
            String fw,
            long version,
            boolean hasShadow,
            long temp,
            long battery,
            long shadowVersion) {}

    Thing thing(long i) {
        byte[] md5 = md5(Long.toString(i));
        long h1 = slice(md5, 0);
        long h2 = slice(md5, 4);
        long h3 = slice(md5, 8);
        long h4 = slice(md5, 12);
        return new Thing(
                name(i),
                uuid(md5("id" + i)),
                "m" + h1 % MODELS,
                "s" + h2 % SITES,
                (h3 % 4 + 1) + "." + (h3 / 4 % 10),
                1 + (h2 / 100) % 3,
                h4 % 100 < shadowPercent,
                (h4 / 100) % TEMPERATURES,
                (h4 / 4000) % 101,
                1 + (h3 / 40) % 5);
    }

    String name(long i) {
        return prefix + "-" + String.format("%08d", i);
    }

    /** {@code LIKE} pattern of the fleet's names. */
    String namePattern() {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "-%";
    }

    /**
     * The SQL of one chunk of things, {@code generate_series(?, ?)}: parameters prefix, last_modified, first, last.
     * Revisions come from the registry's own sequence, as its writes take them.
     */
    static final String INSERT_THINGS =
            """
            INSERT INTO thing (name, id, thing_type_name, attributes, version, revision, last_modified,
                               billing_group_name)
            SELECT ?::text || '-' || lpad(i::text, 8, '0'),
                   md5('id' || i)::uuid::text,
                   NULL,
                   jsonb_build_object('model', 'm' || (h1 % 20),
                                      'site', 's' || (h2 % 100),
                                      'fw', (h3 % 4 + 1) || '.' || (h3 / 4 % 10)),
                   1 + (h2 / 100) % 3,
                   nextval('thing_revision'),
                   ?::timestamptz,
                   NULL
            FROM (SELECT i,
                         ('x' || substr(m, 1, 8))::bit(32)::bigint AS h1,
                         ('x' || substr(m, 9, 8))::bit(32)::bigint AS h2,
                         ('x' || substr(m, 17, 8))::bit(32)::bigint AS h3
                  FROM (SELECT i, md5(i::text) AS m FROM generate_series(?::bigint, ?::bigint) AS i) g) h
            """;

    /**
     * The classic shadows of one chunk, in the registry's storage form ({@code ShadowDocument.toJson}: state,
     * metadata with a timestamp per leaf, version, timestamp in epoch seconds): parameters prefix, epoch seconds,
     * first, last, shadow percent.
     */
    static final String INSERT_SHADOWS =
            """
            INSERT INTO shadow (thing_name, shadow_name, document, version, updated_at, deleted_at)
            SELECT ?::text || '-' || lpad(i::text, 8, '0'),
                   '',
                   '{"state":{"reported":{"temp":' || (h4 / 100) % 40 || ',"battery":' || (h4 / 4000) % 101
                       || '}},"metadata":{"reported":{"temp":{"timestamp":' || ts || '},"battery":{"timestamp":'
                       || ts || '}}},"version":' || (1 + (h3 / 40) % 5) || ',"timestamp":' || ts || '}',
                   1 + (h3 / 40) % 5,
                   to_timestamp(ts),
                   NULL
            FROM (SELECT i, ?::bigint AS ts,
                         ('x' || substr(m, 17, 8))::bit(32)::bigint AS h3,
                         ('x' || substr(m, 25, 8))::bit(32)::bigint AS h4
                  FROM (SELECT i, md5(i::text) AS m FROM generate_series(?::bigint, ?::bigint) AS i) g) h
            WHERE h4 % 100 < ?
            """;

    /**
     * The document the indexing-service's rebuild makes of a thing ({@code SnapshotDocuments} → {@code
     * NewThingDocument}): the registry part, the classic shadow part, their bookkeeping, connectivity's default.
     */
    Map<String, Object> document(long i, long revision, long lastModifiedMillis, long shadowSeconds) {
        Thing t = thing(i);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("thingName", t.name());
        doc.put("thingId", t.id());
        doc.put("registry.version", t.version());
        doc.put("attributes.model", t.model());
        doc.put("attributes.site", t.site());
        doc.put("attributes.fw", t.fw());
        doc.put("numeric.attributes.fw", Double.parseDouble(t.fw()));
        doc.put("live", true);
        doc.put("sync.registry.version", revision);
        doc.put("sync.registry.timestamp", lastModifiedMillis);
        doc.put("sync.registry.deleted", false);
        if (t.hasShadow()) {
            doc.put("shadow.version", t.shadowVersion());
            doc.put("shadow.hasDelta", false);
            doc.put("shadow.reported.temp", t.temp());
            doc.put("numeric.shadow.reported.temp", (double) t.temp());
            doc.put("shadow.reported.battery", t.battery());
            doc.put("numeric.shadow.reported.battery", (double) t.battery());
            doc.put(
                    "shadowDocument.classic",
                    "{\"reported\":{\"temp\":" + t.temp() + ",\"battery\":" + t.battery()
                            + "},\"metadata\":{\"reported\":{\"temp\":{\"timestamp\":" + shadowSeconds
                            + "},\"battery\":{\"timestamp\":" + shadowSeconds + "}}},\"hasDelta\":false,\"version\":"
                            + t.shadowVersion() + ",\"timestamp\":" + shadowSeconds + "}");
            doc.put("sync.shadow.version", t.shadowVersion());
            doc.put("sync.shadow.timestamp", shadowSeconds);
            doc.put("sync.shadow.deleted", false);
        }
        doc.put("connectivity.connected", false);
        return doc;
    }

    private static long slice(byte[] md5, int offset) {
        return ((md5[offset] & 0xFFL) << 24)
                | ((md5[offset + 1] & 0xFFL) << 16)
                | ((md5[offset + 2] & 0xFFL) << 8)
                | (md5[offset + 3] & 0xFFL);
    }

    private static String uuid(byte[] md5) {
        String hex = HEX.formatHex(md5);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
