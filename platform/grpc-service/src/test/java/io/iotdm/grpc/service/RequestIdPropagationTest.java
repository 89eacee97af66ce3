package io.iotdm.grpc.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.iotdm.observability.RequestLogContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestIdPropagationTest {

    private static final MethodDescriptor<String, String> METHOD = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("iotdm.registry.v1.Registry/DescribeThings")
            .setRequestMarshaller(new Text())
            .setResponseMarshaller(new Text())
            .build();

    private final RequestIdPropagation propagation = new RequestIdPropagation();

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void aCallMadeWhileServingARequestCarriesItsIdAndThePeerLogsUnderIt() {
        RequestLogContext.requestId("5c1a4e2e-0000-4000-8000-000000000001");
        Metadata sent = start();
        assertThat(sent.get(RequestIdPropagation.REQUEST_ID)).isEqualTo("5c1a4e2e-0000-4000-8000-000000000001");

        MDC.clear(); // the peer
        AtomicReference<Object> logged = new AtomicReference<>();
        propagation.interceptCall(new Call(), sent, (call, headers) -> {
            logged.set(MDC.get(RequestLogContext.REQUEST_ID));
            return new ServerCall.Listener<>() {};
        });
        assertThat(logged.get()).isEqualTo("5c1a4e2e-0000-4000-8000-000000000001");
    }

    @Test
    void aCallOutsideARequestCarriesNone() {
        Metadata sent = start();
        assertThat(sent.containsKey(RequestIdPropagation.REQUEST_ID)).isFalse();

        AtomicReference<Object> logged = new AtomicReference<>("unset");
        propagation.interceptCall(new Call(), sent, (call, headers) -> {
            logged.set(MDC.get(RequestLogContext.REQUEST_ID));
            return new ServerCall.Listener<>() {};
        });
        assertThat(logged.get()).isNull();
    }

    /** Makes a call through the interceptor and returns the headers it started with. */
    private Metadata start() {
        AtomicReference<Metadata> started = new AtomicReference<>();
        Channel channel = new Channel() {
            @Override
            public <Q, A> ClientCall<Q, A> newCall(MethodDescriptor<Q, A> method, CallOptions options) {
                return new ClientCall<>() {
                    @Override
                    public void start(Listener<A> responses, Metadata headers) {
                        started.set(headers);
                    }

                    @Override
                    public void request(int messages) {}

                    @Override
                    public void cancel(String message, Throwable cause) {}

                    @Override
                    public void halfClose() {}

                    @Override
                    public void sendMessage(Q message) {}
                };
            }

            @Override
            public String authority() {
                return "registry-service";
            }
        };
        propagation
                .interceptCall(METHOD, CallOptions.DEFAULT, channel)
                .start(new ClientCall.Listener<>() {}, new Metadata());
        return started.get();
    }

    private static final class Call extends ServerCall<String, String> {
        @Override
        public void request(int messages) {}

        @Override
        public void sendHeaders(Metadata headers) {}

        @Override
        public void sendMessage(String message) {}

        @Override
        public void close(Status status, Metadata trailers) {}

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @Override
        public MethodDescriptor<String, String> getMethodDescriptor() {
            return METHOD;
        }
    }

    private static final class Text implements MethodDescriptor.Marshaller<String> {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes());
        }

        @Override
        public String parse(InputStream stream) {
            return "";
        }
    }
}
