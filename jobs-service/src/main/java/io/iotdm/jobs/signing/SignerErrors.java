package io.iotdm.jobs.signing;

import io.iotdm.aws.protocol.AwsModel;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.ServiceModel;
import jakarta.inject.Singleton;

/** The errors of the {@code signer} model, with the status it gives each. */
@Singleton
public class SignerErrors {

    private final ServiceModel signer;

    SignerErrors(AwsModel model) {
        this.signer = model.service("signer");
    }

    /** 400 ValidationException: a request the model accepts but the service does not (docs/aws-behaviour.md §10). */
    public AwsServiceException validation(String message) {
        return error("ValidationException", message);
    }

    /** 404 ResourceNotFoundException. */
    public AwsServiceException notFound(String message) {
        return error("ResourceNotFoundException", message);
    }

    private AwsServiceException error(String shape, String message) {
        return new AwsServiceException(signer.errorCode(shape), message);
    }
}
