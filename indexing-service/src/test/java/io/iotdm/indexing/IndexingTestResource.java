package io.iotdm.indexing;

import io.quarkus.test.common.QuarkusTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The indexing tests run on devstack's Kafka and OpenSearch, and rebuild from the {@link TestRegistry}. */
@QuarkusTestResource(TestRegistry.Resource.class)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface IndexingTestResource {}
