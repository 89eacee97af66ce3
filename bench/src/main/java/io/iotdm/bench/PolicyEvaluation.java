package io.iotdm.bench;

import io.iotdm.iotpolicy.CompiledPolicy;
import io.iotdm.iotpolicy.EffectivePolicies;
import io.iotdm.iotpolicy.IotResources;
import io.iotdm.iotpolicy.PolicyContext;
import io.iotdm.iotpolicy.PolicyParser;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cost of authorizing one MQTT request with platform/iot-policy: a principal with a thing policy (variables,
 * shadow topics), a deny policy and a condition policy, asked for a mix of Connect, Publish, Subscribe and Receive.
 * Needs no stack; prints nanoseconds and bytes allocated per decision and per compiled document.
 */
@Command(
        name = "policy-eval",
        mixinStandardHelpOptions = true,
        description = "Times AWS IoT policy evaluation (platform/iot-policy) in-process; needs no stack.")
final class PolicyEvaluation implements Callable<Integer> {

    @Option(names = "--decisions", defaultValue = "5000000", description = "decisions per round (${DEFAULT-VALUE})")
    int decisions;

    @Option(names = "--rounds", defaultValue = "5", description = "rounds; the first warms up (${DEFAULT-VALUE})")
    int rounds;

    private static final String THING_POLICY =
            """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Action":"iot:Connect",
              "Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:Connection.Thing.ThingName}"},
             {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
              "Resource":["arn:aws:iot:us-east-1:123456789012:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*",
                          "arn:aws:iot:us-east-1:123456789012:topic/telemetry/${iot:ClientId}/*"]},
             {"Effect":"Allow","Action":"iot:Subscribe",
              "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"}]}
            """;

    private static final String DENY_POLICY =
            """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Deny","Action":"iot:*","Resource":"arn:aws:iot:us-east-1:123456789012:topic/admin/*"},
             {"Effect":"Deny","Action":"iot:Connect","Resource":"*",
              "Condition":{"Bool":{"iot:Connection.Thing.IsAttached":"false"}}}]}
            """;

    private static final String CONDITION_POLICY =
            """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Action":"iot:Publish","Resource":"arn:aws:iot:us-east-1:123456789012:topic/rooms/*",
              "Condition":{"StringEquals":{"iot:Connection.Thing.Attributes[room]":"kitchen"},
                           "IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}
            """;

    @Override
    public Integer call() {
        var arns = new IotResources("aws", "us-east-1", "123456789012");
        PolicyContext context = PolicyContext.builder()
                .clientId("lamp-0001")
                .sourceIp("10.1.2.3")
                .thing("lamp-0001", "Lamp", Map.of("room", "kitchen"))
                .build();
        String[][] requests = {
            {IotResources.CONNECT, arns.client("lamp-0001")},
            {IotResources.PUBLISH, arns.topic("$aws/things/lamp-0001/shadow/update")},
            {IotResources.RECEIVE, arns.topic("$aws/things/lamp-0001/shadow/update/accepted")},
            {IotResources.SUBSCRIBE, arns.topicFilter("$aws/things/lamp-0001/shadow/#")},
            {IotResources.PUBLISH, arns.topic("telemetry/lamp-0001/temperature/sensor-3")},
            {IotResources.PUBLISH, arns.topic("rooms/kitchen/light")},
            {IotResources.PUBLISH, arns.topic("admin/reboot")},
            {IotResources.PUBLISH, arns.topic("$aws/things/lamp-0002/shadow/update")},
        };
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();

        int documents = 30_000;
        long compileBytes = threads.getThreadAllocatedBytes(thread);
        long compileStart = System.nanoTime();
        CompiledPolicy[] compiled = new CompiledPolicy[3];
        for (int i = 0; i < documents; i++) {
            compiled[i % 3] =
                    PolicyParser.compile(i % 3 == 0 ? THING_POLICY : i % 3 == 1 ? DENY_POLICY : CONDITION_POLICY);
        }
        long compileNanos = System.nanoTime() - compileStart;
        compileBytes = threads.getThreadAllocatedBytes(thread) - compileBytes;
        System.out.printf(
                "compile: %.1f µs and %,d bytes per document (%,d documents, JIT warm-up included)%n",
                compileNanos / 1000.0 / documents, compileBytes / documents, documents);

        var policies = EffectivePolicies.of(compiled);
        int allowed = 0;
        for (int round = 1; round <= rounds; round++) {
            long bytes = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            for (int i = 0; i < decisions; i++) {
                String[] request = requests[i & 7];
                if (policies.decide(request[0], request[1], context).allowed()) {
                    allowed++;
                }
            }
            long nanos = System.nanoTime() - start;
            bytes = threads.getThreadAllocatedBytes(thread) - bytes;
            System.out.printf(
                    "round %d: %.0f ns and %.2f bytes per decision (%,d decisions)%n",
                    round, (double) nanos / decisions, (double) bytes / decisions, decisions);
        }
        System.out.println("allowed " + allowed + " (6 of every 8 requests)");
        return 0;
    }
}
