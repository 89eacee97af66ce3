package io.iotdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Dynamic-group membership lag: {@code --groups} dynamic groups are defined (one per bucket of things,
 * {@code attributes.bucket:k AND attributes.level > 50}), then UpdateThing runs at a fixed rate; every update changes
 * a thing's {@code level} below the threshold (percolated, no verdict changes), and every {@code --sample-every}'th
 * one flips a probe thing's {@code level} across the threshold instead. For each flip: the time from its 200 OK until its THING_GROUP_MEMBERSHIP event (ADDED or
 * REMOVED) is on {@code aws.events.thingGroupMembership}.
 */
@Command(
        name = "dynamic-membership",
        mixinStandardHelpOptions = true,
        description = {
            "With --groups dynamic groups defined, UpdateThing at --rate per second; for every --sample-every'th",
            "update (a flip of a probe thing across its group's query), the time from its 200 OK until its",
            "membership event is on Kafka."
        })
final class DynamicMembership implements Callable<Integer> {

    private static final JsonMapper JSON = new JsonMapper();
    static final byte[] NO_BODY = new byte[0];
    private static final String MEMBERSHIP_TOPIC = "aws.events.thingGroupMembership";
    private static final String DECISIONS_TOPIC = "iotdm.dynamic-membership";
    private static final String THING_TOPIC = "aws.events.thing";

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--stack-file", description = "devstack's stack.properties (default: as registry-writes)")
    Path stackFile;

    @Option(names = "--kafka", description = "Kafka bootstrap servers (default: from the stack file)")
    String kafka;

    @Option(names = "--groups", defaultValue = "100", description = "dynamic groups defined (${DEFAULT-VALUE})")
    int groups;

    @Option(names = "--things", defaultValue = "1000", description = "things updated in turn (${DEFAULT-VALUE})")
    int things;

    @Option(names = "--probes", defaultValue = "200", description = "things that take the flips (${DEFAULT-VALUE})")
    int probes;

