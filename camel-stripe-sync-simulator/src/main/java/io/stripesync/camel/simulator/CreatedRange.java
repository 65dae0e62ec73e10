package io.stripesync.camel.simulator;

import java.util.Map;

/** Stripe's {@code created} list filter: an exact second or any of gt/gte/lt/lte. */
record CreatedRange(long minCreated, long maxCreated) {

    static final CreatedRange ALL = new CreatedRange(Long.MIN_VALUE, Long.MAX_VALUE);

    boolean contains(long created) {
        return created >= minCreated && created <= maxCreated;
    }

    /** Where a newest-first scan may start, or null when there is no upper bound. */
    OrderKey upperKey() {
        return maxCreated == Long.MAX_VALUE ? null : OrderKey.newestAt(maxCreated);
    }

    @SuppressWarnings("unchecked")
    static CreatedRange parse(Object created) {
        if (created == null) {
            return ALL;
        }
        if (created instanceof String s) {
            long exact = parseLong("created", s);
            return new CreatedRange(exact, exact);
        }
        if (!(created instanceof Map)) {
            throw StripeApiError.invalidRequest("created", "Invalid created filter");
        }
        long min = Long.MIN_VALUE;
        long max = Long.MAX_VALUE;
        for (Map.Entry<String, Object> e : ((Map<String, Object>) created).entrySet()) {
            String param = "created[" + e.getKey() + "]";
            if (!(e.getValue() instanceof String v)) {
                throw StripeApiError.invalidRequest(param, "Invalid integer: " + e.getValue());
            }
            long value = parseLong(param, v);
            switch (e.getKey()) {
                case "gt" -> min = Math.max(min, value + 1);
                case "gte" -> min = Math.max(min, value);
                case "lt" -> max = Math.min(max, value - 1);
                case "lte" -> max = Math.min(max, value);
                default -> throw StripeApiError.unknownParameter(param);
            }
        }
        return new CreatedRange(min, max);
    }

    private static long parseLong(String param, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw StripeApiError.invalidRequest(param, "Invalid integer: " + value);
        }
    }
}
