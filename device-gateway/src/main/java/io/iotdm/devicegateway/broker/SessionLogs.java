package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationFailedInput;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import io.iotdm.devicegateway.logging.V2Logs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The v2 log entries of connections (docs/aws-behaviour.md §8): {@code Connect} when a client authenticates (Success) or
 * is refused (Failure, {@code AUTHORIZATION_FAILURE}), {@code Disconnect} when an authenticated connection ends, with
 * its {@code disconnectReason} as the broker tells it.
 */
@ApplicationScoped
class SessionLogs implements ClientLifecycleEventListener {

    private final V2Logs logs;

    SessionLogs(V2Logs logs) {
        this.logs = logs;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {}

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        logs.event(() -> ClientLogs.of(input), V2Logs.CONNECT, true, Map.of());
    }

    @Override
    public void onAuthenticationFailedDisconnect(AuthenticationFailedInput input) {
        logs.event(
                () -> ClientLogs.of(input),
                V2Logs.CONNECT,
                false,
                Map.of("reason", "AUTHORIZATION_FAILURE", "details", "Authorization Failure"));
    }

    @Override
    public void onClientInitiatedDisconnect(ClientInitiatedDisconnectInput input) {
        disconnected(input, "CLIENT_INITIATED_DISCONNECT");
    }

    @Override
    public void onConnectionLost(ConnectionLostInput input) {
        disconnected(input, "CONNECTION_LOST");
    }

    @Override
    public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
        disconnected(input, "SERVER_INITIATED_DISCONNECT");
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        disconnected(input, "SERVER_INITIATED_DISCONNECT");
    }

    /** Only a connection that authenticated has a Disconnect entry, as only it had a Connect one. */
    private void disconnected(DisconnectEventInput input, String reason) {
        if (input.getConnectionInformation()
                .getConnectionAttributeStore()
                .get(LiveSessions.CERTIFICATE_ID)
                .isPresent()) {
            logs.event(() -> ClientLogs.of(input), V2Logs.DISCONNECT, true, Map.of("disconnectReason", reason));
        }
    }
}
