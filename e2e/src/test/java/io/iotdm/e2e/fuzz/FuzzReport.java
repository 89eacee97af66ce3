package io.iotdm.e2e.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the fuzz run saw: answers by status, and the answers that break the AWS contract, with their requests. */
final class FuzzReport {

    /** Examples kept of each kind of problem; the counts are complete. */
    private static final int EXAMPLES = 20;

    private static final JsonMapper JSON = new JsonMapper();

    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final Map<String, List<String>> problems = new TreeMap<>();
    private final Map<String, Integer> problemCounts = new TreeMap<>();
    /** One example of each operation and kind of violation that was accepted. */
    private final Map<String, String> accepted = new TreeMap<>();

    private int acceptedCount;
    private int unsendable;

    void record(FuzzCase request, HttpResponse<String> response) {
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        String answer = status + " "
                + response.headers().firstValue("x-amzn-ErrorType").orElse("-") + " " + abbreviate(response.body());
        if (status >= 500) {
            problem("5xx", request, answer);
        } else if (status >= 400 && !awsShaped(response)) {
            problem("4xx without x-amzn-ErrorType and a string message", request, answer);
        }
        if (request.signing() != FuzzCase.Signing.PROPER && status != 403) {
            problem("bad signature not answered 403", request, answer);
        }
        if (status < 300) {
            acceptedCount++;
            accepted.putIfAbsent(
                    request.operation().name() + " " + request.violation().split(" ")[0],
                    request.describe() + " -> " + answer);
        }
    }

    /** A request the JDK client refuses to send (a header value it cannot write): it never reached iotdm. */
    void unsendable() {
        unsendable++;
    }

    void noAnswer(FuzzCase request, Exception failure) {
        problem("no HTTP answer", request, failure.toString());
    }

    private void problem(String kind, FuzzCase request, String answer) {
        problemCounts.merge(kind, 1, Integer::sum);
        List<String> examples = problems.computeIfAbsent(kind, k -> new ArrayList<>());
        if (examples.size() < EXAMPLES) {
            examples.add(request.describe() + " -> " + answer);
        }
    }

    private static boolean awsShaped(HttpResponse<String> response) {
        if (response.headers().firstValue("x-amzn-ErrorType").isEmpty()) {
            return false;
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            return body != null && body.path("message").isTextual();
        } catch (JsonProcessingException notJson) {
            return false;
        }
    }

    /** The problems, each kind with its count and examples; empty when the contract held. */
    Map<String, List<String>> problems() {
        return problems;
    }

    String summary(int sent, Duration elapsed) {
        StringBuilder text = new StringBuilder()
                .append("fuzz: ")
                .append(sent)
                .append(" requests in ")
                .append(elapsed.toMillis() / 1000.0)
                .append(" s; statuses ")
                .append(statuses)
                .append("; ")
                .append(unsendable)
                .append(" refused by the HTTP client; problems ")
                .append(problemCounts)
                .append("; accepted (2xx) ")
                .append(acceptedCount);
        problems.forEach((kind, examples) -> {
            text.append("\n").append(kind).append(":");
            examples.forEach(example -> text.append("\n  ").append(example));
        });
        if (!accepted.isEmpty()) {
            text.append("\naccepted (one of each operation and kind; Publish takes any payload):");
            accepted.values().forEach(example -> text.append("\n  ").append(example));
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
