package io.iotdm.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Buffers a request body up to a limit without blocking the event loop. SigV4 covers the body's hash, so the whole
 * body is needed before anything can be verified, and a limit keeps a client from filling the heap.
 */
final class BodyReader {

    /**
     * After a 413, this much more of the refused body is read and dropped, so that the connection stays usable and a
     * client that is still sending reads the answer instead of a reset; beyond it the connection is closed.
     */
    static final long DRAIN_LIMIT = 1 << 20;

    private BodyReader() {}

    /** The body is larger than allowed. */
    static final class TooLarge extends RuntimeException {
        /** True when the connection must be closed after the answer instead of draining the body. */
        final boolean closeConnection;

        TooLarge(boolean closeConnection) {
            super("request body too large", null, false, false);
            this.closeConnection = closeConnection;
        }
    }

    /** The body did not arrive within the time allowed. */
    static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("request body too slow", null, false, false);
        }
    }

    /** True when the request may still send body bytes that nobody has read. */
    static boolean bodyPending(HttpServerRequest request) {
        return !request.isEnded()
                && (declaredLength(request) > 0 || request.headers().contains("Transfer-Encoding"));
    }

    /** The Content-Length, or -1 when there is none. */
    private static long declaredLength(HttpServerRequest request) {
        String contentLength = request.getHeader("Content-Length");
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            return -1; // Netty rejects such requests before they get here
        }
    }

    /**
     * @param timeoutMillis how long the whole body may take to arrive
     * @return the body, or a failed future with {@link TooLarge}, {@link TooSlow} or the connection's error
     */
    static Future<Buffer> read(Vertx vertx, HttpServerRequest request, int maxBytes, long timeoutMillis) {
        long declared = declaredLength(request);
        // A client waiting for 100 Continue has not sent the body; refusing it leaves the connection state unclear.
        boolean expectsContinue = request.headers().contains("Expect", "100-continue", true);
        if (declared > maxBytes) {
            return Future.failedFuture(new TooLarge(expectsContinue || declared - maxBytes > DRAIN_LIMIT));
        }
        if (request.isEnded()) {
            return Future.succeededFuture(Buffer.buffer());
        }
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 256);
        long[] dropped = {0};
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                // refused already: drop the rest, up to a point
                dropped[0] += chunk.length();
                if (dropped[0] > DRAIN_LIMIT) {
                    request.connection().close();
                }
            } else if (body.length() + chunk.length() > maxBytes) {
                dropped[0] += chunk.length();
                promise.fail(new TooLarge(false));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> promise.tryComplete(body));
        request.exceptionHandler(promise::tryFail);
        long timer = vertx.setTimer(timeoutMillis, fired -> promise.tryFail(new TooSlow()));
        promise.future().onComplete(done -> vertx.cancelTimer(timer));
        if (expectsContinue) {
            request.response().writeContinue();
        }
        return promise.future();
    }
}
