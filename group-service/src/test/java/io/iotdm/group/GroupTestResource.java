package io.iotdm.group;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The group-service's tests run on devstack's PostgreSQL (database {@code groups}: {@code group} is a reserved word in SQL) and Kafka, with the registry's gRPC
 * API served by {@link TestRegistry}.
 */
@QuarkusTestResource(
        value = TestRegistry.Resource.class,
        initArgs = @ResourceArg(name = TestRegistry.Resource.DATABASE, value = "groups"))
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface GroupTestResource {}
