package io.iotdm.aws.service;

import io.iotdm.aws.protocol.PublicDefaults;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who this endpoint claims to be in ARNs, and the key that makes its pagination tokens tamper-proof. */
@ConfigMapping(prefix = "iotdm.aws")
public interface AwsConfig {

    /** The public default of {@link #paginationSecret()}: refused beyond loopback ({@link PublicDefaults}). */
    String LOCAL_PAGINATION_SECRET = "iotdm-local-pagination-secret-change-me-in-deployments";

    @WithDefault("us-east-1")
    String region();

    @WithDefault("123456789012")
    String accountId();

    /**
     * At least 32 bytes, the same on every instance of a service so that any instance accepts another's tokens. The
     * default suits a local run only; a deployment sets its own.
     */
    @WithDefault(LOCAL_PAGINATION_SECRET)
    String paginationSecret();
}
