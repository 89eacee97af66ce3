package io.iotdm.gateway.routing;

import io.iotdm.aws.protocol.AwsModel;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.Operation;
import io.iotdm.aws.protocol.OperationTable;
import io.iotdm.aws.protocol.ProtocolErrors;
import io.iotdm.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Decides where a verified request goes. The models and the owner URLs are read once at start; per request this is
 * one table lookup and one map lookup.
 */
@Singleton
public final class OperationRouter {

    private static final Logger LOG = Logger.getLogger(OperationRouter.class);

    private final OperationTable table;
    private final Map<String, Upstream> upstreams;

    @Inject
    OperationRouter(GatewayConfig config) {
        this(AwsModel.load(), config.services());
    }

    OperationRouter(AwsModel model, Map<String, GatewayConfig.Service> services) {
        this.table = new OperationTable(model);
        Set<String> owners = new TreeSet<>();
        model.services().forEach(service -> service.operations().stream()
                .filter(Operation::inScope)
                .forEach(operation -> owners.add(operation.owner())));
        Map<String, Upstream> byOwner = new HashMap<>();
        services.forEach(
                (owner, service) -> service.url().ifPresent(url -> byOwner.put(owner, Upstream.of(owner, url))));
        this.upstreams = Map.copyOf(byOwner);
        // a typo in a service name would otherwise surface only as "not deployed" on the first request
        byOwner.keySet().stream()
                .filter(owner -> !owners.contains(owner))
                .forEach(owner -> LOG.warnf(
                        "iotdm.gateway.services.%s names no service of api-scope.json; known: %s", owner, owners));
        owners.forEach(owner -> {
            Upstream upstream = byOwner.get(owner);
            if (upstream == null) {
                LOG.infof("%s: not deployed (iotdm.gateway.services.%s.url is not set)", owner, owner);
            } else {
                LOG.infof("%s: %s", owner, describe(upstream));
            }
        });
    }

    /**
     * @param signingName the service of the verified credential scope: it decides between models that share a path
     * @param requestTarget raw path and query, exactly as sent
     * @param body the request body, read only for the few operations whose owner depends on it
     * @throws AwsServiceException a path or query that is not percent-encoded UTF-8 (400), unknown operation (404), not implemented (501) or owner not deployed (503)
     */
    public Route route(String signingName, String method, String requestTarget, Supplier<byte[]> body) {
        OperationTable.Match match =
                table.match(signingName, method, requestTarget).orElseThrow(ProtocolErrors::unknownOperation);
        Operation operation = match.operation();
        if (!operation.inScope()) {
            throw GatewayErrors.notImplemented(operation);
        }
        String owner =
                TaggedResources.owner(operation, match.queryParameters(), body).orElse(operation.owner());
        Upstream upstream = upstreams.get(owner);
        if (upstream == null) {
            throw GatewayErrors.notDeployed(operation, owner);
        }
        return new Route(operation, upstream);
    }

    private static String describe(Upstream upstream) {
        return (upstream.ssl() ? "https" : "http") + "://" + upstream.host() + ":" + upstream.port()
                + upstream.basePath();
    }
}
