package io.iotdm.indexing.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The painless script that applies one part update to a thing's document ({@code index/versioned-part.painless};
 * {@link io.iotdm.indexing.thing.PartUpdate} and {@link io.iotdm.indexing.thing.PartVersion} say what it does). It is
 * stored in the cluster under an id that names its content, so that bulk items only carry their parameters, and an
 * instance running another version of the script (a rolling upgrade) keeps using its own.
 */
public final class ThingPartScript {

    static final String RESOURCE = "index/versioned-part.painless";

    /** The painless source. */
    public static final String SOURCE = read();

    /** {@code iotdm-thing-part-<first 12 hex digits of the source's SHA-256>}. */
    public static final String ID = "iotdm-thing-part-" + digest(SOURCE);

    private ThingPartScript() {}

    private static String read() {
        try (InputStream in = ThingPartScript.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(String source) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
