package io.stripesync.camel.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.gson.Gson;

/**
 * The Stripe resources the component knows, read from {@code stripe-catalog.json} (generated from stripe-java's
 * services and the Stripe API spec, see {@code tools/catalog}). Immutable and shared.
 */
public final class StripeCatalog {

    public static final String RESOURCE_FILE = "/io/stripesync/camel/catalog/stripe-catalog.json";

    private static volatile StripeCatalog defaultCatalog;

    private final Map<String, StripeResource> byName;
    private final Map<String, StripeResource> byEventType;
    private final Set<String> notTheObject;

    StripeCatalog(List<StripeResource> resources) {
        this(resources, Set.of());
    }

    StripeCatalog(List<StripeResource> resources, Set<String> notTheObject) {
        Map<String, StripeResource> names = new LinkedHashMap<>();
        Map<String, StripeResource> events = new HashMap<>();
        for (StripeResource resource : resources) {
            if (names.putIfAbsent(resource.name(), resource) != null) {
                throw new IllegalStateException("Catalog lists resource '" + resource.name() + "' twice");
            }
            for (String type : resource.eventTypes()) {
                StripeResource other = events.putIfAbsent(type, resource);
                if (other != null) {
                    throw new IllegalStateException("Event type '" + type + "' is claimed by both '" + other.name()
                                                    + "' and '" + resource.name() + "'");
                }
            }
        }
        this.byName = Map.copyOf(names);
        this.byEventType = Map.copyOf(events);
        this.notTheObject = Set.copyOf(notTheObject);
    }

    /**
     * Event types whose {@code data.object} names a catalog resource's object type but is not such an object
     * ({@code invoice.upcoming}: a preview without an id): never emitted, even when read with a wildcard.
     */
    public boolean isNotTheObject(String eventType) {
        return notTheObject.contains(eventType);
    }

    /** The catalog shipped with the component. */
    public static StripeCatalog defaultCatalog() {
        StripeCatalog catalog = defaultCatalog;
        if (catalog == null) {
            synchronized (StripeCatalog.class) {
                catalog = defaultCatalog;
                if (catalog == null) {
                    catalog = load(StripeCatalog.class.getResourceAsStream(RESOURCE_FILE));
                    defaultCatalog = catalog;
                }
            }
        }
        return catalog;
    }

    static StripeCatalog load(InputStream in) {
        if (in == null) {
            throw new IllegalStateException("Catalog resource " + RESOURCE_FILE + " is missing from the classpath");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            CatalogFile file = new Gson().fromJson(reader, CatalogFile.class);
            List<StripeResource> resources = new ArrayList<>();
            for (CatalogFile.Entry e : file.resources) {
                resources.add(e.toResource());
            }
            return new StripeCatalog(resources, file.eventTypesNotTheObject == null ? Set.of()
                    : file.eventTypesNotTheObject.keySet());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE_FILE, e);
        }
    }

    public Collection<StripeResource> resources() {
        return byName.values();
    }

    public Optional<StripeResource> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** The resource whose object is the {@code data.object} of events of this exact type. */
    public Optional<StripeResource> forEventType(String eventType) {
        return Optional.ofNullable(byEventType.get(eventType));
    }

    /**
     * The resource of that name, or an {@link IllegalArgumentException} that names the value and the closest
     * catalog names.
     */
    public StripeResource require(String name) {
        return require(name, "resourceName");
    }

    /** As {@link #require(String)}, the message naming the option the name was given in. */
    public StripeResource require(String name, String option) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "Unknown Stripe resource '" + name + "' for option " + option + ". " + suggestionText(name)));
    }

    private String suggestionText(String name) {
        List<String> close = closestNames(name == null ? "" : name, 3);
        return "Did you mean: " + String.join(", ", close)
               + "? The catalog holds " + byName.size() + " resources, e.g. customer, subscription, checkout.session.";
    }

    /** The catalog names closest to the given one by edit distance, nearest first. */
    public List<String> closestNames(String name, int max) {
        return byName.keySet().stream()
                .sorted(Comparator.comparingInt((String n) -> editDistance(name, n)).thenComparing(n -> n))
                .limit(max)
                .toList();
    }

    // A plain Levenshtein distance: Camel's own suggestion helpers live in camel-catalog/camel-main, which a
    // component must not depend on.
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The JSON shape of the catalog file. */
    static final class CatalogFile {
        List<Entry> resources;
        Map<String, String> eventTypesNotTheObject = Map.of();

        static final class Entry {
            String name;
            String modelClass;
            String listPath;
            String itemPath;
            boolean createdFilter;
            List<String> listRequires = List.of();
            List<String> operations = List.of();
            String searchPath;
            List<ResourceAction> actions = List.of();
            List<String> eventTypes = List.of();
            Map<String, String> snapshotParams = Map.of();
            List<SnapshotPass> snapshotPasses = List.of();
            List<NestedList> nestedLists = List.of();
            boolean deletedEventKeepsObject;
            Boolean paged;
            String eventWildcard;
            List<String> eventTypesFromSpec = List.of();

            StripeResource toResource() {
                var ops = new HashSet<Operation>();
                for (String op : operations) {
                    ops.add(Operation.fromWireName(op));
                }
                return new StripeResource(name, modelClass, listPath, itemPath, createdFilter,
                        listRequires == null ? List.of() : listRequires, ops, searchPath,
                        actions == null ? List.of() : actions, eventTypes == null ? List.of() : eventTypes,
                        snapshotParams == null ? Map.of() : snapshotParams,
                        snapshotPasses == null ? List.of() : snapshotPasses, nestedLists == null ? List.of() : nestedLists,
                        deletedEventKeepsObject, eventWildcard,
                        eventTypesFromSpec == null ? List.of() : eventTypesFromSpec, paged == null || paged);
            }
        }
    }
}
