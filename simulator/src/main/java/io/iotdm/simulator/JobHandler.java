package io.iotdm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a simulated device does with the job execution it started ({@code $aws/things/{thing}/jobs/start-next}
 * accepted, docs/aws-behaviour.md §5.3): the one place where a device looks at a job document, so that a check such
 * as the verification of its {@code codesign} block plugs in here.
 */
@FunctionalInterface
public interface JobHandler {

    /**
     * @param execution the {@code execution} of start-next's answer ({@code jobId}, {@code jobDocument},
     *     {@code versionNumber}, ...)
     */
    CompletionStage<Outcome> run(String thingName, JsonNode execution);

    /** The final status the device reports ({@code SUCCEEDED}, {@code FAILED} or {@code REJECTED}) and its details. */
    record Outcome(String status, Map<String, String> statusDetails) {
        public static Outcome succeeded() {
            return new Outcome("SUCCEEDED", Map.of("simulator", "done"));
        }

        public static Outcome failed(String reason) {
            return new Outcome("FAILED", Map.of("reason", reason));
        }
    }

    /** A device that does what every job asks at once and reports SUCCEEDED. */
    JobHandler ACKNOWLEDGE = (thingName, execution) -> CompletableFuture.completedFuture(Outcome.succeeded());
}
