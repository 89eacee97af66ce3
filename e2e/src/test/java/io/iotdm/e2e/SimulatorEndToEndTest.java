package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.devstack.StackAddresses;
import io.iotdm.simulator.ClaimProvisioning;
import io.iotdm.simulator.ControlPlane;
import io.iotdm.simulator.Fleet;
import io.iotdm.simulator.FleetCounters;
import io.iotdm.simulator.GatewayTls;
import io.iotdm.simulator.JobHandler;
import io.iotdm.simulator.KeysProvisioning;
import io.iotdm.simulator.Provisioning;
import io.iotdm.simulator.StackEndpoints;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;

/**
 * The device simulator of {@code ./iotdm simulate} against the suite: devices provisioned by claim over MQTT and by
 * CreateKeysAndCertificate connect, report their shadows (which GetThingShadow then shows), are connected in the
 * fleet index, and run a job to SUCCEEDED over the jobs' MQTT API.
 */
class SimulatorEndToEndTest {

    private static final JsonMapper JSON = new JsonMapper();

    private final IotClient iot = Suite.iot();

    @Test
    void simulatedDevicesReportTheirShadowsAreConnectedAndRunTheirJobs() throws Exception {
        StackAddresses addresses = Suite.addresses();
        StackEndpoints stack = StackEndpoints.of(addresses::get);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> claimed = names("sim-claim-" + run, 2);
        List<String> keyed = names("sim-keys-" + run, 2);
        FleetCounters counters = new FleetCounters();
        try (ControlPlane api = new ControlPlane(stack)) {
            GatewayTls tls = new GatewayTls(stack, 1);
            Fleet byClaim = fleet(tls, ClaimProvisioning.prepare(api, tls, "e2e-simulator-" + run), counters);
            Fleet byKeys = fleet(tls, KeysProvisioning.prepare(api), counters);
            byClaim.start(claimed).join();
            byKeys.start(keyed).join();
            try {
                assertThat(counters.connected()).as(counters.summary(4)).isEqualTo(4);
                List<String> all = List.of(claimed.get(0), claimed.get(1), keyed.get(0), keyed.get(1));
                for (String thing : all) {
                    await("the reported shadow of " + thing, () -> reportedTemperature(thing) != null);
                    await(
                            "the connectivity of " + thing,
                            () -> iot.searchIndex(request -> request.queryString(
                                                    "thingName:" + thing + " AND connectivity.connected:true"))
                                            .things()
                                            .size()
                                    == 1);
                }

                String jobId = "e2e-simulator-" + run;
                String target = keyed.getFirst();
                iot.createJob(request -> request.jobId(jobId)
                        .targets(iot.describeThing(thing -> thing.thingName(target))
                                .thingArn())
                        .document("{\"operation\":\"reboot\"}"));
                await(
                        "the job's execution on " + target,
                        () -> iot.describeJobExecution(
                                                request -> request.jobId(jobId).thingName(target))
                                        .execution()
                                        .status()
                                == JobExecutionStatus.SUCCEEDED);
                await("the device's count of the job", () -> counters.jobsSucceeded() == 1);
                assertThat(counters.shadowRejected()).isZero();
                assertThat(counters.errors()).as(counters.lastError()).isZero();
            } finally {
                byClaim.stop(Duration.ofSeconds(10));
                byKeys.stop(Duration.ofSeconds(10));
            }
        }
        await("every device disconnected", () -> counters.connected() == 0);
    }

    private static Fleet fleet(GatewayTls tls, Provisioning provisioning, FleetCounters counters) {
        return new Fleet(tls, provisioning, JobHandler.ACKNOWLEDGE, counters, Duration.ofSeconds(1), 2);
    }

    private static List<String> names(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static JsonNode reportedTemperature(String thing) {
        try {
            HttpResponse<String> got = IotDataHttp.send("GET", "/things/" + thing + "/shadow", null);
            if (got.statusCode() != 200) {
                return null;
            }
            JsonNode temperature =
                    JSON.readTree(got.body()).path("state").path("reported").path("temperature");
            return temperature.isNumber() ? temperature : null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits (at most 60 s) for what the devices do asynchronously; fails naming what never happened. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what + " within 60 s").isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
