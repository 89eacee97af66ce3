package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import io.iotdm.devicegateway.logging.ClientLog;
import java.net.InetAddress;

/**
 * Who a broker request is from, for its v2 log entry: the client id, the certificate id it authenticated with, and its
 * address. The source port is not known: HiveMQ's extension API does not give it, so entries have no {@code
 * sourcePort}.
 */
final class ClientLogs {

    /**
     * Connection attribute: the id of the certificate the client presented, set at CONNECT before the decision, so
     * that a refused CONNECT's entry names its principal as an accepted one's does (unlike {@link
     * LiveSessions#CERTIFICATE_ID}, which only an authenticated connection has).
     */
    static final String PRESENTED_CERTIFICATE_ID = "iotdm.presented-certificate-id";

    private ClientLogs() {}

    static ClientLog of(ClientBasedInput input) {
        ConnectionInformation connection = input.getConnectionInformation();
        return new ClientLog(
                input.getClientInformation().getClientId(),
                connection
                        .getConnectionAttributeStore()
                        .getAsString(PRESENTED_CERTIFICATE_ID)
                        .orElse(null),
                connection.getInetAddress().map(InetAddress::getHostAddress).orElse(null));
    }
}
