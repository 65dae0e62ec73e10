package io.stripesync.camel;

import org.apache.camel.spi.Metadata;

/** Header names: the public contract of a stripe-sync exchange. */
public final class StripeSyncConstants {

    @Metadata(description = "What happened to the object: snapshot, create, update or delete.", javaType = "String")
    public static final String OPERATION = "CamelStripeSyncOperation";
    @Metadata(description = "The catalog name of the resource, e.g. customer or checkout.session.", javaType = "String")
    public static final String RESOURCE = "CamelStripeSyncResource";
    @Metadata(description = "The Stripe object's id.", javaType = "String")
    public static final String OBJECT_ID = "CamelStripeSyncObjectId";
    @Metadata(description = "The object's created time, epoch seconds.", javaType = "Long")
    public static final String OBJECT_CREATED = "CamelStripeSyncObjectCreated";
    @Metadata(description = "CDC only: the id of the Stripe event.", javaType = "String")
    public static final String EVENT_ID = "CamelStripeSyncEventId";
    @Metadata(description = "CDC only: the exact Stripe event type, e.g. customer.subscription.updated.",
              javaType = "String")
    public static final String EVENT_TYPE = "CamelStripeSyncEventType";
    @Metadata(description = "CDC only: the event's created time, epoch seconds.", javaType = "Long")
    public static final String EVENT_CREATED = "CamelStripeSyncEventCreated";
    @Metadata(description = "CDC updates: the event's data.previous_attributes (the values before the change).",
              javaType = "java.util.Map<String, Object>")
    public static final String PREVIOUS_ATTRIBUTES = "CamelStripeSyncPreviousAttributes";
    @Metadata(description = "The Connect account id, when accountId is set or the event carries one.",
              javaType = "String")
    public static final String ACCOUNT = "CamelStripeSyncAccount";
    @Metadata(description = "Whether the object lives in live mode.", javaType = "Boolean")
    public static final String LIVEMODE = "CamelStripeSyncLivemode";

    private StripeSyncConstants() {
    }
}
