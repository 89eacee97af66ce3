package io.iotdm.jobs.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Job templates, and the template each job was created from. */
@ApplicationScoped
public class JobTemplateRepository {

    private static final JsonMapper JSON = new JsonMapper();

    private static final String COLUMNS =
            "job_template_id, description, document, document_source, configuration::text AS configuration, created_at";

    /** The template a job was created from, and the {@code documentParameters} given with an AWS-managed one. */
    public record Use(String jobTemplateArn, ObjectNode documentParameters) {}

    /**
     * The configuration goes as text cast to JSONB: a string parameter of a JSONB placeholder would be stored as a
     * JSON string.
     *
     * @return whether it was inserted: {@code false} when the id is in use
     */
    public Uni<Boolean> insert(SqlClient client, JobTemplate template) {
        return client.preparedQuery("INSERT INTO job_template (job_template_id, description, document, document_source,"
                        + " configuration, created_at) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)"
                        + " ON CONFLICT (job_template_id) DO NOTHING")
                .execute(Tuple.tuple()
                        .addString(template.jobTemplateId())
                        .addString(template.description())
                        .addString(template.document())
                        .addString(template.documentSource())
                        .addString(template.configuration().toString())
                        .addOffsetDateTime(Sql.utc(template.createdAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    /** @return the template, or {@code null} */
    public Uni<JobTemplate> find(SqlClient client, String jobTemplateId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM job_template WHERE job_template_id = $1")
                .execute(Tuple.of(jobTemplateId))
                .map(rows -> {
                    var iterator = rows.iterator();
                    return iterator.hasNext() ? template(iterator.next()) : null;
                });
    }

    /** A page of templates in id order, after {@code afterId} ({@code null}: from the first). */
    public Uni<List<JobTemplate>> list(SqlClient client, String afterId, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM job_template WHERE job_template_id > $1"
                        + " ORDER BY job_template_id LIMIT $2")
                .execute(Tuple.of(afterId == null ? "" : afterId, limit))
                .map(JobTemplateRepository::templates);
    }

    /** @return whether there was such a template */
    public Uni<Boolean> delete(SqlClient client, String jobTemplateId) {
        return client.preparedQuery("DELETE FROM job_template WHERE job_template_id = $1")
                .execute(Tuple.of(jobTemplateId))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> recordUse(SqlClient transaction, String jobId, Use use) {
        return transaction
                .preparedQuery("INSERT INTO job_template_use (job_id, job_template_arn, document_parameters)"
                        + " VALUES ($1, $2, $3::text::jsonb)")
                .execute(Tuple.of(
                        jobId,
                        use.jobTemplateArn(),
                        use.documentParameters() == null
                                ? null
                                : use.documentParameters().toString()))
                .replaceWithVoid();
    }

    /** @return the template the job was created from, or {@code null} */
    public Uni<Use> use(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT job_template_arn, document_parameters::text FROM job_template_use"
                        + " WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .map(rows -> {
                    var iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        return null;
                    }
                    Row row = iterator.next();
                    String parameters = row.getString(1);
                    return new Use(row.getString(0), parameters == null ? null : object(parameters));
                });
    }

    private static List<JobTemplate> templates(RowSet<Row> rows) {
        List<JobTemplate> templates = new ArrayList<>();
        rows.forEach(row -> templates.add(template(row)));
        return templates;
    }

    private static JobTemplate template(Row row) {
        return new JobTemplate(
                row.getString("job_template_id"),
                row.getString("description"),
                row.getString("document"),
                row.getString("document_source"),
                object(row.getString("configuration")),
                Sql.instant(row, "created_at"));
    }

    private static ObjectNode object(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
