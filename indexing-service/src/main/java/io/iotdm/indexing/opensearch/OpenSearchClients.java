package io.iotdm.indexing.opensearch;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.jboss.logging.Logger;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * The one {@link OpenSearchClient} of the service, over Apache HttpClient 5, for the indexer and the search APIs
 * alike. {@code @Singleton}, not {@code @ApplicationScoped}: the client class is not proxyable (final methods).
 */
public class OpenSearchClients {

    private static final Logger LOG = Logger.getLogger(OpenSearchClients.class);

    @Produces
    @Singleton
    OpenSearchClient openSearchClient(OpenSearchConfig config) {
        HttpHost[] hosts = config.url().stream().map(OpenSearchClients::host).toArray(HttpHost[]::new);
        Timeout connect = Timeout.of(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        Timeout response = Timeout.of(config.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        var transport = ApacheHttpClient5TransportBuilder.builder(hosts)
                .setMapper(new JacksonJsonpMapper())
                .setConnectionConfigCallback(
                        connection -> connection.setConnectTimeout(connect).setSocketTimeout(response))
                .setRequestConfigCallback(request -> request.setResponseTimeout(response))
                .build();
        return new OpenSearchClient(transport);
    }

    void close(@Disposes OpenSearchClient client) {
        try {
            client._transport().close();
        } catch (IOException e) {
            LOG.debugf("Closing the OpenSearch client: %s", e);
        }
    }

    private static HttpHost host(String url) {
        try {
            return HttpHost.create(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("iotdm.indexing.opensearch.url: not a URL: " + url, e);
        }
    }
}