    @Option(names = "--rate", defaultValue = "500", description = "updates per second (${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "30", description = "measured duration (${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--sample-every", defaultValue = "10", description = "one flip per N updates (${DEFAULT-VALUE})")
    int sampleEvery;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "10",
            description = "before measuring, every thing is updated once (below the threshold), then the load runs"
                    + " this long unmeasured (${DEFAULT-VALUE}; 0 = no warm-up)")
    int warmupSeconds;

    /** A flip of a probe: the membership operation it must cause, and when its 200 OK arrived (0 = not yet). */
    private record Flip(String operation, long okNanos) {}

    @Override
    public Integer call() throws Exception {
        Path path = stackFile != null ? stackFile : StackFile.defaultPath();
        StackFile.read(path).ifPresent(file -> {
            api.apply(file, spec);
            if (kafka == null) {
                kafka = file.get(StackFile.KAFKA_BOOTSTRAP_SERVERS).orElse(null);
            }
        });
        if (kafka == null) {
            throw new IllegalArgumentException("no Kafka address: give --kafka or a stack file");
        }
        String run = "dyn" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        System.out.printf(
                Locale.ROOT,
                "dynamic-membership run %s: %s, %d dynamic groups, %d things + %d probes, %d updates/s for %d s,"
                        + " 1 in %d a flip%n",
                run,
                api.endpoint,
                groups,
                things,
                probes,
                rate,
                seconds,
                sampleEvery);
        try (SignedHttp http = api.http(SignedHttp.Client.vertx, 1, 64)) {
            create(http, run, "t", things);
            create(http, run, "p", probes);
            long defining = System.nanoTime();
            for (int k = 0; k < groups; k++) {
                byte[] body = ("{\"queryString\":\"attributes.run:" + run + " AND attributes.bucket:" + k
                                + " AND attributes.level > 50\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ok(
                        http.send("POST", "/dynamic-thing-groups/" + run + "-g" + k, body)
                                .join(),
                        "CreateDynamicThingGroup");
            }
            for (int k = 0; k < groups; k++) {
                awaitActive(http, run + "-g" + k);
            }
            System.out.printf(
                    Locale.ROOT, "%d dynamic groups ACTIVE in %.1f s%n", groups, (System.nanoTime() - defining) / 1e9);
            if (warmupSeconds > 0) {
                warmUp(http, run);
            }

            Map<String, Flip> pending = new ConcurrentHashMap<>();
            Map<String, Long> early = new ConcurrentHashMap<>(); // events that overtook their 200 OK
            Histogram lag = new Histogram(60_000_000L, 3);
            KafkaConsumer<String, byte[]> consumer =
                    EventWatch.atEnd(kafka, MEMBERSHIP_TOPIC, Duration.ofMillis(20), Duration.ofSeconds(30));
            if (consumer == null) {
                throw new IllegalStateException(MEMBERSHIP_TOPIC + " does not exist");
            }
            Watcher watcher = new Watcher(consumer, run, pending, early, lag);
            Thread watching =
                    Thread.ofPlatform().name("bench-membership").daemon().start(watcher);
            // the indexing-service's decisions too: how much of the lag is percolation, how much group-service
            KafkaConsumer<String, byte[]> decisions =
                    EventWatch.atEnd(kafka, DECISIONS_TOPIC, Duration.ofMillis(20), Duration.ofSeconds(30));
            Thread decisionWatching = decisions == null
                    ? null
                    : Thread.ofPlatform()
                            .name("bench-decisions")
                            .daemon()
                            .start(() -> watcher.followDecisions(decisions));
            // and the registry's events: how much is the registry's outbox, before the indexing-service sees the change
            KafkaConsumer<String, byte[]> thingEvents =
                    EventWatch.atEnd(kafka, THING_TOPIC, Duration.ofMillis(20), Duration.ofSeconds(30));
            Thread thingWatching = Thread.ofPlatform()
                    .name("bench-thing-events")
                    .daemon()
                    .start(() -> watcher.followThingEvents(thingEvents));

            boolean[] high = new boolean[probes];
            AtomicLong errors = new AtomicLong();
            Histogram updateMicros = new Histogram(60_000_000L, 3);
            // the load runs through the warm-up (from idle, the pipeline's batches take 10-15 s to reach their steady
            // size); what it acknowledges before measureFrom is not measured
            long total = (long) rate * (warmupSeconds + seconds);
            long intervalNanos = 1_000_000_000L / rate;
            long start = System.nanoTime();
            long measureFrom = start + warmupSeconds * 1_000_000_000L;
            watcher.measureFrom = measureFrom;
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (long n = 1; n <= total; n++) {
                long due = start + (n - 1) * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                boolean flip = n % sampleEvery == 0;
                String name;
                String attributes;
                String operation = null;
                if (flip) {
                    int probe = (int) ((n / sampleEvery) % probes);
                    name = run + "-p" + probe;
                    if (pending.containsKey(name)) {
                        continue; // its previous flip is not settled yet: one measured flip per probe at a time
                    }
                    high[probe] = !high[probe];
                    operation = high[probe] ? "ADDED" : "REMOVED";
                    pending.put(name, new Flip(operation, 0));
                    attributes = "\"level\":\"" + (high[probe] ? 100 : 0) + "\"";
                } else {
                    name = run + "-t" + (n % things);
                    // a change every query percolates, none crosses its threshold (things have at most 3 attributes)
                    attributes = "\"level\":\"" + (n % 50) + "\"";
                }
                byte[] body = ("{\"attributePayload\":{\"attributes\":{" + attributes + "},\"merge\":true}}")
                        .getBytes(StandardCharsets.UTF_8);
                String flipOperation = operation;
                inFlight.add(http.send("PATCH", "/things/" + name, body).thenAccept(result -> {
                    if (!result.ok()) {
                        if (errors.incrementAndGet() == 1) {
                            System.err.println("first error: " + result.status() + " " + result.body());
                        }
                        if (flipOperation != null) {
                            pending.remove(name);
                        }
                        return;
                    }
                    if (result.endNanos() >= measureFrom) {
                        updateMicros.recordValue(Math.min(result.micros(), 60_000_000L));
                    }
                    if (flipOperation != null) {
                        watcher.acknowledged(name, new Flip(flipOperation, result.endNanos()));
                    }
                }));
                inFlight.removeIf(CompletableFuture::isDone);
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
            double wall = (System.nanoTime() - measureFrom) / 1e9;
            long measured = (long) rate * seconds;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            watcher.stop();
            consumer.wakeup();
            watching.join(10_000);
            consumer.close();
            if (decisionWatching != null) {
                decisions.wakeup();
                decisionWatching.join(10_000);
                decisions.close();
            }
            thingEvents.wakeup();
            thingWatching.join(10_000);
            thingEvents.close();
            Percentiles decided = Percentiles.of(watcher.decisionLag);
            Percentiles published = Percentiles.of(watcher.thingEventLag);

            Percentiles membership = Percentiles.of(lag);
            Percentiles update = Percentiles.of(updateMicros);
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "updates     %d in %.1f s = %.0f/s (target %d/s), errors %d; UpdateThing p50 %.1f ms, p99 %.1f ms%n",
                    measured,
                    wall,
                    measured / wall,
                    rate,
                    errors.get(),
                    update.p50Micros() / 1e3,
                    update.p99Micros() / 1e3);
            System.out.printf(
                    Locale.ROOT,
                    "membership  200 OK → event on Kafka: p50 %.0f ms, p99 %.0f ms, max %.0f ms (n=%d, %d never seen)%n",
                    membership.p50Micros() / 1e3,
                    membership.p99Micros() / 1e3,
                    membership.maxMicros() / 1e3,
                    membership.count(),
                    pending.size());
            printShare("decision on " + DECISIONS_TOPIC, decided);
            printShare("registry event on " + THING_TOPIC, published);
            synchronized (watcher) {
                StringBuilder line = new StringBuilder(
                        "over time   p50/max of the flips acknowledged in each " + Watcher.TIMELINE_SECONDS + " s:");
                watcher.timeline.forEach((bucket, histogram) -> line.append(String.format(
                        Locale.ROOT,
                        " %d-%ds %.1f/%.1f",
                        bucket * Watcher.TIMELINE_SECONDS,
                        (bucket + 1) * Watcher.TIMELINE_SECONDS,
                        histogram.getValueAtPercentile(50) / 1e6,
                        histogram.getMaxValue() / 1e6)));
                System.out.println(line);
            }
            System.out.println("target      membership event p99 <= 2 s: "
                    + (membership.p99Micros() <= 2_000_000 && pending.isEmpty() ? "met" : "MISSED"));
            System.out.printf(
                    Locale.ROOT,
                    "%n| dynamic-membership | %s | %d groups, %d/s for %d s | %.0f/s | %.0f | %.0f | %.0f | %d | %d |%n",
                    java.time.LocalDate.now(java.time.ZoneOffset.UTC),
                    groups,
                    rate,
                    seconds,
                    measured / wall,
                    membership.p50Micros() / 1e3,
                    membership.p99Micros() / 1e3,
                    membership.maxMicros() / 1e3,
                    membership.count(),
                    pending.size());
            // the groups count against the account's limit of dynamic groups: the next run needs room
            for (int k = 0; k < groups; k++) {
                http.send("DELETE", "/dynamic-thing-groups/" + run + "-g" + k, NO_BODY)
                        .join();
            }
            return pending.isEmpty() ? 0 : 1;
        }
    }

    /** A part of the membership lag: from the flip's 200 OK to an earlier step. */
    private static void printShare(String step, Percentiles lag) {
        System.out.printf(
                Locale.ROOT,
                "of which   200 OK → %s: p50 %.0f ms, p99 %.0f ms, max %.0f ms (n=%d)%n",
                step,
                lag.p50Micros() / 1e3,
                lag.p99Micros() / 1e3,
                lag.maxMicros() / 1e3,
                lag.count());
    }

    /**
     * A thing's first decision after the groups appeared names all of them (its stored result has another set of
     * queries): a one-time cost per thing and query change, which the warm-up pays so that the measured phase is the
     * steady state of a fleet whose groups exist.
     */
    private void warmUp(SignedHttp http, String run) throws InterruptedException {
        long started = System.nanoTime();
        List<CompletableFuture<SignedHttp.Result>> sent = new ArrayList<>();
        for (int i = 0; i < things + probes; i++) {
            String name = i < things ? run + "-t" + i : run + "-p" + (i - things);
            byte[] body = "{\"attributePayload\":{\"attributes\":{\"level\":\"1\"},\"merge\":true}}"
                    .getBytes(StandardCharsets.UTF_8);
            sent.add(http.send("PATCH", "/things/" + name, body));
            long wait = started + (i + 1) * (1_000_000_000L / rate) - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        sent.forEach(update -> ok(update.join(), "UpdateThing"));
        System.out.printf(
                Locale.ROOT,
                "warm-up: %d things updated once, then %d s of the load unmeasured%n",
                things + probes,
                warmupSeconds);
    }

    /** Creates {@code <run>-<kind><i>} for i below count, 64 at a time, in bucket {@code i % groups}. */
    private void create(SignedHttp http, String run, String kind, int count) {
        List<CompletableFuture<SignedHttp.Result>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] body = ("{\"attributePayload\":{\"attributes\":{\"run\":\"" + run + "\",\"bucket\":\"" + (i % groups)
                            + "\",\"level\":\"0\"}}}")
                    .getBytes(StandardCharsets.UTF_8);
            batch.add(http.send("POST", "/things/" + run + "-" + kind + i, body));
            if (batch.size() == 64 || i == count - 1) {
                batch.forEach(created -> ok(created.join(), "CreateThing"));
                batch.clear();
            }
        }
    }

    private static void awaitActive(SignedHttp http, String group) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            SignedHttp.Result described =
                    http.send("GET", "/thing-groups/" + group, NO_BODY).join();
            ok(described, "DescribeThingGroup");
            if (status(described).equals("ACTIVE")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(group + " did not become ACTIVE within 120 s");
    }

    static String status(SignedHttp.Result described) {
        try {
            return JSON.readTree(described.body()).path("status").asText("");
        } catch (java.io.IOException unreadable) {
            return "";
        }
    }

    static void ok(SignedHttp.Result result, String operation) {
        if (!result.ok()) {
            throw new IllegalStateException(operation + " failed: " + result.status() + " " + result.body());
        }
    }

    /** Settles each flip when its membership event arrives (events of other things and groups are ignored). */
    private static final class Watcher implements Runnable {

        static final int TIMELINE_SECONDS = 5;

        private final KafkaConsumer<String, byte[]> consumer;
        private final String run;
        private final Map<String, Flip> pending;
        private final Map<String, Long> early;
        private final Histogram lag;
        final Histogram decisionLag = new Histogram(60_000_000L, 3);
        /** Membership lag by when the flip was acknowledged, in buckets of {@value #TIMELINE_SECONDS} s of the load. */
        final Map<Integer, Histogram> timeline = new java.util.TreeMap<>();

        /** When the measured phase began: flips acknowledged before it are the warm-up's. */
        volatile long measureFrom = System.nanoTime();
        /** When the pending flip's decision (with the verdict it must have) was seen. */
        private final Map<String, Long> decidedAt = new ConcurrentHashMap<>();

        final Histogram thingEventLag = new Histogram(60_000_000L, 3);
        /** When the pending flip's UpdateThing event was seen (the first event of the probe while it is pending). */
        private final Map<String, Long> publishedAt = new ConcurrentHashMap<>();

        private volatile boolean running = true;

        Watcher(
                KafkaConsumer<String, byte[]> consumer,
                String run,
                Map<String, Flip> pending,
                Map<String, Long> early,
                Histogram lag) {
            this.consumer = consumer;
            this.run = run;
            this.pending = pending;
            this.early = early;
            this.lag = lag;
        }

        void stop() {
            running = false;
        }

        /** The flip's 200 OK: settles it at once if its event came first. */
        synchronized void acknowledged(String thing, Flip flip) {
            Long seen = early.remove(thing + "/" + flip.operation());
            if (seen != null) {
                if (flip.okNanos() >= measureFrom) {
                    lag.recordValue(0); // the event was on Kafka before the client had its answer
                }
                pending.remove(thing);
            } else {
                pending.put(thing, flip);
            }
        }

        @Override
        public void run() {
            try {
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        note(record, System.nanoTime());
                    }
                }
            } catch (WakeupException stopping) {
                // stop
            }
        }

