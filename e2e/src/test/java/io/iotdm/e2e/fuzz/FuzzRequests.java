package io.iotdm.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.AwsModel;
import io.iotdm.aws.protocol.Member;
import io.iotdm.aws.protocol.Operation;
import io.iotdm.aws.protocol.ServiceModel;
import io.iotdm.aws.protocol.Shape;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Requests to the in-scope operations of the deployed services, each wrong in one way: a broken constraint of one
 * member, a body that is not one JSON object, a forged or malformed pagination token, or a bad signature. The same
 * seed gives the same requests.
 */
final class FuzzRequests {

    private static final JsonMapper JSON = new JsonMapper();

    /** The gateway's body limit (iotdm.gateway.max-body-bytes): 128 KiB. */
    private static final int MAX_BODY_BYTES = 131_072;

    private static final List<String> TOKEN_MEMBERS = List.of("nextToken", "marker");

    private final AwsModel model;
    private final List<Operation> operations;
    private final Random random;

    /** @param owners the iotdm services whose operations are fuzzed, for example {@code registry-service} */
    FuzzRequests(AwsModel model, Set<String> owners, long seed) {
        this.model = model;
        this.operations = model.services().stream()
                .flatMap(service -> service.operations().stream())
                .filter(operation -> owners.contains(operation.owner()))
                .sorted(Comparator.comparing(Operation::service).thenComparing(Operation::name))
                .toList();
        this.random = new Random(seed);
    }

    List<Operation> operations() {
        return operations;
    }

    FuzzCase next() {
        Operation operation = operations.get(random.nextInt(operations.size()));
        ServiceModel service = model.service(operation.service());
        ValidValues valid = new ValidValues(service, random);
        Shape input = operation.input() == null ? null : service.shape(operation.input());
        ObjectNode members = input == null ? JSON.createObjectNode() : valid.structure(input, 0);
        int category = random.nextInt(20);
        if (category < 2) {
            FuzzCase.Signing[] bad = FuzzCase.Signing.values();
            return render(service, operation, input, members, "signature")
                    .signed(bad[1 + random.nextInt(bad.length - 1)]);
        }
        if (category < 6) {
            return badBody(render(service, operation, input, members, "body"));
        }
        Optional<Member> token = input == null
                ? Optional.empty()
                : input.members().values().stream()
                        .filter(member -> TOKEN_MEMBERS.contains(member.name()))
                        .findFirst();
        if (category < 8 && token.isPresent()) {
            String kind = random.nextBoolean() ? "FORGED_TOKEN" : "MALFORMED_TOKEN";
            members.put(token.get().name(), kind.equals("FORGED_TOKEN") ? forgedToken() : malformedToken());
            return render(service, operation, input, members, kind);
        }
        Violations violations = new Violations(valid, random);
        for (int attempt = 0; input != null && hasSlots(input) && attempt < 10; attempt++) {
            Optional<String> broken = violations.breakOne(slot(service, input, members));
            if (broken.isPresent()) {
                return render(service, operation, input, members, broken.get());
            }
        }
        return badBody(render(service, operation, input, members, "body"));
    }

    private static boolean hasSlots(Shape input) {
        return !slotMembers(input).isEmpty();
    }

    /** The members a violation can go to: not the payload (a body of its own), nor a map of headers. */
    private static List<Member> slotMembers(Shape input) {
        return input.members().values().stream()
                .filter(member -> !member.name().equals(input.payload()))
                .filter(member -> member.location() != Member.Location.HEADERS
                        && member.location() != Member.Location.STATUS_CODE)
                .toList();
    }

    /** A member of the input, or (for body members) something nested in one. */
    private Violations.Slot slot(ServiceModel service, Shape input, ObjectNode members) {
        List<Member> candidates = slotMembers(input);
        Member top = candidates.get(random.nextInt(candidates.size()));
        Violations.Slot slot = new Violations.Slot(
                members,
                top.name(),
                0,
                service.shape(top.shape()),
                input.required().contains(top.name()),
                top.location());
        while (slot.location() == Member.Location.BODY && random.nextBoolean()) {
            JsonNode value = slot.parent() instanceof ArrayNode list
                    ? list.get(slot.index())
                    : slot.parent().get(slot.key());
            Shape shape = slot.shape();
            if (value == null) {
                break;
            }
            if (shape.type() == Shape.Type.STRUCTURE
                    && value.isObject()
                    && !shape.members().isEmpty()) {
                List<Member> inner = List.copyOf(shape.members().values());
                Member member = inner.get(random.nextInt(inner.size()));
                slot = new Violations.Slot(
                        value,
                        member.jsonName(),
                        0,
                        service.shape(member.shape()),
                        shape.required().contains(member.name()),
                        Member.Location.BODY);
            } else if (shape.type() == Shape.Type.LIST && value.isArray() && !value.isEmpty()) {
                slot = new Violations.Slot(
                        value, slot.key(), 0, service.shape(shape.memberShape()), false, Member.Location.BODY);
            } else if (shape.type() == Shape.Type.MAP && value.isObject() && !value.isEmpty()) {
                slot = new Violations.Slot(
                        value,
                        value.fieldNames().next(),
                        0,
                        service.shape(shape.valueShape()),
                        false,
                        Member.Location.BODY);
            } else {
                break;
            }
        }
        return slot;
    }

