package io.iotdm.indexing.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.indexing.config.IndexingSettings;
import io.iotdm.indexing.index.GroupIndex;
import io.iotdm.indexing.index.ThingIndex;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What SearchIndex needs to know of the fleet index it searches.
 *
 * @param awsName      AWS's name of the index
 * @param alias        the alias searched (live documents only)
 * @param nameField    the unique name that ends every order (AWS's order is by it alone)
 * @param fields       the query fields
 * @param indexed      which of the query fields the indexing configuration in force indexes
 * @param outputMember SearchIndex's output member of the documents ({@code things}, {@code thingGroups})
 * @param render       a stored document as the model's document shape
 */
public record FleetIndex(
        String awsName,
        String alias,
        String nameField,
        QueryFields fields,
        Predicate<String> indexed,
        String outputMember,
        Function<JsonNode, ObjectNode> render) {

    /** {@code AWS_Things} as built under {@code settings}. */
    static FleetIndex things(IndexingSettings settings) {
        return new FleetIndex(
                ThingIndex.AWS_NAME,
                ThingIndex.ALIAS,
                ThingIndex.THING_NAME,
                ThingQueryFields.INSTANCE,
                settings::fieldIndexed,
                "things",
                FleetDocuments::thing);
    }

    /** {@code AWS_ThingGroups}: every group field is indexed. */
    static final FleetIndex THING_GROUPS = new FleetIndex(
            GroupIndex.AWS_NAME,
            GroupIndex.ALIAS,
            GroupIndex.THING_GROUP_NAME,
            GroupQueryFields.INSTANCE,
            field -> true,
            "thingGroups",
            FleetDocuments::thingGroup);

    /** The index field of a query field that the index has: the fields that can be sorted on. */
    Optional<QueryTranslator.Field> indexedField(String name) {
        return Optional.ofNullable(fields.resolve(name)).filter(known -> indexed.test(name));
    }
}
