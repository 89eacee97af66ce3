package io.iotdm.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "iotdm.jobs")
public interface JobsConfig {

    /** How long a question to the group-service may take before the operation fails (503). */
    @WithDefault("5s")
    Duration peerDeadline();

    /** Jobs in DELETION_IN_PROGRESS at once: AWS's quota is 10 (docs/aws-behaviour.md §5.8). */
    @WithDefault("10")
    int maxDeletingJobs();

    /** The rollout engine (docs/architecture.md, "The jobs rollout engine"). */
    Rollout rollout();

    interface Rollout {

        /**
         * How often each instance advances the rollouts that are due; {@code off} stops the engine (tests step it
         * themselves).
         */
        @WithDefault("1s")
        String interval();

        /** Rollouts one step locks and advances, in one transaction. */
        @WithDefault("16")
        int rolloutsPerStep();

        /** Executions one step queues or deletes for one rollout, which bounds a step's transaction. */
        @WithDefault("500")
        int executionsPerStep();
    }
}
