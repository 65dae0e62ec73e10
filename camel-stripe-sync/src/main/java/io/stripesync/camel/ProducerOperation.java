package io.stripesync.camel;

import java.util.Locale;

import io.stripesync.camel.catalog.Operation;

/** What a stripe-sync producer does with a message: the {@code operation} option or header. */
public enum ProducerOperation {
    create,
    retrieve,
    update,
    delete,
    list,
    search,
    action,
    /**
     * Not a Stripe request: asks the running streams of this CamelContext that follow the resource for a new snapshot
     * round of it, read while their changes go on (a signal a route can send).
     */
    resnapshot;

    /** The catalog capability this operation needs, or null for list and action (checked otherwise). */
    Operation capability() {
        return switch (this) {
            case create -> Operation.CREATE;
            case retrieve -> Operation.RETRIEVE;
            case update -> Operation.UPDATE;
            case delete -> Operation.DELETE;
            case search -> Operation.SEARCH;
            case list, action, resnapshot -> null;
        };
    }

    boolean needsObjectId() {
        return this == retrieve || this == update || this == delete || this == action;
    }

    static ProducerOperation parse(String value, String source) {
        if (value != null) {
            for (ProducerOperation op : values()) {
                if (op.name().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return op;
                }
            }
        }
        throw new IllegalArgumentException(source + " '" + value + "' is not a stripe-sync producer operation; use one of"
                                           + " create, retrieve, update, delete, list, search, action, resnapshot");
    }
}
