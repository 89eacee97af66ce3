package io.iotdm.service.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code iotdm.internal}: the secret that the api-gateway and every service of one deployment share. It has no
 * default: a service without one refuses to start.
 */
@ConfigMapping(prefix = "iotdm.internal")
public interface InternalConfig {

    /** The secret itself (at least 32 characters). */
    Optional<String> secret();

    /** A mounted file that holds the secret (surrounding whitespace ignored), read once at start. */
    Optional<Path> secretFile();

    /** How far a signature's timestamp may be from this service's clock, either way. */
    @WithDefault("60s")
    Duration maxClockSkew();
}
