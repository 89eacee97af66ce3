package io.iotdm.e2e;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;

/**
 * The lifecycle of an AWS IoT Device SDK v2 (CRT) MQTT 5 client that completes {@code connected} with its first
 * connection attempt: success, or the failure of that very attempt (the SDK would otherwise retry on its own).
 */
record FirstConnection(CompletableFuture<Void> connected) implements Mqtt5ClientOptions.LifecycleEvents {

    @Override
    public void onAttemptingConnect(Mqtt5Client client, OnAttemptingConnectReturn attempt) {}

    @Override
    public void onConnectionSuccess(Mqtt5Client client, OnConnectionSuccessReturn success) {
        connected.complete(null);
    }

    @Override
    public void onConnectionFailure(Mqtt5Client client, OnConnectionFailureReturn failure) {
        connected.completeExceptionally(
                new IllegalStateException("CONNECT failed: " + CRT.awsErrorString(failure.getErrorCode())));
    }

    @Override
    public void onDisconnection(Mqtt5Client client, OnDisconnectionReturn disconnection) {}

    @Override
    public void onStopped(Mqtt5Client client, OnStoppedReturn stopped) {}
}
