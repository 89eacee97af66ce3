package io.iotdm.service.auth;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The deployment's {@link InternalSignature}, made at start so that a service without a secret does not start. */
@Singleton
public class InternalSignatures {

    @Produces
    @Singleton
    @Startup
    InternalSignature signature(
            InternalConfig config, @ConfigProperty(name = "quarkus.application.name") String application) {
        return new InternalSignature(secret(config), application, config.maxClockSkew(), Clock.systemUTC());
    }

    static String secret(InternalConfig config) {
        if (config.secret().isPresent() && config.secretFile().isPresent()) {
            throw new IllegalStateException(
                    "Both iotdm.internal.secret and iotdm.internal.secret-file are set: set one of them");
        }
        String secret = config.secretFile()
                .map(file -> {
                    try {
                        return Files.readString(file, StandardCharsets.UTF_8).strip();
                    } catch (IOException e) {
                        throw new UncheckedIOException("iotdm.internal.secret-file " + file + " cannot be read", e);
                    }
                })
                .or(config::secret)
                .orElseThrow(() -> new IllegalStateException(
                        "No internal secret: set iotdm.internal.secret (or mount a file and name it in"
                                + " iotdm.internal.secret-file) to the same secret of at least "
                                + InternalSignature.MIN_SECRET_LENGTH
                                + " characters in the api-gateway and every service of this deployment"));
        return secret;
    }
}