    private FuzzCase badBody(FuzzCase request) {
        byte[] body = request.body();
        String json = new String(body, StandardCharsets.UTF_8);
        String kind;
        byte[] bad;
        switch (random.nextInt(7)) {
            case 0 -> {
                kind = "MALFORMED_JSON";
                bad = utf8(List.of("{\"thingName\": lamp}", "{,}", "{'a': 1}", "{\"a\" 1}", "nul", "{\"a\":tru}")
                        .get(random.nextInt(6)));
            }
            case 1 -> {
                kind = "TRUNCATED_JSON";
                bad = json.length() > 2 ? utf8(json.substring(0, json.length() / 2)) : utf8("{\"a\":");
            }
            case 2 -> {
                kind = "INVALID_UTF8";
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(utf8("{\"a\":\""));
                out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
                out.writeBytes(json.length() > 2 ? utf8("\"," + json.substring(1)) : utf8("\"}"));
                bad = out.toByteArray();
            }
            case 3 -> {
                kind = "DEEP_JSON";
                int depth = random.nextBoolean() ? 1000 : 33;
                bad = utf8("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
            }
            case 4 -> {
                kind = "TRAILING_GARBAGE";
                bad = utf8((json.isEmpty() ? "{}" : json)
                        + List.of(" garbage", "{}", "]", ",1").get(random.nextInt(4)));
            }
            case 5 -> {
                kind = "NOT_AN_OBJECT";
                bad = utf8(List.of("[1,2]", "\"text\"", "42", "null", "true").get(random.nextInt(5)));
            }
            default -> {
                kind = "OVERSIZED";
                int size = random.nextBoolean() ? MAX_BODY_BYTES + 1 : 4 * MAX_BODY_BYTES;
                bad = utf8("{\"a\":\"" + "a".repeat(size) + "\"}");
            }
        }
        return new FuzzCase(
                request.operation(),
                kind,
                request.method(),
                request.pathAndQuery(),
                request.headers(),
                bad,
                request.signingName(),
                FuzzCase.Signing.PROPER);
    }

    private String forgedToken() {
        byte[] bytes = new byte[32 + random.nextInt(48)];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String malformedToken() {
        return List.of("!!", "a", "%%%", "AAAA+/==", " ", "x".repeat(3000), "\u0000", "..")
                .get(random.nextInt(8));
    }

    /** The request as REST-JSON puts it on the wire: URI labels, query, headers and the JSON body or payload. */
    private FuzzCase render(
            ServiceModel service, Operation operation, Shape input, ObjectNode members, String violation) {
        String[] uri = operation.requestUri().split("\\?", 2);
        String path = uri[0];
        List<String> query = new ArrayList<>();
        if (uri.length > 1) {
            query.add(uri[1]);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ObjectNode body = JSON.createObjectNode();
        byte[] payload = null;
        if (input != null) {
            for (Member member : input.members().values()) {
                JsonNode value = members.get(member.name());
                if (member.name().equals(input.payload())) {
                    payload = value == null ? new byte[0] : payloadBytes(value);
                    continue;
                }
                switch (member.location()) {
                    case URI -> {
                        String text = value == null ? "" : text(value);
                        path = path.replace("{" + member.locationName() + "+}", Encoding.encode(text, true))
                                .replace("{" + member.locationName() + "}", Encoding.encode(text, false));
                    }
                    case QUERYSTRING -> {
                        if (value != null) {
                            Iterable<JsonNode> values = value.isArray() ? value : List.of(value);
                            values.forEach(item -> query.add(Encoding.encode(member.locationName(), false) + "="
                                    + Encoding.encode(text(item), false)));
                        }
                    }
                    case HEADER -> {
                        if (value != null) {
                            headers.put(member.locationName(), List.of(text(value)));
                        }
                    }
                    case BODY -> {
                        if (value != null) {
                            body.set(member.jsonName(), value);
                        }
                    }
                    default -> {}
                }
            }
        }
        byte[] bytes = payload != null ? payload : body.isEmpty() ? new byte[0] : utf8(rawNumbers(body.toString()));
        return new FuzzCase(
                operation,
                violation,
                operation.httpMethod(),
                path + (query.isEmpty() ? "" : "?" + String.join("&", query)),
                headers,
                bytes,
                service.signingName(),
                FuzzCase.Signing.PROPER);
    }

    private static byte[] payloadBytes(JsonNode value) {
        try {
            return value.isTextual() ? Base64.getDecoder().decode(value.textValue()) : utf8(value.toString());
        } catch (IllegalArgumentException notBase64) {
            return utf8(value.textValue());
        }
    }

    /** Numbers Jackson cannot write (1e400): written as marked strings, unquoted here. */
    private static String rawNumbers(String json) {
        return json.replaceAll("\"\\\\u0001raw:([^\"]*)\"", "$1");
    }

    private static String text(JsonNode value) {
        String text = value.isTextual() ? value.textValue() : value.toString();
        return text.startsWith(Violations.RAW_NUMBER) ? text.substring(Violations.RAW_NUMBER.length()) : text;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
