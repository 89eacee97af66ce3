package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gateway's extension of the embedded broker: registers the authenticator, the authorizers, the publish
 * check, the delivery check and what subscriptions bring (retained messages, subscription events) on every client, and the session listeners
 * (the sessions, their v2 log entries). {@link #ready()} is true only between its start and its stop: the TLS trust
 * manager accepts client certificates only then (AnyClientCertificateTrust), so that a broker whose extension did not
 * start lets nobody in.
 */
@ApplicationScoped
class DeviceExtension implements ExtensionMain {

    private final DeviceAuthenticator authenticator;
    private final DeviceAuthorizer authorizer;
    private final ReceiveAuthorizer receive;
    private final DevicePublishes publishes;
    private final LiveSessions sessions;
    private final GrantedSubscriptions subscriptions;
    private final SessionLogs sessionLogs;
    private volatile boolean ready;

    DeviceExtension(
            DeviceAuthenticator authenticator,
            DeviceAuthorizer authorizer,
            ReceiveAuthorizer receive,
            DevicePublishes publishes,
            LiveSessions sessions,
            GrantedSubscriptions subscriptions,
            SessionLogs sessionLogs) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.receive = receive;
        this.publishes = publishes;
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.sessionLogs = sessionLogs;
    }

    boolean ready() {
        return ready;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Services.securityRegistry().setAuthenticatorProvider(provider -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(provider -> authorizer);
        Services.initializerRegistry().setClientInitializer((client, context) -> {
            context.addPublishInboundInterceptor(publishes);
            context.addPublishOutboundInterceptor(receive);
            context.addSubscribeInboundInterceptor(subscriptions);
            context.addSubackOutboundInterceptor(subscriptions);
            context.addUnsubscribeInboundInterceptor(subscriptions);
        });
        Services.eventRegistry()
                .setClientLifecycleEventListener(provider -> new ClientLifecycleListeners(sessions, sessionLogs));
        ready = true;
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        ready = false;
    }
}
