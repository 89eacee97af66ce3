package io.iotdm.jobs.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request's {@code statusDetails} member (a map of strings the model has already checked). */
public final class StatusDetails {

    private StatusDetails() {}

    /** The details, or {@code null} when the request has none (the execution's stay as they are). */
    public static Map<String, String> of(JsonNode member) {
        if (member.isMissingNode() || member.isNull()) {
            return null;
        }
        Map<String, String> details = new LinkedHashMap<>();
        member.fields()
                .forEachRemaining(
                        entry -> details.put(entry.getKey(), entry.getValue().asText()));
        return details;
    }
}
