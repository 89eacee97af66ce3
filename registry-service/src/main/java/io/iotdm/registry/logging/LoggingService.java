package io.iotdm.registry.logging;

import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The account's v2 logging configuration (docs/aws-behaviour.md §8): options, and log levels per target. Until they are
 * set the account's logging is not configured, and the operations that declare it answer NotConfiguredException.
 */
@ApplicationScoped
public class LoggingService {

    private static final String LIST = "ListV2LoggingLevels";

    private final Pool pool;
    private final LoggingOptionsRepository options;
    private final LogTargetRepository targets;
    private final LoggingConfig config;
    private final AwsErrors errors;
    private final PaginationTokens tokens;

    LoggingService(
            Pool pool,
            LoggingOptionsRepository options,
            LogTargetRepository targets,
            LoggingConfig config,
            AwsErrors errors,
            PaginationTokens tokens) {
        this.pool = pool;
        this.options = options;
        this.targets = targets;
        this.config = config;
        this.errors = errors;
        this.tokens = tokens;
    }

    /** Replaces the options; the first call configures the account's logging. */
    public Uni<Void> setOptions(LoggingOptions replacement) {
        return options.save(pool, replacement);
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
        return pool.withTransaction(transaction -> options.lock(transaction).chain(current -> {
            if (current == null) {
                throw notConfigured();
            }
            if (target.isDefault()) {
                return options.setDefaultLogLevel(transaction, logLevel);
            }
            return targets.countOthers(transaction, target).chain(others -> {
                if (others >= config.maxLogTargets()) {
                    throw errors.iot(
                            "LimitExceededException",
                            "An account can have at most " + config.maxLogTargets() + " log targets besides DEFAULT");
                }
                return targets.put(transaction, target, logLevel);
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
        return targets.delete(pool, target);
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
