package io.iotdm.provisioning.store;

import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.Page;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A listing in creation order paged with AWS's {@code marker} (ListPolicies, ListCertificates, ...): newest first, or
 * oldest first with {@code isAscendingOrder}; a key (the name or id) breaks ties between equal creation dates. The
 * marker carries the last item's date and key, signed for the listing's operation and filters.
 *
 * @param afterDate the creation date of the previous page's last item, {@code null} on the first page
 */
public record CreationOrder(
        String operation, Map<String, String> filters, boolean ascending, Instant afterDate, String afterKey) {

    /** AWS does not state it; its maximum, so that a caller without pageSize pages as rarely as possible. */
    public static final int DEFAULT_PAGE_SIZE = 250;

    /** @throws io.iotdm.aws.protocol.AwsServiceException InvalidRequestException for a marker not issued for this */
    public static CreationOrder of(
            PaginationTokens tokens, String operation, Map<String, String> filters, String marker, boolean ascending) {
        Map<String, String> signed = new HashMap<>(filters);
        signed.put("isAscendingOrder", Boolean.toString(ascending));
        if (marker == null) {
            return new CreationOrder(operation, Map.copyOf(signed), ascending, null, null);
        }
        String cursor = tokens.cursor(operation, signed, marker);
        int space = cursor.indexOf(' ');
        return new CreationOrder(
                operation,
                Map.copyOf(signed),
                ascending,
                Instant.parse(cursor.substring(0, space)),
                cursor.substring(space + 1));
    }

    /**
     * @param where the listing's own condition (HQL), or {@code null}
     * @return the HQL of a page of {@code entity} whose creation date and key are the properties named
     */
    public String query(String entity, String where, String dateProperty, String keyProperty) {
        String direction = ascending ? "asc" : "desc";
        String beyond = ascending ? ">" : "<";
        StringBuilder query = new StringBuilder("from ").append(entity).append(" where 1 = 1");
        if (where != null) {
            query.append(" and (").append(where).append(')');
        }
        if (afterDate != null) {
            query.append(" and (%1$s %3$s :afterDate or (%1$s = :afterDate and %2$s %3$s :afterKey))"
                    .formatted(dateProperty, keyProperty, beyond));
        }
        return query.append(" order by %1$s %3$s, %2$s %3$s".formatted(dateProperty, keyProperty, direction))
                .toString();
    }

    /** Binds the marker's position to a query made from {@link #query}; reads one more item than the page. */
    public <T> Mutiny.SelectionQuery<T> bind(Mutiny.SelectionQuery<T> query, int pageSize) {
        if (afterDate != null) {
            query.setParameter("afterDate", afterDate).setParameter("afterKey", afterKey);
        }
        return query.setMaxResults(pageSize + 1);
    }

    /** The page of what {@link #bind} read, with the marker of the next page. */
    public <T> Page<T> page(
            List<T> fetched,
            int pageSize,
            PaginationTokens tokens,
            Function<T, Instant> creationDate,
            Function<T, String> key) {
        return Page.of(
                fetched,
                pageSize,
                last -> tokens.issueMarker(operation, filters, creationDate.apply(last) + " " + key.apply(last)));
    }
}
