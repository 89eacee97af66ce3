package io.iotdm.jobs.signing.profile;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.aws.service.Page;
import io.iotdm.jobs.signing.SignerPages;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Profiles by name, paged. Without {@code statuses}, the Active and Revoked ones, and the Canceled ones too with
 * {@code includeCanceled}; with {@code statuses}, those (docs/aws-behaviour.md §10.3).
 */
@Singleton
class ListSigningProfilesHandler extends AwsOperationHandler {

    private final SigningProfiles profiles;
    private final SignerPages pages;

    ListSigningProfilesHandler(SigningProfiles profiles, SignerPages pages) {
        super("signer", "ListSigningProfiles");
        this.profiles = profiles;
        this.pages = pages;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        Set<ProfileStatus> statuses = EnumSet.noneOf(ProfileStatus.class);
        request.node("statuses")
                .forEach(
                        status -> statuses.add(ProfileStatus.valueOf(status.asText()) /* the model's enum, checked */));
        if (statuses.isEmpty()) {
            statuses.add(ProfileStatus.Active);
            statuses.add(ProfileStatus.Revoked);
            if (request.flag("includeCanceled")) {
                statuses.add(ProfileStatus.Canceled);
            }
        }
        String platformId = request.string("platformId");
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("platformId", Objects.requireNonNullElse(platformId, ""));
        filters.put("statuses", statuses.toString());
        String after = pages.cursor(operation(), filters, request.string("nextToken"));
        int pageSize = request.pageSize("maxResults", SignerPages.DEFAULT_PAGE_SIZE);
        List<ProfileStatus> listed = new ArrayList<>(statuses);
        return profiles.list(new ProfileRepository.Filter(platformId, listed), after, pageSize + 1)
                .map(found -> AwsResponse.json(Page.of(
                                found, pageSize, last -> pages.issue(operation(), filters, last.profileName()))
                        .json(
                                "profiles",
                                profile -> ProfileJson.summary(profile, profiles.platform(profile), profiles.arns()))));
    }
}
