package io.iotdm.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JDBC helpers: connections and creating a database that is missing. */
final class Postgres {

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([A-Za-z0-9_]+)(\\?.*)?$");

    static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** The database a URL names. */
    static String database(String jdbcUrl) {
        return matcher(jdbcUrl).group(2);
    }

    /**
     * Creates the database that the URL names unless it exists, connecting to the {@code postgres}
     * database of the same server. @return whether it was created
     */
    static boolean ensureDatabase(String jdbcUrl, String user, String password) throws SQLException {
        Matcher m = matcher(jdbcUrl);
        String database = m.group(2);
        String adminUrl = m.group(1) + "postgres" + (m.group(3) == null ? "" : m.group(3));
        try (Connection admin = connect(adminUrl, user, password)) {
            try (PreparedStatement exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet row = exists.executeQuery()) {
                    if (row.next()) {
                        return false;
                    }
                }
            }
            try (Statement create = admin.createStatement()) {
                create.execute("CREATE DATABASE \"" + database + "\""); // the name matched [A-Za-z0-9_]+
                return true;
            } catch (SQLException raced) {
                if ("42P04".equals(raced.getSQLState())) { // duplicate_database: created meanwhile
                    return false;
                }
                throw raced;
            }
        }
    }

    private static Matcher matcher(String jdbcUrl) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected jdbc:postgresql://host:port/database (letters, digits, _), got " + jdbcUrl);
        }
        return m;
    }

    private Postgres() {}
}
