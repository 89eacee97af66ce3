package io.iotdm.grpc.service;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.iotdm.observability.RequestLogContext;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Singleton;

/**
 * Carries the {@code x-amzn-RequestId} of the AWS request being served into the gRPC calls it makes to peer services
 * (the registry asking the provisioning-service before a DeleteThing, group-service asking the registry whether a
 * thing exists...), so that the peer's log lines for the call carry it too ({@link RequestLogContext}). Only a log
 * context: the id is not signed, and a call made outside a request (a rebuild, a backfill) carries none. Quarkus runs
 * each call in a Vert.x context of its own, which keeps the id for the call's messages.
 */
@GlobalInterceptor
@Singleton
public class RequestIdPropagation implements ClientInterceptor, ServerInterceptor {

    static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("x-amzn-requestid", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        String requestId = RequestLogContext.requestId(); // where the call is made: the request's context
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<A> responses, Metadata headers) {
                if (requestId != null) {
                    headers.put(REQUEST_ID, requestId);
                }
                super.start(responses, headers);
            }
        };
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String requestId = headers.get(REQUEST_ID);
        if (requestId != null) {
            RequestLogContext.requestId(requestId);
        }
        return next.startCall(call, headers);
    }
}
