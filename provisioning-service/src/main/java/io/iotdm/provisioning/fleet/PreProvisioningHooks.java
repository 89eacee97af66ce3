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
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A fleet template's pre-provisioning hook (docs/aws-behaviour.md §6.10). AWS invokes a Lambda function; iotdm runs
 * none, so it POSTs the Lambda's payload to an HTTP endpoint: the {@code targetArn} itself when it is an {@code
 * https://} URL on a host of {@code hook-allowed-hosts}, else the URL {@code hook-urls} maps the ARN to. The answer is the Lambda's ({@code
 * allowProvisioning}, {@code parameterOverrides}); a refusal, an error, an unreadable answer or no answer within the
 * timeout refuse the provisioning (403 ACCESS_DENIED), as AWS does.
 */
@ApplicationScoped
class PreProvisioningHooks {

    private static final Logger LOG = Logger.getLogger(PreProvisioningHooks.class);

    private static final JsonMapper JSON = new JsonMapper();
    private static final String PLAIN_HTTP = "http://";

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
    /** The hosts a {@code targetArn} URL may name over HTTPS, and those it may name over plain HTTP too. */
    private final Set<String> httpsHosts;

    private final Set<String> httpHosts;

    PreProvisioningHooks(Vertx vertx, ProvisioningConfig config) {
        this.client = vertx.createHttpClient();
        this.urls = config.fleetProvisioning().hookUrls();
        this.timeout = config.fleetProvisioning().hookTimeout();
        Set<String> https = new HashSet<>();
        Set<String> http = new HashSet<>();
        for (String entry : config.fleetProvisioning().hookAllowedHosts().orElse(List.of())) {
            String host = entry.strip().toLowerCase(Locale.ROOT);
            if (host.startsWith(PLAIN_HTTP)) {
                http.add(host.substring(PLAIN_HTTP.length()));
                https.add(host.substring(PLAIN_HTTP.length()));
            } else {
                https.add(host);
            }
        }
        this.httpsHosts = Set.copyOf(https);
        this.httpHosts = Set.copyOf(http);
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
            if (!allowed(targetArn)) {
                throw DeviceRejection.accessDenied("The pre-provisioning hook " + targetArn
                        + " is not an allowed URL: iotdm calls https:// URLs on the hosts of"
                        + " iotdm.provisioning.fleet-provisioning.hook-allowed-hosts, or the URL that hook-urls maps"
                        + " an ARN to");
            }
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

    /**
     * An {@code https://} URL on an allowed host, or an {@code http://} one on a host allowed plain HTTP: a template
     * author must not make the service call any address of its network (docs/aws-behaviour.md §6.10).
     */
    private boolean allowed(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException notAUrl) {
            return false;
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return "https".equals(uri.getScheme()) ? httpsHosts.contains(host) : httpHosts.contains(host);
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
