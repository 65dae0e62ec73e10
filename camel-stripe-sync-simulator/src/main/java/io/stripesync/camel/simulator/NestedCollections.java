package io.stripesync.camel.simulator;

import java.util.List;
import java.util.Optional;

/**
 * The lists Stripe embeds in objects, as Stripe's API reference describes them: the simulator's own table, written
 * from the reference and not taken from the component's catalog, so a catalog mistake shows in tests. Stripe embeds at
 * most the first 10 items with {@code has_more} and the list's {@code url}, in list pages, retrieves and event payloads.
 */
final class NestedCollections {

    /** How many items Stripe embeds. */
    static final int EMBEDDED = 10;

    /**
     * @param parent      the parent's object type
     * @param field       the parent's property holding the list
     * @param child       the items' object type
     * @param parentField the item's property naming its parent
     * @param ownPath     the list endpoint under the parent ({@code {id}}), or null when the items are listed by the
     *                    top-level list of their own resource filtered by {@code parentField}
     * @param topLevel    that top-level list's path, when {@code ownPath} is null
     * @param createParam the parent's create/update parameter that adds items, or null
     */
    record Relation(String parent, String field, String child, String parentField, String ownPath, String topLevel,
                    String createParam) {

        String url(String parentId) {
            return ownPath != null ? ownPath.replace("{id}", parentId) : topLevel + "?" + parentField + "=" + parentId;
        }
    }

    static final List<Relation> RELATIONS = List.of(
            new Relation("invoice", "lines", "line_item", "invoice", "/v1/invoices/{id}/lines", null, "lines"),
            new Relation("credit_note", "lines", "credit_note_line_item", "credit_note", "/v1/credit_notes/{id}/lines", null,
                    "lines"),
            new Relation("subscription", "items", "subscription_item", "subscription", null, "/v1/subscription_items",
                    "items"));

    private NestedCollections() {
    }

    static List<Relation> of(String parent) {
        return RELATIONS.stream().filter(r -> r.parent().equals(parent)).toList();
    }

    /** The relation whose items are this top-level resource (subscription_item), if any. */
    static Optional<Relation> ofChild(String child) {
        return RELATIONS.stream().filter(r -> r.child().equals(child) && r.ownPath() == null).findFirst();
    }
}
