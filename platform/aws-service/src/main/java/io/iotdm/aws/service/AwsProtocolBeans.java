package io.iotdm.aws.service;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.AwsModel;
import io.iotdm.aws.protocol.OperationTable;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.protocol.PublicDefaults;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The protocol library's objects, built once per process: the models alone are half a megabyte of JSON. */
public class AwsProtocolBeans {

    @Produces
    @Singleton
    AwsModel model() {
        return AwsModel.load();
    }

    @Produces
    @Singleton
    OperationTable operations(AwsModel model) {
        return new OperationTable(model);
    }

    @Produces
    @Singleton
    Arns arns(AwsConfig config) {
        return new Arns(config.region(), config.accountId());
    }

    @Produces
    @Singleton
    PaginationTokens paginationTokens(AwsConfig config, @ConfigProperty(name = "quarkus.http.host") String httpHost) {
        // anyone who knows the secret can forge tokens for pages of any filter, so a public one stays on loopback
        PublicDefaults.refuseBeyondLoopback(
                httpHost,
                "iotdm.aws.pagination-secret",
                config.paginationSecret().equals(AwsConfig.LOCAL_PAGINATION_SECRET));
        return new PaginationTokens(config.paginationSecret().getBytes(StandardCharsets.UTF_8));
    }
}
