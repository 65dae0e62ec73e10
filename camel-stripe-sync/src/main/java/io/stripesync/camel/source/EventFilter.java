package io.stripesync.camel.source;

/** Which events of {@code /v1/events} the consumer asks Stripe for. */
public enum EventFilter {
    /** Stripe's type wildcard where the catalog has one for the resource ({@code invoiceitem.*}), else its exact types. */
    auto,
    /** Only the event types the catalog names for the resource, at most 20 per request. */
    exact,
    /**
     * Every event of the account, kept when its {@code data.object} is an object of the resource: no type is missed,
     * at the price of reading every other resource's events too.
     */
    all
}
