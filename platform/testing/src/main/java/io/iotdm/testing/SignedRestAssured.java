package io.iotdm.testing;

import io.iotdm.service.auth.InternalSignature;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;

/**
 * Signs every RestAssured call of a {@code @QuarkusTest} with the test JVM's internal secret, as the gateway signs
 * what it forwards: the tests call the service directly. Quarkus finds it through {@code META-INF/services} and
 * installs it before each test (in the class loader the test runs in, once).
 */
public class SignedRestAssured implements Filter, QuarkusTestBeforeEachCallback {

    private final InternalSignature signature = InternalTestCalls.signature();

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(SignedRestAssured.class::isInstance)) {
            RestAssured.filters(this);
        }
    }

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext next) {
        URI uri = URI.create(request.getURI());
        String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        signature
                .sign(InternalSignature.httpParts(request.getMethod(), target, name -> request.getHeaders()
                        .getValue(name)))
                .forEach(request::replaceHeader);
        return next.next(request, response);
    }
}
