package io.iotdm.provisioning;

import io.iotdm.testing.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The provisioning-service's tests run on devstack's PostgreSQL (database {@code provisioning}) and Kafka, with the registry and the group-service played by {@link TestPeers}. */
@QuarkusTestResource(
        value = TestPeers.Resource.class,
        initArgs = @ResourceArg(name = DevStackResource.DATABASE, value = "provisioning"))
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ProvisioningTestResource {}
