package io.stripesync.camel.catalog;

import java.util.Locale;

/**
 * The object-level operations Stripe offers on a resource. {@code list} is not here: every catalog resource
 * has a list endpoint, that is what puts it in the catalog.
 */
public enum Operation {
    CREATE,
    RETRIEVE,
    UPDATE,
    DELETE,
    SEARCH;

    /** The name used in the catalog file and in endpoint options, e.g. {@code create}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Operation fromWireName(String name) {
        for (Operation op : values()) {
            if (op.wireName().equals(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("Unknown operation '" + name + "'");
    }
}
