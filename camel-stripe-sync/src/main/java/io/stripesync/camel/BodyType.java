package io.stripesync.camel;

/** The form of the message body the consumer and producer produce. */
public enum BodyType {
    /** The stripe-java model object, e.g. {@code com.stripe.model.Customer}. */
    object,
    /** The object as Stripe's JSON text. */
    json,
    /** The object as a {@code java.util.Map} of its JSON fields. */
    map
}
