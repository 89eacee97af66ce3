package io.iotdm.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Creates PostgreSQL databases that are missing, for example {@code registry} before registry-service starts. */
@Command(
        name = "ensure-database",
        mixinStandardHelpOptions = true,
        description = "Creates the named PostgreSQL databases unless they exist (devstack's PostgreSQL by default).")
final class EnsureDatabase implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "database names")
    String[] names;

    @Option(
            names = "--postgres-server",
            description = "JDBC URL prefix of the server (default: from stack.properties, else ${DEFAULT-VALUE})",
            defaultValue = "jdbc:postgresql://127.0.0.1:25432/")
    String server;

    @Option(names = "--postgres-user", defaultValue = "postgres")
    String user;

    @Option(
            names = "--postgres-password",
            description = "(default: devstack's, from stack.properties)",
            defaultValue = "")
    String password;

    @Override
    public Integer call() throws Exception {
        String base = server.endsWith("/") ? server : server + "/";
        if (password.isEmpty()) {
            password = StackFile.read(StackFile.defaultPath())
                    .flatMap(file -> file.get(StackFile.POSTGRES_PASSWORD))
                    .orElse("");
        }
        for (String name : names) {
            boolean created = Postgres.ensureDatabase(base + name, user, password);
            System.out.println((created ? "created database " : "database exists: ") + name);
        }
        return 0;
    }
}
