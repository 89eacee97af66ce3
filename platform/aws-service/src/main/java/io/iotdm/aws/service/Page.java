package io.iotdm.aws.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing and the token of the next, {@code null} on the last page.
 *
 * @param items at most the requested number of items
 */
public record Page<T>(List<T> items, String nextToken) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * @param fetched the items read with a limit of {@code pageSize + 1}: one more than the page tells whether another
     *     page follows, without a count
     * @param tokenAfter the token that resumes after an item
     */
    public static <T> Page<T> of(List<T> fetched, int pageSize, Function<T, String> tokenAfter) {
        if (fetched.size() <= pageSize) {
            return new Page<>(fetched, null);
        }
        List<T> page = fetched.subList(0, pageSize);
        return new Page<>(page, tokenAfter.apply(page.get(pageSize - 1)));
    }

    /** The page as a list operation's output: the items under {@code listMember}, and {@code nextToken} if any. */
    public ObjectNode json(String listMember, Function<T, ? extends JsonNode> render) {
        return json(listMember, "nextToken", render);
    }

    /** The page as the output of a list operation that names its token otherwise ({@code nextMarker}). */
    public ObjectNode json(String listMember, String tokenMember, Function<T, ? extends JsonNode> render) {
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        ArrayNode list = output.putArray(listMember);
        items.forEach(item -> list.add(render.apply(item)));
        if (nextToken != null) {
            output.put(tokenMember, nextToken);
        }
        return output;
    }
}
