package io.stripesync.camel.catalog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A list embedded in a resource's objects, such as an invoice's {@code lines} or a subscription's {@code items}. Stripe
 * embeds at most the first 10 items with {@code has_more}; the whole list is read from its own endpoint.
 *
 * @param field       the property of the parent object that holds the list object
 * @param path        the list endpoint; {@code {id}} stands for the parent's id ({@code /v1/invoices/{id}/lines})
 * @param parentParam when the endpoint is a top-level list filtered by the parent ({@code /v1/subscription_items}), the
 *                    filter's name ({@code subscription}); null when the parent is in the path
 */
public record NestedList(String field, String path, String parentParam) {

    public NestedList {
        if (parentParam == null && !path.contains("{id}")) {
            throw new IllegalArgumentException("Nested list '" + field + "' names neither {id} in its path nor a parentParam");
        }
    }

    /** The endpoint that lists the whole collection of this parent. */
    public String pathFor(String parentId) {
        return path.replace("{id}", parentId);
    }

    /** The filter that selects this parent's items, empty when the parent is in the path. */
    public Map<String, Object> paramsFor(String parentId) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (parentParam != null) {
            params.put(parentParam, parentId);
        }
        return params;
    }
}
