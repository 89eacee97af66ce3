package io.iotdm.testing;

import io.iotdm.devstack.Databases;
import io.iotdm.devstack.StackAddresses;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives a Quarkus test the real engines of devstack: Kafka, PostgreSQL (the database named
 * by the {@value #DATABASE} argument, created if missing), OpenSearch and the S3-compatible store.
 * The engines start once per test JVM and stop with it, whatever the number of test classes. The service gets the
 * test JVM's internal secret, with which {@link SignedRestAssured} and {@link InternalTestCalls} sign the tests' calls,
 * and the secret that seals the provisioning-service's issuing CA key.
 *
 * <pre>{@code QuarkusTestResource(value = DevStackResource.class,
 *         initArgs = @ResourceArg(name = DevStackResource.DATABASE, value = "registry"))}</pre>
 */
public class DevStackResource implements QuarkusTestResourceLifecycleManager {

    /** The init argument naming the service's PostgreSQL database. */
    public static final String DATABASE = "database";

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get(DATABASE);
    }

    @Override
    public Map<String, String> start() {
        StackAddresses stack = SharedDevStack.addresses();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", stack.get(StackAddresses.KAFKA_BOOTSTRAP_SERVERS));
        config.put("iotdm.indexing.opensearch.url", stack.get(StackAddresses.OPENSEARCH_URL));
        config.put("iotdm.s3.endpoint", stack.get(StackAddresses.S3_ENDPOINT));
        config.put("iotdm.s3.access-key", stack.get(StackAddresses.S3_ACCESS_KEY));
        config.put("iotdm.s3.secret-key", stack.get(StackAddresses.S3_SECRET_KEY));
        config.put("iotdm.s3.region", stack.get(StackAddresses.S3_REGION));
        config.put("iotdm.internal.secret", InternalTestCalls.secret());
        config.put("iotdm.provisioning.ca-key-secret", InternalTestCalls.issuingCaSecret());
        if (database != null) {
            try {
                Databases.ensure(stack, database);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create database " + database, e);
            }
            config.put("quarkus.datasource.username", stack.get(StackAddresses.POSTGRES_USER));
            config.put("quarkus.datasource.password", stack.get(StackAddresses.POSTGRES_PASSWORD));
            config.put("quarkus.datasource.jdbc.url", stack.jdbcUrl(database));
            config.put("quarkus.datasource.reactive.url", stack.reactivePostgresUrl(database));
        }
        return config;
    }

    @Override
    public void stop() {
        // the engines outlive this test class: SharedDevStack stops them when the JVM exits
    }
}
