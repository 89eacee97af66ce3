package io.iotdm.jobs.template;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.jobs.managed.ManagedJobTemplate;
import io.iotdm.jobs.managed.ManagedJobTemplates;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** ListManagedJobTemplates and DescribeManagedJobTemplate (docs/aws-behaviour.md §5.15). */
@ApplicationScoped
class ManagedTemplateQueries {

    private final ManagedJobTemplates managed;
    private final AwsErrors errors;
    private final PaginationTokens tokens;

    ManagedTemplateQueries(ManagedJobTemplates managed, AwsErrors errors, PaginationTokens tokens) {
        this.managed = managed;
        this.errors = errors;
        this.tokens = tokens;
    }

    /** Every version of every template (of {@code templateName} only, when given), by name then version. */
    ObjectNode list(String templateName, String nextToken, int maxResults) {
        Map<String, String> parameters = Map.of("templateName", templateName == null ? "" : templateName);
        List<ManagedJobTemplate> matching = managed.all().stream()
                .filter(template -> templateName == null || template.name().equals(templateName))
                .toList();
        if (templateName != null && matching.isEmpty()) {
            throw errors.resourceNotFound(missing(templateName, null));
        }
        int from = nextToken == null
                ? 0
                : Integer.parseInt(tokens.cursor("ListManagedJobTemplates", parameters, nextToken));
        List<ManagedJobTemplate> fetched =
                matching.subList(Math.min(from, matching.size()), Math.min(from + maxResults + 1, matching.size()));
        return Page.of(
                        fetched,
                        maxResults,
                        last -> tokens.issue(
                                "ListManagedJobTemplates", parameters, Integer.toString(from + maxResults)))
                .json("managedJobTemplates", template -> {
                    ObjectNode summary = JsonNodeFactory.instance
                            .objectNode()
                            .put("templateArn", managed.arn(template))
                            .put("templateName", template.name())
                            .put("description", template.description());
                    template.environments().forEach(summary.putArray("environments")::add);
                    return summary.put("templateVersion", template.version());
                });
    }

    /** @param version {@code null}: the latest */
    ObjectNode describe(String name, String version) {
        ManagedJobTemplate template =
                managed.find(name, version).orElseThrow(() -> errors.resourceNotFound(missing(name, version)));
        ObjectNode output = JsonNodeFactory.instance
                .objectNode()
                .put("templateName", template.name())
                .put("templateArn", managed.arn(template))
                .put("description", template.description())
                .put("templateVersion", template.version());
        template.environments().forEach(output.putArray("environments")::add);
        var parameters = output.putArray("documentParameters");
        for (ManagedJobTemplate.DocumentParameter parameter : template.documentParameters()) {
            parameters
                    .addObject()
                    .put("key", parameter.key())
                    .put("description", parameter.description())
                    .put("regex", parameter.regex())
                    .put("example", parameter.example())
                    .put("optional", parameter.optional());
        }
        return output.put("document", template.document());
    }

    /** AWS's text is [silent] (docs/aws-behaviour.md §5.15). */
    private static String missing(String name, String version) {
        return version == null
                ? "Managed job template " + name + " does not exist."
                : "Managed job template " + name + " version " + version + " does not exist.";
    }
}
