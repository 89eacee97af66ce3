package io.iotdm.devicegateway.logging;

import io.iotdm.devicegateway.account.AccountSettings;
import io.iotdm.events.AccountConfiguration.LogTargetLevel;
import io.iotdm.events.AccountConfiguration.V2Logging;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The log level in force for a client (docs/aws-behaviour.md §8): nothing while the account's logging is not configured
 * or {@code disableAllLogs} is set; otherwise the level of the first target that names the client, in the order
 * CLIENT_ID, SOURCE_IP, PRINCIPAL_ID, THING_GROUP, else the DEFAULT level. For THING_GROUP, each of the thing's groups
 * takes the level of the nearest group on its path from the root that has one (a child's level wins over its
 * parent's), and of several groups the most verbose level wins.
 */
@ApplicationScoped
class LogLevels {

    private static final Logger LOG = Logger.getLogger(LogLevels.class);

    static final String CLIENT_ID = "CLIENT_ID";
    static final String SOURCE_IP = "SOURCE_IP";
    static final String PRINCIPAL_ID = "PRINCIPAL_ID";
    static final String THING_GROUP = "THING_GROUP";

    /** The targets of one logging configuration by type and name, built once per configuration the registry sends. */
    private record Targets(V2Logging source, Map<String, Map<String, LogLevel>> byType) {

        static Targets of(V2Logging logging) {
            Map<String, Map<String, LogLevel>> byType = new HashMap<>();
            for (LogTargetLevel target : logging.targets()) {
                LogLevel.of(target.logLevel())
                        .ifPresent(level -> byType.computeIfAbsent(target.targetType(), type -> new HashMap<>())
                                .put(target.targetName(), level));
            }
            return new Targets(logging, byType);
        }

        Optional<LogLevel> of(String type, String name) {
            return name == null
                    ? Optional.empty()
                    : Optional.ofNullable(byType.getOrDefault(type, Map.of()).get(name));
        }
    }

    private final AccountSettings settings;
    private final ThingGroupsOfThings thingGroups;
    private volatile Targets targets;

    LogLevels(AccountSettings settings, ThingGroupsOfThings thingGroups) {
        this.settings = settings;
        this.thingGroups = thingGroups;
    }

    /** Whether anything can be logged at all: a cheap test before an entry is built. */
    boolean enabled() {
        V2Logging logging = settings.logging();
        return logging.configured() && !logging.disableAllLogs();
    }

    /** @return the client's level, or empty when nothing is logged for it */
    CompletableFuture<Optional<LogLevel>> level(ClientLog client) {
        V2Logging logging = settings.logging();
        if (!logging.configured() || logging.disableAllLogs()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Targets current = targets(logging);
        Optional<LogLevel> named = current.of(CLIENT_ID, client.clientId())
                .or(() -> current.of(SOURCE_IP, client.sourceIp()))
                .or(() -> current.of(PRINCIPAL_ID, client.principalId()));
        Optional<LogLevel> byDefault = LogLevel.of(logging.defaultLogLevel());
        if (named.isPresent()) {
            return CompletableFuture.completedFuture(named);
        }
        Map<String, LogLevel> groupLevels = current.byType().get(THING_GROUP);
        if (groupLevels == null || groupLevels.isEmpty()) {
            return CompletableFuture.completedFuture(byDefault);
        }
        return thingGroups.paths(client.clientId()).handle((paths, failure) -> {
            if (failure != null) {
                LOG.debugf(
                        "No thing groups for client %s, so its thing-group log levels do not apply: %s",
                        client.clientId(), failure.toString());
                return byDefault;
            }
            return groupLevel(paths, groupLevels).or(() -> byDefault);
        });
    }

    /** The most verbose of the groups' levels, each the nearest one set on its path from the root. */
    static Optional<LogLevel> groupLevel(List<List<String>> paths, Map<String, LogLevel> groupLevels) {
        Optional<LogLevel> chosen = Optional.empty();
        for (List<String> path : paths) {
            for (int i = path.size() - 1; i >= 0; i--) {
                LogLevel level = groupLevels.get(path.get(i));
                if (level != null) {
                    if (chosen.isEmpty() || level.ordinal() > chosen.get().ordinal()) {
                        chosen = Optional.of(level);
                    }
                    break;
                }
            }
        }
        return chosen;
    }

    private Targets targets(V2Logging logging) {
        Targets known = targets;
        if (known == null || known.source() != logging) {
            known = Targets.of(logging);
            targets = known;
        }
        return known;
    }
}
