package io.iotdm.indexing.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.indexing.index.ThingIndex;

/**
 * Which physical thing indices exist and what each holds: the {@code live} one behind the alias {@value
 * ThingIndex#ALIAS} (absent while thing indexing is OFF or the first build runs) and the one {@code building} (absent
 * when no rebuild runs). Each records the indexing configuration its documents follow, so that queries are checked
 * against what the index answering them holds, not against a configuration whose rebuild has not finished.
 *
 * @param lastGeneration the highest generation ever created: a new index is {@code aws_things_v<lastGeneration+1>}
 * @param lease          which instance runs transitions and builds, until when
 */
public record ThingIndexState(Generation live, Build building, long lastGeneration, Lease lease) {

    /** No index at all (before the first start, or with indexing OFF). */
    public static final ThingIndexState NONE = new ThingIndexState(null, null, 0, null);

    /** One physical index and the configuration its documents follow. */
    public record Generation(long number, IndexingSettings settings) {

        public String index() {
            return ThingIndex.physical(number);
        }
    }

    /**
     * A build in progress: things streamed from the registry so far ({@code done} of {@code total}, the last one
     * {@code resumeAfter}, where a build taken over after a crash continues).
     *
     * @param startedAt epoch ms when the build was recorded: consumers write to it from one state TTL later at most
     */
    public record Build(Generation target, long total, long done, String resumeAfter, long startedAt) {

        public Build progressed(long total, long done, String resumeAfter) {
            return new Build(target, total, done, resumeAfter, startedAt);
        }
    }

    /** The instance that may change this state and run its build, until {@code until} (epoch ms) unless renewed. */
    public record Lease(String owner, long until) {}

    /** AWS's indexStatus: ACTIVE, BUILDING (nothing to answer from yet), REBUILDING (the old index answers). */
    public String status() {
        if (building == null) {
            return "ACTIVE";
        }
        return live == null ? "BUILDING" : "REBUILDING";
    }

    /** @return the physical index of the live generation, null for none */
    public String liveIndex() {
        return live == null ? null : live.index();
    }

    /** @return the physical index being built, null for none */
    public String buildingIndex() {
        return building == null ? null : building.target().index();
    }

    public ThingIndexState withLive(Generation newLive) {
        return new ThingIndexState(newLive, building, lastGeneration, lease);
    }

    public ThingIndexState withBuilding(Build newBuilding) {
        long generation = newBuilding == null
                ? lastGeneration
                : Math.max(lastGeneration, newBuilding.target().number());
        return new ThingIndexState(live, newBuilding, generation, lease);
    }

    public ThingIndexState withLease(Lease newLease) {
        return new ThingIndexState(live, building, lastGeneration, newLease);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (live != null) {
            json.set("live", generationJson(live));
        }
        if (building != null) {
            ObjectNode build = generationJson(building.target());
            build.put("total", building.total())
                    .put("done", building.done())
                    .put("resumeAfter", building.resumeAfter())
                    .put("startedAt", building.startedAt());
            json.set("building", build);
        }
        json.put("lastGeneration", lastGeneration);
        if (lease != null) {
            json.putObject("lease").put("owner", lease.owner()).put("until", lease.until());
        }
        return json;
    }

    public static ThingIndexState fromJson(JsonNode json) {
        Generation live = json.path("live").isObject() ? generation(json.get("live")) : null;
        Build building = null;
        JsonNode build = json.path("building");
        if (build.isObject()) {
            building = new Build(
                    generation(build),
                    build.path("total").asLong(),
                    build.path("done").asLong(),
                    build.path("resumeAfter").asText(""),
                    build.path("startedAt").asLong());
        }
        JsonNode lease = json.path("lease");
        return new ThingIndexState(
                live,
                building,
                json.path("lastGeneration").asLong(),
                lease.isObject()
                        ? new Lease(
                                lease.path("owner").asText(),
                                lease.path("until").asLong())
                        : null);
    }

    private static ObjectNode generationJson(Generation generation) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("generation", generation.number());
        json.set("settings", generation.settings().document());
        return json;
    }

    private static Generation generation(JsonNode json) {
        return new Generation(json.path("generation").asLong(), new IndexingSettings(json.path("settings")));
    }
}
