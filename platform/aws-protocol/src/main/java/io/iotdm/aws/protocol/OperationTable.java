package io.iotdm.aws.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the operation of a request from the service it was signed for, its method and its path. The URI templates
 * of each model are compiled into a tree of path segments, so a request costs one map lookup per segment.
 *
 * <p>A literal segment beats a label, and a label beats a greedy label ({@code {name+}}); when the more specific
 * branch has no template for the request's method, the next one is tried. A template with a query part
 * ({@code /foo?bar}) only matches when the request carries those query parameters, and beats the same path without.
 */
public final class OperationTable {

    /**
     * Signing names AWS accepts besides the models' own. SDKs sign the data plane as {@code iotdata}, the AWS IoT
     * developer guide names {@code iotdevicegateway}: both reach iot-data. The control plane is {@code iot} in the
     * model, but botocore's endpoint data gave it the credential scope {@code execute-api} for years (the AWS CLI v2
     * of Debian 12, 2.9.19, boto3 1.26, the AWS SDK for Java v1 sign it so), and AWS IoT accepts both. Where a path
     * exists in both iot and iot-jobs-data, {@code execute-api} means iot, as it did for those clients.
     */
    private static final Map<String, String> SIGNING_NAME_ALIASES =
            Map.of("iotdevicegateway", "iotdata", "execute-api", "iot");

    private final Map<String, Node> roots = new HashMap<>();

    public OperationTable(AwsModel model) {
        model.services().forEach(service -> {
            Node root = roots.computeIfAbsent(service.signingName(), name -> new Node());
            service.operations().forEach(operation -> root.add(Route.of(service, operation)));
        });
        roots.values().forEach(Node::sortRoutes);
        SIGNING_NAME_ALIASES.forEach((alias, signingName) -> {
            if (roots.containsKey(signingName)) {
                roots.put(alias, roots.get(signingName));
            }
        });
    }

    /**
     * The operation a request invokes, its path parameters, URL-decoded and keyed by member name (a URI label can name
     * the member differently), and its query parameters, decoded the same way, every value of a name in order.
     */
    public record Match(
            Operation operation, Map<String, String> pathParameters, Map<String, List<String>> queryParameters) {

        public Match {
            pathParameters = Map.copyOf(pathParameters);
            queryParameters = Map.copyOf(queryParameters);
        }
    }

