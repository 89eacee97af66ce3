package io.iotdm.aws.service;

import io.iotdm.aws.protocol.AwsErrorCode;
import io.iotdm.aws.protocol.AwsModel;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.ErrorResponse;
import io.iotdm.aws.protocol.InputValidator;
import io.iotdm.aws.protocol.Operation;
import io.iotdm.aws.protocol.OperationTable;
import io.iotdm.aws.protocol.ProtocolErrors;
import io.iotdm.aws.protocol.ServiceModel;
import io.iotdm.observability.AwsRequestTimer;
import io.iotdm.observability.RequestLogContext;
import io.iotdm.service.auth.InternalSignature;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The one HTTP route of a service behind the api-gateway: it finds the operation of a request, reads and validates
 * its input against the model, calls the operation's handler and writes the answer or the AWS error. The gateway
 * forwards the signing service it verified; a request without it (a direct call inside the cluster) is matched
 * against each service this process has handlers for. Only the gateway and peer services may call: a request
 * without their {@link InternalSignature} is refused before its body is read. Each request is timed by operation and
 * status ({@code iotdm_operation_requests_seconds}) and logged under the gateway's request id.
 */
@ApplicationScoped
public class AwsOperationRoute {

    /** The SigV4 credential scope service the gateway verified, which decides between iot and iot-jobs-data. */
    public static final String SIGNING_SERVICE_HEADER = "x-iotdm-signing-service";

    /** The gateway enforces the public limit; this only keeps a direct caller from exhausting memory. */
    private static final long MAX_BODY_BYTES = 1 << 20;

    private static final Logger LOG = Logger.getLogger(AwsOperationRoute.class);

    private static final String AWS_PATHS = "^/(?!q/).*";

    /** application/grpc, application/grpc+proto, ...: served by the gRPC server on the same port. */
    private static final String GRPC_CONTENT_TYPE = "application/grpc";

    /** AWS's name for a caller that may not call; no model of the services declares it for their operations. */
    private static final AwsErrorCode ACCESS_DENIED = new AwsErrorCode("AccessDeniedException", 403, Set.of());

    private final AwsModel model;
    private final OperationTable operations;
    private final Map<String, AwsOperationHandler> handlers = new HashMap<>();
    private final Map<String, InputValidator> validators = new HashMap<>();
    private final Set<String> signingNames = new LinkedHashSet<>();
    private final InternalSignature signature;
    private final AwsRequestTimer requests;

    AwsOperationRoute(
            AwsModel model,
            OperationTable operations,
            @Any Instance<AwsOperationHandler> handlers,
            InternalSignature signature,
            MeterRegistry registry) {
        this.model = model;
        this.signature = signature;
        this.operations = operations;
        this.requests = new AwsRequestTimer(
                registry,
                "iotdm.operation.requests",
                "AWS operations this service answered, by service, operation and status");
        for (AwsOperationHandler handler : handlers) {
            ServiceModel service = model.service(handler.service());
            service.operation(handler.operation()); // fails start-up on a misspelt operation
            if (this.handlers.put(key(handler.service(), handler.operation()), handler) != null) {
                throw new IllegalStateException("Two handlers for " + handler.operation());
            }
            validators.computeIfAbsent(service.name(), name -> new InputValidator(service));
            signingNames.add(service.signingName());
        }
    }

    void register(@Observes Router router) {
        // Everything but Quarkus's own endpoints (/q/health, /q/metrics) and gRPC calls is an AWS operation. A gRPC
        // call goes on to the gRPC server's route, registered before or after these: a route hands a request on to
        // the next route only from its last handler, so reading the body and dispatching are routes of their own.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        router.routeWithRegex(AWS_PATHS)
                .handler(context -> unlessGrpc(context, signed -> {
                    if (verified(signed.request())) {
                        bodies.handle(signed);
                    }
                }));
        router.routeWithRegex(AWS_PATHS).handler(context -> unlessGrpc(context, this::handle));
    }

