package io.iotdm.registry.logging;

import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.AccountConfiguration;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The account's v2 logging configuration (docs/aws-behaviour.md §8): options, and log levels per target. Until they are
 * set the account's logging is not configured, and the operations that declare it answer NotConfiguredException. Every
 * change publishes the whole configuration (options and every target's level) on {@value AccountConfiguration#TOPIC}
 * in its transaction, for the device gateways that write the log entries (docs/architecture.md, "Account settings for
 * the device gateway"); the changes take the options' row lock, so that they publish in commit order.
 */
@ApplicationScoped
public class LoggingService {

    private static final String LIST = "ListV2LoggingLevels";
    private static final Logger LOG = Logger.getLogger(LoggingService.class);

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final Clock clock;
    private final LoggingOptionsRepository options;
    private final LogTargetRepository targets;
    private final LoggingConfig config;
    private final AwsErrors errors;
    private final PaginationTokens tokens;

    LoggingService(
            Pool pool,
            TransactionalOutbox outbox,
            Clock clock,
            LoggingOptionsRepository options,
            LogTargetRepository targets,
            LoggingConfig config,
            AwsErrors errors,
            PaginationTokens tokens) {
        this.pool = pool;
        this.outbox = outbox;
        this.clock = clock;
        this.options = options;
        this.targets = targets;
        this.config = config;
        this.errors = errors;
        this.tokens = tokens;
    }

    /** Replaces the options; the first call configures the account's logging. */
    public Uni<Void> setOptions(LoggingOptions replacement) {
        return outbox.commit(transaction -> options.lock(transaction)
                .chain(() -> options.save(transaction, replacement))
                .chain(() -> published(transaction)));
    }

    public Uni<LoggingOptions> options() {
        return options.find(pool).map(found -> {
            if (found == null) {
                throw notConfigured();
            }
            return found;
        });
    }

    /** Sets a target's level; the DEFAULT target's level is the options' {@code defaultLogLevel}. */
    public Uni<Void> setLevel(LogTarget target, String logLevel) {
        if (!target.isDefault() && (target.name() == null || target.name().isEmpty())) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest("targetName is required for targetType " + target.type()));
        }
        return outbox.commit(transaction -> options.lock(transaction).chain(current -> {
            if (current == null) {
                throw notConfigured();
            }
            if (target.isDefault()) {
                return options.setDefaultLogLevel(transaction, logLevel).chain(() -> published(transaction));
            }
            return targets.countOthers(transaction, target).chain(others -> {
                if (others >= config.maxLogTargets()) {
                    throw errors.iot(
                            "LimitExceededException",
                            "An account can have at most " + config.maxLogTargets() + " log targets besides DEFAULT");
                }
                return targets.put(transaction, target, logLevel).chain(() -> published(transaction));
            });
        }));
    }

    /** Deletes a named target's level; deleting one that has none succeeds, as the model declares no not-found. */
    public Uni<Void> deleteLevel(LogTarget target) {
        if (target.isDefault()) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest(
                            "The DEFAULT log level is the account's defaultLogLevel: it can be changed, not deleted"));
        }
        return outbox.commit(transaction -> options.lock(transaction)
                .chain(() -> targets.delete(transaction, target))
                .chain(() -> published(transaction)));
    }

    /**
     * Publishes the configuration as it is at every start, so that a topic that lacks it (a deployment older than the
     * topic) gets it without waiting for a change; publishing it again changes nothing.
     */
    void publishAtStart(@Observes StartupEvent start) {
        outbox.commit(transaction -> options.lock(transaction).chain(() -> published(transaction)))
                .subscribe()
                .with(
                        published -> {},
                        failure -> LOG.warnf(
                                "The logging configuration was not published at start (the next change publishes it): %s",
                                failure.toString()));
    }

    /** The options and every target's level, read under the options' lock, as the event of the change. */
    private Uni<Outcome<Void>> published(SqlConnection transaction) {
        return options.find(transaction).chain(current -> targets.list(
                        transaction, null, null, config.maxLogTargets() + 1)
                .map(levels -> Outcome.of(
                        null,
                        new AccountConfiguration.V2Logging(
                                        current != null,
                                        current == null ? null : current.defaultLogLevel(),
                                        current != null && current.disableAllLogs(),
                                        levels.stream()
                                                .filter(level ->
                                                        !level.logTarget().isDefault())
                                                .map(level -> new AccountConfiguration.LogTargetLevel(
                                                        level.logTarget().type(),
                                                        level.logTarget().name(),
                                                        level.logLevel()))
                                                .toList(),
                                        clock.millis())
                                .event())));
    }

    /**
     * One page of ListV2LoggingLevels.
     *
     * @param targetType only targets of this type, or {@code null} for all
     */
    public Uni<Page<LogTargetConfiguration>> levels(String targetType, String nextToken, int maxResults) {
        Map<String, String> parameters = targetType == null ? Map.of() : Map.of("targetType", targetType);
        LogTarget after = nextToken == null ? null : LogTarget.ofCursor(tokens.cursor(LIST, parameters, nextToken));
        return options.find(pool)
                .chain(current -> {
                    if (current == null) {
                        throw notConfigured();
                    }
                    return targets.list(pool, targetType, after, maxResults + 1);
                })
                .map(found -> Page.of(
                        found,
                        maxResults,
                        last -> tokens.issue(LIST, parameters, last.logTarget().cursor())));
    }

    private RuntimeException notConfigured() {
        return errors.iot(
                "NotConfiguredException", "Logging is not configured for this account; call SetV2LoggingOptions first");
    }
}
