package io.stripesync.camel.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Stripe resource as the catalog describes it.
 *
 * @param name          the Stripe object type ({@code customer}, {@code checkout.session}); also the endpoint's
 *                      resource name
 * @param modelClass    the stripe-java model class that deserializes it
 * @param listPath      the list endpoint; {@code {account}} stands for the connected account of the endpoint
 * @param itemPath      the object's path with {@code {id}}, or null when Stripe offers no item endpoint
 * @param createdFilter whether the list accepts {@code created[gt|gte|lt|lte]}
 * @param listRequires  list parameters Stripe requires (e.g. {@code subscription} for subscription items); empty for
 *                      lists that work unfiltered
 * @param operations    what besides list Stripe offers on this resource
 * @param searchPath    the search endpoint, or null when the resource is not searchable
 * @param actions       item actions
 * @param eventTypes    the exact event types whose {@code data.object} is this resource
 * @param snapshotParams list parameters the snapshot sends so that Stripe lists every object: some lists hide objects
 *                      unless asked ({@code /v1/subscriptions} leaves out canceled ones without {@code status=all})
 * @param snapshotPasses extra snapshot passes for objects the list hides even with snapshotParams (objects on test
 *                      clocks, custom payment methods)
 * @param nestedLists   lists embedded in this resource's objects, cut by Stripe at 10 items
 * @param deletedEventKeepsObject the resource's {@code .deleted} event ends the object without removing it (a canceled
 *                      subscription stays retrievable): such an event is an update carrying the final state
 * @param eventWildcard Stripe's {@code type} wildcard that selects exactly this resource's events ({@code invoiceitem.*}),
 *                      when its types share a prefix no other known type has; null otherwise
 * @param eventTypesFromSpec the event types named by Stripe's published API spec but no longer by stripe-java (retired
 *                      types that older accounts and API versions still produce, e.g. {@code invoiceitem.updated})
 * @param paged         whether the list pages ({@code limit}, {@code starting_after}); a few (a connected account's
 *                      capabilities) answer every object at once and refuse paging parameters
 */
public record StripeResource(
        String name,
        String modelClass,
        String listPath,
        String itemPath,
        boolean createdFilter,
        List<String> listRequires,
        Set<Operation> operations,
        String searchPath,
        List<ResourceAction> actions,
        List<String> eventTypes,
        Map<String, String> snapshotParams,
        List<SnapshotPass> snapshotPasses,
        List<NestedList> nestedLists,
        boolean deletedEventKeepsObject,
        String eventWildcard,
        List<String> eventTypesFromSpec,
        boolean paged) {

    public StripeResource {
        listRequires = List.copyOf(listRequires);
        operations = Set.copyOf(operations);
        actions = List.copyOf(actions);
        eventTypes = List.copyOf(eventTypes);
        snapshotParams = Map.copyOf(snapshotParams);
        snapshotPasses = List.copyOf(snapshotPasses);
        nestedLists = List.copyOf(nestedLists);
        eventTypesFromSpec = List.copyOf(eventTypesFromSpec);
    }

    /** Without the fields added later: no snapshot parameters, no nested lists, deleted means gone. */
    public StripeResource(String name, String modelClass, String listPath, String itemPath, boolean createdFilter,
                          List<String> listRequires, Set<Operation> operations, String searchPath,
                          List<ResourceAction> actions, List<String> eventTypes) {
        this(name, modelClass, listPath, itemPath, createdFilter, listRequires, operations, searchPath, actions, eventTypes,
                Map.of(), List.of(), List.of(), false, null, List.of(), true);
    }

    /**
     * What an event of this resource does to its object, from the type's last segment: {@code created} creates,
     * {@code deleted} deletes unless the object outlives it ({@link #deletedEventKeepsObject()}), anything else updates.
     */
    public ChangeKind changeKind(String eventType) {
        String last = eventType.substring(eventType.lastIndexOf('.') + 1);
        return switch (last) {
            case "created" -> ChangeKind.CREATE;
            case "deleted" -> deletedEventKeepsObject ? ChangeKind.UPDATE : ChangeKind.DELETE;
            default -> ChangeKind.UPDATE;
        };
    }

    public boolean supports(Operation operation) {
        return operations.contains(operation);
    }

    public Optional<ResourceAction> action(String actionName) {
        return actions.stream().filter(a -> a.name().equals(actionName)).findFirst();
    }

    /** True when the list lives under a connected account ({@code /v1/accounts/{account}/...}). */
    public boolean requiresAccount() {
        return listPath.contains("{account}");
    }

    /** True when Stripe emits events for this resource, so it can be followed by CDC. */
    public boolean hasEvents() {
        return !eventTypes.isEmpty();
    }

    /**
     * Whether some of its changes reach no event: it has none, or Stripe retired some of its types (invoiceitem.updated
     * is sent no more), so only reading it again finds them.
     */
    public boolean changesWithoutEvents() {
        return eventTypes.isEmpty() || !eventTypesFromSpec.isEmpty();
    }
}
