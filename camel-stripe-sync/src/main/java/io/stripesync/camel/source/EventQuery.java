package io.stripesync.camel.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One kind of {@code /v1/events} request a reader repeats: exact types (at most 20, {@code types[]}), a type wildcard
 * ({@code type=invoiceitem.*}), or no type filter at all.
 *
 * @param types    the exact types, or null
 * @param wildcard Stripe's {@code type} pattern, or null
 */
record EventQuery(List<String> types, String wildcard) {

    static EventQuery exact(List<String> types) {
        return new EventQuery(List.copyOf(types), null);
    }

    static EventQuery wildcard(String pattern) {
        return new EventQuery(null, pattern);
    }

    static EventQuery everything() {
        return new EventQuery(null, null);
    }

    Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        if (types != null) {
            params.put("types", types);
        } else if (wildcard != null) {
            params.put("type", wildcard);
        }
        return params;
    }

    /** Whether an event of this type, found by this query, is one of the types asked for by name. */
    boolean names(String type) {
        return types != null && types.contains(type);
    }
}
