package io.iotdm.indexing.opensearch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Where OpenSearch is: {@code iotdm.indexing.opensearch.url}, the key devstack's test resource sets too. */
@ConfigMapping(prefix = "iotdm.indexing.opensearch")
public interface OpenSearchConfig {

    /** One node's URL, or several separated by commas (e.g. {@code http://127.0.0.1:29200}). */
    List<String> url();

    @WithDefault("5s")
    Duration connectTimeout();

    /** How long one request may take; a bulk of a few hundred scripted updates takes well under a second. */
    @WithDefault("60s")
    Duration responseTimeout();
}
