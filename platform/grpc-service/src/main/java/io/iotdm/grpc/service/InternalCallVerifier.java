package io.iotdm.grpc.service;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.iotdm.service.auth.InternalSignature;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Lets through only gRPC calls that a peer service signed ({@link InternalCallCredentials}): UNAUTHENTICATED without
 * a credential, PERMISSION_DENIED with a wrong or stale one. The call's messages are never read then. Tests' doubles
 * of other services verify with it too.
 */
@GlobalInterceptor
@Singleton
public class InternalCallVerifier implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(InternalCallVerifier.class);

    private final InternalSignature signature;

    public InternalCallVerifier(InternalSignature signature) {
        this.signature = signature;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Optional<InternalSignature.Refusal> refusal = signature.verify(
                name -> headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER)),
                InternalSignature.grpcParts(method));
        if (refusal.isEmpty()) {
            return next.startCall(call, headers);
        }
        LOG.infof("gRPC %s refused: %s", method, refusal.get().reason());
        Status status = refusal.get().missing() ? Status.UNAUTHENTICATED : Status.PERMISSION_DENIED;
        call.close(status.withDescription(refusal.get().reason()), new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