        private synchronized void note(ConsumerRecord<String, byte[]> record, long now) {
            String thing = record.key();
            if (thing == null || !thing.startsWith(run + "-p")) {
                return;
            }
            String operation;
            try {
                JsonNode payload = JSON.readTree(record.value());
                operation = payload.path("operation").asText("");
            } catch (java.io.IOException unreadable) {
                return;
            }
            Flip flip = pending.get(thing);
            if (flip == null || !flip.operation().equals(operation)) {
                return; // a duplicate, or the event of an earlier flip
            }
            if (flip.okNanos() == 0) {
                early.put(thing + "/" + operation, now);
                return;
            }
            if (flip.okNanos() < measureFrom) { // acknowledged during the warm-up
                decidedAt.remove(thing);
                publishedAt.remove(thing);
                pending.remove(thing);
                return;
            }
            lag.recordValue(Math.max(0, (now - flip.okNanos()) / 1_000));
            int second = (int) Math.max(0, (flip.okNanos() - measureFrom) / 1_000_000_000L);
            timeline.computeIfAbsent(second / TIMELINE_SECONDS, bucket -> new Histogram(60_000_000L, 2))
                    .recordValue(Math.max(0, (now - flip.okNanos()) / 1_000));
            Long decided = decidedAt.remove(thing);
            if (decided != null) {
                decisionLag.recordValue(Math.max(0, (decided - flip.okNanos()) / 1_000));
            }
            Long published = publishedAt.remove(thing);
            if (published != null) {
                thingEventLag.recordValue(Math.max(0, (published - flip.okNanos()) / 1_000));
            }
            pending.remove(thing);
        }

