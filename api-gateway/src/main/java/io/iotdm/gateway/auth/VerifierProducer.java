package io.iotdm.gateway.auth;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** One verifier for the process: it is stateless, and the keys behind it are read once. */
@Singleton
final class VerifierProducer {

    @Produces
    @Singleton
    SigV4Verifier verifier(AccessKeys keys) {
        return new SigV4Verifier(keys, Clock.systemUTC());
    }
}
