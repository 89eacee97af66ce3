package io.iotdm.outbox;

import io.iotdm.events.Event;
import java.util.List;

/**
 * What a transaction produced: the answer for the caller and the events that commit with it.
 *
 * @param result what the caller answers once the transaction has committed
 * @param events the events of the change, in the order consumers must see them
 */
public record Outcome<T>(T result, List<Event> events) {

    public Outcome {
        events = List.copyOf(events);
    }

    public static <T> Outcome<T> of(T result, Event... events) {
        return new Outcome<>(result, List.of(events));
    }
}
