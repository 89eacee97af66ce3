package io.iotdm.jobs.document;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${aws:iot:s3-presigned-url:<S3 URL>}} placeholders of a job document (docs/aws-behaviour.md §5.1,
 * §5.22). A presigned URL holds no quote nor backslash, so it replaces its placeholder in the document's text without
 * changing the JSON around it.
 */
final class PresignedUrlPlaceholders {

    private static final String PREFIX = "${aws:iot:s3-presigned-url:";
    private static final Pattern PLACEHOLDER = Pattern.compile(Pattern.quote(PREFIX) + "([^}\"]*)}");

    /** {@code s3.amazonaws.com}, {@code s3.<region>.amazonaws.com}, {@code s3-<region>.amazonaws.com}. */
    private static final Pattern PATH_STYLE_HOST = Pattern.compile("s3([.-][a-z0-9-]+)?\\.amazonaws\\.com");

    /** {@code <bucket>.s3.amazonaws.com}, {@code <bucket>.s3.<region>.amazonaws.com}. */
    private static final Pattern VIRTUAL_HOST = Pattern.compile("(.+)\\.s3([.-][a-z0-9-]+)?\\.amazonaws\\.com");

    /** The object a placeholder names. */
    record S3Object(String bucket, String key) {}

    private PresignedUrlPlaceholders() {}

    /** Whether the document may hold a placeholder (a cheap test before any work). */
    static boolean present(String document) {
        return document.contains(PREFIX);
    }

    /**
     * The objects the document's placeholders name, in order.
     *
     * @throws IllegalArgumentException naming the first URL that is not an S3 object URL
     */
    static List<S3Object> objects(String document) {
        List<S3Object> objects = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(document);
        while (placeholder.find()) {
            objects.add(object(placeholder.group(1)));
        }
        return objects;
    }

    /** The document with each placeholder replaced by {@code url} of the object it names. */
    static String replace(String document, Function<S3Object, String> url) {
        return PLACEHOLDER
                .matcher(document)
                .replaceAll(placeholder -> Matcher.quoteReplacement(url.apply(object(placeholder.group(1)))));
    }

    private static S3Object object(String text) {
        // a document written by a JSON library may escape the URL's slashes
        String url = text.replace("\\/", "/");
        try {
            URI uri = new URI(url);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            String path = uri.getPath() == null ? "" : uri.getPath();
            if ("https".equalsIgnoreCase(uri.getScheme())) {
                if (PATH_STYLE_HOST.matcher(host).matches()) {
                    int slash = path.indexOf('/', 1);
                    if (slash > 1 && slash < path.length() - 1) {
                        return new S3Object(path.substring(1, slash), path.substring(slash + 1));
                    }
                }
                Matcher virtual = VIRTUAL_HOST.matcher(host);
                if (virtual.matches() && path.length() > 1) {
                    return new S3Object(virtual.group(1), path.substring(1));
                }
            }
        } catch (URISyntaxException e) {
            // refused below, as any URL that names no object
        }
        throw new IllegalArgumentException(url);
    }
}
