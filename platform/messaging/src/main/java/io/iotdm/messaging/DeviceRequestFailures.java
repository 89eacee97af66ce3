package io.iotdm.messaging;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.common.errors.RetriableException;
import org.jboss.logging.Logger;

/**
 * What the consumers of devices' requests (the registry's shadows, the jobs-service's jobs, the provisioning-service's
 * fleet provisioning) do with a request that failed in a way they did not foresee. An <em>outage</em> (the database,
 * Kafka or a gRPC peer unavailable or too slow) is worth waiting for: it is passed on for {@link UntilApplied} to
 * retry, in order. Any other failure (a bug, a stored value that does not read) would fail again on every try and
 * hold up every request behind it on its partition for good: the request is answered on its {@code /rejected} topic
 * with the service's internal error (docs/aws-behaviour.md §9.6) and marked applied, and the consumer goes on.
 *
 * <p>An outage this does not recognise is not lost either: the rejection commits with the claim of the message id, so
 * a database that is away fails that commit too, and the request is retried.
 */
public final class DeviceRequestFailures {

    private static final Logger LOG = Logger.getLogger(DeviceRequestFailures.class);

    /**
     * SQLSTATE classes of a database that is away or busy, not of the statement: 08 connection exception, 40
     * transaction rollback (serialization failure, deadlock), 53 insufficient resources, 57 operator intervention
     * (shutdown, cancelled statement), 58 system error.
     */
    private static final Set<String> OUTAGE_SQL_STATE_CLASSES = Set.of("08", "40", "53", "57", "58");

    private static final Set<Status.Code> OUTAGE_GRPC_CODES = Set.of(
            Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.ABORTED);

    private DeviceRequestFailures() {}

    /**
     * {@code answer}, or, when it fails other than by an outage, {@code rejected}'s answer: the request's internal
     * error, committed with its message id so that it is answered once.
     *
     * @param what names the request in the log line, e.g. its MQTT topic and message id (never its payload)
     */
    public static <T> Uni<T> answeredOrRejected(
            String what, Uni<T> answer, Function<Throwable, Uni<? extends T>> rejected) {
        return answer.onFailure(failure -> !outage(failure)).recoverWithUni(failure -> {
            LOG.errorf(failure, "%s failed unexpectedly: answered with an internal error and skipped", what);
            return rejected.apply(failure);
        });
    }

    /**
     * Whether {@code failure}, or one of its causes, is an outage of the database, Kafka or a gRPC peer. Not every
     * IOException is one: a stored JSON value that does not parse is a Jackson IOException, and would fail forever.
     */
    public static boolean outage(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof SocketException // a connection refused, reset or closed
                    || cause instanceof SocketTimeoutException
                    || cause instanceof UnknownHostException
                    || cause instanceof ClosedChannelException
                    || cause instanceof TimeoutException
                    || cause instanceof io.smallrye.mutiny.TimeoutException // ifNoItem().after(..).fail()
                    || cause instanceof RetriableException // Kafka's: a broker or a leader away
                    || cause instanceof ClosedConnectionException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || (cause instanceof DatabaseException database && outageSqlState(database.getSqlState()))
                    || (cause instanceof SQLException sql && outageSqlState(sql.getSQLState()))
                    || (cause instanceof StatusRuntimeException status
                            && OUTAGE_GRPC_CODES.contains(status.getStatus().getCode()))
                    || (cause instanceof StatusException status
                            && OUTAGE_GRPC_CODES.contains(status.getStatus().getCode()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean outageSqlState(String sqlState) {
        return sqlState != null
                && sqlState.length() == 5
                && OUTAGE_SQL_STATE_CLASSES.contains(sqlState.substring(0, 2));
    }
}
