package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import io.stripesync.camel.client.ListPages;
import io.stripesync.camel.client.StripeGateway;

/**
 * The connected accounts a stream follows: a fixed list, or every account of the platform ({@code accounts=all}), read
 * from {@code /v1/accounts} (one request per 100 accounts) at the stream's start and again every refresh interval, so
 * accounts that connect are followed and those that disconnect (deauthorized: no longer listed) are dropped. A shard
 * keeps the accounts whose id hashes to it, the same on every node (String.hashCode is fixed by the language).
 */
public final class ConnectedAccounts {

    /** The value of the accounts option that follows every connected account. */
    public static final String ALL = "all";
    /** The event Stripe sends a platform's Connect webhook endpoints when an account disconnects from it. */
    public static final String DEAUTHORIZED = "account.application.deauthorized";

    private final List<String> listed;
    private final StripeGateway platform;
    private final int shards;
    private final int shard;

    /**
     * @param listed   the accounts named, or null for every connected account
     * @param platform the platform's gateway (no Stripe-Account), to list its accounts
     */
    public ConnectedAccounts(List<String> listed, StripeGateway platform, int shards, int shard) {
        this.listed = listed == null ? null : List.copyOf(listed);
        this.platform = platform;
        this.shards = shards;
        this.shard = shard;
    }

    /** Whether the accounts are discovered (and so read again every refresh interval). */
    public boolean discovered() {
        return listed == null;
    }

    /** The accounts of this shard now: the list, or those the platform lists. */
    public List<String> current() throws StripeException {
        List<String> all = listed;
        if (all == null) {
            all = new ArrayList<>();
            ListPages pages = new ListPages(platform, "/v1/accounts", Map.of(), null, false, 0);
            for (JsonObject a = pages.nextOrNull(); a != null; a = pages.nextOrNull()) {
                all.add(a.get("id").getAsString());
            }
        }
        return all.stream().filter(this::inShard).toList();
    }

    /** Whether the account belongs to this shard. */
    private boolean inShard(String account) {
        return shardOf(account, shards) == shard;
    }

    /** The shard of an account among {@code shards}: the same on every node and every run. */
    public static int shardOf(String account, int shards) {
        return Math.floorMod(account.hashCode(), shards);
    }
}
