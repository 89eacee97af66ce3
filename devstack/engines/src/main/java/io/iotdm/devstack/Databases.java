package io.iotdm.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** One PostgreSQL database per service, created the first time the service asks for it. */
public final class Databases {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private Databases() {}

    /** Creates {@code database} unless it exists; needs the PostgreSQL JDBC driver on the classpath. */
    public static void ensure(StackAddresses addresses, String database) throws SQLException {
        if (!NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection connection = DriverManager.getConnection(
                        addresses.jdbcUrl("postgres"),
                        addresses.get(StackAddresses.POSTGRES_USER),
                        addresses.get(StackAddresses.POSTGRES_PASSWORD));
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (exists.executeQuery().next()) {
                return;
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            } catch (SQLException e) {
                // another JVM created it between our check and our create: that is what we wanted
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }
}
