package io.iotdm.aws.protocol;

import java.util.Locale;
import java.util.Set;

/**
 * Secrets whose development defaults are public (they are in iotdm's source, and {@code ./iotdm up} prints the access
 * key): fine on a laptop, where only loopback can reach the process, an open door anywhere else. A process that listens
 * beyond loopback with one of them refuses to start.
 */
public final class PublicDefaults {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost");

    private PublicDefaults() {}

    /**
     * @param httpHost the address the process listens on ({@code quarkus.http.host})
     * @param setting the configuration key that holds the secret, named in the message
     * @param isPublicDefault whether the secret is still the public default
     * @throws IllegalStateException when the process listens beyond loopback with the public default
     */
    public static void refuseBeyondLoopback(String httpHost, String setting, boolean isPublicDefault) {
        if (isPublicDefault && !LOOPBACK.contains(httpHost.strip().toLowerCase(Locale.ROOT))) {
            throw new IllegalStateException(setting + " has its public development default, which anyone can read in "
                    + "iotdm's source, and this process listens beyond loopback (quarkus.http.host=" + httpHost
                    + "): set " + setting + " to a secret of your own, or listen on 127.0.0.1 only");
        }
    }
}
