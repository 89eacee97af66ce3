package io.iotdm.gateway.proxy;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.ErrorResponse;
import io.iotdm.gateway.auth.SigV4Exception;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/** Writes the gateway's own error answers in the REST-JSON error shape that AWS clients parse. */
final class ErrorReplies {

    private ErrorReplies() {}

    static Future<Void> send(HttpServerResponse response, String requestId, AwsServiceException error) {
        ErrorResponse answer = ErrorResponse.of(error, requestId);
        return send(response, requestId, answer.status(), error.code().name(), answer.body());
    }

    static Future<Void> send(HttpServerResponse response, String requestId, SigV4Exception error) {
        return send(response, requestId, error.httpStatus(), error.errorCode(), error.jsonBody());
    }

    private static Future<Void> send(
            HttpServerResponse response, String requestId, int status, String errorType, String body) {
        if (response.ended() || response.closed()) {
            return Future.succeededFuture(); // the client is gone, or already has its answer
        }
        if (response.headWritten()) {
            // too late for an error status: cut the connection so the client cannot take a partial body for whole
            response.reset();
            return Future.succeededFuture();
        }
        response.setStatusCode(status);
        response.headers().set(ErrorResponse.ERROR_TYPE_HEADER, errorType).set("Content-Type", "application/json");
        ResponseStamp.stamp(response.headers(), requestId);
        return response.end(body);
    }
}
