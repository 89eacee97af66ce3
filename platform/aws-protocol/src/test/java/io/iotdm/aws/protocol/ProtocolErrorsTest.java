package io.iotdm.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolErrorsTest {

    @Test
    void anUnknownRouteIsNotFound() {
        AwsServiceException error = ProtocolErrors.unknownOperation();

        assertThat(error.code().name()).isEqualTo("ResourceNotFoundException");
        assertThat(error.httpStatus()).isEqualTo(404);
        assertThat(error.getMessage()).isEqualTo("Not Found");
    }

    @Test
    void aBodyTooLargeIs413() {
        AwsServiceException error = ProtocolErrors.requestTooLarge(131_072);

        assertThat(error.code().name()).isEqualTo("RequestEntityTooLargeException");
        assertThat(error.httpStatus()).isEqualTo(413);
        assertThat(error.getMessage()).isEqualTo("The request body exceeds the maximum size of 131072 bytes");
    }
}
