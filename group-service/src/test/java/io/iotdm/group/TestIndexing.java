package io.iotdm.group;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.indexing.v1.DocumentVersion;
import io.iotdm.grpc.indexing.v1.DynamicGroupMatch;
import io.iotdm.grpc.indexing.v1.DynamicGroupQueriesGrpc;
import io.iotdm.grpc.indexing.v1.StreamMatchesRequest;
import io.iotdm.grpc.indexing.v1.ValidateQueryRequest;
import io.iotdm.grpc.indexing.v1.ValidateQueryResponse;
import io.iotdm.testing.GrpcTestDoubles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The indexing-service's DynamicGroupQueries as the group-service asks it: a query containing {@code INVALID} is an
 * InvalidQueryException, every other one is valid; StreamMatches streams the matches that a test scripted for the
 * group (none by default), optionally holding the stream after some matches until the test releases it, or
 * failing with a status.
 */
@Singleton
public class TestIndexing {

    /** A test's answer to StreamMatches for one group. */
    public static final class Script {
        final List<DynamicGroupMatch> matches;
        final CountDownLatch release;
        final CountDownLatch holding = new CountDownLatch(1);
        final int holdAfter;
        volatile Status failure;
        volatile Status failureAfterHold;

        Script(List<DynamicGroupMatch> matches, CountDownLatch release, int holdAfter) {
            this.matches = matches;
            this.release = release;
            this.holdAfter = holdAfter;
        }

        /** Waits until the stream holds (after its first match). */
        public void awaitHolding() throws InterruptedException {
            if (!holding.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the backfill never asked for matches");
            }
        }

        /** Lets a held stream go on. */
        public void release() {
            release.countDown();
        }

        /** Ends a held stream with this failure (the indexing-service went away mid-stream). */
        public void fail(Status status) {
            failureAfterHold = status;
            release.countDown();
        }
    }

    private final int port;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<StreamMatchesRequest> requests = new CopyOnWriteArrayList<>();
    private Server server;

    TestIndexing(@ConfigProperty(name = "quarkus.grpc.clients.indexing.test-port") int port) {
        this.port = port;
    }

    public static DynamicGroupMatch match(String thingName, String thingId, long seqNo, long total) {
        return DynamicGroupMatch.newBuilder()
                .setThingName(thingName)
                .setThingId(thingId)
                .setVersion(DocumentVersion.newBuilder()
                        .setGeneration(1)
                        .setPrimaryTerm(1)
                        .setSeqNo(seqNo))
                .setTotal(total)
                .build();
    }

    /** The next StreamMatches of the group streams these. */
    public Script script(String groupName, List<DynamicGroupMatch> matches) {
        Script script = new Script(matches, new CountDownLatch(0), 0);
        scripts.put(groupName, script);
        return script;
    }

    /**
     * The next StreamMatches of the group streams {@code holdAfter} matches, then holds until {@link Script#release}.
     */
    public Script holding(String groupName, List<DynamicGroupMatch> matches, int holdAfter) {
        Script script = new Script(matches, new CountDownLatch(1), holdAfter);
        scripts.put(groupName, script);
        return script;
    }

    /** StreamMatches of the group fails with this status until scripted again. */
    public void failing(String groupName, Status status) {
        Script script = new Script(List.of(), new CountDownLatch(0), 0);
        script.failure = status;
        scripts.put(groupName, script);
    }

    public List<StreamMatchesRequest> requests() {
        return requests;
    }

    private final class Service extends DynamicGroupQueriesGrpc.DynamicGroupQueriesImplBase {

        @Override
        public void validateQuery(ValidateQueryRequest request, StreamObserver<ValidateQueryResponse> out) {
            ValidateQueryResponse.Builder answer = ValidateQueryResponse.newBuilder();
            if (request.getQueryString().contains("INVALID")) {
                answer.setErrorCode("InvalidQueryException")
                        .setMessage("Syntax error in query string: " + request.getQueryString());
            }
            out.onNext(answer.build());
            out.onCompleted();
        }

        @Override
        public void streamMatches(StreamMatchesRequest request, StreamObserver<DynamicGroupMatch> out) {
            requests.add(request);
            Script script = scripts.get(request.getGroupName());
            if (script == null) {
                out.onCompleted();
                return;
            }
            if (script.failure != null) {
                out.onError(script.failure.asRuntimeException());
                return;
            }
            try {
                int sent = 0;
                for (DynamicGroupMatch match : script.matches) {
                    out.onNext(match);
                    if (++sent == script.holdAfter) {
                        script.holding.countDown();
                        script.release.await(60, TimeUnit.SECONDS);
                        if (script.failureAfterHold != null) {
                            out.onError(script.failureAfterHold.asRuntimeException());
                            return;
                        }
                    }
                }
                script.holding.countDown();
                out.onCompleted();
            } catch (InterruptedException stopping) {
                out.onError(Status.CANCELLED.asRuntimeException());
            }
        }
    }

    void start(@Observes StartupEvent started) {
        server = GrpcTestDoubles.serve(port, new Service());
    }

    void stop(@Observes ShutdownEvent stopping) {
        server.shutdownNow();
    }
}
