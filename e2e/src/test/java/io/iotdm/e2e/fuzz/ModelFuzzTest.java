package io.iotdm.e2e.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.aws.protocol.AwsModel;
import io.iotdm.devstack.StackAddresses;
import io.iotdm.e2e.Suite;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Requests to every in-scope operation of the deployed services, each wrong in one way, derived from the AWS models
 * and sent through the api-gateway of the whole suite: no answer may be a 5xx, every 4xx carries
 * {@code x-amzn-ErrorType} and a JSON body whose {@code message} is a string, every bad signature answers 403.
 *
 * <p>{@code -Diotdm.fuzz.requests} sets the number of requests (5,000 by default, under a minute),
 * {@code -Diotdm.fuzz.seed} the seed (19): the same seed sends the same requests.
 */
class ModelFuzzTest {

    /** The owners of api-scope.json whose operations are fuzzed; jobs-service's are the iot jobs, iot-jobs-data and signer ones. */
    private static final Set<String> DEPLOYED =
            Set.of("registry-service", "group-service", "indexing-service", "jobs-service");

    @Test
    void everyBadRequestGetsAnAwsErrorAndEveryBadSignatureA403() throws InterruptedException {
        int count = Integer.getInteger("iotdm.fuzz.requests", 5000);
        long seed = Long.getLong("iotdm.fuzz.seed", 19L);
        StackAddresses stack = Suite.addresses();
        FuzzSender sender = new FuzzSender(
                URI.create(stack.get(StackAddresses.API_ENDPOINT)),
                stack.get(StackAddresses.API_REGION),
                stack.get(StackAddresses.API_ACCESS_KEY),
                stack.get(StackAddresses.API_SECRET_KEY));
        FuzzRequests requests = new FuzzRequests(AwsModel.load(), DEPLOYED, seed);
        FuzzReport report = new FuzzReport();

        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            FuzzCase request = requests.next();
            try {
                report.record(request, sender.send(request));
            } catch (IllegalArgumentException refusedByTheClient) {
                report.unsendable();
            } catch (IOException failure) {
                report.noAnswer(request, failure);
            }
        }
        String summary = report.summary(count, Duration.ofNanos(System.nanoTime() - start));
        System.out.println(summary);

        assertThat(requests.operations()).hasSizeGreaterThanOrEqualTo(50);
        assertThat(report.problems()).as(summary).isEmpty();
    }
}
