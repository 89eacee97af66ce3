package io.iotdm.provisioning.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.provisioningtemplate.ProvisioningHook;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A fleet template's pre-provisioning hook (docs/aws-behaviour.md §6.10). AWS invokes a Lambda function; iotdm runs
 * none, so it POSTs the Lambda's payload to an HTTP endpoint: the {@code targetArn} itself when it is an {@code
 * http(s)://} URL, else the URL {@code hook-urls} maps the ARN to. The answer is the Lambda's ({@code
 * allowProvisioning}, {@code parameterOverrides}); a refusal, an error, an unreadable answer or no answer within the
 * timeout refuse the provisioning (403 ACCESS_DENIED), as AWS does.
 */
@ApplicationScoped
class PreProvisioningHooks {

    private static final Logger LOG = Logger.getLogger(PreProvisioningHooks.class);

    private static final JsonMapper JSON = new JsonMapper();

    /** What AWS gives the hook. */
    record Input(
            String claimCertificateId,
            String certificateId,
            String certificatePem,
            String templateArn,
            String clientId,
            Map<String, String> parameters) {}

    private final HttpClient client;
    private final Map<String, String> urls;
    private final Duration timeout;

    PreProvisioningHooks(Vertx vertx, ProvisioningConfig config) {
        this.client = vertx.createHttpClient();
        this.urls = config.fleetProvisioning().hookUrls();
        this.timeout = config.fleetProvisioning().hookTimeout();
    }

    /** @return the parameters with the hook's overrides merged in */
    Uni<Map<String, String>> allowed(ProvisioningHook hook, Input input) {
        String url = url(hook.targetArn());
        ObjectNode payload = JsonNodeFactory.instance
                .objectNode()
                .put("claimCertificateId", input.claimCertificateId())
                .put("certificateId", input.certificateId())
                .put("certificatePem", input.certificatePem())
                .put("templateArn", input.templateArn())
                .put("clientId", input.clientId());
        ObjectNode parameters = payload.putObject("parameters");
        input.parameters().forEach(parameters::put);
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .putHeader("content-type", "application/json");
        return client.request(request)
                .chain(call -> call.send(Buffer.buffer(payload.toString())))
                .chain(response -> response.body().map(body -> {
                    if (response.statusCode() / 100 != 2) {
                        throw DeviceRejection.accessDenied("The pre-provisioning hook " + hook.targetArn()
                                + " failed: HTTP " + response.statusCode());
                    }
                    return merged(hook, input.parameters(), body);
                }))
                .ifNoItem()
                .after(timeout)
                .failWith(() -> DeviceRejection.accessDenied(
                        "The pre-provisioning hook " + hook.targetArn() + " did not answer within " + timeout))
                .onFailure(failure -> !(failure instanceof DeviceRejection))
                .transform(failure -> {
                    // the cause stays in the log: told to the device, connection errors to arbitrary URLs would let
                    // a template author probe the service's network
                    LOG.warnf("The pre-provisioning hook %s cannot be called: %s", hook.targetArn(), failure);
                    return DeviceRejection.accessDenied(
                            "The pre-provisioning hook " + hook.targetArn() + " cannot be called");
                });
    }

    private String url(String targetArn) {
        if (targetArn.startsWith("https://") || targetArn.startsWith("http://")) {
            return targetArn;
        }
        String url = urls.get(targetArn);
        if (url == null) {
            throw DeviceRejection.accessDenied("The pre-provisioning hook " + targetArn
                    + " has no URL: iotdm runs no Lambda functions, so a hook's ARN must be mapped to an HTTP endpoint"
                    + " (iotdm.provisioning.fleet-provisioning.hook-urls)");
        }
        return url;
    }

    private static Map<String, String> merged(ProvisioningHook hook, Map<String, String> parameters, Buffer body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body.getBytes());
        } catch (IOException unreadable) {
            answer = null;
        }
        if (answer == null || !answer.path("allowProvisioning").isBoolean()) {
            throw DeviceRejection.accessDenied("The pre-provisioning hook " + hook.targetArn()
                    + " answered no allowProvisioning (a JSON object {\"allowProvisioning\": true|false,"
                    + " \"parameterOverrides\": {...}} is expected)");
        }
        if (!answer.path("allowProvisioning").asBoolean()) {
            throw DeviceRejection.accessDenied(
                    "The pre-provisioning hook " + hook.targetArn() + " refused the provisioning");
        }
        Map<String, String> merged = new LinkedHashMap<>(parameters);
        answer.path("parameterOverrides")
                .properties()
                .forEach(entry -> merged.put(entry.getKey(), entry.getValue().asText()));
        return merged;
    }
}
