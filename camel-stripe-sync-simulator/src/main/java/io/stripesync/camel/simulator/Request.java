package io.stripesync.camel.simulator;

import java.util.Map;

/**
 * One HTTP request as the simulator saw it: what tests assert on (parameters, Stripe-Account, Idempotency-Key).
 *
 * @param params decoded form or query parameters (nested maps and lists)
 */
public record Request(String requestId, String method, String path, Map<String, Object> params, String stripeAccount,
                      String idempotencyKey, int status) {

    Request withStatus(int newStatus) {
        return new Request(requestId, method, path, params, stripeAccount, idempotencyKey, newStatus);
    }
}