        /** Notes when each pending flip's decision arrives: its verdict for the probe's group has the new value. */
        void followDecisions(KafkaConsumer<String, byte[]> decisions) {
            try {
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : decisions.poll(Duration.ofMillis(100))) {
                        decision(record, System.nanoTime());
                    }
                }
            } catch (WakeupException stopping) {
                // stop
            }
        }

        void followThingEvents(KafkaConsumer<String, byte[]> events) {
            try {
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : events.poll(Duration.ofMillis(100))) {
                        thingEvent(record.key(), System.nanoTime());
                    }
                }
            } catch (WakeupException stopping) {
                // stop
            }
        }

        private synchronized void thingEvent(String thing, long now) {
            if (thing != null && pending.containsKey(thing)) {
                publishedAt.putIfAbsent(thing, now);
            }
        }

        private synchronized void decision(ConsumerRecord<String, byte[]> record, long now) {
            String thing = record.key();
            Flip flip = thing == null ? null : pending.get(thing);
            if (flip == null || decidedAt.containsKey(thing)) {
                return;
            }
            try {
                boolean matches = false;
                for (JsonNode verdict : JSON.readTree(record.value()).path("groups")) {
                    matches |= verdict.path("matches").asBoolean();
                }
                if (matches == flip.operation().equals("ADDED")) {
                    decidedAt.put(thing, now);
                }
            } catch (java.io.IOException unreadable) {
                // not a decision
            }
        }
    }
}
