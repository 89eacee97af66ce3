package io.iotdm.jobs.signing.platform;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.aws.service.Page;
import io.iotdm.jobs.signing.SignerPages;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The catalogue's platforms that match the filters, in the catalogue's order, paged by position. */
@Singleton
class ListSigningPlatformsHandler extends AwsOperationHandler {

    private final SigningPlatforms platforms;
    private final SignerPages pages;

    ListSigningPlatformsHandler(SigningPlatforms platforms, SignerPages pages) {
        super("signer", "ListSigningPlatforms");
        this.platforms = platforms;
        this.pages = pages;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return Uni.createFrom().item(() -> {
            String category = request.string("category");
            String partner = request.string("partner");
            String target = request.string("target");
            Map<String, String> filters = new LinkedHashMap<>();
            filters.put("category", Objects.requireNonNullElse(category, ""));
            filters.put("partner", Objects.requireNonNullElse(partner, ""));
            filters.put("target", Objects.requireNonNullElse(target, ""));
            String cursor = pages.cursor(operation(), filters, request.string("nextToken"));
            int from = cursor == null ? 0 : Integer.parseInt(cursor);
            List<SigningPlatform> matching = platforms.list(category, partner, target);
            int pageSize = request.pageSize("maxResults", SignerPages.DEFAULT_PAGE_SIZE);
            List<SigningPlatform> fetched =
                    matching.subList(Math.min(from, matching.size()), Math.min(from + pageSize + 1, matching.size()));
            return AwsResponse.json(Page.of(
                            fetched,
                            pageSize,
                            last -> pages.issue(operation(), filters, Integer.toString(from + pageSize)))
                    .json("platforms", SigningPlatform::json));
        });
    }
}
