package io.iotdm.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of every scenario that drives the stack as its devices do, through a {@link GatewayRig} (the control
 * plane and MQTT over TLS to the device gateway): one picocli mixin, so that the jobs and MQTT scenarios spell them
 * once.
 */
final class GatewayOptions {

    @Option(
            names = "--netty-threads",
            defaultValue = "2",
            description = "the MQTT clients' event loop (${DEFAULT-VALUE})")
    int nettyThreads;

    @Option(names = "--stack-file", description = "devstack's stack.properties (default: the data directory's)")
    Path stackFile;

    GatewayRig open() {
        return GatewayRig.open(stackFile, nettyThreads);
    }
}
