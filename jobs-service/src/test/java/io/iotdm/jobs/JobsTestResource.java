package io.iotdm.jobs;

import io.iotdm.testing.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The jobs-service's tests run on devstack's PostgreSQL (database {@code jobs}) and Kafka, with the group-service played
 * by {@link TestPeers}, time told by {@link TestClock}, and the rollout engine stepped by the tests themselves
 * ({@code %test.iotdm.jobs.rollout.interval=off}).
 */
@QuarkusTestResource(
        value = TestPeers.Resource.class,
        initArgs = @ResourceArg(name = DevStackResource.DATABASE, value = "jobs"))
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface JobsTestResource {}
