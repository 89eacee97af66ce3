package io.iotdm.jobs.managed;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An AWS-managed job template, one version of it (docs/aws-behaviour.md §5.15).
 *
 * @param document the job document with {@code ${aws:iot:parameter:<key>}} placeholders, as DescribeManagedJobTemplate
 *     answers it
 */
public record ManagedJobTemplate(
        String name,
        String version,
        String description,
        List<String> environments,
        List<DocumentParameter> documentParameters,
        String document) {

    public ManagedJobTemplate {
        environments = List.copyOf(environments);
        documentParameters = List.copyOf(documentParameters);
    }

    /** A parameter of the document: CreateJob's {@code documentParameters} fill it. */
    public record DocumentParameter(String key, String description, String regex, String example, boolean optional) {

        static DocumentParameter of(JsonNode json) {
            return new DocumentParameter(
                    json.path("key").asText(),
                    json.path("description").asText(),
                    json.path("regex").asText(),
                    json.path("example").asText(),
                    json.path("optional").asBoolean());
        }
    }
}