    private static void unlessGrpc(RoutingContext context, Handler<RoutingContext> handler) {
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null
                && contentType.regionMatches(true, 0, GRPC_CONTENT_TYPE, 0, GRPC_CONTENT_TYPE.length())) {
            context.next();
        } else {
            handler.handle(context);
        }
    }

    /** Answers 403 and returns false unless the gateway or a peer service signed the request. */
    private boolean verified(HttpServerRequest request) {
        Optional<InternalSignature.Refusal> refusal = signature.verify(
                request::getHeader,
                InternalSignature.httpParts(request.method().name(), request.uri(), request::getHeader));
        if (refusal.isEmpty()) {
            return true;
        }
        String requestId = UUID.randomUUID().toString(); // the caller's request id is unproven
        LOG.infof(
                "%s %s refused (%s): %s",
                request.method(), request.path(), requestId, refusal.get().reason());
        fail(
                request.response(),
                requestId,
                null,
                new AwsServiceException(ACCESS_DENIED, refusal.get().reason()));
        return false;
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        // the gateway's id, covered by its signature (InternalSignature.SIGNED_HEADERS)
        String requestId = Optional.ofNullable(request.getHeader(ErrorResponse.REQUEST_ID_HEADER))
                .orElseGet(() -> UUID.randomUUID().toString());
        RequestLogContext.requestId(requestId);
        requests.time(context);
        Buffer body = context.body().buffer();
        dispatch(context, requestId, body == null ? Buffer.buffer() : body);
    }

    private void dispatch(RoutingContext context, String requestId, Buffer body) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = request.response();
        Operation operation = null;
        try {
            OperationTable.Match match = match(request).orElseThrow(ProtocolErrors::unknownOperation);
            operation = match.operation();
            AwsRequestTimer.operation(context, operation.service(), operation.name());
            AwsOperationHandler handler = handlers.get(key(operation.service(), operation.name()));
            if (handler == null) {
                throw ProtocolErrors.unknownOperation();
            }
            ServiceModel service = model.service(operation.service());
            AwsRequest call = new AwsRequest(
                    requestId,
                    operation.name(),
                    operation.input() == null
                            ? Set.of()
                            : service.shape(operation.input()).members().keySet(),
                    validators
                            .get(service.name())
                            .validate(operation, RequestInput.read(service, match, request.headers(), body.getBytes())),
                    extensions(request));
            Operation called = operation;
            handler.handle(call)
                    .subscribe()
                    .with(
                            answer -> {
                                answer.extensions().forEach(response::putHeader);
                                response.setStatusCode(200)
                                        .putHeader(ErrorResponse.REQUEST_ID_HEADER, requestId)
                                        .putHeader("Content-Type", answer.contentType())
                                        .end(Buffer.buffer(answer.body()));
                            },
                            failure -> fail(response, requestId, called, failure));
        } catch (RuntimeException failure) {
            fail(response, requestId, operation, failure);
        }
    }

    private static Map<String, String> extensions(HttpServerRequest request) {
        Map<String, String> extensions = new HashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(AwsRequest.EXTENSION_PREFIX)) {
                extensions.putIfAbsent(name, header.getValue());
            }
        }
        return extensions;
    }

    private Optional<OperationTable.Match> match(HttpServerRequest request) {
        String signingName = request.getHeader(SIGNING_SERVICE_HEADER);
        if (signingName != null) {
            return operations.match(signingName, request.method().name(), request.uri());
        }
        return signingNames.stream()
                .map(name -> operations.match(name, request.method().name(), request.uri()))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private void fail(HttpServerResponse response, String requestId, Operation operation, Throwable failure) {
        AwsServiceException error;
        if (failure instanceof AwsServiceException aws) {
            error = aws;
        } else {
            LOG.errorf(failure, "%s failed (request %s)", operation == null ? "request" : operation.name(), requestId);
            error = new AwsServiceException(internalFailure(operation), "Internal failure. Please try again later.");
        }
        if (response.ended()) {
            return;
        }
        ErrorResponse answer = ErrorResponse.of(error, requestId);
        response.setStatusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        response.end(answer.body());
    }

    /** The 500 error the operation declares (its name differs between models), iot's InternalFailureException else. */
    private AwsErrorCode internalFailure(Operation operation) {
        return Optional.ofNullable(operation)
                .flatMap(called -> called.errors().stream()
                        .filter(error -> error.startsWith("Internal"))
                        .findFirst()
                        .map(model.service(called.service())::errorCode))
                .orElseGet(() -> model.service("iot").errorCode("InternalFailureException"));
    }

    private static String key(String service, String operation) {
        return service + "/" + operation;
    }
}
