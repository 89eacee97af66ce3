package io.iotdm.registry;

import io.iotdm.testing.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The registry's tests run on devstack's PostgreSQL (database {@code registry}) and Kafka, with the
 * provisioning-service's gRPC API served by {@link TestProvisioning}.
 */
@QuarkusTestResource(
        value = TestProvisioning.Resource.class,
        initArgs = @ResourceArg(name = DevStackResource.DATABASE, value = "registry"))
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RegistryTestResource {}