    /**
     * @param signingName the service of the request's SigV4 credential scope: {@code iot} (or {@code execute-api}),
     *     {@code iotdata} (or {@code iotdevicegateway}), {@code iot-jobs-data}, {@code signer}
     * @param requestTarget the raw path, percent-encoded as sent, optionally followed by {@code ?} and the query
     * @return empty when no operation of that service has this method and path
     * @throws AwsServiceException InvalidRequestException when the path or the query is not percent-encoded UTF-8
     */
    public Optional<Match> match(String signingName, String method, String requestTarget) {
        Node root = roots.get(signingName);
        int queryStart = requestTarget.indexOf('?');
        String path = queryStart < 0 ? requestTarget : requestTarget.substring(0, queryStart);
        if (root == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        String[] rawSegments = path.substring(1).split("/", -1);
        String[] segments = new String[rawSegments.length];
        for (int i = 0; i < rawSegments.length; i++) {
            segments[i] = percentDecode(rawSegments[i]);
        }
        Map<String, List<String>> query =
                queryStart < 0 ? Map.of() : queryParameters(requestTarget.substring(queryStart + 1));
        return root.find(segments, 0, method, query);
    }

    /** A node of the segment tree: the templates that end here, and the branches for the next segment. */
    private static final class Node {
        private final Map<String, Node> literals = new HashMap<>();
        private Node label;
        private final Map<String, List<Route>> routes = new HashMap<>();
        private final Map<String, List<Route>> greedyRoutes = new HashMap<>();

        void add(Route route) {
            Node node = this;
            for (int i = 0; i < route.segments.size(); i++) {
                Segment segment = route.segments.get(i);
                if (segment.greedy()) {
                    if (i != route.segments.size() - 1) {
                        throw new IllegalStateException("A greedy label must end the template: " + route);
                    }
                    node.greedyRoutes
                            .computeIfAbsent(route.method(), m -> new ArrayList<>())
                            .add(route);
                    return;
                }
                if (segment.member() == null) {
                    node = node.literals.computeIfAbsent(segment.text(), text -> new Node());
                } else {
                    if (node.label == null) {
                        node.label = new Node();
                    }
                    node = node.label;
                }
            }
            node.routes.computeIfAbsent(route.method(), m -> new ArrayList<>()).add(route);
        }

        /** Routes with more query literals are more specific; two routes that cannot be told apart are a model bug. */
        void sortRoutes() {
            for (Map<String, List<Route>> byMethod : List.of(routes, greedyRoutes)) {
                byMethod.values().forEach(list -> {
                    list.sort(Comparator.comparingInt(
                                    (Route route) -> route.query().size())
                            .reversed());
                    for (int i = 1; i < list.size(); i++) {
                        if (list.get(i).query().equals(list.get(i - 1).query())) {
                            throw new IllegalStateException(
                                    "Ambiguous templates: " + list.get(i - 1) + ", " + list.get(i));
                        }
                    }
                });
            }
            literals.values().forEach(Node::sortRoutes);
            if (label != null) {
                label.sortRoutes();
            }
        }

        Optional<Match> find(String[] segments, int index, String method, Map<String, List<String>> query) {
            if (index == segments.length) {
                return pick(routes.get(method), segments, query);
            }
            Node literal = literals.get(segments[index]);
            if (literal != null) {
                Optional<Match> match = literal.find(segments, index + 1, method, query);
                if (match.isPresent()) {
                    return match;
                }
            }
            if (label != null && !segments[index].isEmpty()) {
                Optional<Match> match = label.find(segments, index + 1, method, query);
                if (match.isPresent()) {
                    return match;
                }
            }
            boolean restIsEmpty = index == segments.length - 1 && segments[index].isEmpty();
            return restIsEmpty ? Optional.empty() : pick(greedyRoutes.get(method), segments, query);
        }

        private static Optional<Match> pick(
                List<Route> candidates, String[] segments, Map<String, List<String>> query) {
            if (candidates == null) {
                return Optional.empty();
            }
            return candidates.stream()
                    .filter(route -> route.acceptsQuery(query))
                    .findFirst()
                    .map(route -> new Match(route.operation(), route.parameters(segments), query));
        }
    }

    /** One segment of a URI template: literal text, or a label bound to a member. */
    private record Segment(String text, String member, boolean greedy) {}

    /** An operation's compiled URI template. */
    private record Route(Operation operation, List<Segment> segments, Map<String, String> query) {

        static Route of(ServiceModel service, Operation operation) {
            String template = operation.requestUri();
            int queryStart = template.indexOf('?');
            String path = queryStart < 0 ? template : template.substring(0, queryStart);
            Map<String, String> query = new HashMap<>();
            if (queryStart >= 0) {
                queryParameters(template.substring(queryStart + 1))
                        .forEach((name, values) -> query.put(name, values.get(0)));
            }
            // A label names the member's locationName, which can differ: {caCertificateId} is member certificateId.
            Map<String, String> memberOfLabel = new HashMap<>();
            if (operation.input() != null) {
                service.shape(operation.input()).members().values().stream()
                        .filter(member -> member.location() == Member.Location.URI)
                        .forEach(member -> memberOfLabel.put(member.locationName(), member.name()));
            }
            List<Segment> segments = new ArrayList<>();
            for (String part : path.substring(1).split("/", -1)) {
                if (part.startsWith("{") && part.endsWith("}")) {
                    boolean greedy = part.endsWith("+}");
                    String label = part.substring(1, part.length() - (greedy ? 2 : 1));
                    segments.add(new Segment(label, memberOfLabel.getOrDefault(label, label), greedy));
                } else {
                    segments.add(new Segment(part, null, false));
                }
            }
            return new Route(operation, List.copyOf(segments), Map.copyOf(query));
        }

        String method() {
            return operation.httpMethod();
        }

        boolean acceptsQuery(Map<String, List<String>> actual) {
            return query.entrySet().stream()
                    .allMatch(required -> actual.containsKey(required.getKey())
                            && (required.getValue().isEmpty()
                                    || required.getValue()
                                            .equals(actual.get(required.getKey())
                                                    .get(0))));
        }

        Map<String, String> parameters(String[] values) {
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                Segment segment = segments.get(i);
                if (segment.greedy()) {
                    parameters.put(segment.member(), String.join("/", Arrays.copyOfRange(values, i, values.length)));
                } else if (segment.member() != null) {
                    parameters.put(segment.member(), values[i]);
                }
            }
            return parameters;
        }

        @Override
        public String toString() {
            return operation.service() + " " + operation.name() + " " + operation.httpMethod() + " "
                    + operation.requestUri();
        }
    }

    /**
     * Query parameters by decoded name, each name's values in order; a parameter without {@code =} has an empty value,
     * one without a name is ignored. Decoded as RFC 3986 says and as SigV4 signs it: {@code +} is a plus sign, not a
     * space (SDKs send a space as {@code %20} and a plus as {@code %2B}); the form encoding of HTML, which Vert.x's
     * {@code request.params()} and {@code URLDecoder} apply, would read a signed {@code a+b} as {@code a b}.
     *
     * @throws AwsServiceException InvalidRequestException for a malformed escape or bytes that are not UTF-8
     */
    private static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = percentDecode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : percentDecode(pair.substring(equals + 1));
            if (!name.isEmpty()) {
                parameters.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
            }
        }
        return parameters;
    }

    /**
     * RFC 3986 percent-decoding of UTF-8, unlike {@code URLDecoder}, which also turns {@code +} into a space (form
     * encoding).
     *
     * @throws AwsServiceException InvalidRequestException for a malformed escape ({@code %zz}, {@code %4} at the end)
     *     or decoded bytes that are not UTF-8: a replacement character would name another resource than the client
     *     meant
     */
    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(utf8.length);
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] != '%') {
                decoded.write(utf8[i]);
                continue;
            }
            int high = i + 2 < utf8.length ? Character.digit(utf8[i + 1], 16) : -1;
            int low = i + 2 < utf8.length ? Character.digit(utf8[i + 2], 16) : -1;
            if (high < 0 || low < 0) {
                throw ProtocolErrors.malformedEncoding(text);
            }
            decoded.write(high << 4 | low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ProtocolErrors.malformedEncoding(text);
        }
    }
}
