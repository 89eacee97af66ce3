package io.iotdm.provisioning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "iotdm.provisioning")
public interface ProvisioningConfig {

    /** IoT policies (docs/aws-behaviour.md §6.4). */
    PolicyLimits policy();

    /** CA certificates (docs/aws-behaviour.md §6.2). */
    CaLimits ca();

    /** How long a question to the registry or the group-service may take before the operation fails (503). */
    @WithDefault("5s")
    Duration peerDeadline();

    interface PolicyLimits {

        /** Versions a policy may have at once: AWS's quota is 5. */
        @WithDefault("5")
        int maxVersions();

        /** Policies attached to one certificate, thing group or Cognito identity: AWS's quota is 10. */
        @WithDefault("10")
        int maxPerTarget();
    }

    interface CaLimits {

        /** CA certificates that may share a subject: AWS's quota is 10. */
        @WithDefault("10")
        int maxPerSubject();
    }
}
