package io.iotdm.grpc.service;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.iotdm.service.auth.InternalSignature;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Signs every gRPC call of this service's clients ({@code @GrpcClient}) with the internal secret, so that the peer's
 * {@link InternalCallVerifier} lets it through. Tests put it on their own channels too.
 */
@GlobalInterceptor
@Singleton
public class InternalCallCredentials implements ClientInterceptor {

    private final InternalSignature signature;

    @Inject
    public InternalCallCredentials(InternalSignature signature) {
        this.signature = signature;
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<A> responses, Metadata headers) {
                // signed when the call starts, not when it was made: a retried or delayed call gets a fresh timestamp
                signature
                        .sign(InternalSignature.grpcParts(method.getFullMethodName()))
                        .forEach((name, value) ->
                                headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
                super.start(responses, headers);
            }
        };
    }
}
