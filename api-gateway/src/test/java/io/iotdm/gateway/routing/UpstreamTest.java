package io.iotdm.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UpstreamTest {

    @Test
    void aServiceUrlBecomesHostPortAndPathPrefix() {
        assertEquals(
                new Upstream("registry-service", false, "127.0.0.1", 29081, ""),
                Upstream.of("registry-service", URI.create("http://127.0.0.1:29081")));
        assertEquals(
                new Upstream("jobs-service", true, "jobs.internal", 443, "/iot"),
                Upstream.of("jobs-service", URI.create("https://jobs.internal/iot/")));
        assertEquals(80, Upstream.of("x", URI.create("http://svc")).port());
    }

    @Test
    void anUnusableUrlStopsTheStartWithItsKey() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Upstream.of("group-service", URI.create("ftp://h/")));
        assertEquals(
                "iotdm.gateway.services.group-service.url must be an http(s) URL with a host, got 'ftp://h/'",
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> Upstream.of("g", URI.create("http://h/?a=b")));
    }
}
