package io.stripesync.camel;

import org.apache.camel.spi.Metadata;

/** Header names: the public contract of a stripe-sync exchange. */
public final class StripeSyncConstants {

    @Metadata(description = "Consumer: what happened to the object (snapshot, create, update or delete), or"
                            + " snapshot-complete: the end of a snapshot round (a marker whose body says the round, the"
                            + " resource, its objects and its snapshot start). Producer: the"
                            + " operation to run, overriding the operation option (create, retrieve, update, delete,"
                            + " list, search, action).", javaType = "String")
    public static final String OPERATION = "CamelStripeSyncOperation";
    @Metadata(description = "The catalog name of the resource, e.g. customer or checkout.session.", javaType = "String")
    public static final String RESOURCE = "CamelStripeSyncResource";
    @Metadata(description = "The Stripe object's id. Producer: the object to retrieve, update, delete or act on (else the"
                            + " body's id); set on the answer.", javaType = "String")
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
    @Metadata(label = "consumer", description = "Snapshot records and round markers: the CDC start watermark (epoch"
                                                + " seconds) of the snapshot round they belong to. Once the round's"
                                                + " marker came, rows the round did not confirm, and that no change"
                                                + " since that second touched, were deleted meanwhile.",
              javaType = "Long")
    public static final String SNAPSHOT_START = "CamelStripeSyncSnapshotStart";
    @Metadata(label = "consumer", description = "The resource's latest snapshot round: on its snapshot records and"
                                                + " marker (operation snapshot-complete), and on every change after it"
                                                + " began. Round ids only grow (across restarts and nodes sharing a"
                                                + " store): a sink closes a round only when its id is the greatest it"
                                                + " has seen for the resource. Absent before a resource's first round"
                                                + " (snapshotMode=never).",
              javaType = "Long")
    public static final String ROUND = "CamelStripeSyncRound";
    @Metadata(label = "consumer", description = "On a round's marker: true when the round delivered only some objects (a"
                                                + " scheduled re-read emits those that changed, then the ones gone as"
                                                + " deletions): a sink must not delete the rows such a round did not"
                                                + " confirm.",
              javaType = "Boolean")
    public static final String ROUND_PARTIAL = "CamelStripeSyncRoundPartial";
    @Metadata(description = "The Connect account id, when accountId is set or the event carries one. Producer: sends"
                            + " Stripe-Account for this message, overriding accountId.", javaType = "String")
    public static final String ACCOUNT = "CamelStripeSyncAccount";
    @Metadata(label = "consumer", description = "The Stripe API version the body is rendered at: the stream's (apiVersion)"
                                                + " for snapshot records and objects read again (see rehydrate), else the"
                                                + " event's api_version.", javaType = "String")
    public static final String API_VERSION = "CamelStripeSyncApiVersion";
    @Metadata(label = "consumer", description = "With a fencing state repository (JdbcStateRepository): the claim of the"
                                                + " node that delivered the record, a number that grows with every"
                                                + " takeover of the stream. A sink written by several nodes keeps the"
                                                + " greatest claim it applied and refuses a record with a smaller one:"
                                                + " it comes from a node that lost the stream, and the node holding the"
                                                + " newer claim delivers the same changes again, in order.",
              javaType = "Long")
    public static final String CLAIM = "CamelStripeSyncClaim";
    @Metadata(description = "Whether the object lives in live mode.", javaType = "Boolean")
    public static final String LIVEMODE = "CamelStripeSyncLivemode";

    @Metadata(label = "producer", description = "The item action to run with operation=action (overrides the action option),"
                                                + " e.g. finalize.", javaType = "String")
    public static final String ACTION = "CamelStripeSyncAction";
    @Metadata(label = "producer", description = "Fields to expand in the answer, comma separated (overrides the expand"
                                                + " option).", javaType = "String")
    public static final String EXPAND = "CamelStripeSyncExpand";
    @Metadata(label = "producer", description = "The Idempotency-Key for create, update and actions. Without it the key is"
                                                + " derived from the exchange id, so a redelivery never acts twice.",
              javaType = "String")
    public static final String IDEMPOTENCY_KEY = "CamelStripeSyncIdempotencyKey";
    @Metadata(label = "producer", description = "list and search: at most this many objects in all.", javaType = "Long")
    public static final String LIMIT = "CamelStripeSyncLimit";
    @Metadata(label = "producer", description = "search: the Stripe search query (else the body's query field).",
              javaType = "String")
    public static final String QUERY = "CamelStripeSyncQuery";
    @Metadata(label = "producer", description = "The id Stripe gave the request (of the first page for list and search).",
              javaType = "String")
    public static final String REQUEST_ID = "CamelStripeSyncRequestId";

    private StripeSyncConstants() {
    }
}
