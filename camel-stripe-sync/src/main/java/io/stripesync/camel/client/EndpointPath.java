package io.stripesync.camel.client;

/**
 * The endpoint a request counts against at Stripe: its method and its path with the ids collapsed
 * ({@code GET /v1/customers/{id}}), as Stripe's per-endpoint limit (25 requests a second) counts. Paths name
 * collections in lower-case words ({@code payment_intents}, {@code checkout/sessions}); Stripe's generated ids carry
 * digits or capitals ({@code cus_Nf3kL9...}). An id a user chose in lower-case letters only (a price's or coupon's
 * custom id) is taken for a word: such a retrieve counts as an endpoint of its own here, a little more than Stripe
 * allows that endpoint in the worst case.
 */
final class EndpointPath {

    private EndpointPath() {
    }

    static String of(String method, String path) {
        StringBuilder template = new StringBuilder(method).append(' ');
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        String[] segments = bare.split("/");
        for (int i = 1; i < segments.length; i++) {
            template.append('/').append(i > 1 && isId(segments[i]) ? "{id}" : segments[i]);
        }
        return template.toString();
    }

    private static boolean isId(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (Character.isDigit(c) || Character.isUpperCase(c) || c == '%' || c == '.' || c == '-') {
                return true;
            }
        }
        return false;
    }
}
