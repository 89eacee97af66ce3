package io.iotdm.indexing.thing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The document that the part script ({@code index/versioned-part.painless}) makes of a thing that has none yet, when it
 * applies these part updates in order: each part's fields (a membership's value in its list), the parts' defaults where
 * nothing set them, and each part's bookkeeping. A rebuild creates documents with it in one plain {@code create} (much cheaper than a script per
 * part); where the document exists already, it applies the parts with the script instead.
 */
public final class NewThingDocument {

    private NewThingDocument() {}

    public static Map<String, Object> of(List<PartUpdate> updates) {
        Map<String, Object> document = new HashMap<>();
        for (PartUpdate update : updates) {
            document.putAll(update.fields());
            Part part = update.part();
            if (part.member() != null && !update.version().deleted()) {
                addMember(document, part.member());
            }
            if (part.member() != null) {
                addMembershipVersion(document, part.member().value(), update.version());
            } else {
                document.put(part.sync() + "version", update.version().version());
                document.put(part.sync() + "timestamp", update.version().timestamp());
                document.put(part.sync() + "deleted", update.version().deleted());
            }
        }
        for (PartUpdate update : updates) {
            update.part().defaults().forEach(document::putIfAbsent);
        }
        return document;
    }

    @SuppressWarnings("unchecked")
    private static void addMembershipVersion(Map<String, Object> document, String group, PartVersion version) {
        List<String> entries =
                (List<String>) document.computeIfAbsent(MembershipVersions.FIELD, field -> new ArrayList<>());
        entries.removeIf(entry -> entry.startsWith(group + ' '));
        entries.add(MembershipVersions.entry(group, version));
        Collections.sort(entries);
    }

    @SuppressWarnings("unchecked")
    private static void addMember(Map<String, Object> document, Part.Member member) {
        List<String> members = (List<String>) document.computeIfAbsent(member.field(), field -> new ArrayList<>());
        if (!members.contains(member.value())) {
            members.add(member.value());
            Collections.sort(members);
        }
    }
}
