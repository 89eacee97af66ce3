package io.iotdm.iotpolicy;

import java.util.List;

/**
 * One policy version, parsed, validated and compiled once ({@link PolicyParser#compile}); immutable and safe to share
 * between threads and connections. Evaluating it compiles nothing and allocates nothing.
 */
public final class CompiledPolicy {

    /** What one policy says about a request. */
    public enum Verdict {
        /** A Deny statement applies: nothing else can allow the request. */
        DENY,
        /** An Allow statement applies and no Deny statement does. */
        ALLOW,
        /** No statement applies. */
        NONE
    }

    private final Statement[] statements;

    CompiledPolicy(List<Statement> statements) {
        this.statements = statements.toArray(Statement[]::new);
    }

    public Verdict evaluate(String action, String resource, PolicyContext context) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if ((statement.deny() || !allowed) && statement.appliesTo(action, resource, context)) {
                if (statement.deny()) {
                    return Verdict.DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Verdict.ALLOW : Verdict.NONE;
    }

    /** The number of statements (for tests and diagnostics). */
    public int statementCount() {
        return statements.length;
    }
}
