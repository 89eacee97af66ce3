package io.iotdm.grpc.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.iotdm.aws.protocol.AwsErrorCode;
import io.iotdm.aws.protocol.AwsServiceException;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerFailuresTest {

    private static final Map<String, Integer> STATUSES =
            Map.of("ResourceNotFoundException", 404, "ServiceUnavailableException", 503);

    private static AwsServiceException iot(String shape, String message) {
        return new AwsServiceException(new AwsErrorCode(shape, STATUSES.get(shape), Set.of()), message);
    }

    @Test
    void aPeersAwsRefusalReachesTheCallerAsThatError() {
        AwsServiceException refusal = iot("ResourceNotFoundException", "Thing type sensor does not exist");
        Uni<String> call = Uni.createFrom().failure(AwsErrorStatus.of(refusal));

        assertThatThrownBy(() -> PeerFailures.asAws(call, "registry", "ProvisionThing", PeerFailuresTest::iot)
                        .await()
                        .indefinitely())
                .isInstanceOfSatisfying(AwsServiceException.class, error -> {
                    assertThat(error.code().name()).isEqualTo("ResourceNotFoundException");
                    assertThat(error.getMessage()).isEqualTo("Thing type sensor does not exist");
                });
    }

    @Test
    void aPeerThatDoesNotAnswerIsServiceUnavailable() {
        Uni<String> call = Uni.createFrom().failure(Status.DEADLINE_EXCEEDED.asRuntimeException());

        assertThatThrownBy(() -> PeerFailures.asAws(call, "registry", "DescribeThings", PeerFailuresTest::iot)
                        .await()
                        .indefinitely())
                .isInstanceOf(AwsServiceException.class)
                .hasMessage("The registry is unavailable; retry the request later")
                .satisfies(error ->
                        assertThat(((AwsServiceException) error).httpStatus()).isEqualTo(503));
    }
}
