package io.iotdm.jobs.job;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.jobs.JobsConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * CreateJob's {@code documentSource} (docs/aws-behaviour.md §5.21): the job document read once, when the job is
 * created, from the S3-compatible store ({@code iotdm.jobs.s3.*}). The URL is AWS's ({@code
 * https://s3.amazonaws.com/<bucket>/<key>}, with or without a region, or the bucket as the host's first label) or the
 * path-style URL of the configured store ({@code <endpoint>/<bucket>/<key>}); either names a bucket and key of that
 * store.
 */
@ApplicationScoped
class JobDocumentSource {

    /** AWS's limit of a job document, inline or in S3 (the model's {@code JobDocument} max). */
    static final int MAX_DOCUMENT_BYTES = 32768;

    /** {@code s3.amazonaws.com}, {@code s3.<region>.amazonaws.com}, {@code s3-<region>.amazonaws.com}. */
    private static final Pattern PATH_STYLE = Pattern.compile("s3(?:[.-][a-z0-9-]+)?\\.amazonaws\\.com");

    /** {@code <bucket>.s3.amazonaws.com} and its regional forms. */
    private static final Pattern VIRTUAL_HOSTED = Pattern.compile("(.+)\\.s3(?:[.-][a-z0-9-]+)?\\.amazonaws\\.com");

    private final S3Client s3;
    private final URI endpoint;
    private final AwsErrors errors;

    JobDocumentSource(S3Client s3, JobsConfig config, AwsErrors errors) {
        this.s3 = s3;
        this.endpoint = config.s3().endpoint();
        this.errors = errors;
    }

    /** The document at {@code source}, read on a worker thread (the S3 client blocks). */
    Uni<String> read(String source) {
        Location location = locate(source);
        return Uni.createFrom()
                .item(() -> fetch(source, location))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private record Location(String bucket, String key) {}

    private Location locate(String source) {
        URI uri;
        try {
            uri = URI.create(source);
        } catch (IllegalArgumentException invalid) {
            throw notAnObject(source);
        }
        String host = uri.getHost();
        String path = uri.getRawPath() == null ? "" : URLDecoder.decode(uri.getRawPath(), StandardCharsets.UTF_8);
        if (host == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw notAnObject(source);
        }
        Matcher virtual = VIRTUAL_HOSTED.matcher(host);
        if (virtual.matches() && path.length() > 1) {
            return new Location(virtual.group(1), path.substring(1));
        }
        boolean store = host.equalsIgnoreCase(endpoint.getHost()) && uri.getPort() == endpoint.getPort();
        if (store || PATH_STYLE.matcher(host).matches()) {
            int slash = path.indexOf('/', 1);
            if (path.startsWith("/") && slash > 1 && slash < path.length() - 1) {
                return new Location(path.substring(1, slash), path.substring(slash + 1));
            }
        }
        throw notAnObject(source);
    }

    private String fetch(String source, Location location) {
        try (ResponseInputStream<GetObjectResponse> object =
                s3.getObject(request -> request.bucket(location.bucket()).key(location.key()))) {
            Long length = object.response().contentLength();
            if (length != null && length > MAX_DOCUMENT_BYTES) {
                object.abort();
                throw tooLarge(source);
            }
            // one byte more than allowed tells a store that gave no length that the object is too large
            byte[] bytes = object.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (bytes.length > MAX_DOCUMENT_BYTES) {
                object.abort();
                throw tooLarge(source);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw errors.invalidRequest("The job document " + source + " does not exist.");
            }
            if (e.statusCode() == 403) {
                throw errors.invalidRequest("Access to the job document " + source + " was denied.");
            }
            throw unavailable(source);
        } catch (SdkException | IOException e) {
            throw unavailable(source);
        }
    }

    private RuntimeException notAnObject(String source) {
        return errors.invalidRequest("The documentSource " + source + " is not the URL of an S3 object, such as"
                + " https://s3.amazonaws.com/<bucket>/<key>.");
    }

    private RuntimeException tooLarge(String source) {
        return errors.invalidRequest(
                "The job document " + source + " is larger than the limit of " + MAX_DOCUMENT_BYTES + " bytes.");
    }

    private RuntimeException unavailable(String source) {
        return errors.iot(
                "ServiceUnavailableException",
                "The job document " + source + " could not be read from the object store; retry the request later.");
    }
}
