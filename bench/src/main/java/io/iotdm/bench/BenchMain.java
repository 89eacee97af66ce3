package io.iotdm.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmark harness: one subcommand per scenario, each run against a stack that is already up
 * ({@code ./iotdm up} and the services). Not a test: it prints figures and never asserts on them.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "iotdm benchmark scenarios, run against a running stack.",
        subcommands = {
            RegistryWrites.class,
            IndexFreshness.class,
            FleetLoad.class,
            FleetRebuild.class,
            FleetSearch.class,
            DynamicMembership.class,
            DynamicBackfill.class,
            EnsureDatabase.class,
            PolicyEvaluation.class,
            KeysAndCertificates.class,
            RegisterThings.class,
            BulkRegistration.class,
            SigningThroughput.class,
            MqttConnections.class,
            MqttSessions.class,
            MqttShadowLatency.class,
            MqttPresence.class,
            FleetProvisioningRate.class,
            JobsDeviceApi.class,
            JobsRollout.class,
            JobsAbort.class,
            JobsContinuous.class,
            JobsDynamicGroup.class,
            CommandLine.HelpCommand.class
        })
public final class BenchMain implements Runnable {

    public static void main(String[] args) {
        int exit = new CommandLine(new BenchMain()).execute(args);
        System.exit(exit);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
