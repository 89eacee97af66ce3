package io.iotdm.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./iotdm simulate}: a fleet of devices against the running stack until Ctrl-C (or {@code --duration}). */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Provisions N devices on the running stack, connects them over MQTT (mutual TLS), reports their"
                + " shadows every interval and runs their jobs; Ctrl-C disconnects them and prints a summary.")
public final class SimulateCommand implements Runnable {

    /** How devices get their certificates. */
    enum ProvisionBy {
        claim,
        keys
    }

    @Option(names = "--devices", required = true, description = "how many devices")
    int devices;

    @Option(
            names = "--provision",
            defaultValue = "claim",
            description = "claim (fleet provisioning over MQTT) or keys (CreateKeysAndCertificate); ${DEFAULT-VALUE}")
    ProvisionBy provisionBy;

    @Option(
            names = "--interval",
            defaultValue = "5s",
            converter = DurationText.class,
            description = "between two shadow reports of a device (500ms, 5s, 1m); ${DEFAULT-VALUE}")
    Duration interval;

    @Option(
            names = "--template",
            defaultValue = "iotdm-simulator",
            description = "fleet-provisioning template (created if absent; needs a SerialNumber parameter)")
    String template;

    @Option(names = "--prefix", description = "thing names are <prefix>-<n> (default sim-<random>)")
    String prefix;

    @Option(
            names = "--concurrency",
            defaultValue = "32",
            description = "devices provisioned and connected at a time; ${DEFAULT-VALUE}")
    int concurrency;

    @Option(
            names = "--duration",
            converter = DurationText.class,
            description = "stop after this long (default: until Ctrl-C)")
    Duration duration;

    @Option(
            names = "--code-signing-certificate",
            description = "PEM of the code-signing certificate devices trust: a job whose document has a codesign block"
                    + " is SUCCEEDED only when its artifact verifies against it, else FAILED with the reason")
    Path codeSigningCertificate;

    @Option(names = "--stack-file", description = "stack.properties (default: the running stack's)")
    Path stackFile;

    @Option(
            names = "--netty-threads",
            defaultValue = "2",
            description = "event-loop threads that all devices share; ${DEFAULT-VALUE}")
    int nettyThreads;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }

    @Override
    public void run() {
        Path file = stackFile != null
                ? stackFile
                : StackEndpoints.defaultFile(Path.of(System.getProperty("iotdm.root", ".")));
        StackEndpoints stack = StackEndpoints.read(file);
        String names = prefix != null
                ? prefix
                : "sim-"
                        + HexFormat.of()
                                .toHexDigits(ThreadLocalRandom.current().nextInt())
                                .substring(0, 6);
        List<String> thingNames = IntStream.range(0, devices)
                .mapToObj(i -> String.format(Locale.ROOT, "%s-%04d", names, i))
                .toList();
        System.out.printf(
                "simulating %d devices %s-* on mqtts://%s:%d (provisioning: %s%s, shadow report every %s); Ctrl-C stops%n",
                devices,
                names,
                stack.mqttHost(),
                stack.mqttPort(),
                provisionBy,
                provisionBy == ProvisionBy.claim ? " with template " + template : "",
                DurationText.format(interval));
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        JobHandler jobs = jobHandler();
        FleetCounters counters = new FleetCounters();
        try (ControlPlane api = new ControlPlane(stack)) {
            GatewayTls tls = new GatewayTls(stack, nettyThreads);
            Provisioning provisioning =
                    switch (provisionBy) {
                        case claim -> ClaimProvisioning.prepare(api, tls, template);
                        case keys -> KeysProvisioning.prepare(api);
                    };
            Fleet fleet = new Fleet(tls, provisioning, jobs, counters, interval, concurrency);
            boolean terminal = System.console() != null;
            fleet.every(Duration.ofSeconds(terminal ? 1 : 5), () -> {
                String line = counters.progress(devices);
                System.out.print(terminal ? "\r" + line + "\033[K" : line + "\n");
                System.out.flush();
            });
            fleet.start(thingNames);
            if (duration == null) {
                stopRequested.await();
            } else {
                stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            System.out.println();
            System.out.println("stopping: disconnecting " + counters.connected() + " devices");
            fleet.stop(Duration.ofSeconds(15));
            System.out.println(counters.summary(devices));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    private JobHandler jobHandler() {
        if (codeSigningCertificate == null) {
            return JobHandler.ACKNOWLEDGE;
        }
        try {
            return new SignedArtifacts(Files.readString(codeSigningCertificate));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --code-signing-certificate " + codeSigningCertificate, e);
        }
    }

    /** Durations as people write them: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
    static final class DurationText implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            String value = text.trim().toLowerCase(Locale.ROOT);
            Duration parsed;
            if (value.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            } else if (value.endsWith("s")) {
                parsed = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            } else if (value.endsWith("m")) {
                parsed = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            } else if (value.endsWith("h")) {
                parsed = Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1)));
            } else {
                throw new CommandLine.TypeConversionException("not a duration: " + text + " (say 500ms, 5s, 1m)");
            }
            if (parsed.isZero() || parsed.isNegative()) {
                throw new CommandLine.TypeConversionException("not a positive duration: " + text);
            }
            return parsed;
        }

        static String format(Duration duration) {
            return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
        }
    }
}
