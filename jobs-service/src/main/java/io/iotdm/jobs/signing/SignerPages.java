package io.iotdm.jobs.signing;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.PaginationTokens;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The {@code nextToken}s of the signer listings: {@link PaginationTokens} (tamper-proof, bound to the operation and
 * its filters), with the refusal of a bad token in the signer's words: ValidationException, the one 400 its listings
 * declare.
 */
@Singleton
public class SignerPages {

    /** A listing's page size when the caller sends no {@code maxResults}: the model's maximum. */
    public static final int DEFAULT_PAGE_SIZE = 25;

    private final PaginationTokens tokens;
    private final SignerErrors errors;

    SignerPages(PaginationTokens tokens, SignerErrors errors) {
        this.tokens = tokens;
        this.errors = errors;
    }

    public String issue(String operation, Map<String, String> filters, String cursor) {
        return tokens.issue(operation, filters, cursor);
    }

    /** @return the cursor of {@code token}, {@code null} when there is none (the first page) */
    public String cursor(String operation, Map<String, String> filters, String token) {
        if (token == null) {
            return null;
        }
        try {
            return tokens.cursor(operation, filters, token);
        } catch (AwsServiceException invalid) {
            throw errors.validation("The nextToken is not valid for this request: " + invalid.getMessage());
        }
    }
}
