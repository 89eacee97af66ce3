package io.iotdm.gateway.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * JDK HttpServer on 127.0.0.1 that runs the verifier on every request and answers like an AWS REST-JSON service:
 * 200 {@code {}} or the error status with {@code x-amzn-ErrorType} and {@code {"message":...}}.
 * Records every outcome so tests can assert on what the server saw. Run main() for the CLI script.
 */
public final class VerifierHttpServer implements AutoCloseable {

    /** One request as seen by the server. */
    public record Seen(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            VerifiedIdentity identity,
            SigV4Exception error) {}

    private final HttpServer server;
    public final List<Seen> seen = new CopyOnWriteArrayList<>();

    public VerifierHttpServer(SigV4Verifier verifier) throws IOException {
        this(verifier, 0);
    }

    public VerifierHttpServer(SigV4Verifier verifier, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", ex -> handle(ex, verifier));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    private void handle(HttpExchange ex, SigV4Verifier verifier) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            SigV4Request req = SigV4Request.of(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders(),
                    body);
            VerifiedIdentity id = null;
            SigV4Exception err = null;
            try {
                id = verifier.verify(req);
            } catch (SigV4Exception e) {
                err = e;
            }
            seen.add(new Seen(req.method(), req.rawPath(), req.rawQuery(), req.headers(), id, err));
            byte[] out = (err == null ? "{}" : err.jsonBody()).getBytes(StandardCharsets.UTF_8);
            var h = ex.getResponseHeaders();
            h.set("Content-Type", "application/json");
            h.set("x-amzn-RequestId", UUID.randomUUID().toString());
            // (the JDK server always adds its own Date header; SDKs use it to correct their clock skew)
            if (err != null) h.set("x-amzn-ErrorType", err.errorCode());
            ex.sendResponseHeaders(err == null ? 200 : err.httpStatus(), out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
            System.out.println(
                    id != null
                            ? "OK   " + req.method() + " " + req.rawPath() + " -> accessKeyId=" + id.accessKeyId()
                                    + " region=" + id.region() + " service=" + id.service() + " presigned="
                                    + id.presigned()
                                    + " payloadHash=" + id.payloadHash()
                            : "FAIL " + req.method() + " " + req.rawPath() + " -> " + err.httpStatus() + " "
                                    + err.errorCode() + ": " + err.getMessage());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** {@code java ... VerifierHttpServer [port]}: serves key AKIDEXAMPLE / secret "secret" until killed. */
    public static void main(String[] args) throws Exception {
        SigV4Verifier v = new SigV4Verifier(
                k -> k.equals("AKIDEXAMPLE") ? Optional.of(new SigV4Verifier.Credentials("secret")) : Optional.empty(),
                Clock.systemUTC());
        try (VerifierHttpServer s = new VerifierHttpServer(v, args.length > 0 ? Integer.parseInt(args[0]) : 0)) {
            System.out.println("listening " + s.port());
            Thread.currentThread().join();
        }
    }
}
