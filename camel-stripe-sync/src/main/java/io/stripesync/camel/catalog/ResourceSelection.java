package io.stripesync.camel.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The resources one endpoint follows: one ({@code stripe-sync:customer}), a comma list
 * ({@code stripe-sync:customer,subscription,invoice}) or every resource of the catalog that has events and lists
 * without parameters ({@code stripe-sync:*}, less {@code excludeResources}). Several resources share one events read,
 * one position and one budget; the producer takes one resource per call.
 *
 * @param text      the endpoint's path as written
 * @param resources the resources, in the order written (the catalog's order for {@code *})
 */
public record ResourceSelection(String text, List<StripeResource> resources) {

    /** The path that selects every resource of the catalog with events. */
    public static final String EVERY = "*";

    public ResourceSelection {
        resources = List.copyOf(resources);
    }

    /** One resource, as every endpoint had before lists. */
    public static ResourceSelection of(StripeResource resource) {
        return new ResourceSelection(resource.name(), List.of(resource));
    }

    /**
     * The resources a path names, each checked against the catalog with "did you mean".
     *
     * @param excludes  names to leave out of {@code *} (comma list), or null
     * @param connected whether the endpoint has an accountId: then {@code *} also takes the resources listed under a
     *                  connected account (persons, capabilities)
     * @throws IllegalArgumentException naming the option and the value
     */
    public static ResourceSelection parse(String path, String excludes, boolean connected, StripeCatalog catalog) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("Option resourceName is required: stripe-sync:<resource>, e.g."
                                               + " stripe-sync:customer, or a list, stripe-sync:customer,invoice");
        }
        List<String> excluded = names(excludes, "excludeResources");
        if (EVERY.equals(path.trim())) {
            for (String name : excluded) {
                catalog.require(name, "excludeResources");
            }
            List<StripeResource> all = new ArrayList<>();
            for (StripeResource r : catalog.resources()) {
                if (r.hasEvents() && r.listRequires().isEmpty() && (connected || !r.requiresAccount())
                    && !excluded.contains(r.name())) {
                    all.add(r);
                }
            }
            if (all.isEmpty()) {
                throw new IllegalArgumentException("Option excludeResources=" + excludes + " leaves stripe-sync:* no"
                                                   + " resource to follow");
            }
            return new ResourceSelection(EVERY, all);
        }
        if (!excluded.isEmpty()) {
            throw new IllegalArgumentException("Option excludeResources applies to stripe-sync:* only; stripe-sync:" + path
                                               + " names its resources: leave " + String.join(",", excluded)
                                               + " out of the list instead");
        }
        List<String> names = names(path, "resourceName");
        List<StripeResource> resources = new ArrayList<>();
        for (String name : names) {
            if (EVERY.equals(name)) {
                throw new IllegalArgumentException("Option resourceName: * stands alone (stripe-sync:*, with"
                                                   + " excludeResources for exceptions), was " + path);
            }
            resources.add(catalog.require(name, "resourceName"));
        }
        return new ResourceSelection(path, resources);
    }

    private static List<String> names(String text, String option) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("Option " + option + " has an empty name in '" + text + "'");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("Option " + option + " names " + name + " twice in '" + text + "'");
            }
        }
        return List.copyOf(names);
    }

    /** Whether the endpoint follows more than one resource (or {@code *}): it then keeps a position of several. */
    public boolean several() {
        return resources.size() > 1 || EVERY.equals(text);
    }

    /** The one resource of a single-resource endpoint. */
    public StripeResource single() {
        if (several()) {
            throw new IllegalStateException("stripe-sync:" + text + " follows several resources");
        }
        return resources.get(0);
    }

    /** What logs and messages call the stream: the resource, the list as written, or {@code *}. */
    public String name() {
        return text;
    }

    public List<String> names() {
        return resources.stream().map(StripeResource::name).toList();
    }

    public boolean hasEvents() {
        return resources.stream().anyMatch(StripeResource::hasEvents);
    }

    /** Every exact event type of the resources, each once. */
    public List<String> eventTypes() {
        Set<String> types = new LinkedHashSet<>();
        resources.forEach(r -> types.addAll(r.eventTypes()));
        return List.copyOf(types);
    }
}
