package io.iotdm.gateway.auth;

import io.iotdm.aws.protocol.PublicDefaults;
import io.iotdm.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The access keys the gateway accepts: from configuration and from a mounted secret file, read once at start so that
 * the request path only does a map lookup. A gateway without keys could never accept a request, so it refuses to
 * start.
 */
@Singleton
final class AccessKeys implements SigV4Verifier.CredentialsLookup {

    /** The well-known development key devstack gives the gateway; anyone can read it, so say so loudly. */
    static final String LOCAL_ACCESS_KEY = "AKIAIOTDMLOCAL000001";

    static final String LOCAL_SECRET = "iotdm-local-secret-key-do-not-use-in-prod";

    private static final Logger LOG = Logger.getLogger(AccessKeys.class);

    private final Map<String, SigV4Verifier.Credentials> keys;

    @Inject
    AccessKeys(GatewayConfig config, @ConfigProperty(name = "quarkus.http.host") String httpHost) {
        this(load(config.credentials(), config.credentialsFile()));
        refusePublicKeyBeyondLoopback(httpHost);
        LOG.infof("Accepting %d access key(s)", keys.size());
        if (keys.containsKey(LOCAL_ACCESS_KEY)) {
            LOG.warnf(
                    "The public development access key %s is enabled; override iotdm.gateway.credentials for any "
                            + "shared deployment",
                    LOCAL_ACCESS_KEY);
        }
    }

    AccessKeys(Map<String, String> secrets) {
        Map<String, SigV4Verifier.Credentials> byId = new HashMap<>();
        secrets.forEach((id, secret) -> byId.put(id, new SigV4Verifier.Credentials(secret)));
        this.keys = Map.copyOf(byId);
    }

    /** The development key with its public secret lets anyone in: only a process reachable from loopback may have it. */
    void refusePublicKeyBeyondLoopback(String httpHost) {
        PublicDefaults.refuseBeyondLoopback(
                httpHost,
                "iotdm.gateway.credentials." + LOCAL_ACCESS_KEY,
                find(LOCAL_ACCESS_KEY)
                        .map(credentials -> credentials.secretAccessKey().equals(LOCAL_SECRET))
                        .orElse(false));
    }

    @Override
    public Optional<SigV4Verifier.Credentials> find(String accessKeyId) {
        return Optional.ofNullable(keys.get(accessKeyId));
    }

    /** Configured keys plus the file's; the file wins on a clash, since a mounted secret is the deliberate choice. */
    static Map<String, String> load(Map<String, String> configured, Optional<Path> file) {
        Map<String, String> secrets = new HashMap<>(configured);
        file.ifPresent(path -> secrets.putAll(readFile(path)));
        secrets.forEach((id, secret) -> {
            if (id.isBlank() || secret.isBlank()) {
                throw new IllegalStateException("Access key '" + id + "' has an empty id or secret");
            }
        });
        if (secrets.isEmpty()) {
            throw new IllegalStateException("No access keys configured: set iotdm.gateway.credentials.<accessKeyId>="
                    + "<secret> or point iotdm.gateway.credentials-file at a properties file of accessKeyId=secret");
        }
        return secrets;
    }

    private static Map<String, String> readFile(Path path) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("iotdm.gateway.credentials-file " + path + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read iotdm.gateway.credentials-file " + path, e);
        }
        Map<String, String> secrets = new HashMap<>();
        properties
                .stringPropertyNames()
                .forEach(
                        id -> secrets.put(id.strip(), properties.getProperty(id).strip()));
        return secrets;
    }
}
