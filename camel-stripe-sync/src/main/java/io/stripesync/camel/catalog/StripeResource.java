package io.stripesync.camel.catalog;

import java.util.List;
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
        List<String> eventTypes) {

    public StripeResource {
        listRequires = List.copyOf(listRequires);
        operations = Set.copyOf(operations);
        actions = List.copyOf(actions);
        eventTypes = List.copyOf(eventTypes);
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
}
