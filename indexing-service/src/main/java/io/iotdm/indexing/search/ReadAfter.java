package io.iotdm.indexing.search;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The registry writes a client wants a fleet-index request to see, from the extension header {@value #HEADER}:
 * {@code <thingName>@<revision>[,<thingName>@<revision>...]}, each revision as a registry write answered it in
 * {@code iotdm-registry-revision}. Only the syntax is checked here; {@link ReadAfterWaiter} waits for the writes.
 *
 * @param revisions the lowest registry revision each thing must be seen at (the highest named, for a thing named twice)
 */
public record ReadAfter(Map<String, Long> revisions) {

    public static final String HEADER = "iotdm-read-after";

    /** Bounds the query that checks the writes. */
    static final int MAX_THINGS = 100;

    /** AWS's ThingName: it never contains {@code @} or {@code ,}, so the list needs no quoting. */
    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

    private static final Pattern REVISION = Pattern.compile("[0-9]{1,18}");

    public ReadAfter {
        revisions = Map.copyOf(revisions);
    }

    /** @throws IllegalArgumentException for a value that is not a list of {@code <thingName>@<revision>} */
    public static ReadAfter parse(String header) {
        Map<String, Long> revisions = new TreeMap<>();
        for (String entry : header.split(",", -1)) {
            String write = entry.trim();
            int at = write.indexOf('@');
            String thingName = at < 0 ? write : write.substring(0, at);
            String revision = at < 0 ? "" : write.substring(at + 1);
            if (!THING_NAME.matcher(thingName).matches()
                    || !REVISION.matcher(revision).matches()) {
                throw new IllegalArgumentException("expected <thingName>@<revision>[,<thingName>@<revision>...], got '"
                        + write + "' in '" + header + "'");
            }
            revisions.merge(thingName, Long.parseLong(revision), Math::max);
        }
        if (revisions.size() > MAX_THINGS) {
            throw new IllegalArgumentException("at most " + MAX_THINGS + " things, got " + revisions.size());
        }
        return new ReadAfter(revisions);
    }
}
