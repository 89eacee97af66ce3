package io.iotdm.iotpolicy;

import java.util.List;

/**
 * The policies in force for one principal (its certificate's and, when the client id is the thing name, those of
 * the thing's groups and their ancestors: docs/aws-behaviour.md §6.4), evaluated as AWS evaluates them: an explicit
 * deny in any policy wins, otherwise an allow in any policy allows, otherwise the request is denied. Immutable; the
 * device gateway builds one per connection and asks it for every request.
 */
public final class EffectivePolicies {

    private final CompiledPolicy[] policies;

    public EffectivePolicies(List<CompiledPolicy> policies) {
        this.policies = policies.toArray(CompiledPolicy[]::new);
    }

    public static EffectivePolicies of(CompiledPolicy... policies) {
        return new EffectivePolicies(List.of(policies));
    }

    /**
     * @param action for example {@code iot:Publish} (see {@link IotResources} for the action names)
     * @param resource the ARN of the resource the action is on, for example the topic's
     */
    public Decision decide(String action, String resource, PolicyContext context) {
        boolean allowed = false;
        for (CompiledPolicy policy : policies) {
            switch (policy.evaluate(action, resource, context)) {
                case DENY -> {
                    return Decision.EXPLICIT_DENY;
                }
                case ALLOW -> allowed = true;
                case NONE -> {}
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }
}
