package io.iotdm.gateway.proxy;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.ProtocolErrors;
import io.iotdm.gateway.auth.SigV4Exception;
import io.iotdm.gateway.auth.SigV4Verifier;
import io.iotdm.gateway.auth.VerifiedIdentity;
import io.iotdm.gateway.config.GatewayConfig;
import io.iotdm.gateway.routing.GatewayErrors;
import io.iotdm.gateway.routing.OperationRouter;
import io.iotdm.gateway.routing.Route;
import io.iotdm.observability.AwsRequestTimer;
import io.iotdm.observability.RequestLogContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway's one route: every request outside Quarkus's own {@code /q} endpoints is an AWS API call. Per request:
 * check the signature's headers (known key, date within the skew), read the body (bounded in size and time), verify
 * SigV4, find the operation for the signed service, proxy to its owner. Runs on the event loop throughout. Each
 * request is timed, by operation and status, until its answer ends ({@code iotdm_gateway_requests_seconds}), and its
 * request id is in the log context of everything logged for it.
 */
@Singleton
final class GatewayRoute {

    private static final Logger LOG = Logger.getLogger(GatewayRoute.class);
    private static final Buffer NO_BODY = Buffer.buffer();

    private final SigV4Verifier verifier;
    private final OperationRouter router;
    private final UpstreamProxy proxy;
    private final Vertx vertx;
    private final int maxBodyBytes;
    private final long bodyReadTimeoutMillis;
    private final String nonApplicationRoot;
    private final AwsRequestTimer requests;

    @Inject
    GatewayRoute(
            SigV4Verifier verifier,
            OperationRouter router,
            UpstreamProxy proxy,
            GatewayConfig config,
            Vertx vertx,
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q")
                    String nonApplicationRoot) {
        this.verifier = verifier;
        this.router = router;
        this.proxy = proxy;
        this.vertx = vertx;
        this.maxBodyBytes = config.maxBodyBytes();
        this.bodyReadTimeoutMillis = config.bodyReadTimeout().toMillis();
        String root = nonApplicationRoot.startsWith("/") ? nonApplicationRoot : "/" + nonApplicationRoot;
        this.nonApplicationRoot = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.requests = new AwsRequestTimer(
                registry,
                "iotdm.gateway.requests",
                "AWS API requests the gateway answered, by signing service, operation and status");
    }

    /** After Quarkus's routes (health), so that they keep answering unsigned requests. */
    void register(@Observes Router httpRouter) {
        httpRouter.route().order(RouteConstants.ROUTE_ORDER_AFTER_DEFAULT).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        if (path != null && (path.equals(nonApplicationRoot) || path.startsWith(nonApplicationRoot + "/"))) {
            context.next(); // an unknown /q path: Quarkus's 404, not an AWS one
            return;
        }
        String requestId = RequestIds.next();
        RequestLogContext.requestId(requestId);
        requests.time(context);
        HttpServerResponse response = context.response();
        try {
            // Who signed and when is known from the headers alone: a caller that is not one of ours is refused before
            // the gateway buffers a byte of its body.
            verifier.precheck(SignedRequests.of(request, NO_BODY));
        } catch (SigV4Exception e) {
            LOG.debugf("%s: %s %s", requestId, e.errorCode(), e.getMessage());
            refuseUnread(request, BodyReader.bodyPending(request), () -> ErrorReplies.send(response, requestId, e));
            return;
        } catch (RuntimeException e) {
            // as in dispatch: a bug still gets an AWS-shaped answer, never Vert.x's bare 500
            LOG.errorf(e, "%s: %s %s failed", requestId, request.method(), request.path());
            refuseUnread(
                    request,
                    BodyReader.bodyPending(request),
                    () -> ErrorReplies.send(response, requestId, GatewayErrors.internalFailure()));
            return;
        }
        BodyReader.read(vertx, request, maxBodyBytes, bodyReadTimeoutMillis).onComplete(body -> {
            if (body.succeeded()) {
                dispatch(context, body.result(), requestId);
            } else if (body.cause() instanceof BodyReader.TooLarge tooLarge) {
                refuseUnread(
                        request,
                        tooLarge.closeConnection,
                        () -> ErrorReplies.send(response, requestId, ProtocolErrors.requestTooLarge(maxBodyBytes)));
            } else if (body.cause() instanceof BodyReader.TooSlow) {
                refuseUnread(request, true, () -> ErrorReplies.send(response, requestId, GatewayErrors.bodyTooSlow()));
            } else {
                LOG.debugf("%s: reading the request body failed: %s", requestId, body.cause());
                response.reset();
            }
        });
    }

    /**
     * Answers a request whose body was not (all) read: not reading it is the point of the refusal. A connection whose
     * request still has body bytes to come cannot carry the next request, so it is closed after the answer then.
     */
    private static void refuseUnread(
            HttpServerRequest request, boolean closeConnection, Supplier<Future<Void>> answer) {
        if (closeConnection) {
            request.response().putHeader("Connection", "close");
        }
        answer.get().onComplete(sent -> {
            if (closeConnection) {
                request.connection().close();
            }
        });
    }

    private void dispatch(RoutingContext context, Buffer body, String requestId) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = request.response();
        try {
            VerifiedIdentity identity = verifier.verify(SignedRequests.of(request, body));
            Route route = router.route(
                    identity.service(), request.method().name(), SignedRequests.target(request), body::getBytes);
            AwsRequestTimer.operation(
                    context, route.operation().service(), route.operation().name());
            proxy.forward(request, body, requestId, identity, route);
        } catch (SigV4Exception e) {
            LOG.debugf("%s: %s %s", requestId, e.errorCode(), e.getMessage());
            ErrorReplies.send(response, requestId, e);
        } catch (AwsServiceException e) {
            ErrorReplies.send(response, requestId, e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: %s %s failed", requestId, request.method(), request.path());
            ErrorReplies.send(response, requestId, GatewayErrors.internalFailure());
        }
    }
}
